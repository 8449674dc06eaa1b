"""The data-entry pages and the rights behind them: a Bắc Giang editor cannot
touch Hải Dương by any route (admin add/change/delete, upload, confirm, publish,
crafted POSTs); the upload → preview → confirm flow writes nothing before the
confirm; roles exist as groups."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from indicators.entry import roles
from indicators.entry.imports import import_apply
from indicators.models import ChangeSet, Score
from tests.indicators.entry_helpers import db_dump, old_unit, published_value, put

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(
    client,
    content: bytes,
    name: str = "dti.xlsx",
    year: int = 2024,
    pool: int = 63,
    **extra,
):
    data = {
        "year": year,
        "pool": pool,
        "file": SimpleUploadedFile(name, content, content_type=XLSX),
        "source_url": "https://dti.gov.vn/xep-hang-2024-63-tinh",
        **extra,
    }
    return client.post("/nhap-lieu/", data)


def _confirm_fields(html: str) -> dict:
    return dict(re.findall(r'name="(token|digest)" value="([0-9a-f]{64})"', html))


def _admin_score_form(
    score_unit, *, indicator_id: int, value: str = "0.5", year: int = 2024
) -> dict:
    return {
        "unit": score_unit.pk,
        "indicator": indicator_id,
        "year": year,
        "value": value,
        "note": "",
    }


def test_the_four_roles_exist_as_groups_with_their_rights():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    publisher = Group.objects.get(name=roles.PUBLISHER)
    assert publisher.permissions.filter(codename="publish_changeset").exists()
    provincial = Group.objects.get(name=roles.PROVINCIAL_EDITOR)
    assert not provincial.permissions.filter(
        codename__in=["edit_all_units", "publish_changeset"]
    ).exists()
    assert (
        not Group.objects.get(name=roles.VIEWER)
        .permissions.exclude(codename__startswith="view_")
        .exists()
    )


# ----------------------------------------------------------------------------
# Upload → preview → confirm
# ----------------------------------------------------------------------------


def test_template_download_is_an_xlsx_for_the_year_and_pool(client, national_editor):
    client.force_login(national_editor)
    response = client.get("/nhap-lieu/mau/2024/?pool=34")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "mau-nhap-dti-2024-34-don-vi.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws.max_row == 35
    assert (
        client.get("/nhap-lieu/mau/2023/?pool=34").status_code == 400
    )  # no 34-unit entry before 2024
    assert client.get("/nhap-lieu/mau/?year=2022").status_code == 200


def test_anonymous_and_viewers_cannot_reach_the_data_entry_pages(client, viewer, workbook):
    assert client.get("/nhap-lieu/").status_code == 302  # to the login page
    assert client.get("/nhap-lieu/mau/2024/").status_code == 302
    client.force_login(viewer)
    assert client.get("/nhap-lieu/").status_code == 403
    assert _upload(client, workbook()).status_code == 403
    assert (
        client.post("/nhap-lieu/xac-nhan/", {"token": "0" * 64, "digest": "0" * 64}).status_code
        == 403
    )


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(
    client, national_editor, workbook
):
    client.force_login(national_editor)
    bac_giang = old_unit("24")
    old = published_value(bac_giang, "HTS", 2024)
    before = db_dump()
    response = _upload(
        client,
        workbook(edit=lambda ws: (put(ws, "24", "HTS", 0.5), put(ws, "24", "NTS", 0.61))),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "thêm 1 giá trị, đổi 1, giữ nguyên 0" in html
    assert f"{old:.4f}".replace(".", ",") in html or f"{old:.4f}" in html  # old → new
    assert db_dump() == before  # nothing written by the preview

    response = client.post("/nhap-lieu/xac-nhan/", _confirm_fields(html))
    change_set = ChangeSet.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/nhap-lieu/dot/{change_set.pk}/"
    )
    assert change_set.created_by == national_editor and change_set.is_draft
    assert Score.objects.drafts().count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Bắc Giang" in page and "Công bố đợt này" not in page  # an editor cannot publish
    # The same confirm again finds nothing pending (no double write).
    again = client.post("/nhap-lieu/xac-nhan/", _confirm_fields(html))
    assert again.status_code == 302 and ChangeSet.objects.count() == 1


def test_upload_with_errors_lists_them_and_offers_no_confirm(client, national_editor, workbook):
    client.force_login(national_editor)
    before = db_dump()
    response = _upload(
        client,
        workbook(edit=lambda ws: (put(ws, "24", "HTS", 1.2), put(ws, "30", "DTI", "abc"))),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "ngoài khoảng cho phép 0..1" in html and "không phải số" in html
    assert 'name="token"' not in html
    assert (
        client.post("/nhap-lieu/xac-nhan/", {"token": "a" * 64, "digest": "b" * 64}).status_code
        == 302
    )
    assert db_dump() == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "không phải tệp Excel"),
        ("rong.xlsx", b"", "Tệp rỗng"),
        ("a.pdf", b"%PDF-1.4", "Chỉ nhận tệp .xlsx hoặc .csv"),
    ],
)
def test_upload_of_a_bad_file_is_a_clear_message(client, national_editor, name, content, message):
    client.force_login(national_editor)
    response = _upload(client, content, name=name)
    assert response.status_code == 400 and message in response.content.decode()


def test_upload_over_the_size_limit_is_refused_by_the_form(client, national_editor, settings):
    settings.DTI_IMPORT_MAX_BYTES = 10_000
    client.force_login(national_editor)
    response = _upload(client, b"Nam,Ma don vi,DTI\n" + b"2024,24,0.5\n" * 2000, name="lon.csv")
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()


def test_confirm_with_a_stale_preview_is_refused_and_writes_nothing(
    client, national_editor, workbook
):
    client.force_login(national_editor)
    html = _upload(client, workbook(edit=lambda ws: put(ws, "24", "HTS", 0.5))).content.decode()
    Score.objects.published().filter(unit=old_unit("24"), indicator__code="HTS", year=2024).update(
        value=Decimal("0.4")
    )
    before = db_dump()
    response = client.post("/nhap-lieu/xac-nhan/", _confirm_fields(html))
    assert (
        response.status_code == 409 and "đã thay đổi từ lúc xem trước" in response.content.decode()
    )
    assert db_dump() == before


def test_publisher_publishes_from_the_change_set_page(client, national_editor, publisher, workbook):
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61)),
        file_name="a.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    client.force_login(publisher)
    page = client.get(f"/nhap-lieu/dot/{change_set.pk}/")
    html = page.content.decode()
    assert "Công bố đợt này" in html and "Công bố sẽ thay đổi gì" in html
    assert "1 giá trị" in html and "1 đơn vị" in html and "Bắc Giang" in html
    url = f"/nhap-lieu/dot/{change_set.pk}/cong-bo/"
    # Without the confirmation nothing happens: the summary again, with the reason.
    refused = client.post(url)
    assert refused.status_code == 400 and "Hãy đánh dấu ô xác nhận" in refused.content.decode()
    assert (
        client.post(url, {"digest": page.context["confirm_form"]["digest"].value()}).status_code
        == 400
    )
    assert ChangeSet.objects.get(pk=change_set.pk).is_draft
    response = client.post(
        url, {"confirm": "on", "digest": page.context["confirm_form"]["digest"].value()}
    )
    assert response.status_code == 302
    assert ChangeSet.objects.get(pk=change_set.pk).status == ChangeSet.Status.PUBLISHED
    assert published_value(old_unit("24"), "NTS", 2024) == Decimal("0.61")


def test_a_publish_confirmed_on_an_old_summary_publishes_nothing(
    client, national_editor, publisher, workbook
):
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61)),
        file_name="a.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    client.force_login(publisher)
    seen = client.get(f"/nhap-lieu/dot/{change_set.pk}/").context["confirm_form"]["digest"].value()
    change_set.scores.drafts().update(value=Decimal("0.99"))  # changed after the review
    response = client.post(
        f"/nhap-lieu/dot/{change_set.pk}/cong-bo/", {"confirm": "on", "digest": seen}, follow=True
    )
    assert "đã thay đổi từ lúc bạn xem" in response.content.decode()
    assert ChangeSet.objects.get(pk=change_set.pk).is_draft
    assert published_value(old_unit("24"), "NTS", 2024) is None


def test_the_admin_publish_action_leads_to_the_confirm_step(
    client, national_editor, publisher, workbook
):
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61)),
        file_name="a.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    client.force_login(publisher)
    response = client.post(
        "/quan-tri/indicators/changeset/",
        {"action": "publish", "_selected_action": [change_set.pk]},
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/nhap-lieu/dot/{change_set.pk}/"
    )
    assert ChangeSet.objects.get(pk=change_set.pk).is_draft


# ----------------------------------------------------------------------------
# A Bắc Giang editor and Hải Dương, by every route
# ----------------------------------------------------------------------------


def test_provincial_editor_may_upload_their_own_unit(client, bac_giang_editor, workbook):
    client.force_login(bac_giang_editor)
    html = _upload(client, workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61))).content.decode()
    assert client.post("/nhap-lieu/xac-nhan/", _confirm_fields(html)).status_code == 302
    assert Score.objects.drafts().get().unit == old_unit("24")


def test_provincial_editor_upload_for_another_unit_is_refused_whole(
    client, bac_giang_editor, workbook
):
    client.force_login(bac_giang_editor)
    before = db_dump()
    response = _upload(
        client,
        workbook(edit=lambda ws: (put(ws, "24", "NTS", 0.61), put(ws, "30", "NTS", 0.5))),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bạn không được phân công nhập số liệu của Hải Dương" in html
    assert 'name="token"' not in html
    assert db_dump() == before
    # Even the command-line service applies the same rule when given the user.
    with pytest.raises(Exception, match="Hải Dương"):
        import_apply(
            source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
            content=workbook(edit=lambda ws: put(ws, "30", "NTS", 0.5)),
            file_name="x.xlsx",
            year=2024,
            pool=63,
            user=bac_giang_editor,
        )
    assert db_dump() == before


def test_provincial_editor_cannot_confirm_another_users_pending_upload(
    client, bac_giang_editor, national_editor, workbook
):
    other = client.__class__()
    other.force_login(national_editor)
    html = _upload(other, workbook(edit=lambda ws: put(ws, "30", "NTS", 0.5))).content.decode()
    client.force_login(bac_giang_editor)
    response = client.post(
        "/nhap-lieu/xac-nhan/", _confirm_fields(html)
    )  # crafted: the token of someone else's file
    assert response.status_code == 302 and not ChangeSet.objects.exists()


def test_provincial_editor_cannot_add_a_score_for_another_unit_in_the_admin(
    client, bac_giang_editor
):
    client.force_login(bac_giang_editor)
    hts = Score.objects.filter(indicator__code="HTS").first().indicator_id
    assert client.get("/quan-tri/indicators/score/add/").status_code == 200
    before = db_dump()
    response = client.post(
        "/quan-tri/indicators/score/add/",
        _admin_score_form(old_unit("30"), indicator_id=hts),
    )
    assert (
        response.status_code == 200 and "errorlist" in response.content.decode()
    )  # not a choice for this user
    assert db_dump() == before
    # Their own unit works, as a draft in their own change set.
    response = client.post(
        "/quan-tri/indicators/score/add/",
        _admin_score_form(old_unit("24"), indicator_id=hts, year=2021),
    )
    assert response.status_code == 302
    draft = Score.objects.drafts().get()
    assert draft.unit == old_unit("24") and draft.change_set.created_by == bac_giang_editor
    assert draft.change_set.origin == ChangeSet.Origin.ADMIN


def test_provincial_editor_cannot_change_or_delete_another_units_score_in_the_admin(
    client, bac_giang_editor, national_editor
):
    hai_duong = old_unit("30")
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content="Năm,Mã đơn vị,NTS\n2024,30,0.5\n".encode(),
        file_name="hd.csv",
        year=2024,
        pool=63,
        user=national_editor,
    )
    draft = Score.objects.drafts().get(unit=hai_duong)
    client.force_login(bac_giang_editor)
    before = db_dump()
    url = f"/quan-tri/indicators/score/{draft.pk}/change/"
    assert client.get(url).status_code == 200  # may look (viewer rights) …
    response = client.post(
        url, _admin_score_form(hai_duong, indicator_id=draft.indicator_id, value="0.9")
    )
    assert response.status_code == 403  # … but not change
    assert (
        client.post(f"/quan-tri/indicators/score/{draft.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    bulk = client.post(
        "/quan-tri/indicators/score/",
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert bulk.status_code in (302, 403)
    assert db_dump() == before


def test_provincial_editor_cannot_move_their_own_draft_to_another_unit(client, bac_giang_editor):
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content="Năm,Mã đơn vị,NTS\n2024,24,0.5\n".encode(),
        file_name="bg.csv",
        year=2024,
        pool=63,
        user=bac_giang_editor,
    )
    draft = Score.objects.drafts().get()
    client.force_login(bac_giang_editor)
    before = db_dump()
    response = client.post(
        f"/quan-tri/indicators/score/{draft.pk}/change/",
        _admin_score_form(old_unit("30"), indicator_id=draft.indicator_id),
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert db_dump() == before


def test_provincial_editor_cannot_change_a_published_score_even_of_their_unit(
    client, bac_giang_editor
):
    score = Score.objects.published().get(unit=old_unit("24"), indicator__code="DTI", year=2024)
    client.force_login(bac_giang_editor)
    response = client.post(
        f"/quan-tri/indicators/score/{score.pk}/change/",
        _admin_score_form(old_unit("24"), indicator_id=score.indicator_id),
    )
    assert response.status_code == 403
    baseline = client.get(f"/quan-tri/indicators/score/{score.pk}/history/")
    assert baseline.status_code == 200  # history is visible to every role


def test_provincial_editor_cannot_publish_or_discard_someone_elses_change_set(
    client, bac_giang_editor, national_editor
):
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content="Năm,Mã đơn vị,NTS\n2024,30,0.5\n".encode(),
        file_name="hd.csv",
        year=2024,
        pool=63,
        user=national_editor,
    )
    client.force_login(bac_giang_editor)
    assert client.post(f"/nhap-lieu/dot/{change_set.pk}/cong-bo/").status_code == 403
    assert client.post(f"/nhap-lieu/dot/{change_set.pk}/huy/").status_code == 403
    response = client.post(
        "/quan-tri/indicators/changeset/",
        {"action": "publish", "_selected_action": [change_set.pk]},
    )
    assert ChangeSet.objects.get(pk=change_set.pk).is_draft and response.status_code in (
        200,
        302,
        403,
    )


def test_provincial_editor_cannot_change_ranks_or_units(client, bac_giang_editor):
    client.force_login(bac_giang_editor)
    unit = old_unit("30")
    assert (
        client.post(
            f"/quan-tri/provinces/unit/{unit.pk}/change/", {"name": "Hải Dương mới"}
        ).status_code
        == 403
    )
    rank = old_unit("24").published_ranks.first()  # Bắc Giang has published ranks
    assert (
        client.post(
            f"/quan-tri/indicators/publishedrank/{rank.pk}/change/", {"rank": 1}
        ).status_code
        == 403
    )


def test_admin_score_list_filters_and_accentless_search(client, national_editor):
    client.force_login(national_editor)
    response = client.get(
        "/quan-tri/indicators/score/",
        {"q": "hai duong", "year": 2024, "pool": 63, "status": "published"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hải Dương" in html and "Bắc Giang" not in html
    for label in ("nhóm đơn vị", "trạng thái", "chỉ số", "năm"):
        assert label in html.lower()


def test_kpi_observations_are_unit_scoped_and_their_changes_kept(client, bac_giang_editor):
    from indicators.models import KpiMetric, KpiObservation

    metric = KpiMetric.objects.first()
    client.force_login(bac_giang_editor)
    data = {
        "metric": metric.pk,
        "year": 2024,
        "value": "12",
        "value_unit": "",
        "text": "",
        "source": "Báo cáo tỉnh",
        "note": "",
    }
    before = db_dump()
    refused = client.post(
        "/quan-tri/indicators/kpiobservation/add/", {**data, "unit": old_unit("30").pk}
    )
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert db_dump() == before
    added = client.post(
        "/quan-tri/indicators/kpiobservation/add/", {**data, "unit": old_unit("24").pk}
    )
    assert added.status_code == 302
    observation = KpiObservation.objects.get(unit=old_unit("24"), metric=metric, year=2024)
    changed = client.post(
        f"/quan-tri/indicators/kpiobservation/{observation.pk}/change/",
        {**data, "unit": old_unit("24").pk, "value": "15"},
    )
    assert changed.status_code == 302
    values = [h.value for h in observation.history.order_by("history_date")]
    assert values == [Decimal("12"), Decimal("15")]
    assert {h.history_user for h in observation.history.all()} == {bac_giang_editor}
    # Another unit's observation (the loaded data has Hà Giang's and Hải Dương's) is refused.
    others = KpiObservation.objects.exclude(unit=old_unit("24")).exclude(unit__isnull=True).first()
    url = f"/quan-tri/indicators/kpiobservation/{others.pk}/change/"
    assert client.post(url, {**data, "unit": others.unit_id}).status_code == 403
