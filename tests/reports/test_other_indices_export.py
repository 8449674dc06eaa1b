"""PAPI and PCI in the province and compare downloads (read back with openpyxl and
pandas): the values as published, the publisher as source, the compilation in the
About sheet."""

import pytest

from tests.reports.helpers import about_text, csv_frame, header, workbook

pytestmark = pytest.mark.django_db


def _rows(ws) -> list[dict]:
    names = header(ws)
    return [
        dict(zip(names, row, strict=False)) for row in ws.iter_rows(min_row=2, values_only=True)
    ]


def test_province_workbook_has_a_papi_pci_sheet_with_gaps_empty(client):
    wb = workbook(client.get("/bao-cao/tinh/bac-giang.xlsx"))
    assert "PAPI, PCI" in wb.sheetnames
    rows = {r["Năm"]: r for r in _rows(wb["PAPI, PCI"])}
    assert list(rows) == [2020, 2021, 2022, 2023, 2024]
    assert rows[2020]["PAPI tổng"] == pytest.approx(44.3172)
    assert rows[2020]["PAPI xếp theo điểm"] == 13 and rows[2020]["Số tỉnh xếp"] == 63
    assert rows[2021]["PAPI tổng"] is None and "PAPI chưa công bố" in rows[2021]["Ghi chú"]
    assert rows[2022]["PAPI tổng"] is None and rows[2022]["PAPI D8"] == pytest.approx(3.4343)
    assert rows[2022]["PCI"] == pytest.approx(72.8) and rows[2022]["Hạng PCI (VCCI, /63)"] == 2
    assert "papi.org.vn" in rows[2020]["Nguồn"]
    text = about_text(wb)
    assert "github.com/tunah72/papi-dashboard" in text  # the compilation: About sheet only
    assert "https://papi.org.vn/" in text


def test_province_csv_carries_papi_and_pci_rows_with_their_publisher(client):
    tidy = csv_frame(client.get("/bao-cao/tinh/bac-giang.csv"))
    papi = tidy[(tidy.indicator == "PAPI") & (tidy.year == 2020)].iloc[0]
    assert papi.value == pytest.approx(44.3172) and papi["rank"] == 13 and papi.pool == 63
    assert papi.source_url == "https://papi.org.vn/"
    assert "xếp theo điểm, không phải xếp hạng chính thức" in papi.note
    assert not ((tidy.indicator == "PAPI") & (tidy.year == 2021)).any()
    assert set(tidy[(tidy.year == 2022) & tidy.indicator.str.startswith("PAPI")].indicator) == {
        "PAPI_D3",
        "PAPI_D6",
        "PAPI_D7",
        "PAPI_D8",
    }
    pci = tidy[(tidy.indicator == "PCI") & (tidy.year == 2022)].iloc[0]
    assert pci.value == pytest.approx(72.8) and pci.source_url.startswith("https://")
    assert "github" not in " ".join(tidy.source_url.dropna())
    assert (tidy.indicator == "DTI").any()  # the DTI rows are still there


def test_merged_unit_csv_labels_its_predecessors_values(client):
    tidy = csv_frame(client.get("/bao-cao/tinh/bac-ninh.csv"))
    papi = tidy[tidy.indicator == "PAPI"]
    assert set(papi.unit_name) == {"Bắc Giang", "Bắc Ninh"}
    assert papi.note.str.contains("số liệu của tỉnh trước 01/07/2025").all()


@pytest.mark.parametrize(
    ("metric", "code"), [("papi", "PAPI"), ("papi_d8", "PAPI_D8"), ("pci", "PCI")]
)
def test_compare_downloads_on_papi_and_pci(client, metric, code):
    url = f"/bao-cao/so-sanh.xlsx?units=bac-giang,ha-giang,hai-duong&metric={metric}"
    wb = workbook(client.get(url))
    main = {r["Năm"]: r for r in _rows(wb.worksheets[0])}
    assert list(main) == [2020, 2021, 2022, 2023, 2024]
    tidy = csv_frame(client.get(url.replace(".xlsx", ".csv")))
    assert set(tidy.indicator) == {code}
    assert tidy.source_url.notna().all()
    if metric == "papi":
        assert main[2020]["Bắc Giang"] == pytest.approx(44.3172)
        assert main[2021]["Bắc Giang"] is None
        assert main[2020]["Đơn vị dẫn đầu"] == "Quảng Ninh"
    if metric == "pci":
        assert main[2022]["Bắc Giang"] == pytest.approx(72.8)
        assert main[2022]["Hà Giang"] == pytest.approx(64.39)


def test_compare_download_refuses_an_unknown_metric_listing_papi(client):
    response = client.get("/bao-cao/so-sanh.csv?units=bac-giang&metric=papi_d9")
    assert response.status_code == 400
    assert "PAPI_D8" in response.content.decode()
