"""Write a Report as an Excel workbook (openpyxl).

Each data sheet: header row frozen (and the name columns), column widths fitted to
the text, values in '0.0000', ranks and years as integers, an Excel table with
filter buttons, a colour scale on the value columns, a native chart bound to the
cells (right below a short table, or on the "Biểu đồ" sheet for a long one: seen
at once either way), and A4 landscape printing fitted to the page width with the
header row repeated. Then the charts sheet if a table was long,
the tidy "Dữ liệu" sheet, the targets sheet where the view has targets, and the
"Thông tin" (About) sheet.

Write-only mode by default: rows stream to the file instead of living as cell
objects (bench/export_bench.py measures both; the same code writes either).
"""

import io
import warnings

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from reports.about import about_rows
from reports.builders.target_rows import targets_sheet
from reports.formulas import is_formula_like, xlsx_text_cell
from reports.tables import TIDY_COLUMNS, Column, Kind, Report, Sheet, sheet_title

VALUE_FORMAT = "0.0000"
INT_FORMAT = "0"
NUMBER_FORMAT = "#,##0.####"
FORMATS = {Kind.VALUE: VALUE_FORMAT, Kind.INT: INT_FORMAT, Kind.NUMBER: NUMBER_FORMAT}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="1F4E79")
HEADING_FONT = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH, MIN_WIDTH = 60, 6
# Data rows up to which a chart goes right below its table, both on one laptop
# screen (a province's or a comparison's five years); a longer table (a year's 63
# units) has its chart on the charts sheet. Every charted table is wider than a
# screen (notes, method changes), so beside the table would be out of sight.
BELOW_MAX_ROWS = 12
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tidy_sheet(report: Report) -> Sheet:
    """The tidy rows, with the CSV's column names (so both load the same way in pandas)."""
    kinds = {"year": Kind.INT, "pool": Kind.INT, "rank": Kind.INT, "value": Kind.VALUE}
    frame = report.tidy.astype(object).where(report.tidy.notna(), None)
    return Sheet(
        title=sheet_title(_("Dữ liệu")),
        table_name="DuLieu",
        columns=[Column(name, kinds.get(name, Kind.TEXT)) for name in TIDY_COLUMNS],
        rows=frame.values.tolist(),
        frozen_columns=3,
    )


def _width(column: Column, rows: list[list], index: int) -> float:
    if column.kind == Kind.VALUE:
        longest = 6
    else:
        longest = max((len(str(row[index])) for row in rows if row[index] is not None), default=0)
    return min(MAX_WIDTH, max(MIN_WIDTH, len(column.header) + 2, longest + 2))


def _print_setup(ws, *, repeat_header: bool = True) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if repeat_header:
        ws.print_title_rows = "1:1"


def _chart(ws, sheet: Sheet, n_rows: int):
    spec = sheet.chart
    chart = BarChart() if spec.kind == "bar" else LineChart()
    if spec.kind == "bar":
        chart.type = "bar"  # horizontal: unit names stay readable
        chart.x_axis.scaling.orientation = "maxMin"  # first row (rank 1) on top
        chart.height = max(7.5, 0.45 * n_rows)
        chart.width = 18
        chart.legend = None
    else:
        chart.height, chart.width = 9, 18
    chart.title = spec.title
    chart.y_axis.title = spec.y_title
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for index in spec.series:
        data = Reference(ws, min_col=index + 1, min_row=1, max_row=n_rows + 1)
        chart.add_data(data, titles_from_data=True)
    categories = Reference(ws, min_col=spec.categories + 1, min_row=2, max_row=n_rows + 1)
    if spec.kind == "bar":  # unit names: a string reference (openpyxl would write a numeric one)
        for series in chart.series:
            series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    else:
        chart.set_categories(categories)
        # Every point marked, straight segments: a year between two missing ones stays
        # visible (LibreOffice draws no line to it), and no smoothing invents a curve.
        for series in chart.series:
            series.marker.symbol = "circle"
            series.marker.size = 6
            series.smooth = False
    return chart


def _chart_rows(chart) -> int:
    """The rows (15 pt, about 0.53 cm) a chart of ``chart.height`` cm covers, plus a gap."""
    return int(chart.height / 0.53) + 3


def _write_sheet(wb: Workbook, sheet: Sheet, long_charts: list | None = None) -> None:
    ws = wb.create_sheet(sheet.title)
    columns, rows = sheet.columns, sheet.rows
    for i, column in enumerate(columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(column, rows, i)
    ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}2"
    _print_setup(ws)

    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    ws.append(header)
    formats = [FORMATS.get(column.kind) for column in columns]
    styled = [i for i, f in enumerate(formats) if f]
    for row in rows:
        out = [xlsx_text_cell(ws, v) if is_formula_like(v) else v for v in row]
        for i in styled:
            if out[i] is not None and not isinstance(out[i], Cell):
                cell = WriteOnlyCell(ws, value=out[i])
                cell.number_format = formats[i]
                out[i] = cell
        ws.append(out)

    last = f"{get_column_letter(len(columns))}{len(rows) + 1}"
    if rows:
        table = Table(displayName=sheet.table_name, ref=f"A1:{last}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        table.tableColumns = [
            TableColumn(id=i + 1, name=column.header) for i, column in enumerate(columns)
        ]
        table.autoFilter = AutoFilter(ref=table.ref)
        with (
            warnings.catch_warnings()
        ):  # openpyxl warns in write-only mode even when the columns are given
            warnings.filterwarnings(
                "ignore", "In write-only mode you must add table columns manually"
            )
            ws.add_table(table)
        for i, column in enumerate(columns):
            if column.kind == Kind.VALUE:
                letter = get_column_letter(i + 1)
                ws.conditional_formatting.add(
                    f"{letter}2:{letter}{len(rows) + 1}",
                    ColorScaleRule(
                        start_type="min",
                        start_color="F8696B",
                        mid_type="percentile",
                        mid_value=50,
                        mid_color="FFEB84",
                        end_type="max",
                        end_color="63BE7B",
                    ),
                )
        if sheet.chart:
            chart = _chart(ws, sheet, len(rows))
            if len(rows) <= BELOW_MAX_ROWS or long_charts is None:
                ws.add_chart(chart, f"A{len(rows) + 3}")  # a blank row under the table
            else:
                long_charts.append(chart)


def _text_cell(ws, value) -> Cell:
    return xlsx_text_cell(ws, value) if is_formula_like(value) else WriteOnlyCell(ws, value=value)


def _write_about(wb: Workbook, report: Report) -> None:
    ws = wb.create_sheet(sheet_title(_("Thông tin")))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110
    _print_setup(ws, repeat_header=False)
    for row in about_rows(report):
        if len(row) == 2 and row[1] is None:  # a heading
            cell = _text_cell(ws, row[0])
            cell.font = HEADING_FONT
            ws.append([cell])
        elif row:
            label = _text_cell(ws, row[0])
            label.font, label.alignment = Font(bold=True), WRAP
            text = _text_cell(ws, row[1])
            text.alignment = WRAP
            ws.append([label, text])
        else:
            ws.append([])


def _properties(wb: Workbook, report: Report) -> None:
    now = timezone.now().replace(tzinfo=None)  # openpyxl writes naive UTC datetimes
    props = wb.properties
    props.title = report.title
    props.subject = _("Chỉ số chuyển đổi số cấp tỉnh (DTI)")
    props.creator = f"DTI scorecard {settings.APP_VERSION}"
    props.lastModifiedBy = props.creator
    props.keywords = "DTI, chuyển đổi số, digital transformation index, Việt Nam"
    props.description = "; ".join(f"{name}: {value}" for name, value in report.filters)
    props.language = get_language() or "vi"
    props.created = props.modified = now


def workbook_export(report: Report, *, write_only: bool = True) -> bytes:
    """The report as .xlsx bytes."""
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    long_charts: list = []
    for sheet in report.sheets:
        _write_sheet(wb, sheet, long_charts)
    if long_charts:
        # Right after the tables, one below the other, each with its own title.
        ws = wb.create_sheet(sheet_title(pgettext("sheet", "Biểu đồ")))
        row = 1
        for chart in long_charts:
            ws.add_chart(chart, f"A{row}")
            row += _chart_rows(chart)
    _write_sheet(wb, tidy_sheet(report))
    if report.targets:
        _write_sheet(wb, targets_sheet(report.targets))
    _write_about(wb, report)
    _properties(wb, report)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
