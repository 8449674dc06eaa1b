"""What an export holds, before it is written: sheets of cells and the tidy rows.

A ``Report`` is plain data (no openpyxl, no HTTP): the builders (``builders.py``)
fill it from the indicators' selectors, and the writers (``workbook.py``,
``csv_export.py``) turn it into a file. Values are those the pages show: rounded as
published (4 decimals), None where nothing is published (an empty cell, never 0).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

import pandas as pd
from django.utils.translation import gettext as _

from indicators.models import Framework, Provenance
from indicators.rules.ranking import as_published
from indicators.scorecard.sources import CellSources
from indicators.targets.selectors import TargetProgress

# One tidy row per unit–year–indicator(–pool): the CSV and the workbook's data sheet.
TIDY_COLUMNS = [
    "year",
    "unit_code",
    "unit_name",
    "pool",
    "indicator",
    "value",
    "rank",
    "source_url",
    "note",
]
SOURCE_SEPARATOR = " | "  # as in the published data files


class Kind(StrEnum):
    TEXT = "text"
    VALUE = "value"  # an index value, 0–1, four decimals, colour scale
    INT = "int"  # a rank, a pool, a year, a change of rank
    NUMBER = "number"  # any other number (targets: %, counts)


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Chart:
    """A native Excel chart bound to a sheet's cells: the category column and one
    series per value column (0-based column indexes)."""

    kind: str  # "bar" (the ranking) or "line" (history, comparison)
    title: str
    y_title: str
    categories: int
    series: list[int]


@dataclass
class Sheet:
    title: str  # at most 31 characters (Excel)
    table_name: str  # the Excel table's name: ASCII letters, digits and "_", unique in the workbook
    columns: list[Column]
    rows: list[list]
    chart: Chart | None = None
    frozen_columns: int = 0  # columns kept in view when scrolling right


@dataclass
class Report:
    title: str
    filename: str  # without extension
    filters: list[tuple[str, str]]  # (name, value) as applied
    sheets: list[Sheet]
    tidy: pd.DataFrame
    frameworks: list[Framework]  # the years covered
    all_frameworks: list[Framework]  # every published year (for the method changes)
    targets: list[TargetProgress] | None = None  # None: the view has no targets sheet
    extra_sources: list[str] = field(
        default_factory=list
    )  # sources of figures outside the tidy rows
    url: str = ""  # the stable address of this export
    extracted_at: datetime.datetime | None = None
    # The tidy rows as dicts, with value_status and rank_status ("published" or
    # "derived") beside the CSV's columns: what the data API shows of a unit.
    tidy_records: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # view-specific notes for the About sheet

    @property
    def source_urls(self) -> list[str]:
        """Every source address of the numbers in the file, sorted, without repeats."""
        urls = set(self.extra_sources)
        for cell in self.tidy["source_url"].dropna():
            urls.update(u for u in cell.split(SOURCE_SEPARATOR) if u)
        return sorted(urls)


def value4(value: Decimal | None) -> float | None:
    """A value as published (4 decimals), as a float for the file; None stays None."""
    return None if value is None else float(as_published(value))


def sheet_title(text: str) -> str:
    for char in "[]:*?/\\":
        text = text.replace(char, "-")
    return text[:31]


def unique_headers(headers: list[str]) -> list[str]:
    """Excel tables need distinct column names: "Bắc Ninh", "Bắc Ninh (2)"."""
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        result.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return result


PUBLISHED = Provenance.PUBLISHED


def _status(published: bool) -> str:
    return "published" if published else "derived"


class TidyRows:
    """Collects tidy rows with their source addresses and notes (published data only)."""

    def __init__(self, sources: CellSources) -> None:
        self.sources = sources
        self.rows: list[dict] = []

    def add(
        self,
        *,
        year: int,
        unit,
        pool: int | None,
        code: str,
        value: Decimal | None,
        provenance: str | None,
        rank: int | None,
        rank_published: bool,
        backcast: bool = False,
    ) -> None:
        value_urls, value_note = self.sources.value(unit.pk, code, year)
        rank_urls, rank_note = self.sources.rank(unit.pk, code, year, pool) if pool else ([], "")
        urls = list(dict.fromkeys([*value_urls, *(rank_urls if rank_published else [])]))
        notes = []
        if value is None:
            notes.append(_("giá trị chưa công bố"))
        elif provenance and provenance != Provenance.PUBLISHED:
            notes.append(
                _("giá trị do ứng dụng tính: %(how)s") % {"how": Provenance(provenance).label}
            )
        if rank is not None and not rank_published:
            if backcast:
                notes.append(_("thứ hạng nhóm 34 ước tính ngược, không phải số liệu công bố"))
            else:
                notes.append(_("thứ hạng do ứng dụng tính từ giá trị của cả nhóm"))
        notes += [n for n in (value_note, rank_note if rank_published else "") if n]
        self.rows.append(
            {
                "year": year,
                "unit_code": unit.code,
                "unit_name": unit.name,
                "pool": pool,
                "indicator": code,
                "value": value4(value),
                "rank": rank,
                "source_url": SOURCE_SEPARATOR.join(urls) or None,
                "note": "; ".join(dict.fromkeys(notes)) or None,
                # Not CSV columns (frame() keeps TIDY_COLUMNS): the API's statuses.
                "value_status": None if value is None else _status(provenance == PUBLISHED),
                "rank_status": None if rank is None else _status(rank_published),
            }
        )

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows, columns=TIDY_COLUMNS)
        frame["year"] = frame["year"].astype("Int64")
        frame["pool"] = frame["pool"].astype("Int64")
        frame["rank"] = frame["rank"].astype("Int64")
        frame["value"] = frame["value"].astype("Float64")
        return frame
