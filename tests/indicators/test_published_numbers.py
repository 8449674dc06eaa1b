"""Issue 14: every number an official sees was published, or follows from published
numbers for a year its rule was validated, with its publisher named; working notes
stay with the admins; a change set is published only with its source; an average
says which pool it covers."""

import re
from decimal import Decimal

import pytest

from indicators.entry.imports import change_set_publish, file_source, import_template_build
from indicators.entry.imports.apply import import_apply
from indicators.models import ChangeSet, KpiObservation, PublishedRank, Score, UnitYearNote
from provinces.models import Unit
from tests.indicators.entry_helpers import put
from tests.reports.helpers import about_text, csv_frame, header, workbook

pytestmark = pytest.mark.django_db

# What a curation note looks like; none of it may reach a public page, export or API.
WORKING = (
    "github",
    "implies",
    "CHƯA KIỂM CHỨNG",
    "giữ cả hai",
    "resolutions.csv",
    "provincial_dti.csv",
    "kpi_observations",
    "README dữ liệu",
    "Bảng chi tiết chính thức",
)
SOURCE = "https://dti.gov.vn/xep-hang-2024-63-tinh"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. 2024 pillars ------------------------------------------------------------------------


@pytest.mark.parametrize("pool", [63, 34])
def test_the_2024_pillar_columns_say_not_published(client, pool):
    html = client.get(f"/xep-hang/2024/?pool={pool}&pillar=CQS").content.decode()
    rows = re.findall(r'<tr class="[^"]*unit-row[^"]*".*?</tr>', html, re.S) or re.findall(
        r"<tbody>.*?</tbody>", html, re.S
    )
    assert rows
    body = _text("".join(rows))
    assert "chưa công bố" in body
    assert not re.search(r"\b0,\d{4}\*", body)  # no computed pillar value anywhere


def test_the_2024_pillar_export_cells_are_empty_and_2023_ones_are_derived(client):
    frame = csv_frame(client.get("/bao-cao/xep-hang/2024.csv?pool=34&pillar=KTS"))
    kts = frame[frame["indicator"] == "KTS"]
    assert kts["value"].isna().all()
    wb = workbook(client.get("/bao-cao/xep-hang/2023.xlsx?pool=63&pillar=KTS"))
    ws = wb.worksheets[0]
    column = header(ws).index("KTS") + 1
    values = [ws.cell(row=r, column=column).value for r in range(2, ws.max_row + 1)]
    assert sum(v is not None for v in values) == 63


def test_the_2024_what_if_simulates_the_dti_but_no_pillar(client):
    html = client.get("/tinh/ha-giang/mo-phong/?year=2024&pool=63").content.decode()
    assert "Trụ cột mô phỏng" not in html
    html_2023 = client.get("/tinh/ha-giang/mo-phong/?year=2023&pool=63").content.decode()
    assert "Trụ cột mô phỏng" in html_2023


# --- 2. what the reload adds -------------------------------------------------------------


def test_binh_duong_2023_keeps_no_activity_index_rank_as_a_pillar_rank():
    binh_duong = Unit.objects.in_pool(63).get(name="Bình Dương")
    ranks = PublishedRank.objects.filter(unit=binh_duong, year=2023)
    assert not ranks.filter(indicator__code__in=["KTS", "XHS"]).exists()


def test_the_province_page_shows_kpi_values_as_published_with_the_national_benchmark(client):
    html = client.get("/tinh/hai-duong/").content.decode()
    text = _text(html)
    assert "Chỉ tiêu ngoài DTI: giá trị đã công bố" in text
    assert "ước 17,5 %" in text  # the qualifier with the number
    figure_json = re.search(r'id="kpi-digital_economy_share_grdp_pct"[^>]*>(.*?)</script>', html)
    assert figure_json and "Cả nước – Cục Thống kê (GSO)" in figure_json.group(1).encode().decode(
        "unicode_escape"
    )
    bac_giang = _text(client.get("/tinh/bac-giang/").content.decode())
    assert "trên 800 doanh nghiệp" in bac_giang
    assert "định nghĩa khác chỉ tiêu của nghị quyết: không tính vào tình trạng" in bac_giang
    english = _text(client.get("/en/province/bac-giang/").content.decode())
    assert "over 800" in english or "trên 800" not in english


def test_a_quote_in_the_other_language_is_marked_as_one(client):
    html = client.get("/tinh/bac-giang/").content.decode()
    quotes = re.findall(r'<blockquote lang="(vi|en)">“([^”]*)”', html)
    assert ("en", quotes[0][1]) in quotes or any(lang == "en" for lang, _q in quotes)
    assert all((lang == "vi") == any(ch in q.lower() for ch in "ăâđêôơư") for lang, q in quotes)


# --- 3 and 4. the publisher as source; public and working notes ---------------------------


def test_the_2022_to_2024_tables_name_their_publisher_not_the_compilation():
    scores = Score.objects.published().filter(year__in=[2022, 2023, 2024], indicator__code="DTI")
    for score in scores.prefetch_related("sources")[:200]:
        urls = [s.url for s in score.sources.all()]
        assert urls and not any("github" in u for u in urls)
    assert not Score.objects.filter(note__icontains="github").exists()
    assert not Score.objects.filter(note__icontains="Bảng chi tiết").exists()


def test_no_public_note_holds_a_working_note():
    for model, fields in (
        (Score, ("note", "note_en")),
        (PublishedRank, ("note", "note_en")),
        (UnitYearNote, ("text", "text_en")),
        (KpiObservation, ("note", "note_en")),
    ):
        for row in model.objects.all():
            for name in fields:
                value = getattr(row, name)
                assert not any(marker in value for marker in WORKING), (model, row.pk, value)
    assert Score.objects.exclude(working_note="").exists()  # the admins keep them


@pytest.mark.parametrize(
    "url",
    [
        "/tinh/ha-giang/",
        "/tinh/quang-ninh/",
        "/en/province/bac-giang/",
        "/xep-hang/2022/",
        "/bao-cao/tinh/ha-giang.csv",
        "/bao-cao/toan-bo.csv",
        "/api/v1/units/ha-giang",
    ],
)
def test_no_page_export_or_api_shows_a_working_note(client, url):
    body = client.get(url).content.decode("utf-8-sig")
    for marker in WORKING:
        assert marker not in body, (url, marker)


def test_a_public_note_prints_values_as_the_page_shows_them():
    merged = Score.objects.filter(provenance="merger-backcast", year=2022).first()
    assert re.search(r"\d,\d{4}", merged.note) and not re.search(r"\d\.\d{4}", merged.note)
    assert re.search(r"\d\.\d{4}", merged.note_en)


# --- 5. provenance of an upload ----------------------------------------------------------


def _draft(content: bytes, **source) -> ChangeSet:
    change_set, _preview = import_apply(
        content=content, file_name="bg.xlsx", year=2024, pool=63, **source
    )
    return change_set


def test_a_change_set_without_a_source_is_not_published(workbook, publisher):
    content = workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61))
    change_set = _draft(content)
    with pytest.raises(ValueError, match="chưa có nguồn công bố"):
        change_set_publish(change_set=change_set, user=publisher)
    change_set.refresh_from_db()
    assert change_set.is_draft and Score.objects.drafts().count() == 1


def test_a_document_and_its_date_are_a_source_and_the_published_value_carries_it(
    workbook, publisher
):
    import datetime

    unit = Unit.objects.in_pool(63).get(code="24")
    score = Score.objects.published().get(unit=unit, indicator__code="HTS", year=2024)
    before = sorted(score.sources.values_list("url", flat=True))
    content = workbook(edit=lambda ws: put(ws, "24", "HTS", 0.5))
    change_set = _draft(
        content, source_document="405/QĐ-BKHCN", source_date=datetime.date(2025, 4, 3)
    )
    assert change_set.has_source and change_set.provenance_label == "405/QĐ-BKHCN (03/04/2025)"
    change_set_publish(change_set=change_set, user=publisher)
    score.refresh_from_db()
    assert score.value == Decimal("0.5") and not score.sources.exists()  # not the old source
    latest = score.history.latest("history_date")
    assert all(url in latest.working_note for url in before)  # the old source is in history
    assert "bg.xlsx" not in score.note  # the file name is no public note


def test_a_new_source_replaces_the_previous_one_on_publish(workbook, publisher):
    unit = Unit.objects.in_pool(63).get(code="24")
    content = workbook(edit=lambda ws: put(ws, "24", "HTS", 0.5))
    change_set_publish(change_set=_draft(content, source_url=SOURCE), user=publisher)
    score = Score.objects.published().get(unit=unit, indicator__code="HTS", year=2024)
    assert list(score.sources.values_list("url", flat=True)) == [SOURCE]


def test_the_template_has_a_source_sheet_that_the_upload_reads(workbook):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(import_template_build(year=2024, pool=63)))
    assert "Nguồn" in wb.sheetnames
    wb["Nguồn"]["B2"] = "405/QĐ-BKHCN"
    wb["Nguồn"]["B3"] = "03/04/2025"
    out = io.BytesIO()
    wb.save(out)
    source = file_source(out.getvalue(), "mau.xlsx")
    assert (source.url, source.document, f"{source.date:%d/%m/%Y}") == (
        "",
        "405/QĐ-BKHCN",
        "03/04/2025",
    )
    assert file_source(b"not a workbook", "x.xlsx").url == ""  # a broken file: no source, no 500


def test_the_upload_page_asks_for_a_source_and_writes_nothing_without(
    client, national_editor, workbook
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(national_editor)
    content = workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61))
    response = client.post(
        "/nhap-lieu/",
        {"year": 2024, "pool": 63, "file": SimpleUploadedFile("bg.xlsx", content)},
    )
    assert response.status_code == 400
    assert "Cần nguồn công bố" in response.content.decode()
    assert "dti_pending_import" not in client.session
    bad_date = client.post(
        "/nhap-lieu/",
        {
            "year": 2024,
            "pool": 63,
            "source_document": "405/QĐ-BKHCN",
            "source_date": "31/02/2025",
            "file": SimpleUploadedFile("bg.xlsx", content),
        },
    )
    assert bad_date.status_code == 400 and "Ngày không hợp lệ" in bad_date.content.decode()
    assert not ChangeSet.objects.exists()


# --- 7. which pool an average covers ----------------------------------------------------


def test_the_2024_34_legend_labels_the_63_unit_average_and_adds_the_34_unit_mean(client):
    text = _text(client.get("/xep-hang/2024/?pool=34").content.decode())
    assert "Trung bình cấp tỉnh công bố (của 63 tỉnh): 0,6961" in text
    match = re.search(r"Trung bình 34 đơn vị \(ứng dụng tính\): (0,\d{4})", text)
    assert match
    values = Score.objects.published().filter(
        indicator__code="DTI", year=2024, unit__in=Unit.objects.in_pool(34)
    )
    mean = sum(v.value for v in values) / 34
    assert match.group(1) == f"{mean:.4f}".replace(".", ",")
    text_63 = _text(client.get("/xep-hang/2024/?pool=63").content.decode())
    assert "Trung bình cấp tỉnh: 0,6961" in text_63 and "ứng dụng tính): 0," not in text_63


def test_the_compare_page_says_the_same(client):
    text = _text(client.get("/so-sanh/?units=bac-ninh,tuyen-quang&metric=dti").content.decode())
    assert "công bố, 63 tỉnh" in text and "trung bình 34 đơn vị" in text


# --- the method page and the About sheet ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/phuong-phap/", ("Giá trị suy ra hợp lệ theo năm", "trung bình CQS 0,7529")),
        ("/en/method/", ("Derived figures by year", "CQS 0.7529")),
    ],
)
def test_the_method_page_lists_every_derived_figure_and_why_2024_pillars_are_absent(
    client, url, expected
):
    response = client.get(url)
    text = _text(response.content.decode())
    assert response.status_code == 200
    for phrase in expected:
        assert phrase in text


def test_the_about_sheet_gives_the_compilation_route_and_the_derived_figures(client):
    text = about_text(workbook(client.get("/bao-cao/tinh/bac-giang.xlsx")))
    assert "dti.gov.vn" in text and "kho mã công khai" in text
    assert "không hợp lệ 2024" in text


def test_the_published_pillar_averages_show_on_the_pillar_rankings(client):
    text_2024 = _text(client.get("/xep-hang/2024/?pool=34&pillar=CQS").content.decode())
    assert "Trung bình cấp tỉnh công bố (của 63 tỉnh): 0,7582" in text_2024
    text_2023 = _text(client.get("/xep-hang/2023/?pool=63&pillar=KTS").content.decode())
    assert "Trung bình cấp tỉnh: 0,7240" in text_2023
    cqs_2023 = _text(client.get("/xep-hang/2023/?pool=63&pillar=CQS").content.decode())
    assert "Trung bình cấp tỉnh:" not in cqs_2023  # the 2023 CQS average was not published


def test_the_compare_chart_draws_the_national_dti_as_a_benchmark(client):
    import json

    html = client.get("/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=dti").content.decode()
    figure = json.loads(
        re.search(r'id="compare-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    [national] = [t for t in figure["data"] if t["name"] == "DTI quốc gia (công bố)"]
    points = dict(zip(national["x"], national["y"], strict=True))
    assert (points[2022], points[2023], points[2024]) == (0.71, 0.7326, 0.7955)
    assert points[2020] is None and points[2021] is None  # not published: no point


def test_a_change_set_without_a_source_can_still_be_discarded(workbook, publisher):
    from indicators.entry.imports import change_set_discard

    change_set = _draft(workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61)))
    assert change_set_discard(change_set=change_set, user=publisher) == 1
    change_set.refresh_from_db()
    assert change_set.status == ChangeSet.Status.DISCARDED
