"""Helpers for the data-entry tests (imported by the tests; fixtures live in conftest)."""

from decimal import Decimal

from django.db import connection

from indicators.models import Score
from provinces.models import Unit


def db_dump() -> str:
    """Every row of every table of the indicators and provinces apps (scores, their
    sources, change sets, history, units …), in primary-key order, as text: two
    equal dumps mean the data is byte-for-byte the same."""
    lines = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if not table.startswith(("indicators_", "provinces_")):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            lines.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(lines)


def old_unit(code: str) -> Unit:
    """A unit of the 63 (valid on 30/06/2025) by its code: 24 Bắc Giang, 30 Hải Dương."""
    return Unit.objects.in_pool(63).get(code=code)


def published_value(unit: Unit, code: str, year: int) -> Decimal | None:
    score = Score.objects.published().filter(unit=unit, indicator__code=code, year=year).first()
    return score.value if score else None


def row_of(ws, code: str) -> int:
    """The sheet row of a unit code in the template."""
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=2).value == code:
            return row
    raise LookupError(code)


def col_of(ws, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise LookupError(header)


def put(ws, code: str, header: str, value) -> None:
    ws.cell(row=row_of(ws, code), column=col_of(ws, header)).value = value
