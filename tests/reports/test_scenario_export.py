"""The what-if scenario as an Excel file: the same sheets as other exports (inputs,
result, method note, the tidy data, "Thông tin" with the sources), read back."""

import pytest

from tests.reports.helpers import about, about_text, header, published, rows_by, workbook

pytestmark = pytest.mark.django_db

URL = "/bao-cao/mo-phong/ha-giang.xlsx"


def test_scenario_workbook_has_the_inputs_result_method_and_sources(client):
    wb = workbook(client.get(f"{URL}?year=2022&hts=0.9&n=20&pool=63&path=1"))
    assert wb.sheetnames == ["Đầu vào", "Kết quả", "Phương pháp", "Dữ liệu", "Thông tin"]
    inputs = rows_by(wb["Đầu vào"], "Mã")
    assert inputs["HTS"]["Giá trị công bố"] == published("ha-giang", "HTS", 2022)
    assert inputs["HDCQS"]["Trọng số (điểm)"] == 200
    other = inputs["NTS+TCS+NLS+ATTTM"]
    assert "tính từ DTI" in other["Nguồn gốc"]
    result = wb["Kết quả"]
    assert header(result) == ["Mục", "Nhóm", "Công bố", "Mô phỏng", "Ghi chú"]
    rows = list(result.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == "DTI" and rows[0][2] == published("ha-giang", "DTI", 2022)
    assert any(r[0] == "Hạng DTI" and r[1] == 63 and r[2] == 57 for r in rows)
    assert any(str(r[0]).startswith("Đường ít tốn công nhất tới hạng 20/63") for r in rows)
    method = dict(wb["Phương pháp"].iter_rows(min_row=2, values_only=True))
    assert "w·r·s" in method["Đường ít tốn công nhất"]
    assert "Cảnh báo" not in method  # 2022 weights are published
    text = about_text(wb)
    assert "https://dti.gov.vn/xep-hang-2022" in text
    assert about(wb)["Năm"] == "2022"


def test_scenario_workbook_of_2024_carries_the_weights_warning(client):
    wb = workbook(client.get(f"{URL}?year=2024"))
    method = dict(wb["Phương pháp"].iter_rows(min_row=2, values_only=True))
    assert "Chưa có nguồn nào xác nhận trọng số cho năm 2024" in method["Cảnh báo"]


def test_scenario_export_refuses_bad_input_and_years_without_weights(client):
    bad = client.get(f"{URL}?year=2022&hts=7")
    assert bad.status_code == 400 and "tham số “hts”" in bad.content.decode()
    none = client.get(f"{URL}?year=2020")
    assert none.status_code == 400 and "không có trọng số" in none.content.decode()


def test_what_if_page_links_to_the_export_of_the_same_scenario(client):
    html = client.get("/tinh/ha-giang/mo-phong/?year=2022&hts=0.9").content.decode()
    assert 'href="/bao-cao/mo-phong/ha-giang.xlsx?year=2022&amp;hts=0.9"' in html
