"""Reads for the compare page: several units' values and ranks over the years, with
the national average and the leader as references.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.caching.catalog import catalog
from indicators.caching.version import scoped
from indicators.models import Indicator, Provenance, ReferenceValue
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.targets.rank_book import RankBook
from indicators.targets.selectors import TargetProgress, units_targets
from provinces.models import Unit

MAX_COMPARE_UNITS = 8
# ----------------------------------------------------------------------------
# Compare page
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareCell:
    value: Decimal | None
    provenance: str | None
    ranks: list[tuple[int, int, bool]]  # (rank, pool, back-cast)

    @property
    def is_published(self) -> bool:
        return self.provenance == Provenance.PUBLISHED


@dataclass(frozen=True)
class Reference:
    value: Decimal | None
    computed: bool = False  # the app's mean of a complete pool column, not a published figure
    unit: Unit | None = None
    pool: int | None = None


@dataclass
class Comparison:
    metric: Indicator
    units: list[Unit]
    years: list[int]
    method_changes: dict[int, str]  # year → method note, where the method changed
    cells: dict[int, dict[int, CompareCell]]  # unit id → year → cell
    averages: dict[int, Reference]
    leaders: dict[int, Reference]
    reference_pools: dict[int, int]
    targets: dict[int, list[TargetProgress]]
    # year → the app's mean over the year's reference pool, where the published average
    # covers another pool (2024: published over the 63 units, compared among the 34)
    pool_means: dict[int, Reference] = field(default_factory=dict)
    # year → the national DTI as published (ministries and provinces together): a
    # benchmark line, not a unit
    nationals: dict[int, Reference] = field(default_factory=dict)


@scoped
def comparison(
    *, units: list[Unit], metric: Indicator, current_year: int | None = None
) -> Comparison:
    """Values and ranks of ``units`` on ``metric`` for every assessment year, with the
    provincial average and the leading unit of each year, and every unit's targets."""
    cat = catalog()
    frameworks = cat.frameworks
    years = [f.year for f in frameworks]
    code = metric.code
    book = RankBook({code, "DTI"})
    all_old = all(63 in catalog().pools_of(u) for u in units)
    reference_pools = {
        y: 63 if y < OFFICIAL_MERGER_YEAR or (y == OFFICIAL_MERGER_YEAR and all_old) else 34
        for y in years
    }
    cells: dict[int, dict[int, CompareCell]] = {}
    for unit in units:
        cells[unit.pk] = {}
        for year in years:
            ranks = []
            for pool in catalog().pools_of(unit):
                rank = book.rank(unit.pk, code, year, pool)
                if rank is not None:
                    ranks.append((rank, pool, book.rank_is_backcast(code, year, pool)))
            cells[unit.pk][year] = CompareCell(
                book.value(unit.pk, code, year), book.provenance(unit.pk, code, year), ranks
            )
    published = {
        year: ref
        for (year, ref_code, kind), ref in cat.references.items()
        if ref_code == code and kind == ReferenceValue.Kind.PROVINCIAL_AVERAGE
    }
    averages, leaders, pool_means = {}, {}, {}
    for year in years:
        pool = reference_pools[year]
        mean = None
        if book.complete(code, year, pool):
            column = book.column(code, year, pool)
            mean = Reference(
                sum(column.values(), Decimal(0)) / len(column), computed=True, pool=pool
            )
        if year in published:
            averages[year] = Reference(published[year].value, pool=published[year].pool)
            if published[year].pool != pool and mean is not None:
                pool_means[year] = mean
        elif mean is not None:
            averages[year] = mean
        leader = book.leader(code, year, pool)
        if leader:
            leaders[year] = Reference(leader[2], unit=leader[0], pool=pool)
    nationals = {
        year: Reference(ref.value)
        for (year, ref_code, kind), ref in cat.references.items()
        if ref_code == code and kind == ReferenceValue.Kind.NATIONAL and year in years
    }
    return Comparison(
        nationals=nationals,
        metric=metric,
        units=units,
        years=years,
        method_changes={f.year: f.local_method_note for f in frameworks if f.method_changed},
        cells=cells,
        averages=averages,
        leaders=leaders,
        pool_means=pool_means,
        reference_pools=reference_pools,
        targets=units_targets(units=units, current_year=current_year, book=book) if units else {},
    )


@scoped
def compare_metrics() -> list[Indicator]:
    """The indicators a comparison can be drawn on: the DTI, the pillars, the main indices."""
    return [i for i in catalog().indicators.values() if i.kind in ("total", "pillar", "main")]
