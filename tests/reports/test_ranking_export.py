"""The ranking page's downloads: /bao-cao/xep-hang/<year>.xlsx and .csv, read back
with openpyxl and pandas and checked against the published data in the database."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.chart import BarChart

from indicators.models import Indicator, Score, ScoreStatus
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

SHEET = "Xếp hạng 2022"


def test_the_2022_workbook_holds_the_published_table(client):
    response = client.get("/bao-cao/xep-hang/2022.xlsx")
    wb = workbook(response)
    assert response["Content-Disposition"] == 'attachment; filename="dti-xep-hang-2022-63.xlsx"'
    assert wb.sheetnames == [SHEET, "Biểu đồ", "Dữ liệu", "Thông tin"]
    ws = wb[SHEET]
    assert header(ws)[:7] == [
        "Hạng",
        "Nhóm",
        "Mã",
        "Tỉnh, thành phố",
        "Vùng",
        "Thay đổi hạng so với 2021",
        "DTI",
    ]
    rows = rows_by(ws, "Tỉnh, thành phố")
    assert len(rows) == 63
    bac_giang = rows["Bắc Giang"]
    assert bac_giang["Hạng"] == 9 and bac_giang["Nhóm"] == 63 and bac_giang["Mã"] == "24"
    assert bac_giang["DTI"] == published("bac-giang", "DTI", 2022) == 0.644
    assert rows["Đà Nẵng"]["Hạng"] == 1 and rows["Bắc Kạn"]["Hạng"] == 63
    # Diacritics intact, ranks integers, values with four decimals.
    assert ws["A2"].value == 1 and isinstance(ws["A2"].value, int) and ws["A2"].number_format == "0"
    assert ws["G2"].number_format == "0.0000"
    assert ws["D2"].value == "Đà Nẵng"


def test_the_workbook_is_laid_out_for_reading_and_printing(client):
    wb = workbook(client.get("/bao-cao/xep-hang/2022.xlsx"))
    ws = wb[SHEET]
    assert ws.freeze_panes == "E2"  # header row and the rank, pool, code and name columns
    table = ws.tables["XepHang2022"]
    assert table.ref == "A1:S64" and table.autoFilter.ref == "A1:S64"
    assert [c.name for c in table.tableColumns] == header(ws)
    assert ws.column_dimensions["D"].width >= len("Bà Rịa - Vũng Tàu")
    scaled = {str(rng.sqref) for rng in ws.conditional_formatting}
    assert "G2:G64" in scaled and "A2:A64" not in scaled  # the score columns only
    rule = ws.conditional_formatting[next(iter(ws.conditional_formatting))][0]
    assert rule.type == "colorScale"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert (
        wb.properties.title == "Xếp hạng DTI 2022 – Chỉ số chuyển đổi số cấp tỉnh, nhóm 63 đơn vị"
    )
    assert wb.properties.creator == f"DTI scorecard {settings.APP_VERSION}"
    assert wb.properties.created is not None


def test_the_bar_chart_is_bound_to_the_ranking_cells(client):
    wb = workbook(client.get("/bao-cao/xep-hang/2022.xlsx"))
    # 63 bars: on the charts sheet at its top, not 63 rows down or off to the right.
    assert not wb[SHEET]._charts
    [chart] = wb["Biểu đồ"]._charts
    assert chart.anchor._from.row == 0 and charts_of(wb, SHEET) == [chart]
    assert isinstance(chart, BarChart) and chart.type == "bar"
    [series] = chart.series
    assert series.val.numRef.f == f"'{SHEET}'!$G$2:$G$64"  # the DTI column
    assert series.tx.strRef.f == f"'{SHEET}'!G1"  # its title: the header cell
    assert series.cat.strRef.f == f"'{SHEET}'!$D$2:$D$64"  # the unit names


def test_pandas_reads_the_same_values(client):
    sheets = frames(client.get("/bao-cao/xep-hang/2022.xlsx"))
    table = sheets[SHEET].set_index("Tỉnh, thành phố")
    assert table.loc["Bắc Giang", "DTI"] == pytest.approx(0.644)
    assert table.loc["Bắc Giang", "Hạng"] == 9
    tidy = sheets["Dữ liệu"]
    assert list(tidy.columns) == [
        "year",
        "unit_code",
        "unit_name",
        "pool",
        "indicator",
        "value",
        "rank",
        "source_url",
        "note",
    ]
    row = tidy[(tidy.unit_name == "Bắc Giang") & (tidy.indicator == "DTI")].iloc[0]
    assert (row.year, row.pool, row.value, row["rank"]) == (
        2022,
        63,
        pytest.approx(0.644),
        9,
    )
    assert "https://dti.gov.vn/xep-hang-2022" in row.source_url.split(" | ")


def test_unpublished_values_are_empty_cells_never_zero(client):
    ws = workbook(client.get("/bao-cao/xep-hang/2021.xlsx"))["Xếp hạng 2021"]
    rows = rows_by(ws, "Tỉnh, thành phố")
    with_value = (
        Score.objects.published().filter(year=2021, indicator__code="DTI").select_related("unit")
    )
    assert 0 < with_value.count() < 63
    for score in with_value:
        assert rows[score.unit.name]["DTI"] == published(score.unit.slug, "DTI", 2021)
    empty = [name for name, row in rows.items() if row["DTI"] is None]
    assert len(empty) == 63 - with_value.count()
    assert all(row["DTI"] != 0 for row in rows.values())
    assert all("chưa công bố" in rows[name]["Ghi chú"] for name in empty)
    tidy = csv_frame(client.get("/bao-cao/xep-hang/2021.csv"))
    dti = tidy[tidy.indicator == "DTI"]
    assert dti.value.isna().sum() == len(empty) and (dti.value.dropna() > 0).all()


def test_computed_values_are_marked(client):
    tidy = csv_frame(client.get("/bao-cao/xep-hang/2022.csv"))
    cqs = tidy[(tidy.unit_name == "Bắc Giang") & (tidy.indicator == "CQS")].iloc[0]
    assert cqs.note.startswith("giá trị do ứng dụng tính")
    dti = tidy[(tidy.unit_name == "Bắc Giang") & (tidy.indicator == "DTI")].iloc[0]
    assert not str(dti.note).startswith("giá trị do ứng dụng tính")


def test_the_export_follows_the_page_filters(client):
    url = "/bao-cao/xep-hang/2022.xlsx?pool=63&pillar=KTS&region=dong-bang-song-cuu-long&sort=name&dir=asc"
    response = client.get(url)
    wb = workbook(response)
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="dti-xep-hang-2022-63-kts-dong-bang-song-cuu-long.xlsx"'
    )
    ws = wb[SHEET]
    names = [row[3] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 13 and names == sorted(names) and names[0] == "An Giang"
    assert "KTS" in header(ws) and "CQS" not in header(ws)
    assert all(row[1] == 63 for row in ws.iter_rows(min_row=2, values_only=True))
    info = about(wb)
    assert info["Trụ cột"] == "Kinh tế số"
    assert info["Vùng"] == "Đồng bằng sông Cửu Long"
    assert info["Địa chỉ tải lại"].endswith(url)
    # The page itself shows the same rows in the same order.
    page = client.get(
        url.replace("/bao-cao/xep-hang/2022.xlsx", "/xep-hang/2022/")
    ).content.decode()
    positions = [page.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_the_34_unit_table_of_2024(client):
    ws = workbook(client.get("/bao-cao/xep-hang/2024.xlsx?pool=34"))["Xếp hạng 2024"]
    rows = rows_by(ws, "Tỉnh, thành phố")
    assert len(rows) == 34
    assert rows["Hà Nội"]["Hạng"] == 1 and rows["Hà Nội"]["Nhóm"] == 34


def test_the_about_sheet_says_what_when_how_and_where_from(client):
    response = client.get("/bao-cao/xep-hang/2022.xlsx")
    wb = workbook(response)
    info = about(wb)
    assert info["Tiêu đề"] == wb.properties.title
    assert info["Phiên bản ứng dụng"] == settings.APP_VERSION
    assert "Asia/Ho_Chi_Minh" in info["Thời điểm trích xuất"]
    assert info["Năm"] == "2022" and info["Nhóm xếp hạng"] == "63 tỉnh, thành"
    text = about_text(wb)
    assert "Cùng phương pháp với 2021" in text  # the 2022 method note
    assert "2020→2021" in text and "2023→2024" in text  # the method changes, whatever the year
    assert "trung bình cộng các chỉ số chính" in text  # the merger rule
    tidy = frames(response)["Dữ liệu"]
    urls = {u for cell in tidy.source_url.dropna() for u in cell.split(" | ")}
    listed = {
        row[1]
        for row in wb["Thông tin"].iter_rows(values_only=True)
        if row[0] and str(row[0]).isdigit()
    }
    assert urls and urls <= listed
    assert "https://dti.gov.vn/xep-hang-2022" in listed


def test_the_csv_is_tidy_utf8_with_bom(client):
    response = client.get("/bao-cao/xep-hang/2022.csv")
    assert response["Content-Disposition"] == 'attachment; filename="dti-xep-hang-2022-63.csv"'
    assert (
        response.content.decode("utf-8").splitlines()[0]
        == "\ufeffyear,unit_code,unit_name,pool,indicator,value,rank,source_url,note"
    )
    tidy = csv_frame(response)
    dti = tidy[tidy.indicator == "DTI"]
    assert len(dti) == 63  # every unit of the view, even without a value
    bac_giang = dti[dti.unit_name == "Bắc Giang"].iloc[0]
    assert (
        bac_giang.unit_code,
        bac_giang.value,
        bac_giang["rank"],
        bac_giang.pool,
    ) == (24, 0.644, 9, 63)
    assert "0.6440" in response.content.decode()  # four decimals as published
    assert set(tidy.year) == {2022}


def test_drafts_never_reach_an_export(client):
    unit = Unit.objects.get(slug="bac-giang")
    dti = Indicator.objects.get(code="DTI")
    Score.objects.create(
        unit=unit, indicator=dti, year=2022, value="0.123456", status=ScoreStatus.DRAFT
    )
    without = Unit.objects.get(slug="ha-giang")
    assert not Score.objects.filter(unit=without, indicator=dti, year=2021).exists()
    Score.objects.create(
        unit=without,
        indicator=dti,
        year=2021,
        value="0.654321",
        status=ScoreStatus.DRAFT,
    )
    Score.objects.create(unit=unit, indicator=dti, year=2031, value="0.5", status=ScoreStatus.DRAFT)

    rows = rows_by(workbook(client.get("/bao-cao/xep-hang/2022.xlsx"))[SHEET], "Tỉnh, thành phố")
    assert rows["Bắc Giang"]["DTI"] == 0.644
    rows = rows_by(
        workbook(client.get("/bao-cao/xep-hang/2021.xlsx"))["Xếp hạng 2021"],
        "Tỉnh, thành phố",
    )
    assert rows["Hà Giang"]["DTI"] is None
    body = (
        client.get("/bao-cao/xep-hang/2021.csv").content.decode()
        + client.get("/bao-cao/xep-hang/2022.csv").content.decode()
    )
    assert "0.6543" not in body and "0.1235" not in body
    assert client.get("/bao-cao/xep-hang/2031.xlsx").status_code == 400


@pytest.mark.parametrize(
    "url, message",
    [
        ("/bao-cao/xep-hang/1999.xlsx", "Không có dữ liệu DTI năm 1999"),
        ("/bao-cao/xep-hang/2022.csv?pool=abc", "Tham số không hợp lệ: pool"),
        (
            "/bao-cao/xep-hang/2020.xlsx?pool=34",
            "Năm 2020 không có bảng xếp hạng nhóm 34",
        ),
        ("/bao-cao/xep-hang/2022.xlsx?pillar=XYZ", "Tham số không hợp lệ: pillar"),
        ("/bao-cao/xep-hang/2022.xlsx?region=atlantis", "Tham số không hợp lệ: region"),
        ("/bao-cao/xep-hang/2022.csv?dir=sideways", "Tham số không hợp lệ: dir"),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_bad_parameters_get_an_english_message_under_en(client):
    response = client.get("/en/bao-cao/xep-hang/1999.xlsx")
    assert response.status_code == 400
    assert "1999" in response.content.decode()


def test_queries_per_download_do_not_grow_with_the_units(client, catalog_warm):
    """The warm path: the catalog is read (catalog_warm), so each download reads only
    its scores and ranks, the same count for the 63 and the 34 units."""
    counts = {}
    for pool in (63, 34):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/bao-cao/xep-hang/2024.xlsx?pool={pool}")
            assert response.status_code == 200
        counts[pool] = len(queries)
    assert counts[63] == counts[34] <= 12
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bao-cao/xep-hang/2024.csv?pool=63").status_code == 200
    # The same table in another format: its two reads (scores, ranks) are kept for the
    # data version (selectors.ranking_table), the rest is read again.
    assert len(queries) == counts[63] - 2


def test_the_first_download_after_a_data_change_pays_for_the_catalog_once(client):
    """The cold path, on purpose: the first download reads the catalog's small tables
    (a fixed number of queries), the next one does not."""
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/bao-cao/xep-hang/2024.xlsx?pool=63").status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/bao-cao/xep-hang/2024.xlsx?pool=63").status_code == 200
    # 16 small tables: units, regions, frameworks and their trees, indicators, successions,
    # references, notes, targets, KPI values (for statuses and as shown), derived-figure
    # validity, PAPI/PCI years… and the table's own two reads (scores, published ranks),
    # which the next download of the same year and pool does not repeat.
    assert len(warm) < len(cold) <= len(warm) + 16 + 2


def test_the_ranking_page_links_to_its_downloads_and_keeps_them_in_step_with_htmx(
    client,
):
    html = client.get("/xep-hang/2022/?pillar=KTS&region=dong-bang-song-cuu-long").content.decode()
    query = "?pool=63&amp;pillar=KTS&amp;region=dong-bang-song-cuu-long&amp;sort=rank&amp;dir=asc"
    assert f'href="/bao-cao/xep-hang/2022.xlsx{query}"' in html
    assert f'href="/bao-cao/xep-hang/2022.csv{query}"' in html
    assert "Tải Excel" in html and "Tải CSV" in html
    fragment = client.get(
        "/xep-hang/2024/?pool=63&sort=name", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment
    assert 'href="/bao-cao/xep-hang/2024.xlsx?pool=63&amp;sort=name&amp;dir=asc"' in fragment
    # A value the page drops is not carried into the download either.
    html = client.get("/xep-hang/2020/?pool=34").content.decode()
    assert 'href="/bao-cao/xep-hang/2020.xlsx?pool=63&amp;' in html


def test_the_english_download_holds_the_same_values(client):
    vietnamese = frames(client.get("/bao-cao/xep-hang/2022.xlsx"))
    wb = workbook(client.get("/en/bao-cao/xep-hang/2022.xlsx"))
    english = frames(client.get("/en/bao-cao/xep-hang/2022.xlsx"))
    assert wb.sheetnames[1:] == ["Charts", "Data", "Information"]
    first_vi, first_en = vietnamese[SHEET], english[wb.sheetnames[0]]
    assert first_vi.iloc[:, 6].tolist() == first_en.iloc[:, 6].tolist()  # the DTI column
    tidy_vi, tidy_en = vietnamese["Dữ liệu"], english["Data"]
    assert tidy_vi[["year", "unit_code", "value", "rank"]].equals(
        tidy_en[["year", "unit_code", "value", "rank"]]
    )
