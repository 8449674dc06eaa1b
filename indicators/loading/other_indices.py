"""Load PAPI and PCI (fixtures/sources/papi, fixtures/sources/pci) beside the DTI.

Same rules as the DTI load (``published``): every row's ``province_key`` is joined
to the one unit valid on 30/06/2025 (the 63 pre-merger units) through the aliases
``unit_resolve`` reads, and must agree with the row's own name; nothing is computed
into a value; a province that a year lacks gets no row. The PAPI rank by total is
the compiler's competition ranking: it is checked against ``competition_rank`` of the
totals of that year (PAPI publishes tiers, not ranks). A bad row stops the whole load.

The source kept for a value is its publisher (papi.org.vn, pcivietnam.vn or the
news page); the public compilation the PAPI values were read through is named in
``PAPI_COMPILATION`` (the exports' About sheet and the README).
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from indicators.models import OtherIndexValue
from indicators.rules.ranking import competition_rank
from provinces.pools import POOL_DATES
from provinces.selectors import UnitNotFound, unit_index_for_date, unit_resolve
from provinces.text import search_key

PAPI_FILE = Path("papi") / "papi_province_year.csv"
PCI_FILE = Path("pci") / "pci_province_year.csv"
PAPI_DIMENSIONS = tuple(f"d{i}" for i in range(1, 9))
PAPI_URL = "https://papi.org.vn/"
PCI_URL = "https://pcivietnam.vn/"
PAPI_COMPILATION = (
    "github.com/tunah72/papi-dashboard (commit 2e42ab89, data/processed/agg_province_year.csv): "
    "bản trích các tệp Excel PAPI của papi.org.vn; đối chiếu với github.com/hnks-gh/ml-mcdm "
    "và các số liệu đăng báo (fixtures/sources/papi/README.md)"
)
_URL = re.compile(r"https?://[^\s;|]+")


class OtherIndexLoadError(ValueError):
    """The PAPI/PCI files cannot be loaded as they are; ``errors`` lists every bad row."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} lỗi / errors:\n" + "\n".join(errors))
        self.errors = errors


@dataclass
class OtherIndexLoadReport:
    papi_values: Counter = field(default_factory=Counter)  # year → values (total + dims)
    papi_totals: Counter = field(default_factory=Counter)  # year → provinces with a total
    pci_values: Counter = field(default_factory=Counter)  # year → PCI totals
    pci_ranks: Counter = field(default_factory=Counter)  # year → PCI ranks (with or without total)


def other_indices_available(*, sources_dir: Path) -> bool:
    """Whether ``sources_dir`` holds both files (a copy of the DTI folder alone does not)."""
    return (sources_dir / PAPI_FILE).exists() and (sources_dir / PCI_FILE).exists()


def _rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            yield f"{path.name}:{line_no}", row


def _number(cell: str, *, top: int, where: str, errors: list[str]) -> Decimal | None:
    cell = (cell or "").strip()
    if not cell:
        return None
    try:
        value = Decimal(cell)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= top:
        errors.append(f"{where}: '{cell}' không phải số trong khoảng 0..{top}")
        return None
    return value


def _int(cell: str, *, where: str, errors: list[str]) -> int | None:
    cell = (cell or "").strip()
    if not cell:
        return None
    if not cell.isdigit() or not 1 <= int(cell) <= 63:
        errors.append(f"{where}: thứ hạng '{cell}' không hợp lệ")
        return None
    return int(cell)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.objects: list[OtherIndexValue] = []
        self._index = unit_index_for_date(on=POOL_DATES[63])
        self._seen: set[tuple] = set()

    def unit(self, row: dict[str, str], where: str):
        key = row.get("province_key", "").strip()
        if search_key(row.get("province", "")) != key:
            self.errors.append(f"{where}: tên '{row.get('province')}' không khớp khóa '{key}'")
            return None
        try:
            return unit_resolve(name=key, on=POOL_DATES[63], index=self._index)
        except UnitNotFound as exc:
            self.errors.append(f"{where}: {exc}")
            return None

    def year(self, row: dict[str, str], where: str) -> int | None:
        cell = row.get("year", "").strip()
        if not cell.isdigit() or not 2015 <= int(cell) < POOL_DATES[34].year + 1:
            self.errors.append(f"{where}: năm '{cell}' không hợp lệ")
            return None
        return int(cell)

    def add(self, where: str, **fields) -> None:
        key = (fields["index"], fields["measure"], fields["unit"].pk, fields["year"])
        if key in self._seen:
            self.errors.append(f"{where}: lặp lại {fields['unit']} {fields['year']}")
            return
        self._seen.add(key)
        self.objects.append(OtherIndexValue(**fields))


def _papi_source(cell: str) -> str:
    """The publisher's file ("papi.org.vn Excel … [sheet …]"), without the compilation."""
    return cell.split(" via ", 1)[0].strip()


def _read_papi(reader: _Reader, path: Path, report: OtherIndexLoadReport) -> None:
    errors = reader.errors
    totals: dict[int, dict[int, Decimal]] = {}
    stated: dict[tuple[int, int], tuple[int | None, int | None, str]] = {}
    for where, row in _rows(path):
        year, unit = reader.year(row, where), reader.unit(row, where)
        if year is None or unit is None:
            continue
        title, note = _papi_source(row["source"]), row.get("note", "").strip()
        total = _number(row["total"], top=80, where=f"{where} total", errors=errors)
        dims = {
            d: _number(row[d], top=10, where=f"{where} {d}", errors=errors) for d in PAPI_DIMENSIONS
        }
        rank = _int(row["rank"], where=f"{where} rank", errors=errors)
        pool = _int(row["n_ranked_in_year"], where=f"{where} n_ranked_in_year", errors=errors)
        if total is not None:
            present = [v for v in dims.values() if v is not None]
            if len(present) != 8 or abs(sum(present) - total) > Decimal("0.0005"):
                errors.append(f"{where}: tổng {total} khác d1+…+d8 ({sum(present)})")
            totals.setdefault(year, {})[unit.pk] = total
            stated[(year, unit.pk)] = (rank, pool, where)
        elif rank is not None:
            errors.append(f"{where}: có thứ hạng nhưng không có điểm tổng")
        for measure, value in (("total", total), *dims.items()):
            if value is None:
                continue
            reader.add(
                where,
                index=OtherIndexValue.Index.PAPI,
                measure=measure,
                unit=unit,
                year=year,
                value=value,
                rank=rank if measure == "total" else None,
                rank_pool=pool if measure == "total" else None,
                rank_official=False,
                source_url=PAPI_URL,
                source_title=title,
                note=note,
            )
            report.papi_values[year] += 1
    for year, column in totals.items():
        report.papi_totals[year] = len(column)
        ranks = competition_rank(column)
        for unit_id in column:
            rank, pool, where = stated[(year, unit_id)]
            if rank != ranks[unit_id] or pool != len(column):
                errors.append(
                    f"{where}: hạng {rank}/{pool} khác hạng theo điểm {ranks[unit_id]}/{len(column)}"
                )


def _read_pci(reader: _Reader, path: Path, report: OtherIndexLoadReport) -> None:
    errors = reader.errors
    for where, row in _rows(path):
        year, unit = reader.year(row, where), reader.unit(row, where)
        if year is None or unit is None:
            continue
        total = _number(row["total"], top=100, where=f"{where} total", errors=errors)
        rank = _int(row["rank"], where=f"{where} rank", errors=errors)
        urls = _URL.findall(row["source"])
        if not urls:
            errors.append(f"{where}: nguồn không có địa chỉ")
            continue
        if total is None and rank is None:
            errors.append(f"{where}: không có điểm, không có thứ hạng")
            continue
        basis = row.get("basis", "").strip()
        rest = _URL.sub("", row["source"]).strip(" ;")
        reader.add(
            where,
            index=OtherIndexValue.Index.PCI,
            measure="total",
            unit=unit,
            year=year,
            value=total,
            rank=rank,
            rank_pool=63 if rank is not None else None,
            rank_official=rank is not None,
            source_url=urls[0],
            source_title=rest[:500],
            note=basis,
        )
        report.pci_values[year] += total is not None
        report.pci_ranks[year] += rank is not None


def other_indices_load(*, sources_dir: Path) -> OtherIndexLoadReport:
    """Replace every PAPI and PCI value with what ``sources_dir``/papi and /pci hold.

    Runs inside ``published_data_load``'s transaction, after the units are loaded.
    Raises OtherIndexLoadError (nothing written) on any bad row."""
    report = OtherIndexLoadReport()
    reader = _Reader()
    _read_papi(reader, sources_dir / PAPI_FILE, report)
    _read_pci(reader, sources_dir / PCI_FILE, report)
    if reader.errors:
        raise OtherIndexLoadError(reader.errors)
    OtherIndexValue.objects.all().delete()
    # Checked above row by row; the table's constraints guard the rest (no
    # full_clean: it would query every row's unit).
    OtherIndexValue.objects.bulk_create(reader.objects)
    return report
