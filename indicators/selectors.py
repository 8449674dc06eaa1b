"""Reads of scores: the year's ranking table and a unit's profile.

Public reads see published data only (``Score.objects.published()``,
``Framework.objects.published()``): drafts entered by admins never show here.

Ranks are computed here, in one place (indicators.ranking), from the values of a
whole pool; a published rank is shown as published, and where both exist and
differ the row is flagged. A computed rank exists only when every unit of the
pool has a value: where a year has only some values, only published ranks show.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from provinces.models import Region, Unit
from provinces.pools import POOL_DATES, default_pool
from provinces.selectors import Lineage, unit_lineage

from .merger import OFFICIAL_MERGER_YEAR
from .models import Framework, Indicator, Provenance, PublishedRank, ReferenceValue, Score, Source, UnitYearNote
from .ranking import competition_rank, is_complete, rank_change
from .reference import ACTIVITY_PILLAR, PILLARS

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
        return self.rank_published and self.rank_computed is not None and self.rank_computed != self.rank


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
    average: ReferenceValue | None
    sources: list[Source]
    region: Region | None
    sort: str
    descending: bool
    ranked_count: int = 0
    mismatches: int = 0


def available_years() -> list[int]:
    """Assessment years with a framework and published scores, newest first."""
    return list(Framework.objects.published().order_by("-year").values_list("year", flat=True))


def available_pools(*, year: int) -> list[int]:
    """Pools a year's ranking can be read in: 63 up to 2024; 34 from 2024, and for
    earlier years only where the back-cast covers every new unit (DTI 2022–2023)."""
    pools = [63] if year <= OFFICIAL_MERGER_YEAR else []
    if year >= OFFICIAL_MERGER_YEAR:
        pools.append(34)
    else:
        has_dti = Exists(Score.objects.published().filter(unit=OuterRef("pk"), year=year, indicator__code="DTI"))
        counts = Unit.objects.in_pool(34).aggregate(total=Count("pk"), with_dti=Count("pk", filter=Q(has_dti)))
        if counts["total"] and counts["with_dti"] == counts["total"]:
            pools.append(34)
    return pools


def _columns(framework: Framework, pillar: str | None) -> list[Indicator]:
    """The year's indicators in tree order; with a pillar, only DTI, the pillar, its
    activity index and the foundation indices (which count in every pillar)."""
    nodes = list(framework.nodes.select_related("indicator"))
    if pillar is None:
        return [n.indicator for n in nodes]
    keep = {"DTI", pillar} | {code for code, p in ACTIVITY_PILLAR.items() if p == pillar}
    keep |= {n.indicator.code for n in nodes if n.indicator.kind == Indicator.Kind.MAIN and n.pillar_id is None}
    return [n.indicator for n in nodes if n.indicator.code in keep]


def _values(units: QuerySet[Unit], years: list[int]) -> dict[tuple[int, str, int], tuple[Decimal, str]]:
    rows = Score.objects.published().filter(unit__in=units, year__in=years).values_list(
        "unit_id", "indicator__code", "year", "value", "provenance"
    )
    return {(u, code, y): (v, p) for u, code, y, v, p in rows}


def _published_ranks(units: QuerySet[Unit], years: list[int], pool: int) -> dict[tuple[int, str, int], int]:
    rows = PublishedRank.objects.filter(unit__in=units, year__in=years, pool=pool).values_list(
        "unit_id", "indicator__code", "year", "rank"
    )
    return {(u, code, y): r for u, code, y, r in rows}


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
    no value are listed last, marked "not published"."""
    year = framework.year
    previous_year = year - 1 if Framework.objects.published().filter(year=year - 1).exists() else None
    years = [year] + ([previous_year] if previous_year else [])
    units_qs = Unit.objects.in_pool(pool)
    units = list(units_qs.select_related("region"))
    unit_ids = [u.pk for u in units]
    columns = _columns(framework, pillar)
    codes = [c.code for c in columns]
    metric_code = pillar or "DTI"
    metric = next(c for c in columns if c.code == metric_code)

    values = _values(units_qs, years)
    published = _published_ranks(units_qs, years, pool)
    cells = _cells_for_year(unit_ids, codes, year, values, published)
    previous = _cells_for_year(unit_ids, [metric_code], previous_year, values, published) if previous_year else {}

    rows = []
    for unit in units:
        if region is not None and unit.region_id != region.pk:
            continue
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
    if sort not in SORT_FIXED and sort not in codes:
        sort = "rank"
    if descending is None:
        descending = sort not in ("rank", "name", "region")
    rows.sort(key=_sort_key(sort, descending))
    if descending and sort in ("rank", "name", "region"):
        rows.reverse()

    metric_values = {u: values.get((u, metric_code, year), (None, None))[0] for u in unit_ids}
    source_ids = Score.objects.published().filter(unit__in=units_qs, year=year, indicator__code__in=codes).values("sources")
    rank_source_ids = PublishedRank.objects.filter(unit__in=units_qs, year=year, pool=pool).values("sources")
    sources = list(
        (Source.objects.filter(pk__in=source_ids) | Source.objects.filter(pk__in=rank_source_ids)).distinct().order_by("url")
    )
    average = ReferenceValue.objects.filter(
        year=year, indicator__code=metric_code, kind=ReferenceValue.Kind.PROVINCIAL_AVERAGE
    ).first()
    return RankingTable(
        year=year,
        pool=pool,
        framework=framework,
        metric=metric,
        columns=columns,
        rows=rows,
        complete=is_complete(metric_values),
        is_backcast=pool == 34 and year < OFFICIAL_MERGER_YEAR,
        previous_year=previous_year,
        previous_is_backcast=pool == 34 and previous_year is not None and previous_year < OFFICIAL_MERGER_YEAR,
        average=average,
        sources=sources,
        region=region,
        sort=sort,
        descending=descending,
        ranked_count=sum(1 for r in rows if r.metric.rank is not None),
        mismatches=sum(1 for r in rows for c in r.cells.values() if c.rank_mismatch),
    )


# ----------------------------------------------------------------------------
# Province profile
# ----------------------------------------------------------------------------


@dataclass
class ProfileYear:
    year: int
    framework: Framework
    cells: dict[str, Cell]  # code → value of this unit
    ranks: dict[int, dict[str, Cell]]  # pool → code → cell with rank
    scores: dict[str, Score]  # code → Score (with sources) for source links
    average: ReferenceValue | None
    national: ReferenceValue | None
    notes: list[UnitYearNote]
    rank_sources: list[Source] = field(default_factory=list)

    @property
    def method_changed(self) -> bool:
        return self.framework.method_changed


@dataclass
class Profile:
    unit: Unit
    pools: list[int]
    lineage: Lineage
    years: list[ProfileYear]
    codes: list[str]  # indicators with at least one value over the years, in order
    indicators: dict[str, Indicator]

    @property
    def main_codes(self) -> list[str]:
        return [c for c in self.codes if self.indicators[c].kind == Indicator.Kind.MAIN]


def unit_pools(unit: Unit) -> list[int]:
    """The pools a unit is ranked in: 63 (old units), 34 (new units) or both (unchanged)."""
    return [pool for pool, day in POOL_DATES.items() if _valid_on(unit, day)]


def _valid_on(unit: Unit, day: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (unit.valid_to is None or unit.valid_to >= day)


def province_profile(*, unit: Unit) -> Profile:
    """A unit's values, ranks (per pool), national references, notes and sources for
    every assessment year. Constant number of queries whatever the number of units."""
    frameworks = list(Framework.objects.published().order_by("year"))
    years = [f.year for f in frameworks]
    indicators = {i.code: i for i in Indicator.objects.all()}
    pools = unit_pools(unit)
    own_scores = {
        (s.indicator.code, s.year): s for s in Score.objects.published().filter(unit=unit).for_scorecard()
    }
    rank_codes = ["DTI", *PILLARS, *[c for c, i in indicators.items() if i.kind == Indicator.Kind.MAIN]]
    ranks_by_pool: dict[int, dict[int, dict[str, Cell]]] = {}
    rank_sources: dict[int, set[Source]] = defaultdict(set)
    for pool in pools:
        pool_units = Unit.objects.in_pool(pool)
        unit_ids = list(pool_units.values_list("pk", flat=True))
        values = _values(pool_units, years)
        published = {}
        for rank in PublishedRank.objects.filter(unit=unit, pool=pool).select_related("indicator").prefetch_related("sources"):
            published[(unit.pk, rank.indicator.code, rank.year)] = rank.rank
            rank_sources[rank.year].update(rank.sources.all())
        ranks_by_pool[pool] = {
            year: _cells_for_year(unit_ids, rank_codes, year, values, published).get(unit.pk, {}) for year in years
        }
    refs = defaultdict(dict)
    for ref in ReferenceValue.objects.filter(indicator__code="DTI"):
        refs[ref.year][ref.kind] = ref
    notes = defaultdict(list)
    for note in UnitYearNote.objects.filter(unit=unit).prefetch_related("sources"):
        notes[note.year].append(note)
    codes = [c for c in indicators if any((c, y) in own_scores for y in years)]
    profile_years = []
    for framework in frameworks:
        year = framework.year
        scores = {code: own_scores[(code, year)] for code in codes if (code, year) in own_scores}
        profile_years.append(
            ProfileYear(
                year=year,
                framework=framework,
                cells={code: Cell(value=s.value, provenance=s.provenance) for code, s in scores.items()},
                ranks={pool: ranks_by_pool[pool][year] for pool in pools},
                scores=scores,
                average=refs[year].get(ReferenceValue.Kind.PROVINCIAL_AVERAGE),
                national=refs[year].get(ReferenceValue.Kind.NATIONAL),
                notes=notes[year],
                rank_sources=sorted(rank_sources[year], key=lambda s: s.url),
            )
        )
    return Profile(
        unit=unit,
        pools=pools,
        lineage=unit_lineage(unit=unit),
        years=profile_years,
        codes=codes,
        indicators=indicators,
    )


def top_units(*, year: int, limit: int = 10) -> list[RankingRow]:
    """The first ``limit`` rows of a year's default ranking (home page)."""
    framework = Framework.objects.filter(year=year).first()
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
        columns: dict[tuple[str, int], dict[int, Decimal | None]] = defaultdict(lambda: dict.fromkeys(unit_ids))
        for unit_id, code, year, value in Score.objects.published().filter(unit_id__in=unit_ids).values_list(
            "unit_id", "indicator__code", "year", "value"
        ):
            columns[(code, year)][unit_id] = value
        for (code, year), column in columns.items():
            if is_complete(column):
                for unit_id, rank in competition_rank(column).items():
                    lookup[(unit_id, code, year, pool)] = rank
    return lookup


def score_range(*, code: str) -> tuple[Decimal, Decimal] | None:
    """Lowest and highest value of indicator ``code`` over every year and unit (both
    pools, real units only), or None if it has no value. The map's fixed colour scale."""
    bounds = Score.objects.real().filter(indicator__code=code).aggregate(low=Min("value"), high=Max("value"))
    if bounds["low"] is None:
        return None
    return bounds["low"], bounds["high"]
