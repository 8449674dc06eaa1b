"""Reads of scores: the year's ranking table.

Public reads see published data only (``Score.objects.published()``,
``Framework.objects.published()``): drafts entered by admins never show here.

Query budget: the small tables come from the catalog (indicators.caching.catalog, read
once per data version); a page reads only scores and published ranks, one query
each, whatever the number of units or years.

Ranks are computed here, in one place (indicators.rules.ranking), from the values of a
whole pool; a published rank is shown as published, and where both exist and
differ the row is flagged. A computed rank exists only when every unit of the
pool has a value: where a year has only some values, only published ranks show.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from indicators.caching.catalog import catalog
from indicators.caching.version import scoped
from indicators.models import (
    Framework,
    Indicator,
    Provenance,
    PublishedRank,
    ReferenceValue,
    Score,
    Source,
)
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.rules.ranking import competition_rank, is_complete, rank_change
from indicators.rules.reference import ACTIVITY_PILLAR
from provinces.models import Region, Unit
from provinces.pools import POOL_DATES, default_pool

SORT_FIXED = ("rank", "name", "region", "change")


@dataclass(frozen=True)
class Cell:
    """One value of a table: None means nobody published it (and it cannot be derived)."""

    value: Decimal | None = None
    provenance: str | None = None
    rank: int | None = None
    rank_published: bool = False
    rank_computed: int | None = None

    @property
    def is_published(self) -> bool:
        return self.provenance == Provenance.PUBLISHED

    @property
    def provenance_label(self) -> str:
        return Provenance(self.provenance).label if self.provenance else ""

    @property
    def rank_mismatch(self) -> bool:
        """A published rank that our computation does not reproduce (shown to admins)."""
        return (
            self.rank_published
            and self.rank_computed is not None
            and self.rank_computed != self.rank
        )


@dataclass
class RankingRow:
    unit: Unit
    cells: dict[str, Cell]
    metric: Cell
    previous_rank: int | None = None
    change: int | None = None


@dataclass
class RankingTable:
    year: int
    pool: int
    framework: Framework
    metric: Indicator
    columns: list[Indicator]
    rows: list[RankingRow]
    complete: bool  # every unit of the pool has a metric value: computed ranks are valid
    is_backcast: bool  # 34-unit table of a year before the official merger ranking
    previous_year: int | None
    previous_is_backcast: bool
    average: ReferenceValue | None  # as published: its ``pool`` says which units it covers
    sources: list[Source]
    region: Region | None
    sort: str
    descending: bool
    ranked_count: int = 0
    mismatches: int = 0
    metric_range: tuple[Decimal, Decimal] | None = None  # the metric over every year (map scale)
    # The mean over this table's pool, computed by the app, where the published average
    # covers another pool (2024: published for the 63, the table ranks the 34)
    pool_mean: Decimal | None = None


@scoped
def available_years() -> list[int]:
    """Assessment years with a framework and published scores, newest first."""
    return sorted(catalog().years, reverse=True)


@scoped
def published_framework(year: int) -> Framework | None:
    """The year's framework if the year has published scores (public pages), else None."""
    return catalog().framework(year)


@scoped
def available_pools(*, year: int) -> list[int]:
    """Pools a year's ranking can be read in: 63 up to 2024; 34 from 2024, and for
    earlier years only where the back-cast covers every new unit (DTI 2022–2023)."""
    pools = [63] if year <= OFFICIAL_MERGER_YEAR else []
    if year >= OFFICIAL_MERGER_YEAR or year in catalog().pool34_complete:
        pools.append(34)
    return pools


def _columns(framework: Framework, pillar: str | None) -> list[Indicator]:
    """The year's indicators in tree order; with a pillar, only DTI, the pillar, its
    activity index and the foundation indices (which count in every pillar)."""
    # Component indices are not columns of the national table (a full tree has 47).
    nodes = [n for n in framework.nodes.all() if n.indicator.kind != Indicator.Kind.COMPONENT]
    if pillar is None:
        return [n.indicator for n in nodes]
    keep = {"DTI", pillar} | {code for code, p in ACTIVITY_PILLAR.items() if p == pillar}
    keep |= {
        n.indicator.code
        for n in nodes
        if n.indicator.kind == Indicator.Kind.MAIN and n.pillar_id is None
    }
    return [n.indicator for n in nodes if n.indicator.code in keep]


def _cells_for_year(
    unit_ids: list[int], codes: list[str], year: int, values: dict, published: dict
) -> dict[int, dict[str, Cell]]:
    """Cells of every unit for a year, with display ranks (published first)."""
    cells: dict[int, dict[str, Cell]] = defaultdict(dict)
    for code in codes:
        column = {u: values.get((u, code, year), (None, None))[0] for u in unit_ids}
        computed = competition_rank(column) if is_complete(column) else {}
        for u in unit_ids:
            value, provenance = values.get((u, code, year), (None, None))
            published_rank = published.get((u, code, year))
            cells[u][code] = Cell(
                value=value,
                provenance=provenance,
                rank=published_rank if published_rank is not None else computed.get(u),
                rank_published=published_rank is not None,
                rank_computed=computed.get(u),
            )
    return cells


def _sort_key(sort: str, descending: bool):
    def key(row: RankingRow):
        if sort == "name":
            return (row.unit.name,)
        if sort == "region":
            return (row.unit.region.order, row.unit.name)
        if sort == "change":
            missing = row.change is None
            return (missing, -(row.change or 0) if descending else (row.change or 0), row.unit.name)
        if sort == "rank":
            missing = row.metric.rank is None
            return (missing, row.metric.rank or 0, row.unit.name)
        cell = row.cells.get(sort)
        value = cell.value if cell else None
        missing = value is None
        return (missing, -(value or 0) if descending else (value or 0), row.unit.name)

    return key


@scoped
def ranking_table(
    *,
    framework: Framework,
    pool: int,
    pillar: str | None = None,
    region: Region | None = None,
    sort: str = "rank",
    descending: bool | None = None,
) -> RankingTable:
    """Every unit of ``pool`` in the framework's year, with values of every index of
    that year, display ranks ("15/63"), and the change of rank versus the previous
    year in the same pool. ``pillar`` narrows the columns to one pillar and ranks by
    it; ``region`` keeps only that region's rows (ranks stay national). Units with
    no value are listed last, marked "not published".

    The table's data (``_pool_table``: one query for values, one for ranks) is
    computed once per data version for each year, pool and pillar, and shared by
    every sort and region of it: a crawler walking the filters reads no more."""
    book = catalog()
    year = framework.year
    base: _PoolTable = book.memoised(
        ("ranking", year, pool, pillar),
        lambda: _pool_table(book.framework(year) or framework, pool, pillar),
    )
    rows = [r for r in base.rows if region is None or r.unit.region_id == region.pk]
    codes = [c.code for c in base.columns]
    if sort not in SORT_FIXED and sort not in codes:
        # The column is gone (another pillar was picked): back to rank 1 first, never
        # the old column's direction applied to the rank (a silent worst-first list).
        sort, descending = "rank", None
    if descending is None:
        descending = sort not in ("rank", "name", "region")
    rows.sort(key=_sort_key(sort, descending))
    if descending and sort in ("rank", "name", "region"):
        # Reversed, but units without a value stay last, as in every other order.
        missing = [r for r in rows if sort == "rank" and r.metric.rank is None]
        rows = [r for r in reversed(rows) if r not in missing] + missing
    return RankingTable(
        year=year,
        pool=pool,
        framework=base.framework,
        metric=base.metric,
        columns=base.columns,
        rows=rows,
        complete=base.complete,
        is_backcast=pool == 34 and year < OFFICIAL_MERGER_YEAR,
        previous_year=base.previous_year,
        previous_is_backcast=pool == 34
        and base.previous_year is not None
        and base.previous_year < OFFICIAL_MERGER_YEAR,
        average=base.average,
        pool_mean=base.pool_mean,
        sources=base.sources,
        region=region,
        sort=sort,
        descending=descending,
        ranked_count=sum(1 for r in rows if r.metric.rank is not None),
        mismatches=sum(1 for r in rows for c in r.cells.values() if c.rank_mismatch),
        metric_range=base.metric_range,
    )


@dataclass(frozen=True)
class _PoolTable:
    """What a year's ranking in one pool and pillar reads from the data, before a
    region filter and a sort (read-only: shared by every request of the version)."""

    framework: Framework
    metric: Indicator
    columns: list[Indicator]
    rows: list[RankingRow]  # every unit of the pool, by name
    complete: bool
    previous_year: int | None
    average: ReferenceValue | None
    pool_mean: Decimal | None
    sources: list[Source]
    metric_range: tuple[Decimal, Decimal] | None


def _pool_table(framework: Framework, pool: int, pillar: str | None) -> _PoolTable:
    book = catalog()
    year = framework.year
    previous_year = year - 1 if book.framework(year - 1) is not None else None
    years = [year] + ([previous_year] if previous_year else [])
    units = sorted(book.pool_units[pool], key=lambda u: (u.name, u.valid_from or datetime.date.min))
    unit_ids = [u.pk for u in units]
    pool_ids = set(unit_ids)
    real_ids = {u.pk for u in book.units if not u.is_synthetic}
    columns = _columns(framework, pillar)
    codes = [c.code for c in columns]
    metric_code = pillar or "DTI"
    metric = next(c for c in columns if c.code == metric_code)

    # One query: the pool's values of the two years (with their sources) and the
    # metric's values of every year (the map's fixed scale).
    values: dict[tuple[int, str, int], tuple[Decimal, str]] = {}
    source_by_id: dict[int, Source] = {}
    low = high = None
    for unit_id, code, y, value, provenance, source_id, url, title in (
        Score.objects.published()
        .filter(
            Q(unit_id__in=unit_ids, year__in=years)
            | Q(indicator__code=metric_code, unit__is_synthetic=False)
        )
        .values_list(
            "unit_id",
            "indicator__code",
            "year",
            "value",
            "provenance",
            "sources__id",
            "sources__url",
            "sources__title",
        )
    ):
        if code == metric_code and unit_id in real_ids:
            low = value if low is None or value < low else low
            high = value if high is None or value > high else high
        if unit_id in pool_ids and y in years:
            values[(unit_id, code, y)] = (value, provenance)
            if (
                source_id is not None
                and y == year
                and source_id not in source_by_id
                and code in codes
            ):
                source_by_id[source_id] = Source(pk=source_id, url=url, title=title)
    published: dict[tuple[int, str, int], int] = {}
    for unit_id, code, y, rank, source_id, url, title in PublishedRank.objects.filter(
        unit_id__in=unit_ids, year__in=years, pool=pool
    ).values_list(
        "unit_id",
        "indicator__code",
        "year",
        "rank",
        "sources__id",
        "sources__url",
        "sources__title",
    ):
        published[(unit_id, code, y)] = rank
        if source_id is not None and y == year and source_id not in source_by_id:
            source_by_id[source_id] = Source(pk=source_id, url=url, title=title)
    cells = _cells_for_year(unit_ids, codes, year, values, published)
    previous = (
        _cells_for_year(unit_ids, [metric_code], previous_year, values, published)
        if previous_year
        else {}
    )

    rows = []
    for unit in units:
        before = previous.get(unit.pk, {}).get(metric_code) if previous else None
        metric_cell = cells[unit.pk][metric_code]
        rows.append(
            RankingRow(
                unit=unit,
                cells=cells[unit.pk],
                metric=metric_cell,
                previous_rank=before.rank if before else None,
                change=rank_change(before.rank if before else None, metric_cell.rank),
            )
        )
    metric_values = {u: values.get((u, metric_code, year), (None, None))[0] for u in unit_ids}
    average = book.references.get((year, metric_code, ReferenceValue.Kind.PROVINCIAL_AVERAGE))
    pool_mean = None
    if average is not None and average.pool != pool and is_complete(metric_values):
        pool_mean = sum(metric_values.values(), Decimal(0)) / len(metric_values)
    return _PoolTable(
        framework=framework,
        metric=metric,
        columns=columns,
        rows=rows,
        complete=is_complete(metric_values),
        previous_year=previous_year,
        average=average,
        pool_mean=pool_mean,
        sources=sorted(source_by_id.values(), key=lambda s: s.url),
        metric_range=(low, high) if low is not None else None,
    )


@scoped
def top_units(*, year: int, limit: int = 10) -> list[RankingRow]:
    """The first ``limit`` rows of a year's default ranking (home page)."""
    framework = catalog().framework(year)
    if framework is None:
        return []
    table = ranking_table(framework=framework, pool=default_pool(year))
    return [row for row in table.rows if row.metric.rank is not None][:limit]


def computed_rank_lookup() -> dict[tuple[int, str, int, int], int]:
    """(unit id, indicator code, year, pool) → rank computed from the pool's values,
    for every year, indicator and pool whose values are complete (admin checks)."""
    lookup: dict[tuple[int, str, int, int], int] = {}
    for pool in POOL_DATES:
        unit_ids = list(Unit.objects.in_pool(pool).values_list("pk", flat=True))
        columns: dict[tuple[str, int], dict[int, Decimal | None]] = defaultdict(
            lambda ids=unit_ids: dict.fromkeys(ids)
        )
        for unit_id, code, year, value in (
            Score.objects.published()
            .filter(unit_id__in=unit_ids)
            .values_list("unit_id", "indicator__code", "year", "value")
        ):
            columns[(code, year)][unit_id] = value
        for (code, year), column in columns.items():
            if is_complete(column):
                for unit_id, rank in competition_rank(column).items():
                    lookup[(unit_id, code, year, pool)] = rank
    return lookup
