"""Reading downloads back, as an analyst's tools would: openpyxl, pandas.read_excel
and pandas.read_csv on the bytes the server sent."""

import io

import openpyxl
import pandas as pd

from indicators.models import Score
from indicators.rules.ranking import as_published
from provinces.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def frames(response) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(response.content), sheet_name=None)


def csv_frame(response) -> pd.DataFrame:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")


def published(slug: str, code: str, year: int) -> float:
    """The published value in the database, as the tables print it."""
    score = Score.objects.published().get(
        unit=Unit.objects.get(slug=slug), indicator__code=code, year=year
    )
    return float(as_published(score.value))


def header(ws) -> list[str]:
    return [cell.value for cell in next(ws.iter_rows(min_row=1, max_row=1))]


def rows_by(ws, column: str) -> dict:
    """Data rows keyed by the value of the ``column`` header."""
    names = header(ws)
    index = names.index(column)
    return {
        row[index]: dict(zip(names, row, strict=False))
        for row in ws.iter_rows(min_row=2, values_only=True)
    }


def about(wb) -> dict:
    """Label → text of the "Thông tin" sheet (the last of several equal labels wins)."""
    return {row[0]: row[1] for row in wb["Thông tin"].iter_rows(values_only=True) if row and row[0]}


def about_text(wb) -> str:
    return "\n".join(
        " ".join(str(v) for v in row if v is not None)
        for row in wb["Thông tin"].iter_rows(values_only=True)
    )


def charts_of(wb, title: str) -> list:
    """The charts drawn from sheet ``title``'s cells: beside its table, or on the charts
    sheet ("Biểu đồ" / "Charts") when the table is too wide for one beside it."""
    quoted = "'" + title.replace("'", "''") + "'!"
    found = []
    for ws in wb.worksheets:
        for chart in ws._charts:
            refs = [series.val.numRef.f for series in chart.series]
            if refs and all(ref.startswith((quoted, f"{title}!")) for ref in refs):
                found.append(chart)
    return found
