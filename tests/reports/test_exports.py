"""The province, compare and full-data downloads and the province print view, read
back with openpyxl and pandas and checked against the published data."""

import io

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.chart import BarChart, LineChart

from indicators.models import Indicator, ReferenceValue, Score, ScoreStatus, Target
from provinces.models import Unit
from tests.reports.helpers import (
    about,
    about_text,
    charts_of,
    csv_frame,
    frames,
    header,
    published,
    rows_by,
    workbook,
)

pytestmark = pytest.mark.django_db


# ----------------------------------------------------------------------------
# Province
# ----------------------------------------------------------------------------


def test_the_province_workbook_has_history_ranks_targets_and_about(client):
    response = client.get("/bao-cao/tinh/bac-giang.xlsx")
    wb = workbook(response)
    assert response["Content-Disposition"] == 'attachment; filename="dti-bac-giang.xlsx"'
    assert wb.sheetnames == [
        "Giá trị qua các năm",
        "Thứ hạng",
        "PAPI, PCI",
        "Dữ liệu",
        "Mục tiêu",
        "Thông tin",
    ]
    history = rows_by(wb["Giá trị qua các năm"], "Năm")
    assert list(history) == [2020, 2021, 2022, 2023, 2024]
    assert history[2022]["DTI"] == published("bac-giang", "DTI", 2022) == 0.644
    assert history[2020]["DTI"] == published("bac-giang", "DTI", 2020) == 0.3615
    assert history[2021]["DTI"] is None  # not published: an empty cell
    assert "QĐ 922" in history[2021]["Đổi phương pháp"]
    ranks = wb["Thứ hạng"]
    assert header(ranks)[:3] == ["Năm", "Nhóm", "Hạng DTI"]
    by_year = {(row[0], row[1]): row[2] for row in ranks.iter_rows(min_row=2, values_only=True)}
    assert by_year[(2022, 63)] == 9 and by_year[(2020, 63)] == 10
    targets = rows_by(wb["Mục tiêu"], "Mục tiêu (như văn bản ghi)")
    assert len(targets) == len(_unit_targets("bac-giang"))
    statuses = {row["Tình trạng"] for row in targets.values()}
    assert statuses and all(statuses)
    assert {"Phương pháp", "Còn cách mục tiêu", "Khoảng cách thứ hạng"} <= set(
        header(wb["Mục tiêu"])
    )
    assert about(wb)["Tỉnh, thành phố"].startswith("Tỉnh Bắc Giang (mã 24")
    listed = _listed_sources(wb)
    references = ReferenceValue.objects.filter(indicator__code="DTI").values_list(
        "sources__url", flat=True
    )
    assert {u for u in references if u} <= listed  # the provincial average and national DTI columns
    assert {s.url for p in _unit_targets("bac-giang") for s in p.target.sources.all()} <= listed


def _listed_sources(wb) -> set[str]:
    return {
        row[1]
        for row in wb["Thông tin"].iter_rows(values_only=True)
        if row[0] and str(row[0]).isdigit()
    }


def _unit_targets(slug: str) -> list:
    from indicators.targets.selectors import unit_targets

    return unit_targets(unit=Unit.objects.get(slug=slug))


def test_the_province_line_chart_is_bound_to_the_history(client):
    ws = workbook(client.get("/bao-cao/tinh/bac-giang.xlsx"))["Giá trị qua các năm"]
    [chart] = ws._charts
    assert isinstance(chart, LineChart)
    # Right below the five years (issue 17.11): table and chart on one screen.
    assert chart.anchor._from.row == ws.max_row + 1 and chart.anchor._from.col == 0
    names = header(ws)
    refs = [series.val.numRef.f for series in chart.series]
    sheet = "'Giá trị qua các năm'"
    assert refs[0] == f"{sheet}!${_letter(names.index('DTI'))}$2:${_letter(names.index('DTI'))}$6"
    assert len(refs) == 4  # DTI and the three pillars
    assert chart.series[0].cat.numRef.f == f"{sheet}!$A$2:$A$6"  # the years
    # Every point marked and straight segments (issue 17.11): an isolated year stays
    # visible in LibreOffice, and no smoothing invents a curve.
    for series in chart.series:
        assert series.marker.symbol == "circle" and series.smooth is False


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def test_the_province_csv_and_pandas_agree_with_the_database(client):
    tidy = csv_frame(client.get("/bao-cao/tinh/bac-giang.csv"))
    assert set(tidy.unit_name) == {"Bắc Giang"}
    dti = tidy[tidy.indicator == "DTI"].set_index("year")
    assert dti.loc[2022, "value"] == 0.644 and dti.loc[2022, "rank"] == 9
    sheets = frames(client.get("/bao-cao/tinh/bac-giang.xlsx"))
    assert sheets["Giá trị qua các năm"].set_index("Năm").loc[2022, "DTI"] == pytest.approx(0.644)
    assert len(sheets["Dữ liệu"]) == len(tidy)


def test_a_province_without_targets_has_no_targets_sheet(client):
    unit = next(u for u in Unit.objects.real() if not _unit_targets(u.slug))
    wb = workbook(client.get(f"/bao-cao/tinh/{unit.slug}.xlsx"))
    assert "Mục tiêu" not in wb.sheetnames


def test_an_unknown_province_is_a_400(client):
    response = client.get("/bao-cao/tinh/khong-co-tinh-nay.csv")
    assert response.status_code == 400
    assert "Không tìm thấy tỉnh, thành phố “khong-co-tinh-nay”" in response.content.decode()


def test_province_queries_do_not_depend_on_the_province(client):
    counts = []
    for slug in ("bac-giang", "hai-duong", "ha-giang"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/bao-cao/tinh/{slug}.xlsx").status_code == 200
        counts.append(len(queries))
    assert max(counts) <= 30  # 26–27: whether a unit has notes or targets decides a prefetch or two


def test_the_province_page_links_to_its_downloads_and_print_view(client):
    html = client.get("/tinh/bac-giang/").content.decode()
    for href in (
        "/bao-cao/tinh/bac-giang.xlsx",
        "/bao-cao/tinh/bac-giang.csv",
        "/tinh/bac-giang/in/",
    ):
        assert f'href="{href}"' in html
    # One language on the Vietnamese page, and no glyph that renders as an empty box.
    assert "Bản in" in html and "In / Print" not in html and "⎙" not in html


def test_the_print_view_keeps_the_chart_and_drops_the_controls(client):
    response = client.get("/tinh/bac-giang/in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/print.css" in html and "js/print.js" in html
    assert 'id="history-chart"' in html and 'id="history-chart-data"' in html
    assert "data-print" in html and "Tải Excel" not in html
    assert "Bắc Giang" in html and "0,6440" in html
    assert client.get("/tinh/khong-co/in/").status_code == 404


# ----------------------------------------------------------------------------
# Compare
# ----------------------------------------------------------------------------


def test_the_compare_workbook_has_a_line_per_unit(client):
    url = "/bao-cao/so-sanh.xlsx?units=bac-giang,ha-giang,hai-duong&metric=dti"
    response = client.get(url)
    wb = workbook(response)
    assert wb.sheetnames == [
        "So sánh DTI",
        "Thứ hạng",
        "Dữ liệu",
        "Mục tiêu",
        "Thông tin",
    ]
    ws = wb["So sánh DTI"]
    assert header(ws)[:4] == ["Năm", "Bắc Giang", "Hà Giang", "Hải Dương"]
    rows = rows_by(ws, "Năm")
    assert rows[2022]["Bắc Giang"] == published("bac-giang", "DTI", 2022)
    assert rows[2022]["Hà Giang"] == published("ha-giang", "DTI", 2022)
    [chart] = ws._charts
    assert isinstance(chart, LineChart)
    assert [s.val.numRef.f for s in chart.series][:3] == [
        f"'So sánh DTI'!${c}$2:${c}$6" for c in "BCD"
    ]
    assert [s.tx.strRef.f for s in chart.series][:3] == [f"'So sánh DTI'!{c}1" for c in "BCD"]
    ranks = {
        (r[1], r[0], r[3]): r[4] for r in wb["Thứ hạng"].iter_rows(min_row=2, values_only=True)
    }
    assert ranks[("Bắc Giang", 2022, 63)] == 9
    info = about(wb)
    assert info["Đơn vị"] == "Bắc Giang (24), Hà Giang (02), Hải Dương (30)"
    leader_2022 = rows[2022]["Đơn vị dẫn đầu"]
    assert leader_2022 == "Đà Nẵng"
    leader_sources = (
        Score.objects.published()
        .filter(
            unit__name="Đà Nẵng",
            unit__valid_to__isnull=False,
            indicator__code="DTI",
            year=2022,
        )
        .values_list("sources__url", flat=True)
    )
    assert set(leader_sources) <= _listed_sources(wb)
    targets = {
        row["Tỉnh, thành phố"]
        for row in rows_by(wb["Mục tiêu"], "Mục tiêu (như văn bản ghi)").values()
    }
    assert {"Bắc Giang", "Hải Dương"} <= targets


def test_the_compare_csv_on_a_pillar(client):
    tidy = csv_frame(client.get("/bao-cao/so-sanh.csv?units=bac-giang,quang-ninh&metric=cqs"))
    assert set(tidy.indicator) == {"CQS"}
    quang_ninh = tidy[(tidy.unit_name == "Quảng Ninh") & (tidy.year == 2020)].iloc[0]
    assert quang_ninh.value == published("quang-ninh", "CQS", 2020)


@pytest.mark.parametrize(
    "query, message",
    [
        ("units=bac-giang,khong-co&metric=dti", "Không tìm thấy đơn vị: khong-co"),
        ("units=bac-giang&metric=abc", "Không có chỉ số “abc”"),
        ("units=Bac%20Giang;;&metric=dti", "Không tìm thấy đơn vị"),
        ("metric=dti", "Chọn ít nhất một tỉnh, thành phố"),
        (
            "units="
            + ",".join(
                [
                    "ha-noi",
                    "hai-phong",
                    "bac-giang",
                    "ha-giang",
                    "hai-duong",
                    "quang-ninh",
                    "thai-binh",
                    "nam-dinh",
                    "ninh-binh",
                ]
            )
            + "&metric=dti",
            "tối đa 8 đơn vị",
        ),
    ],
)
def test_bad_compare_parameters_get_a_400(client, query, message):
    response = client.get(f"/bao-cao/so-sanh.xlsx?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "đang hiển thị" not in response.content.decode()  # the page's wording, not a download's


def test_compare_queries_do_not_grow_with_the_units(client, catalog_warm):
    counts = []
    for units in ("bac-giang", "bac-giang,ha-giang,hai-duong,quang-ninh,ha-noi"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/bao-cao/so-sanh.xlsx?units={units}&metric=dti").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15


def test_the_compare_page_links_to_the_current_comparison(client):
    html = client.get("/so-sanh/?units=bac-giang,ha-giang&metric=kts").content.decode()
    assert 'href="/bao-cao/so-sanh.xlsx?units=bac-giang,ha-giang&amp;metric=KTS"' in html
    assert 'href="/bao-cao/so-sanh.csv?units=bac-giang,ha-giang&amp;metric=KTS"' in html
    fragment = client.get(
        "/so-sanh/?units=bac-giang&metric=dti", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'href="/bao-cao/so-sanh.xlsx?units=bac-giang&amp;metric=DTI"' in fragment
    assert (
        client.get("/bao-cao/so-sanh.xlsx?units=bac-giang,ha-giang&metric=KTS").status_code == 200
    )


# ----------------------------------------------------------------------------
# Full data
# ----------------------------------------------------------------------------


def test_the_full_workbook_holds_every_published_value(client):
    response = client.get("/bao-cao/toan-bo.xlsx")
    wb = workbook(response)
    assert wb.sheetnames[:8] == [
        "2020 – 63",
        "2021 – 63",
        "2022 – 63",
        "2022 – 34",
        "2023 – 63",
        "2023 – 34",
        "2024 – 63",
        "2024 – 34",
    ]
    # A year's 63 bars are too long to sit under the table: each on the charts sheet,
    # right after the tables, one below the other, still bound to its sheet's cells.
    assert wb.sheetnames[8:] == ["Biểu đồ", "Dữ liệu", "Mục tiêu", "Thông tin"]
    for name in wb.sheetnames[:8]:
        assert not wb[name]._charts
        [chart] = charts_of(wb, name)
        assert isinstance(chart, BarChart)
    tops = [chart.anchor._from.row for chart in wb["Biểu đồ"]._charts]
    assert tops == sorted(tops) and len(set(tops)) == 8
    tidy = frames(response)["Dữ liệu"]
    assert set(tidy.year) == {2020, 2021, 2022, 2023, 2024}
    row = tidy[
        (tidy.unit_name == "Bắc Giang") & (tidy.year == 2022) & (tidy.indicator == "DTI")
    ].iloc[0]
    assert (row.value, row["rank"], row.pool) == (pytest.approx(0.644), 9, 63)
    assert (tidy.value.dropna() > 0).all()
    assert len(rows_by(wb["Mục tiêu"], "Mục tiêu (như văn bản ghi)")) > 0
    text = about_text(wb)
    for year in range(2020, 2025):
        assert f"DTI {year}" in text


def test_every_published_score_is_in_the_full_csv(client):
    tidy = csv_frame(client.get("/bao-cao/toan-bo.csv"))
    exported = {
        (r.year, str(r.unit_code), r.unit_name, r.indicator)
        for r in tidy.itertuples()
        if r.value == r.value
    }
    missing = [
        s
        for s in Score.objects.published().real().select_related("unit", "indicator")
        if (s.year, s.unit.code.lstrip("0"), s.unit.name, s.indicator.code) not in exported
    ]
    assert not missing, missing[:5]


def test_the_full_export_of_one_year(client):
    response = client.get("/bao-cao/toan-bo.csv?year=2022")
    assert response["Content-Disposition"] == 'attachment; filename="dti-toan-bo-2022.csv"'
    tidy = csv_frame(response)
    assert set(tidy.year) == {2022} and set(tidy.pool) == {63, 34}
    wb = workbook(client.get("/bao-cao/toan-bo.xlsx?year=2022"))
    assert wb.sheetnames[:2] == ["2022 – 63", "2022 – 34"]


@pytest.mark.parametrize("year", ["1999", "abc", "2031"])
def test_the_full_export_refuses_an_unknown_year(client, year):
    response = client.get(f"/bao-cao/toan-bo.xlsx?year={year}")
    assert response.status_code == 400
    assert f"Không có dữ liệu DTI năm {year}" in response.content.decode()


def test_the_full_export_leaves_drafts_out(client):
    unit = Unit.objects.get(slug="bac-giang")
    dti = Indicator.objects.get(code="DTI")
    Score.objects.create(
        unit=unit, indicator=dti, year=2022, value="0.123456", status=ScoreStatus.DRAFT
    )
    Score.objects.create(unit=unit, indicator=dti, year=2031, value="0.5", status=ScoreStatus.DRAFT)
    body = client.get("/bao-cao/toan-bo.csv").content.decode("utf-8-sig")
    tidy = pd.read_csv(io.StringIO(body))
    assert 2031 not in set(tidy.year)
    assert "0.1235" not in body


def test_full_export_queries_are_bounded(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bao-cao/toan-bo.xlsx").status_code == 200
    assert len(queries) <= 120
    targets = Target.objects.count()
    assert targets > 10  # the bound holds with every target in the file
