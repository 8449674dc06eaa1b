"""What an import reads and reports: limits, header names, errors, the preview,
and the pools and framework of a year that every step checks against."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.caching.catalog import SYNTHETIC_PREFIX, include_synthetic
from indicators.models import Framework, Indicator
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from provinces.models import Unit

DATA_SHEET = "Số liệu"
HELP_SHEET = "Hướng dẫn"
SOURCE_SHEET = "Nguồn"
# The source sheet: label in column A, what the admin fills in column B.
SOURCE_ROWS = ("url", "document", "date")
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
    unit: str = ""  # the province of the row, with its validity ("Bắc Ninh (từ 01/07/2025)")

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("dòng %(row)s") % {"row": self.row})
        if self.unit:
            where.append(self.unit)
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


def framework_codes(framework: Framework) -> list[Indicator]:
    nodes = framework.nodes.select_related("indicator").order_by("indicator__order")
    if not include_synthetic():  # synthetic component indices: benchmark servers only
        nodes = nodes.exclude(indicator__code__startswith=SYNTHETIC_PREFIX)
    return [node.indicator for node in nodes]


def pool_units(pool: int) -> list[Unit]:
    return list(Unit.objects.in_pool(pool).prefetch_related("aliases").order_by("code"))


def check_year_pool(year: int, pool: int) -> Framework:
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
