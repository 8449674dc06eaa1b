"""Data entry: a year's scores from an .xlsx or .csv file, as a draft change set.

The same service serves the upload page and ``python manage.py import_dti``:

1. ``import_template_build`` writes the template of a year and pool: one row per
   unit of the pool (code + name), one column per indicator of the year's
   framework, a second sheet with instructions and the allowed ranges, and data
   validation (decimal 0..1) in the value cells.
2. ``import_validate`` reads a file and checks every cell without writing
   anything: the preview lists what would be added, changed (old → new) or left
   unchanged, and every error with its row, column and value, in Vietnamese.
3. ``import_apply`` validates again inside one transaction and, only if there is
   no error at all, writes the new values as DRAFT scores of a new ChangeSet.
4. ``change_set_publish`` makes a draft change set public and recomputes the
   derived values (pillars, merged units); ranks are computed from published
   values whenever a page is read, so they follow at once.

Units are matched by CODE among the units of the pool (codes were reused on
01/07/2025: 24 is Bắc Giang in the 63 and Bắc Ninh in the 34); a name, when
given, is only a cross-check against the unit's known spellings.
"""

import csv
import datetime
import hashlib
import io
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.caching import version as versioning
from indicators.caching.catalog import SYNTHETIC_PREFIX, include_synthetic
from indicators.entry import rights
from indicators.loading.derived import derived_scores_recompute, framework_weights
from indicators.loading.frameworks import source_get_or_create
from indicators.models import ChangeSet, Framework, Indicator, Provenance, Score, ScoreStatus
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.rules.weights import combined_rest, pillars_from_dti, weighted_total
from provinces.history import delete_without_history, history_baseline_ensure
from provinces.models import Unit
from provinces.pools import POOL_DATES
from provinces.text import search_key, unaccent

DATA_SHEET = "Số liệu"
HELP_SHEET = "Hướng dẫn"
MAX_ROWS = 1000  # a year has 63 rows; anything far bigger is not a DTI table
MAX_COLUMNS = 200
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: refuse a "zip bomb"
DECIMALS = Decimal("0.000001")  # Score.value keeps 6 decimals

# Header spellings accepted for the identifying columns (compared without accents).
YEAR_HEADERS = {"nam", "year"}
CODE_HEADERS = {"madonvi", "ma", "code", "unitcode", "matinh"}
NAME_HEADERS = {"tendonvi", "ten", "name", "unitname", "tentinh"}
YEAR_LABEL, CODE_LABEL, NAME_LABEL = "Năm", "Mã đơn vị", "Tên đơn vị"


class ImportFileError(ValueError):
    """The file cannot be read as a table at all (not Excel, empty, too big …)."""

    def __init__(self, errors: list["RowError"]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class ImportRejected(ValueError):
    """The file has errors (or nothing to write): nothing was written."""

    def __init__(self, preview: "ImportPreview", message: str = ""):
        super().__init__(message or "\n".join(str(e) for e in preview.errors))
        self.preview = preview


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` is the line of the file (the header is line 1; None for
    the whole file), ``column`` the header text, ``value`` the cell as read."""

    message: str
    row: int | None = None
    column: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("dòng %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("cột %(column)s") % {"column": self.column})
        if self.value:
            where.append(f"'{self.value}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Change:
    """One value of the file against what is published now."""

    ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"

    row: int
    unit: Unit
    indicator: Indicator
    new: Decimal
    old: Decimal | None
    old_provenance: str | None  # "published" or a derived provenance (then kind is ADDED)
    kind: str


@dataclass
class ImportPreview:
    """What a file would do, computed without writing anything."""

    year: int
    pool: int
    file_name: str
    sha256: str
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def added(self) -> list[Change]:
        return self.of_kind(Change.ADDED)

    @property
    def changed(self) -> list[Change]:
        return self.of_kind(Change.CHANGED)

    @property
    def unchanged(self) -> list[Change]:
        return self.of_kind(Change.UNCHANGED)

    @property
    def to_write(self) -> list[Change]:
        return [c for c in self.changes if c.kind != Change.UNCHANGED]

    @property
    def digest(self) -> str:
        """A fingerprint of what would be written: the confirm step refuses to apply
        when the database moved on since the admin saw the preview."""
        text = "|".join(f"{c.unit.pk}:{c.indicator.code}:{c.old}:{c.new}" for c in self.to_write)
        return hashlib.sha256(f"{self.sha256}|{self.year}|{self.pool}|{text}".encode()).hexdigest()

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
        }


# ----------------------------------------------------------------------------
# Pools and frameworks of a year
# ----------------------------------------------------------------------------


def import_pools(year: int) -> list[int]:
    """Pools a year's figures are entered in: 63 up to 2024, 34 from 2024 (DTI 2024
    was published for both)."""
    pools = [63] if year <= OFFICIAL_MERGER_YEAR else []
    if year >= OFFICIAL_MERGER_YEAR:
        pools.append(34)
    return pools


def _framework_codes(framework: Framework) -> list[Indicator]:
    nodes = framework.nodes.select_related("indicator").order_by("indicator__order")
    if not include_synthetic():  # synthetic component indices: benchmark servers only
        nodes = nodes.exclude(indicator__code__startswith=SYNTHETIC_PREFIX)
    return [node.indicator for node in nodes]


def _pool_units(pool: int) -> list[Unit]:
    return list(Unit.objects.in_pool(pool).prefetch_related("aliases").order_by("code"))


def _check_year_pool(year: int, pool: int) -> Framework:
    framework = Framework.objects.filter(year=year).first()
    if framework is None:
        years = ", ".join(str(y) for y in Framework.objects.values_list("year", flat=True))
        raise ImportFileError(
            [
                RowError(
                    _("Chưa có khung chỉ số năm %(year)s (có: %(years)s).")
                    % {"year": year, "years": years}
                )
            ]
        )
    if pool not in import_pools(year):
        raise ImportFileError(
            [
                RowError(
                    _("Năm %(year)s không nhập theo nhóm %(pool)s đơn vị.")
                    % {"year": year, "pool": pool}
                )
            ]
        )
    return framework


# ----------------------------------------------------------------------------
# Template
# ----------------------------------------------------------------------------


def import_template_build(*, year: int, pool: int) -> bytes:
    """The .xlsx template of a year and pool (see the module docstring)."""
    framework = _check_year_pool(year, pool)
    indicators = _framework_codes(framework)
    units = _pool_units(pool)
    points = {n.indicator_id: n.max_points for n in framework.nodes.all()}

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    headers = [YEAR_LABEL, CODE_LABEL, NAME_LABEL, *[i.code for i in indicators]]
    ws.append(headers)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for col, indicator in enumerate(indicators, start=4):
        ws.cell(row=1, column=col).comment = Comment(
            f"{indicator.name}\n{_('Giá trị từ 0 đến 1')}", "DTI"
        )
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    for unit in units:
        ws.append([year, unit.code, unit.name])
    last_row = len(units) + 1
    for row in ws.iter_rows(min_row=2, max_row=last_row, min_col=2, max_col=2):
        row[0].number_format = "@"  # keep the leading zero of "01"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 11
    ws.column_dimensions["C"].width = 22
    last_col = get_column_letter(len(headers))
    for col in range(4, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 10
    for row in ws.iter_rows(min_row=2, max_row=last_row, min_col=4, max_col=len(headers)):
        for cell in row:
            cell.number_format = "0.0000"
    validation = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="1",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Giá trị không hợp lệ"),
        error=_("Nhập một số từ 0 đến 1 (ví dụ 0,7350), hoặc để trống."),
        promptTitle=_("Giá trị 0..1"),
        prompt=_("Số từ 0 đến 1, 4 chữ số thập phân; để trống nếu chưa công bố."),
    )
    validation.showInputMessage = True
    ws.add_data_validation(validation)
    if indicators and units:
        validation.add(f"D2:{last_col}{last_row}")
    ws.freeze_panes = "D2"

    help_ws = wb.create_sheet(HELP_SHEET)
    day = POOL_DATES[pool]
    lines = [
        [
            _("Mẫu nhập số liệu DTI năm %(year)s – nhóm %(pool)s đơn vị")
            % {"year": year, "pool": pool}
        ],
        [
            _("Đơn vị: %(count)s đơn vị hành chính cấp tỉnh có hiệu lực ngày %(day)s.")
            % {"count": len(units), "day": f"{day:%d/%m/%Y}"}
        ],
        [],
        [_("Cách điền")],
        [
            _(
                '1. Mỗi dòng một đơn vị; đơn vị được nhận diện theo MÃ (cột "Mã đơn vị"), tên chỉ để đối chiếu.'
            )
        ],
        [_("2. Mỗi cột chỉ số nhận một số từ 0 đến 1 (ví dụ 0,7350); để trống nếu chưa công bố.")],
        [
            _(
                "3. Ô để trống không xóa giá trị đã có. Không dùng công thức, không gộp ô, không đổi tên cột."
            )
        ],
        [
            _('4. Cột "Năm" phải là %(year)s. Không thêm đơn vị không có trong danh sách.')
            % {"year": year}
        ],
        [
            _(
                "5. Tải tệp lên trang Nhập số liệu; số liệu là bản nháp cho tới khi người có quyền công bố."
            )
        ],
        [],
        [
            _("Mã chỉ số"),
            _("Tên chỉ số"),
            _("Loại"),
            _("Khoảng cho phép"),
            _("Điểm tối đa"),
        ],
    ]
    for line in lines:
        help_ws.append(line)
    header_row = help_ws.max_row
    for indicator in indicators:
        max_points = points.get(indicator.pk)
        help_ws.append(
            [
                indicator.code,
                indicator.name,
                indicator.get_kind_display(),
                "0 – 1",
                float(max_points) if max_points else None,
            ]
        )
    for cell in (help_ws["A1"], help_ws["A4"], *help_ws[header_row]):
        cell.font = bold
    help_ws.column_dimensions["A"].width = 12
    help_ws.column_dimensions["B"].width = 48
    help_ws.column_dimensions["C"].width = 22
    help_ws.column_dimensions["D"].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------
# Reading a file into rows of raw cells
# ----------------------------------------------------------------------------


@dataclass
class _Table:
    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (line number, cells)
    errors: list[RowError] = field(default_factory=list)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_formula_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def _read_xlsx(content: bytes) -> _Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ImportFileError(
                    [RowError(_("Tệp Excel giải nén quá lớn; đây không phải một bảng DTI."))]
                )
        workbook = load_workbook(io.BytesIO(content), data_only=False)
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
    ws = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
    if ws.max_row > MAX_ROWS + 1 or ws.max_column > MAX_COLUMNS:
        raise ImportFileError(
            [
                RowError(
                    _("Trang tính có %(rows)s dòng × %(cols)s cột; tối đa %(max)s dòng.")
                    % {"rows": ws.max_row, "cols": ws.max_column, "max": MAX_ROWS}
                )
            ]
        )
    errors = []
    for merged in ws.merged_cells.ranges:
        errors.append(
            RowError(
                _("Có ô gộp %(range)s: hãy bỏ gộp ô (Unmerge) rồi tải lại.")
                % {"range": merged.coord},
                row=merged.min_row,
            )
        )
    headers: list[str] = []
    rows: list[tuple[int, list[object]]] = []
    for line, row in enumerate(ws.iter_rows(), start=1):
        cells = []
        for cell in row:
            if cell.data_type == "f" or _is_formula_text(cell.value):
                formula = (
                    cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
                )
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
                cells.append(cell.value)
        if not headers:
            if any(_cell_text(v) for v in cells):
                headers = [_cell_text(v) for v in cells]
            continue
        rows.append((line, cells))
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


def _read_table(content: bytes, file_name: str) -> _Table:
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


# ----------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------


def _header_key(text: str) -> str:
    return "".join(ch for ch in unaccent(text).lower() if ch.isalnum())


def _indicator_code(header: str) -> str:
    """ "HTS", "HTS – Hạ tầng số" and "hts" all name HTS."""
    return header.replace("–", " ").replace("-", " ").split()[0].upper() if header.strip() else ""


@dataclass
class _Columns:
    year: int | None = None
    code: int | None = None
    name: int | None = None
    indicators: dict[int, Indicator] = field(default_factory=dict)


def _columns(
    headers: list[str],
    framework: Framework,
    all_indicators: dict[str, Indicator],
    errors: list[RowError],
) -> _Columns:
    in_framework = {i.code: i for i in _framework_codes(framework)}
    columns = _Columns()
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _header_key(header)
        if not key:
            continue
        if key in seen:
            errors.append(
                RowError(
                    _("Cột bị lặp (trùng với cột %(col)s).")
                    % {"col": get_column_letter(seen[key] + 1)},
                    row=1,
                    column=header,
                )
            )
            continue
        seen[key] = index
        if key in YEAR_HEADERS:
            columns.year = index
        elif key in CODE_HEADERS:
            columns.code = index
        elif key in NAME_HEADERS:
            columns.name = index
        elif (code := _indicator_code(header)) in in_framework:
            columns.indicators[index] = in_framework[code]
        elif code in all_indicators:
            errors.append(
                RowError(
                    _("Chỉ số %(code)s không có trong khung chỉ số năm %(year)s (có: %(codes)s).")
                    % {"code": code, "year": framework.year, "codes": ", ".join(in_framework)},
                    row=1,
                    column=header,
                )
            )
        else:
            errors.append(
                RowError(
                    _("Cột không nhận ra: không phải Năm, Mã đơn vị, Tên đơn vị hay mã chỉ số."),
                    row=1,
                    column=header,
                )
            )
    for index, label in ((columns.year, YEAR_LABEL), (columns.code, CODE_LABEL)):
        if index is None:
            errors.append(RowError(_('Thiếu cột bắt buộc "%(label)s".') % {"label": label}, row=1))
    if not columns.indicators:
        errors.append(
            RowError(
                _("Không có cột chỉ số nào của khung năm %(year)s.") % {"year": framework.year},
                row=1,
            )
        )
    return columns


def _parse_value(raw: object) -> Decimal | str | None:
    """A decimal, None for an empty cell, or the error message."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, (bool, datetime.date, datetime.time, datetime.timedelta)):
        return _("không phải số")
    if isinstance(raw, (int, float, Decimal)):
        text = repr(raw) if isinstance(raw, float) else str(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")  # Vietnamese decimal comma: "0,7350"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return _("ô số chứa chữ: không phải số")
    if not value.is_finite():
        return _("không phải số")
    if not 0 <= value <= 1:
        return _("ngoài khoảng cho phép 0..1")
    return value.quantize(DECIMALS, rounding=ROUND_HALF_UP)


def _parse_year(raw: object) -> int | None:
    text = _cell_text(raw)
    return int(text) if text.isdigit() else None


def _parse_code(raw: object) -> str:
    text = _cell_text(raw)
    return text.zfill(2) if text.isdigit() else text


def _unit_keys(unit: Unit) -> set[str]:
    return {
        search_key(unit.name),
        search_key(unit.full_name),
        *(a.key for a in unit.aliases.all()),
    }


def import_validate(
    *, content: bytes, file_name: str, year: int, pool: int, user=None
) -> ImportPreview:
    """Read and check a file of a year's figures; write nothing.

    Every cell is checked (unit code of the pool, name against the code, duplicate
    row, year, number 0..1, indicator of the year's framework, formulas, merged
    cells) and compared with the published value. ``user`` (None = no limit, the
    command line) restricts the units to those the user may edit. Raises
    ImportFileError when the file is not a readable table at all.
    """
    started = time.perf_counter()
    preview = ImportPreview(
        year=year,
        pool=pool,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    framework = _check_year_pool(year, pool)
    table = _read_table(content, file_name)
    errors = preview.errors
    errors.extend(table.errors)
    all_indicators = {i.code: i for i in Indicator.objects.all()}
    columns = _columns(table.headers, framework, all_indicators, errors)
    preview.columns = [i.code for i in columns.indicators.values()]
    if columns.code is None or columns.year is None:
        preview.seconds = time.perf_counter() - started
        return preview

    units_by_code = {u.code: u for u in _pool_units(pool)}
    allowed = rights.editable_unit_ids(user) if user is not None else None
    header = table.headers
    seen_rows: dict[int, int] = {}
    parsed: list[tuple[int, Unit, Indicator, Decimal]] = []
    for line, cells in table.rows:
        cells = cells + [None] * (len(header) - len(cells))
        if not any(_cell_text(v) for v in cells):
            continue
        preview.rows += 1
        extra = [i for i in range(len(header), len(cells)) if _cell_text(cells[i])]
        if extra:
            errors.append(
                RowError(
                    _("Có giá trị ở cột không có tiêu đề."),
                    row=line,
                    column=get_column_letter(extra[0] + 1),
                )
            )
        for index, head in enumerate(header):
            if not head.strip() and _cell_text(cells[index]):
                errors.append(
                    RowError(
                        _("Có giá trị ở cột không có tiêu đề."),
                        row=line,
                        column=get_column_letter(index + 1),
                        value=_cell_text(cells[index]),
                    )
                )
        row_year = _parse_year(cells[columns.year])
        if row_year != year:
            errors.append(
                RowError(
                    _("Sai năm: tệp đang nhập cho năm %(year)s.") % {"year": year},
                    row=line,
                    column=header[columns.year],
                    value=_cell_text(cells[columns.year]) or "∅",
                )
            )
            continue
        code = _parse_code(cells[columns.code])
        unit = units_by_code.get(code)
        if unit is None:
            errors.append(
                RowError(
                    _("Mã đơn vị không có trong nhóm %(pool)s đơn vị (hiệu lực %(day)s).")
                    % {"pool": pool, "day": f"{POOL_DATES[pool]:%d/%m/%Y}"},
                    row=line,
                    column=header[columns.code],
                    value=code or "∅",
                )
            )
            continue
        if unit.pk in seen_rows:
            errors.append(
                RowError(
                    _("Dòng trùng: %(unit)s đã có ở dòng %(first)s.")
                    % {"unit": unit.name, "first": seen_rows[unit.pk]},
                    row=line,
                    column=header[columns.code],
                    value=code,
                )
            )
            continue
        seen_rows[unit.pk] = line
        if columns.name is not None:
            name = _cell_text(cells[columns.name])
            if name and search_key(name) not in _unit_keys(unit):
                errors.append(
                    RowError(
                        _("Tên không khớp với mã %(code)s (%(unit)s).")
                        % {"code": code, "unit": unit.name},
                        row=line,
                        column=header[columns.name],
                        value=name,
                    )
                )
                continue
        has_values = any(_cell_text(cells[index]) for index in columns.indicators)
        if (
            allowed is not None and unit.pk not in allowed and has_values
        ):  # the template lists every unit
            errors.append(
                RowError(
                    _("Bạn không được phân công nhập số liệu của %(unit)s.") % {"unit": unit.name},
                    row=line,
                    column=header[columns.code],
                    value=code,
                )
            )
            continue
        for index, indicator in columns.indicators.items():
            value = _parse_value(cells[index])
            if value is None:
                continue
            if isinstance(value, str):
                errors.append(
                    RowError(
                        value,
                        row=line,
                        column=header[index],
                        value=_cell_text(cells[index]),
                    )
                )
                continue
            parsed.append((line, unit, indicator, value))

    keys_units = {u.pk for _, u, _, _ in parsed}
    codes = set(preview.columns)
    current = {
        (unit_id, code): (value, provenance)
        for unit_id, code, value, provenance in Score.objects.published()
        .filter(year=year, unit_id__in=keys_units)
        .values_list("unit_id", "indicator__code", "value", "provenance")
    }
    _check_weights(framework, parsed, current, preview)
    drafts = {
        (unit_id, code): (value, change_set_id)
        for unit_id, code, value, change_set_id in Score.objects.drafts()
        .filter(year=year, unit_id__in=keys_units, indicator__code__in=codes)
        .values_list("unit_id", "indicator__code", "value", "change_set_id")
    }
    for line, unit, indicator, value in parsed:
        old, provenance = current.get((unit.pk, indicator.code), (None, None))
        if old is not None and provenance == Provenance.PUBLISHED:
            kind = Change.UNCHANGED if old == value else Change.CHANGED
        else:
            kind = Change.ADDED
        pending = drafts.get((unit.pk, indicator.code))
        if pending is not None:
            message = _(
                "Đã có bản nháp chưa công bố (đợt #%(id)s, giá trị %(value)s): hãy công bố hoặc hủy đợt đó trước."
            ) % {"id": pending[1], "value": f"{pending[0]:.4f}"}
            if kind == Change.UNCHANGED:
                preview.warnings.append(
                    RowError(message, row=line, column=indicator.code, value=f"{value:.4f}")
                )
            else:
                errors.append(
                    RowError(message, row=line, column=indicator.code, value=f"{value:.4f}")
                )
                continue
        preview.changes.append(
            Change(
                row=line,
                unit=unit,
                indicator=indicator,
                new=value,
                old=old,
                old_provenance=provenance,
                kind=kind,
            )
        )
    preview.seconds = time.perf_counter() - started
    return preview


def _check_weights(
    framework: Framework, parsed: list, current: dict, preview: ImportPreview
) -> None:
    """Check each unit's values against the year's weights (DESIGN §2): the pillars
    computed from the DTI and activity indices must lie in 0..1 (an error: they
    could not be derived on publish), and where all main indices are given their
    weighted sum should give the DTI (a warning: the published DTI is the truth)."""
    weights = framework_weights(framework)
    if weights is None:
        return
    rows: dict[int, dict[str, Decimal]] = {}
    lines: dict[int, int] = {}
    for line, unit, indicator, value in parsed:
        rows.setdefault(unit.pk, {})[indicator.code] = value
        lines[unit.pk] = line
    published_by_unit: dict[int, dict[str, Decimal]] = {}  # one pass, not one per unit
    for (u, code), (v, prov) in current.items():
        if prov == Provenance.PUBLISHED:
            published_by_unit.setdefault(u, {})[code] = v
    for unit_id, given in rows.items():
        values = dict(published_by_unit.get(unit_id, {}))
        values.update(given)
        if not set(given) & {"DTI", *weights.points}:
            continue
        dti = values.get("DTI")
        pillars = pillars_from_dti(dti, values, weights)
        bad = ", ".join(
            f"{p} = {v:.4f}" for p, v in pillars.items() if p not in values and not 0 <= v <= 1
        )
        if bad:
            preview.errors.append(
                RowError(
                    _(
                        "DTI và các chỉ số hoạt động không khớp theo trọng số: trụ cột tính ra ngoài 0..1 (%(bad)s). "
                        "Kiểm tra lại DTI và HDCQS/HDKTS/HDXHS."
                    )
                    % {"bad": bad},
                    row=lines[unit_id],
                    column="DTI",
                    value=f"{dti:.4f}",
                )
            )
        combined = combined_rest(dti, values, weights)
        if combined is not None and not combined.in_range:
            preview.warnings.append(
                RowError(
                    _(
                        "Theo trọng số, tổng các chỉ số chính chưa có giá trị (%(codes)s) là %(value)s, "
                        "ngoài khoảng 0..%(upper)s: DTI và các chỉ số chính không khớp."
                    )
                    % {
                        "codes": ", ".join(combined.codes),
                        "value": f"{combined.value:.4f}",
                        "upper": combined.upper,
                    },
                    row=lines[unit_id],
                    column="DTI",
                )
            )
        total = weighted_total(values, weights)
        if total is not None and dti is not None and abs(total - dti) > Decimal("0.0005"):
            preview.warnings.append(
                RowError(
                    _("Tổng có trọng số của các chỉ số chính là %(total)s, khác DTI %(dti)s.")
                    % {"total": f"{total:.4f}", "dti": f"{dti:.4f}"},
                    row=lines[unit_id],
                    column="DTI",
                )
            )


# ----------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------


@transaction.atomic
def import_apply(
    *,
    content: bytes,
    file_name: str,
    year: int,
    pool: int,
    user=None,
    origin: str = ChangeSet.Origin.UPLOAD,
    source_url: str = "",
    note: str = "",
    expected_digest: str | None = None,
) -> tuple[ChangeSet, ImportPreview]:
    """Validate the file again and write its new and changed values as DRAFT scores
    of a new change set, all in one transaction. Raises ImportRejected (nothing
    written) on any error, when there is nothing to write, or when
    ``expected_digest`` (the preview the admin confirmed) no longer matches."""
    if user is not None and not rights.can_import(user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))
    preview = import_validate(content=content, file_name=file_name, year=year, pool=pool, user=user)
    if not preview.ok:
        raise ImportRejected(preview)
    if not preview.to_write:
        raise ImportRejected(
            preview, _("Tệp không có giá trị mới hay thay đổi nào: không có gì để ghi.")
        )
    if expected_digest is not None and expected_digest != preview.digest:
        raise ImportRejected(
            preview,
            _("Số liệu đã thay đổi từ lúc xem trước; hãy xem lại bản xem trước rồi xác nhận."),
        )
    source = source_get_or_create(url=source_url) if source_url else None
    change_set = ChangeSet(
        year=year,
        pool=pool,
        origin=origin,
        file_name=file_name[:255],
        file_sha256=preview.sha256,
        source=source,
        note=note,
        row_count=preview.rows,
        added_count=len(preview.added),
        changed_count=len(preview.changed),
        unchanged_count=len(preview.unchanged),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    change_set.full_clean()
    change_set.save()
    reason = _("Nhập từ tệp %(name)s (đợt #%(id)s)") % {
        "name": file_name,
        "id": change_set.pk,
    }
    drafts = [
        Score(
            unit=c.unit,
            indicator=c.indicator,
            year=year,
            value=c.new,
            provenance=Provenance.PUBLISHED,
            status=ScoreStatus.DRAFT,
            change_set=change_set,
            note=reason,
        )
        for c in preview.to_write
    ]
    for draft in drafts:
        # Relations are loaded objects (no lookup query each); the DB checks the constraints.
        draft.full_clean(
            exclude=["unit", "indicator", "change_set"],
            validate_unique=False,
            validate_constraints=False,
        )
    try:
        created = bulk_create_with_history(
            drafts,
            Score,
            default_user=change_set.created_by,
            default_change_reason=reason[:100],
        )
    except IntegrityError as exc:  # another upload took the same cells meanwhile
        raise ImportRejected(
            preview, _("Một đợt nhập khác vừa ghi cùng ô; hãy tải lại tệp.")
        ) from exc
    if source is not None:
        Score.sources.through.objects.bulk_create(
            [Score.sources.through(score_id=s.pk, source_id=source.pk) for s in created]
        )
    return change_set, preview


def change_set_drafts(*, change_set: ChangeSet) -> list[tuple[Score, Score | None]]:
    """The drafts of a change set with the published score each replaces (or None)."""
    drafts = list(
        change_set.scores.drafts()
        .select_related("unit", "indicator")
        .order_by("unit__name", "indicator__order")
    )
    published = {
        (s.unit_id, s.indicator_id): s
        for s in Score.objects.published().filter(
            year=change_set.year, unit_id__in={d.unit_id for d in drafts}
        )
    }
    return [(d, published.get((d.unit_id, d.indicator_id))) for d in drafts]


@transaction.atomic
def change_set_publish(*, change_set: ChangeSet, user) -> int:
    """Publish a draft change set: each draft replaces the published value (history
    keeps the old one, with the publisher as author), then the derived values are
    recomputed. Returns how many values were published."""
    if not rights.can_publish(user):
        raise PermissionDenied(_("Bạn không có quyền công bố số liệu."))
    change_set = ChangeSet.objects.select_for_update().get(pk=change_set.pk)
    if not change_set.is_draft:
        raise ValueError(_("Đợt #%(id)s không còn là bản nháp.") % {"id": change_set.pk})
    reason = (_("Công bố đợt #%(id)s") % {"id": change_set.pk})[:100]
    pairs = change_set_drafts(change_set=change_set)
    history_baseline_ensure(
        Score, [published.pk for _draft, published in pairs if published is not None]
    )
    updated, flipped, merged = [], [], []
    for draft, published in pairs:
        if published is None:
            draft.status = ScoreStatus.PUBLISHED
            flipped.append(draft)
        else:
            published.value, published.provenance, published.note = (
                draft.value,
                Provenance.PUBLISHED,
                draft.note,
            )
            published.change_set = change_set
            updated.append(published)
            merged.append(draft)
    if merged:
        # Drop the superseded drafts first (a draft and its published row share the key);
        # their value lives on in the published row's history ("Công bố đợt #N").
        delete_without_history(Score.objects.filter(pk__in=[d.pk for d in merged]))
    if updated:
        bulk_update_with_history(
            updated,
            Score,
            ["value", "provenance", "note", "change_set"],
            default_user=user,
            default_change_reason=reason,
        )
    if flipped:
        bulk_update_with_history(
            flipped, Score, ["status"], default_user=user, default_change_reason=reason
        )
    if change_set.source_id:
        Score.sources.through.objects.bulk_create(
            [Score.sources.through(score_id=s.pk, source_id=change_set.source_id) for s in updated],
            ignore_conflicts=True,
        )
    try:
        with transaction.atomic():
            derived_scores_recompute()
    except IntegrityError as exc:  # e.g. two change sets that are each fine but not together
        raise ValueError(
            _(
                "Không công bố được đợt #%(id)s: không tính được các giá trị suy ra (trụ cột, tỉnh hợp nhất) – %(error)s"
            )
            % {"id": change_set.pk, "error": exc}
        ) from exc
    change_set.status = ChangeSet.Status.PUBLISHED
    change_set.published_by = user
    change_set.published_at = timezone.now()
    change_set.save(update_fields=["status", "published_by", "published_at"])
    versioning.bump()  # bulk writes send no signal: pages and caches see the publish at once
    return len(pairs)


@transaction.atomic
def change_set_discard(*, change_set: ChangeSet, user) -> int:
    """Drop a draft change set: its drafts are deleted (kept in the history);
    published values are untouched. Returns how many drafts were dropped."""
    change_set = ChangeSet.objects.select_for_update().get(pk=change_set.pk)
    if not change_set.is_draft:
        raise ValueError(_("Đợt #%(id)s không còn là bản nháp.") % {"id": change_set.pk})
    if not (
        rights.can_publish(user)
        or (change_set.created_by_id == user.pk and rights.can_import(user))
    ):
        raise PermissionDenied(_("Chỉ người nhập hoặc người có quyền công bố được hủy đợt này."))
    count, _by_model = change_set.scores.drafts().delete()
    change_set.status = ChangeSet.Status.DISCARDED
    change_set.save(update_fields=["status"])
    return _by_model.get(Score._meta.label, 0)


def change_set_for_admin_edit(*, user, year: int) -> ChangeSet:
    """The open draft change set that a user's edits in the admin go into (one per
    user and year, created on first use)."""
    change_set = ChangeSet.objects.filter(
        created_by=user,
        year=year,
        origin=ChangeSet.Origin.ADMIN,
        status=ChangeSet.Status.DRAFT,
    ).first()
    if change_set is None:
        change_set = ChangeSet.objects.create(
            created_by=user, year=year, origin=ChangeSet.Origin.ADMIN
        )
    return change_set


def preview_rows(preview: ImportPreview) -> Iterable[Change]:
    """The changes to show first: changed, then added, then unchanged."""
    order = {Change.CHANGED: 0, Change.ADDED: 1, Change.UNCHANGED: 2}
    return sorted(preview.changes, key=lambda c: (order[c.kind], c.row, c.indicator.order))
