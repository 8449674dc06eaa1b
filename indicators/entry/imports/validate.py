"""Checking every cell of a table against the year's units and framework without
writing anything: the preview of what an import would add or change."""

import datetime
import hashlib
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from indicators.caching.catalog import catalog
from indicators.entry import rights
from indicators.entry.imports.read import cell_text, read_table
from indicators.entry.imports.types import (
    CODE_HEADERS,
    CODE_LABEL,
    DECIMALS,
    NAME_HEADERS,
    YEAR_HEADERS,
    YEAR_LABEL,
    Change,
    ImportPreview,
    RowError,
    check_year_pool,
    framework_codes,
    pool_units,
)
from indicators.loading.derived import framework_weights
from indicators.models import Derivation, Framework, Indicator, Provenance, Score
from indicators.rules.weights import combined_rest, pillars_from_dti, weighted_total
from provinces.models import Unit
from provinces.pools import POOL_DATES
from provinces.text import search_key, unaccent

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
    in_framework = {i.code: i for i in framework_codes(framework)}
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
    text = cell_text(raw)
    return int(text) if text.isdigit() else None


def _parse_code(raw: object) -> str:
    text = cell_text(raw)
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
    framework = check_year_pool(year, pool)
    table = read_table(content, file_name)
    errors = preview.errors
    errors.extend(table.errors)
    all_indicators = {i.code: i for i in Indicator.objects.all()}
    columns = _columns(table.headers, framework, all_indicators, errors)
    preview.columns = [i.code for i in columns.indicators.values()]
    if columns.code is None or columns.year is None:
        preview.seconds = time.perf_counter() - started
        return preview

    units_by_code = {u.code: u for u in pool_units(pool)}
    allowed = rights.editable_unit_ids(user) if user is not None else None
    header = table.headers
    seen_rows: dict[int, int] = {}
    parsed: list[tuple[int, Unit, Indicator, Decimal]] = []
    for line, cells in table.rows:
        cells = cells + [None] * (len(header) - len(cells))
        if not any(cell_text(v) for v in cells):
            continue
        preview.rows += 1
        extra = [i for i in range(len(header), len(cells)) if cell_text(cells[i])]
        if extra:
            errors.append(
                RowError(
                    _("Có giá trị ở cột không có tiêu đề."),
                    row=line,
                    column=get_column_letter(extra[0] + 1),
                )
            )
        for index, head in enumerate(header):
            if not head.strip() and cell_text(cells[index]):
                errors.append(
                    RowError(
                        _("Có giá trị ở cột không có tiêu đề."),
                        row=line,
                        column=get_column_letter(index + 1),
                        value=cell_text(cells[index]),
                    )
                )
        row_year = _parse_year(cells[columns.year])
        if row_year != year:
            errors.append(
                RowError(
                    _("Sai năm: tệp đang nhập cho năm %(year)s.") % {"year": year},
                    row=line,
                    column=header[columns.year],
                    value=cell_text(cells[columns.year]) or "∅",
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
                    unit=str(unit),
                    column=header[columns.code],
                    value=code,
                )
            )
            continue
        seen_rows[unit.pk] = line
        if columns.name is not None:
            name = cell_text(cells[columns.name])
            if name and search_key(name) not in _unit_keys(unit):
                errors.append(
                    RowError(
                        _("Tên không khớp với mã %(code)s (%(unit)s).")
                        % {"code": code, "unit": unit.name},
                        row=line,
                        unit=str(unit),
                        column=header[columns.name],
                        value=name,
                    )
                )
                continue
        has_values = any(cell_text(cells[index]) for index in columns.indicators)
        if (
            allowed is not None and unit.pk not in allowed and has_values
        ):  # the template lists every unit
            errors.append(
                RowError(
                    _("Bạn không được phân công nhập số liệu của %(unit)s.") % {"unit": unit.name},
                    row=line,
                    unit=str(unit),
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
                        unit=str(unit),
                        column=header[index],
                        value=cell_text(cells[index]),
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
            problem = RowError(
                message, row=line, column=indicator.code, value=f"{value:.4f}", unit=str(unit)
            )
            if kind == Change.UNCHANGED:
                preview.warnings.append(problem)
            else:
                errors.append(problem)
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
    names: dict[int, str] = {}
    for line, unit, indicator, value in parsed:
        rows.setdefault(unit.pk, {})[indicator.code] = value
        lines[unit.pk] = line
        names[unit.pk] = str(unit)
    pillars_derived = framework.year in catalog().derivation_years(Derivation.Figure.PILLARS)
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
        # Only a year whose pillars are derived can have them fall outside 0..1 (not 2024).
        pillars = pillars_from_dti(dti, values, weights) if pillars_derived else {}
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
                    unit=names[unit_id],
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
                    unit=names[unit_id],
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
                    unit=names[unit_id],
                    column="DTI",
                )
            )
