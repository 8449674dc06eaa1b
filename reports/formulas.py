"""Neutralise text that a spreadsheet would run as a formula (OWASP "CSV
injection"): a unit name, note or filter echoed into an export must never start
with ``= + - @``, a tab or a carriage return as live input. In CSV such a text gets
a leading single quote; in xlsx it is written as a text cell with Excel's quote
prefix, so it shows exactly as stored and stays text when edited. Numbers,
negative ones included, are left alone."""

from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """A text a spreadsheet would read as a formula (numbers never are)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like text gets a leading ``'``."""
    return "'" + value if is_formula_like(value) else value


def xlsx_text_cell(ws, value: str) -> WriteOnlyCell:
    """A write-only cell holding ``value`` as text, never as a formula."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # openpyxl makes "=…" a formula otherwise
    cell.quotePrefix = True
    return cell
