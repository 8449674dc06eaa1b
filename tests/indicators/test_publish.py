"""Draft → published: drafts never reach public pages; publishing replaces the
values, recomputes derived values and ranks, and the history keeps every change
with a way to revert one."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from indicators.entry.imports import (
    change_set_discard,
    change_set_publish,
    import_apply,
)
from indicators.models import (
    ChangeSet,
    Framework,
    FrameworkIndicator,
    Indicator,
    Provenance,
    Score,
)
from indicators.scorecard import profile as profiles
from indicators.scorecard import selectors
from provinces.models import Unit
from tests.indicators.entry_helpers import old_unit, published_value, put

pytestmark = pytest.mark.django_db

DRAFT_DTI = 0.845612  # shown as 0,8456 / 0.8456 if it ever leaked; consistent with the weights


def _bac_giang_row(html: str) -> str:
    return re.search(r"<tr>(?:(?!</tr>).)*?Bắc Giang(?:(?!</tr>).)*?</tr>", html, re.S).group(0)


@pytest.fixture
def draft(workbook, national_editor) -> ChangeSet:
    """A draft raising Bắc Giang's 2024 DTI (63 pool) to 0.845612 and adding NTS."""
    content = workbook(
        edit=lambda ws: (put(ws, "24", "DTI", DRAFT_DTI), put(ws, "24", "NTS", 0.61))
    )
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=content,
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    return change_set


def test_draft_values_never_appear_on_public_pages(client, draft):
    before_dti = published_value(old_unit("24"), "DTI", 2024)
    for url in (
        "/xep-hang/2024/?pool=63",
        "/xep-hang/2024/?pool=34",
        "/tinh/bac-giang/",
        "/tinh/bac-ninh/",
        "/",
        "/en/ranking/2024/?pool=63",
        "/so-sanh/?units=bac-giang,hai-duong&metric=dti",
        "/muc-tieu/",
    ):
        html = client.get(url).content.decode()
        assert "0,8456" not in html and "0.8456" not in html and "0,6100" not in html, url
    table = selectors.ranking_table(framework=Framework.objects.get(year=2024), pool=63)
    [bg] = [r for r in table.rows if r.unit.code == "24"]
    assert bg.metric.value == before_dti and bg.metric.rank != 1
    profile = profiles.province_profile(unit=old_unit("24"))
    [year2024] = [y for y in profile.years if y.year == 2024]
    assert year2024.cells["DTI"].value == before_dti and "NTS" not in year2024.cells


def test_publishing_makes_the_values_public_and_recomputes_ranks_and_derived_values(
    client, draft, publisher
):
    bac_giang = old_unit("24")
    new_bac_ninh = Unit.objects.in_pool(34).get(code="24")
    old_bac_ninh = Unit.objects.in_pool(63).get(name="Bắc Ninh")
    cqs_before = published_value(bac_giang, "CQS", 2024)
    merged_before = published_value(new_bac_ninh, "DTI", 2024)

    assert change_set_publish(change_set=draft, user=publisher) == 2

    draft.refresh_from_db()
    assert draft.status == ChangeSet.Status.PUBLISHED and draft.published_by == publisher
    assert not Score.objects.drafts().exists()
    assert published_value(bac_giang, "DTI", 2024) == Decimal("0.845612")
    assert published_value(bac_giang, "NTS", 2024) == Decimal("0.61")
    # Derived values follow: the merged Bắc Ninh (mean of its parts); no 2024 pillar is
    # derivable, so none appears for Bắc Giang.
    assert published_value(bac_giang, "CQS", 2024) is cqs_before is None
    expected = (Decimal("0.845612") + published_value(old_bac_ninh, "DTI", 2024)) / 2
    merged = Score.objects.published().get(unit=new_bac_ninh, indicator__code="DTI", year=2024)
    assert merged.provenance == Provenance.MERGER_RULE and merged.value != merged_before
    assert abs(merged.value - expected) < Decimal("0.000001")
    # Ranks are computed from published values: Bắc Giang now tops the 63 (HCM keeps its published 1st).
    row = _bac_giang_row(client.get("/xep-hang/2024/?pool=63").content.decode())
    assert "1/63" in row and ("0,8456" in row or "0.8456" in row)


def test_a_year_with_only_drafts_is_hidden_until_published(client, national_editor, publisher):
    framework = Framework.objects.create(
        year=2025, description="DTI 2025 (thử)", description_en="DTI 2025 (test)"
    )
    FrameworkIndicator.objects.create(
        framework=framework,
        indicator=Indicator.objects.get(code="DTI"),
        max_points=1000,
    )
    content = "Năm,Mã đơn vị,Tên đơn vị,DTI\n2025,01,Hà Nội,0.85\n2025,24,Bắc Ninh,0.8\n".encode()
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=content,
        file_name="2025.csv",
        year=2025,
        pool=34,
        user=national_editor,
    )
    assert 2025 not in selectors.available_years()
    assert client.get("/xep-hang/2025/").status_code == 404
    assert ">2025<" not in client.get("/xep-hang/2024/").content.decode()
    assert "2025" not in " ".join(
        str(y.year) for y in profiles.province_profile(unit=Unit.objects.get(code="01")).years
    )

    change_set_publish(change_set=change_set, user=publisher)
    assert selectors.available_years()[0] == 2025
    html = client.get("/xep-hang/2025/").content.decode()
    assert client.get("/xep-hang/2025/").status_code == 200 and "Hà Nội" in html


def test_public_selectors_keep_their_query_counts_with_drafts_present(
    draft, catalog_warm, django_assert_num_queries
):
    framework = Framework.objects.get(year=2024)
    with django_assert_num_queries(1):
        selectors.available_years()
    with django_assert_num_queries(1):
        selectors.available_pools(year=2023)
    selectors.ranking_table(
        framework=framework, pool=63
    )  # the catalog of small tables is read once per data version
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as with_drafts:
        selectors.ranking_table(framework=framework, pool=63)
    change_set_discard(change_set=draft, user=draft.created_by)
    selectors.ranking_table(framework=framework, pool=63)  # the discard changed the data version
    with CaptureQueriesContext(connection) as without_drafts:
        selectors.ranking_table(framework=framework, pool=63)
    assert len(with_drafts) == len(without_drafts)


def test_only_a_publisher_may_publish(draft, national_editor, bac_giang_editor, viewer):
    for user in (national_editor, bac_giang_editor, viewer):
        with pytest.raises(PermissionDenied):
            change_set_publish(change_set=draft, user=user)
    assert ChangeSet.objects.get(pk=draft.pk).is_draft


def test_discard_drops_the_drafts_and_keeps_the_published_values(draft, national_editor, publisher):
    before = published_value(old_unit("24"), "DTI", 2024)
    assert change_set_discard(change_set=draft, user=national_editor) == 2
    assert ChangeSet.objects.get(pk=draft.pk).status == ChangeSet.Status.DISCARDED
    assert not Score.objects.drafts().exists()
    assert published_value(old_unit("24"), "DTI", 2024) == before
    with pytest.raises(ValueError, match="không còn là bản nháp"):
        change_set_publish(change_set=draft, user=publisher)


# ----------------------------------------------------------------------------
# History
# ----------------------------------------------------------------------------


def test_history_records_who_when_old_and_new_value(draft, publisher):
    score = Score.objects.published().get(unit=old_unit("24"), indicator__code="DTI", year=2024)
    old = score.value
    change_set_publish(change_set=draft, user=publisher)
    records = list(score.history.order_by("history_date", "history_id"))
    assert [r.value for r in records] == [old, Decimal("0.845612")]
    baseline, change = records
    assert change.history_user == publisher and change.history_type == "~"
    assert change.history_change_reason == f"Công bố đợt #{draft.pk}"
    delta = change.diff_against(baseline)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "value"] == [
        ("value", old, Decimal("0.845612"))
    ]


def _revert_form(score: Score, version) -> dict:
    return {
        "unit": score.unit_id,
        "indicator": score.indicator_id,
        "year": score.year,
        "value": str(version.value),
        "note": version.note,
        # An admin edit is published only with a source on the value.
        "sources": [source.pk for source in score.sources.all()],
    }


def test_history_is_visible_in_the_admin_and_a_revert_is_a_draft_to_publish(
    client, draft, publisher
):
    score = Score.objects.published().get(unit=old_unit("24"), indicator__code="DTI", year=2024)
    old = score.value
    change_set_publish(change_set=draft, user=publisher)
    client.force_login(publisher)
    page = client.get(f"/quan-tri/indicators/score/{score.pk}/history/")
    html = page.content.decode()
    assert page.status_code == 200 and "cong-bo" in html and "0.845612" in html
    baseline = score.history.earliest("history_date")
    revert_url = f"/quan-tri/indicators/score/{score.pk}/history/{baseline.history_id}/"
    assert client.get(revert_url).status_code == 200
    response = client.post(revert_url, _revert_form(score, baseline))
    assert response.status_code == 302, response.content.decode()[:2000]
    # The published value is untouched; the revert waits as a draft of the publisher.
    assert published_value(old_unit("24"), "DTI", 2024) == Decimal("0.845612")
    reverted = Score.objects.drafts().get(unit=old_unit("24"), indicator__code="DTI", year=2024)
    assert reverted.value == old and reverted.change_set.origin == ChangeSet.Origin.ADMIN
    assert reverted.change_set.created_by == publisher
    change_set_publish(change_set=reverted.change_set, user=publisher)
    assert published_value(old_unit("24"), "DTI", 2024) == old
    latest = score.history.latest("history_date")
    assert latest.history_user == publisher and latest.value == old
    # The derived values were recomputed from the reverted value.
    table = selectors.ranking_table(framework=Framework.objects.get(year=2024), pool=63)
    assert next(r for r in table.rows if r.unit.code == "24").metric.value == old


@pytest.mark.parametrize("role", ["bac_giang_editor", "national_editor"])
def test_an_editor_cannot_turn_a_published_value_back_into_a_draft(
    client, request, draft, publisher, workbook, role
):
    change_set_publish(change_set=draft, user=publisher)
    score = Score.objects.published().get(unit=old_unit("24"), indicator__code="NTS", year=2024)
    as_draft = score.history.filter(status="draft").earliest("history_date")  # before publishing
    editor = request.getfixturevalue(role)
    client.force_login(editor)
    revert_url = f"/quan-tri/indicators/score/{score.pk}/history/{as_draft.history_id}/"
    assert client.get(revert_url).status_code == 200  # may read the history, not revert
    assert client.post(revert_url, _revert_form(score, as_draft)).status_code == 403
    assert (
        client.post(
            f"/quan-tri/indicators/score/{score.pk}/change/", _revert_form(score, as_draft)
        ).status_code
        == 403
    )
    score.refresh_from_db()
    assert score.status == "published" and score.change_set_id == draft.pk
    assert not Score.objects.drafts().filter(unit=old_unit("24"), year=2024).exists()
    # The cell takes the next upload as usual.
    later, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "NTS", 0.62)),
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=editor,
    )
    assert later.scores.drafts().get(indicator__code="NTS").value == Decimal("0.62")


def test_a_publishers_revert_of_a_value_with_a_pending_draft_is_refused_inline(
    client, draft, publisher, national_editor, workbook
):
    change_set_publish(change_set=draft, user=publisher)
    score = Score.objects.published().get(unit=old_unit("24"), indicator__code="NTS", year=2024)
    version = score.history.earliest("history_date")
    import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "NTS", 0.63)),
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    client.force_login(publisher)
    url = f"/quan-tri/indicators/score/{score.pk}/history/{version.history_id}/"
    response = client.post(url, _revert_form(score, version))
    assert response.status_code == 200 and "Đã có bản nháp của ô này" in response.content.decode()
    assert Score.objects.drafts().get(unit=old_unit("24"), indicator__code="NTS").value == Decimal(
        "0.63"
    )


def test_unit_changes_are_in_the_history(client, national_editor):
    unit = old_unit("30")
    client.force_login(national_editor)
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "slug": unit.slug,
        "region": unit.region_id,
        "valid_from": "",
        "valid_to": "30/06/2025",
        "note": "Ghi chú mới",
        "source_url": unit.source_url,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/quan-tri/provinces/unit/{unit.pk}/change/", data)
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )
    latest = unit.history.latest("history_date")
    assert latest.note == "Ghi chú mới" and latest.history_user == national_editor
    assert latest.diff_against(latest.prev_record).changed_fields == ["note"]
