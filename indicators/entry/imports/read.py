"""Reading an uploaded .xlsx or .csv into a plain table, with the size, zip and
formula checks done before anything is trusted."""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from indicators.entry.imports.types import (
    DATA_SHEET,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    SOURCE_SHEET,
    ImportFileError,
    RowError,
)

# ----------------------------------------------------------------------------
# Reading a file into rows of raw cells
# ----------------------------------------------------------------------------


@dataclass
class _Table:
    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (line number, cells)
    errors: list[RowError] = field(default_factory=list)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_formula_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _too_big(rows: object, cols: object) -> ImportFileError:
    return ImportFileError(
        [
            RowError(
                _("Trang tính có %(rows)s dòng × %(cols)s cột; tối đa %(max)s dòng.")
                % {"rows": rows, "cols": cols, "max": MAX_ROWS}
            )
        ]
    )


def _sheets_size_check(archive: zipfile.ZipFile) -> None:
    """Count the rows and cells of every sheet in its XML (C-speed scans) before
    openpyxl parses anything: openpyxl would walk a whole sheet without a
    <dimension> tag just to size it."""
    for info in archive.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            with archive.open(info) as xml:
                data = xml.read()
            rows = data.count(b"<row ") + data.count(b"<row>")  # (a namespace prefix is
            cells = data.count(b"<c ") + data.count(b"<c>")  # counted when streaming)
            if rows > MAX_ROWS + 1 or cells > (MAX_ROWS + 1) * MAX_COLUMNS:
                raise _too_big(rows, cells // max(rows, 1))


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    """The merged ranges of a sheet, read from its XML (read-only mode has none)."""
    try:
        with archive.open(sheet_path.lstrip("/")) as xml:
            return [m.decode() for m in _MERGE_CELL.findall(xml.read())]
    except KeyError:
        return []


def _read_xlsx(content: bytes) -> _Table:
    """Stream the data sheet read-only: the declared size is checked before any row
    is read and the rows are counted while streaming, so an oversized sheet costs
    a fraction of loading it (a 400k-cell file: see the issue-15 numbers)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise ImportFileError(
                [RowError(_("Tệp Excel giải nén quá lớn; đây không phải một bảng DTI."))]
            )
        _sheets_size_check(archive)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        ws = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        declared_rows, declared_cols = ws.max_row, ws.max_column  # the <dimension> tag, if any
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise ImportFileError(
            [
                RowError(
                    _(
                        "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải tệp Excel (%(error)s)."
                    )
                    % {"error": type(exc).__name__}
                )
            ]
        ) from exc
    try:
        if (declared_rows or 0) > MAX_ROWS + 1 or (declared_cols or 0) > MAX_COLUMNS:
            raise _too_big(declared_rows, declared_cols)
        return _xlsx_rows(ws, _merged_ranges(archive, ws._worksheet_path))
    except ImportFileError:
        raise
    except Exception as exc:  # a sheet whose XML breaks half-way
        raise ImportFileError(
            [
                RowError(
                    _(
                        "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải tệp Excel (%(error)s)."
                    )
                    % {"error": type(exc).__name__}
                )
            ]
        ) from exc
    finally:
        workbook.close()


def _xlsx_rows(ws, merged_ranges: list[str]) -> _Table:
    errors = []
    for merged in merged_ranges:
        errors.append(
            RowError(
                _("Có ô gộp %(range)s: hãy bỏ gộp ô (Unmerge) rồi tải lại.") % {"range": merged},
                row=range_boundaries(merged)[1],
            )
        )
    headers: list[str] = []
    rows: list[tuple[int, list[object]]] = []
    for line, row in enumerate(ws.iter_rows(), start=1):
        if line > MAX_ROWS + 1 or len(row) > MAX_COLUMNS:
            raise _too_big(f"> {line - 1}" if line > MAX_ROWS + 1 else line, len(row))
        cells = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or _is_formula_text(value):
                formula = value if isinstance(value, str) else getattr(value, "text", "")
                errors.append(
                    RowError(
                        _("Ô %(cell)s chứa công thức; hãy dán giá trị (Paste Values).")
                        % {"cell": cell.coordinate},
                        row=line,
                        column=headers[cell.column - 1]
                        if cell.column <= len(headers)
                        else get_column_letter(cell.column),
                        value=str(formula)[:60],
                    )
                )
                cells.append(None)
            else:
                cells.append(value)
        if not headers:
            if any(cell_text(v) for v in cells):
                headers = [cell_text(v) for v in cells]
            continue
        rows.append((line, cells + [None] * (len(headers) - len(cells))))
    return _Table(headers=headers, rows=rows, errors=errors)


def _read_csv(content: bytes) -> _Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            [RowError(_("Tệp CSV phải mã hóa UTF-8 (trong Excel: Lưu thành › CSV UTF-8)."))]
        ) from exc
    if "\x00" in text:
        raise ImportFileError(
            [RowError(_("Tệp không phải tệp Excel (.xlsx) hay CSV dạng văn bản."))]
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in Vietnamese writes ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    headers: list[str] = []
    rows: list[tuple[int, list[object]]] = []
    errors: list[RowError] = []
    try:
        for line, cells in enumerate(reader, start=1):
            if line > MAX_ROWS + 1:
                raise ImportFileError([RowError(_("Tệp có hơn %(max)s dòng.") % {"max": MAX_ROWS})])
            if not headers:
                if any(c.strip() for c in cells):
                    headers = [c.strip() for c in cells]
                continue
            for index, value in enumerate(cells):
                if _is_formula_text(value.strip()):
                    column = headers[index] if index < len(headers) else str(index + 1)
                    errors.append(
                        RowError(
                            _("Ô chứa công thức; hãy ghi giá trị."),
                            row=line,
                            column=column,
                            value=value.strip()[:60],
                        )
                    )
                    cells[index] = ""
            rows.append((line, list(cells)))
    except csv.Error as exc:
        raise ImportFileError(
            [RowError(_("Không đọc được tệp CSV: %(error)s") % {"error": exc})]
        ) from exc
    return _Table(headers=headers, rows=rows, errors=errors)


def read_table(content: bytes, file_name: str) -> _Table:
    max_bytes = settings.DTI_IMPORT_MAX_BYTES
    if not content:
        raise ImportFileError([RowError(_("Tệp rỗng."))])
    if len(content) > max_bytes:
        raise ImportFileError(
            [
                RowError(
                    _("Tệp quá lớn: %(size)s KB, tối đa %(max)s KB.")
                    % {"size": len(content) // 1024, "max": max_bytes // 1024}
                )
            ]
        )
    suffix = PurePath(file_name).suffix.lower()
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            [RowError(_("Tệp Excel 97–2003 (.xls) không được hỗ trợ: hãy lưu thành .xlsx."))]
        )
    if content.startswith(b"PK\x03\x04"):
        table = _read_xlsx(content)
    elif suffix in (".xlsx", ".xlsm"):
        raise ImportFileError([RowError(_("Tệp không phải tệp Excel (.xlsx) hợp lệ."))])
    elif suffix in (".csv", ".txt", ""):
        table = _read_csv(content)
    else:
        raise ImportFileError(
            [
                RowError(
                    _("Chỉ nhận tệp .xlsx hoặc .csv (tệp gửi lên: %(name)s).") % {"name": file_name}
                )
            ]
        )
    if not table.headers:
        raise ImportFileError([RowError(_("Tệp rỗng: không có dòng tiêu đề."))])
    if not table.rows:
        raise ImportFileError([*table.errors, RowError(_("Tệp không có dòng số liệu nào."))])
    return table


@dataclass(frozen=True)
class FileSource:
    """What the template's source sheet says: an address, or a document and its date."""

    url: str = ""
    document: str = ""
    date: "datetime.date | None" = None


def file_source(content: bytes, file_name: str) -> FileSource:
    """The source sheet of an uploaded .xlsx (empty for a CSV, a file without the sheet,
    or a file that does not open: the data checks report that)."""
    if PurePath(file_name).suffix.lower() != ".xlsx":
        return FileSource()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # the data read reports a damaged file
        return FileSource()
    try:
        if SOURCE_SHEET not in workbook.sheetnames:
            return FileSource()
        cells = [
            row[1] if len(row) > 1 else None
            for row in workbook[SOURCE_SHEET].iter_rows(min_row=1, max_row=3, values_only=True)
        ]
    finally:
        workbook.close()
    cells += [None] * (3 - len(cells))
    url, document, day = cells[:3]
    if isinstance(day, datetime.datetime):
        day = day.date()
    elif isinstance(day, str):
        try:
            day = datetime.datetime.strptime(day.strip(), "%d/%m/%Y").date()
        except ValueError:
            day = None
    elif not isinstance(day, datetime.date):
        day = None
    return FileSource(
        url=str(url).strip() if url else "",
        document=str(document).strip()[:200] if document else "",
        date=day,
    )
