"""The admin is findable (README), named after the project, and Vietnamese: its
history tables, filter titles and bulk actions."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model

from indicators.entry.imports import import_apply
from indicators.models import ChangeSet, Score
from tests.indicators.entry_helpers import old_unit, put

pytestmark = pytest.mark.django_db

README = Path(settings.BASE_DIR, "README.md").read_text(encoding="utf-8")


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("quan-tri-vien", password="mat-khau-dai-123")
    client.force_login(user)
    return user


@pytest.fixture
def draft(workbook, national_editor) -> ChangeSet:
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "DTI", 0.845612)),
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    return change_set


def test_the_readme_gives_the_admin_address_in_both_languages():
    vietnamese, english = README.split("\n## English\n")
    assert settings.ADMIN_URL == "quan-tri/"
    for half in (vietnamese, english):
        assert "/quan-tri/" in half and "DJANGO_ADMIN_URL" in half


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("", "Quản trị Bảng theo dõi DTI"), ("/en", "DTI scorecard administration")],
)
def test_the_admin_header_and_title_name_the_project(client, superuser, prefix, name):
    html = client.get(f"{prefix}/quan-tri/").content.decode()
    assert re.search(rf"<title>[^<]*{name}[^<]*</title>", html)
    assert f'<a href="{prefix}/quan-tri/">{name}</a>' in html
    assert "Django" not in re.search(r"<title>.*?</title>", html, re.S).group(0)


def test_the_score_history_has_vietnamese_headers_and_no_raw_field_names(
    client, superuser, draft, publisher
):
    from indicators.entry.imports import change_set_publish

    score = Score.objects.published().get(unit=old_unit("24"), indicator__code="DTI", year=2024)
    change_set_publish(change_set=draft, user=publisher)
    html = client.get(f"/quan-tri/indicators/score/{score.pk}/history/").content.decode()
    table = re.search(r'<table id="change-history".*?</table>', html, re.S).group(0)
    headers = re.findall(r'<th scope="col">\s*(.*?)\s*</th>', table, re.S)
    assert headers == [
        "Bản ghi",
        "Giá trị",
        "Trạng thái",
        "Đợt nhập liệu",
        "Thời điểm",
        "Thao tác",
        "Người thay đổi",
        "Lý do",
        "Thay đổi",
    ]
    assert "Lịch sử thay đổi:" in html
    for raw in ("change_set", "Object", "Deleted", "pk=None", "Changed by", "None"):
        assert raw not in table
    # The change of change set reads "— → Đợt #N", in Vietnamese.
    assert "<strong>Đợt nhập liệu:</strong> —&nbsp;&rarr;" in table


def test_every_admin_list_gives_each_filter_its_own_title(client, superuser):
    for model, model_admin in admin.site._registry.items():
        if not model_admin.list_filter:
            continue
        opts = model._meta
        response = client.get(f"/quan-tri/{opts.app_label}/{opts.model_name}/")
        assert response.status_code == 200, opts.label
        titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
        assert len(titles) == len(set(titles)), (opts.label, titles)


def test_the_score_filters_name_the_value_status_and_the_change_set_status(client, superuser):
    response = client.get("/quan-tri/indicators/score/")
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert "trạng thái giá trị" in titles and "trạng thái đợt nhập liệu" in titles
    assert not re.search(r"Bởi trạng thái\s*<", response.content.decode())


def test_a_discard_action_on_a_set_that_is_no_longer_a_draft_shows_an_error(
    client, publisher, draft, monkeypatch
):
    def refuse(*, change_set, user):
        raise ValueError(f"Đợt #{change_set.pk} không còn là bản nháp.")

    monkeypatch.setattr("indicators.admin.entry.change_set_discard", refuse)
    client.force_login(publisher)
    response = client.post(
        "/quan-tri/indicators/changeset/",
        {"action": "discard", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.message for m in response.context["messages"]] == [
        f"Đợt #{draft.pk} không còn là bản nháp."
    ]
