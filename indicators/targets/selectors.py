"""Reads for the targets: each target's progress (status, method, gap), for a unit,
several units, or the overview page.

Query counts are constant: every function reads whole tables of one indicator (a few
thousand rows at most) in a fixed number of queries and works in Python.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from indicators.caching.catalog import catalog
from indicators.caching.version import scoped
from indicators.models import KpiObservation, Target
from indicators.targets.rank_book import RankBook
from indicators.targets.status import (
    Assessment,
    Goal,
    Method,
    Point,
    Status,
    assess,
    points_to_rank,
    share_of_pool,
    share_of_pool_exact,
    value_for_rank,
)
from provinces.models import Succession, Unit
from provinces.pools import POOL_DATES

TEXT_STATUS = "text"  # the "status" of a text-only target in filters and counts
HORIZONS = ("2025", "2030", "other")
# ----------------------------------------------------------------------------
# Targets
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RankReading:
    """A rank target read in one pool: as written (15/63), or as the same share of the
    34-unit pool after the merger (≈ 8/34), for the unit that carries the target there."""

    pool: int
    n: int
    n_exact: Decimal | None  # the unrounded share (8.0952) for the share reading
    unit: Unit
    is_share: bool
    assessment: Assessment
    rank: int | None
    rank_year: int | None
    rank_gap: int | None  # rank − N: > 0 places still to climb, ≤ 0 inside the target
    points_year: int | None
    value_needed: Decimal | None  # the value that ranks N or better that year (ties share N)
    points_gap: Decimal | None  # value_needed − own value: > 0 still needed, ≤ 0 margin
    backcast: bool = False  # 34-unit ranks before 2024 are the app's back-cast

    @property
    def points_gap_1000(self) -> Decimal | None:
        """The points gap on the 1,000-point scale the DTI reports use."""
        return None if self.points_gap is None else self.points_gap * 1000


@dataclass
class TargetProgress:
    target: Target
    inherited_from: Unit | None  # the predecessor unit whose target this is; None: own target
    assessment: Assessment | None  # None: text-only target, no status
    other_methods: list[Assessment] = field(default_factory=list)
    readings: list[RankReading] = field(default_factory=list)
    unit_label: str = ""  # what the values are measured in ("%", "hạng", "0–1")

    @property
    def status_key(self) -> str:
        return self.assessment.status.value if self.assessment else TEXT_STATUS

    @property
    def horizon(self) -> str:
        year = self.target.target_year
        return str(year) if year in (2025, 2030) else "other"


def _kpi_goal(target: Target, series: dict) -> Goal:
    """A KPI target's goal, read against how its latest value was published: "trên 800"
    (over 800) is a lower bound, so it meets "more than 800" although 800 is not > 800."""
    goal = target_goal(target)
    if not series or goal.comparator != ">":
        return goal
    latest = max(series)
    for observation in catalog().observations.get((target.unit_id, target.kpi_metric.code), []):
        if (
            observation.year == latest
            and observation.value == series[latest]
            and observation.qualifier == KpiObservation.Qualifier.OVER
        ):
            return replace(goal, comparator=">=")
    return goal


def target_goal(target: Target, *, n: Decimal | None = None) -> Goal:
    """The target as the status methods need it (rank N instead of the written value for
    a reading of a rank target in another pool); the what-if page judges with it too."""
    higher = (
        target.kpi_metric.higher_is_better
        if target.kpi_metric_id
        else target.kind != Target.Kind.RANK
    )
    return Goal(
        value=float(n if n is not None else target.value),
        year=target.target_year,
        comparator=target.comparator,
        higher_is_better=higher,
    )


def _start_year(target: Target) -> int | None:
    """The resolution's first year: its date, else the first year of its period ("2021-2025")."""
    if target.resolution.issued_on:
        return target.resolution.issued_on.year
    digits = [
        int(t)
        for t in target.resolution.period.replace("-", " ").split()
        if t.isdigit() and len(t) == 4
    ]
    return digits[0] if digits else None


def _stated_baseline(target: Target) -> Point | None:
    if target.baseline_year and target.baseline_value is not None:
        return Point(target.baseline_year, float(target.baseline_value))
    return None


def _all_methods(
    series, goal: Goal, target: Target, current_year: int
) -> tuple[Assessment, list[Assessment]]:
    kwargs = {
        "current_year": current_year,
        "baseline": _stated_baseline(target),
        "start_year": _start_year(target),
    }
    primary = assess(series, goal, method=Method(target.method), **kwargs)
    others = [assess(series, goal, method=m, **kwargs) for m in Method if m != primary.method]
    return primary, others


def _rank_reading(
    book: RankBook, target: Target, unit: Unit, pool: int, n: int, n_exact, current_year: int
) -> RankReading:
    code = target.indicator.code
    series = book.ranks(unit.pk, code, pool)
    assessment = assess(
        series,
        target_goal(target, n=Decimal(n)),
        method=Method(target.method),
        current_year=current_year,
        start_year=_start_year(target),
        baseline=None if n_exact else _stated_baseline(target),
    )
    rank_year = max(series) if series else None
    complete_years = [
        y
        for y in book.years
        if book.complete(code, y, pool) and book.value(unit.pk, code, y) is not None
    ]
    points_year = max(complete_years) if complete_years else None
    value_needed = points_gap = None
    if points_year is not None:
        column = book.column(code, points_year, pool)
        value_needed = value_for_rank(column, unit=unit.pk, n=n)
        points_gap = points_to_rank(column, unit=unit.pk, n=n)
    return RankReading(
        pool=pool,
        n=n,
        n_exact=n_exact,
        unit=unit,
        is_share=n_exact is not None,
        assessment=assessment,
        rank=series.get(rank_year) if rank_year else None,
        rank_year=rank_year,
        rank_gap=series[rank_year] - n if rank_year else None,
        points_year=points_year,
        value_needed=value_needed,
        points_gap=points_gap,
        backcast=bool(rank_year and book.rank_is_backcast(code, rank_year, pool)),
    )


def _progress(
    target: Target,
    *,
    inherited_from: Unit | None,
    book: RankBook,
    kpi: dict,
    successors: dict[int, Unit],
    current_year: int,
) -> TargetProgress:
    if not target.has_status:
        return TargetProgress(target=target, inherited_from=inherited_from, assessment=None)
    if target.kind == Target.Kind.KPI:
        series = kpi.get((target.unit_id, target.kpi_metric_id), {})
        primary, others = _all_methods(series, _kpi_goal(target, series), target, current_year)
        return TargetProgress(
            target, inherited_from, primary, others, unit_label=target.kpi_metric.unit_label
        )
    code = target.indicator.code
    if target.kind == Target.Kind.SCORE:
        series = {y: book.value(target.unit_id, code, y) for y in book.years}
        primary, others = _all_methods(series, target_goal(target), target, current_year)
        return TargetProgress(target, inherited_from, primary, others, unit_label="0–1")
    # Rank target: as written in the unit's own pool, then as a share of the 34 after the merger.
    unit = target.unit
    own_pool = 63 if 63 in catalog().pools_of(unit) else 34
    n = int(target.value)
    readings = [_rank_reading(book, target, unit, own_pool, n, None, current_year)]
    carrier = successors.get(unit.pk, unit if 34 in catalog().pools_of(unit) else None)
    if (
        own_pool == 63
        and carrier is not None
        and (target.target_year is None or target.target_year >= POOL_DATES[34].year)
    ):
        readings.append(
            _rank_reading(
                book, target, carrier, 34, share_of_pool(n), share_of_pool_exact(n), current_year
            )
        )
    series = book.ranks(unit.pk, code, own_pool)
    kwargs = {
        "current_year": current_year,
        "baseline": _stated_baseline(target),
        "start_year": _start_year(target),
    }
    others = [
        assess(series, target_goal(target), method=m, **kwargs)
        for m in Method
        if m != Method(target.method)
    ]
    return TargetProgress(
        target, inherited_from, readings[0].assessment, others, readings, unit_label="hạng"
    )


def _targets_queryset():
    return Target.objects.select_related(
        "resolution", "unit", "indicator", "kpi_metric", "other_reading"
    ).prefetch_related("sources")


def _all_targets() -> list[Target]:
    """Every target with its resolution, unit, indicator and sources (catalog)."""
    return list(catalog().targets)


def _successions() -> list[Succession]:
    return list(catalog().successions)


def status_year() -> int:
    """The year statuses are judged in: this year, or settings.DTI_STATUS_YEAR to replay
    the judgement of another year (tests pin it, so that they do not age)."""
    return getattr(settings, "DTI_STATUS_YEAR", None) or timezone.localdate().year


def _progress_many(
    targets: list[Target],
    *,
    successions: list[Succession],
    current_year: int | None,
    book: "RankBook | None" = None,
) -> list[TargetProgress]:
    """Progress of each target, in four further queries whatever their number
    (none when there is no target): three for the rank book (unless given), one for KPI values."""
    if not targets:
        return []
    current_year = current_year or status_year()
    codes = {t.indicator.code for t in targets if t.indicator_id}
    if book is None or not codes <= book.codes:
        # DTI always, so that the query count is the same whatever kinds of targets there are.
        book = RankBook({"DTI", *codes})
    successors = {s.predecessor_id: s.successor for s in successions}
    kpi = catalog().kpi
    return [
        _progress(
            t,
            inherited_from=None,
            book=book,
            kpi=kpi,
            successors=successors,
            current_year=current_year,
        )
        for t in targets
    ]


@scoped
def target_codes() -> set[str]:
    """The indicators of every target (for a rank book shared by a page)."""
    return {t.indicator.code for t in _all_targets() if t.indicator_id}


@scoped
def unit_targets(
    *, unit: Unit, current_year: int | None = None, book: "RankBook | None" = None
) -> list[TargetProgress]:
    """Every target of ``unit``: its own, then those it inherited from the units it
    replaced in 2025 (kept as their resolution wrote them, labelled with their unit).
    Targets come from the catalog; the rank book's two queries only when the unit has
    targets and no ``book`` is given."""
    return units_targets(units=[unit], current_year=current_year, book=book).get(unit.pk, [])


@scoped
def units_targets(
    *, units: list[Unit], current_year: int | None = None, book: RankBook | None = None
) -> dict[int, list[TargetProgress]]:
    """:func:`unit_targets` for several units at once (the compare page), same query count."""
    successions = _successions()
    owner_of: dict[int, list[int]] = defaultdict(
        list
    )  # unit id of a target → the page units showing it
    for unit in units:
        owner_of[unit.pk].append(unit.pk)
    page_ids = {u.pk for u in units}
    for succession in successions:
        if succession.successor_id in page_ids:
            owner_of[succession.predecessor_id].append(succession.successor_id)
    targets = [t for t in _all_targets() if t.unit_id in owner_of]
    progress = _progress_many(
        targets, successions=successions, current_year=current_year, book=book
    )
    result: dict[int, list[TargetProgress]] = {u.pk: [] for u in units}
    for item in progress:
        for page_unit in owner_of[item.target.unit_id]:
            own = item.target.unit_id == page_unit
            result[page_unit].append(
                item if own else replace(item, inherited_from=item.target.unit)
            )
    for items in result.values():
        items.sort(
            key=lambda p: (
                p.inherited_from is not None,
                p.inherited_from.name if p.inherited_from else "",
                p.target.resolution.issued_on or datetime.date.max,
                p.target.position,
            )
        )
    return result


@dataclass
class TargetOverview:
    rows: list[TargetProgress]
    counts: dict[str, int]  # status key → targets with that status, before the status filter
    total: int  # targets before the status filter
    units: list[Unit]  # units that have targets (own or inherited), for the province filter
    unit: Unit | None
    kind: str | None
    horizon: str | None
    status: str | None


@scoped
def target_overview(
    *,
    unit: Unit | None = None,
    kind: str | None = None,
    horizon: str | None = None,
    status: str | None = None,
    current_year: int | None = None,
) -> TargetOverview:
    """Every target of every unit with its status, filtered; counts per status are
    taken before the status filter so each filter chip says how many it would show."""
    if unit is not None:
        rows = unit_targets(unit=unit, current_year=current_year)
    else:
        rows = _progress_many(_all_targets(), successions=_successions(), current_year=current_year)
        rows.sort(
            key=lambda p: (
                p.target.unit.name,
                p.target.resolution.issued_on or datetime.date.max,
                p.target.position,
            )
        )
    if kind:
        rows = [r for r in rows if r.target.kind == kind]
    if horizon:
        rows = [r for r in rows if r.horizon == horizon]
    counts = dict.fromkeys([*(s.value for s in Status), TEXT_STATUS], 0)
    for row in rows:
        counts[row.status_key] += 1
    total = len(rows)
    if status:
        rows = [r for r in rows if r.status_key == status]
    with_targets = {t.unit_id for t in _all_targets()}
    owner_ids = with_targets | {
        s.successor_id for s in _successions() if s.predecessor_id in with_targets
    }
    cat = catalog()
    owners = sorted(
        (cat.units_by_pk[i] for i in owner_ids if i in cat.units_by_pk),
        key=lambda u: (u.name, u.valid_from or datetime.date.min),
    )
    return TargetOverview(
        rows=rows,
        counts=counts,
        total=total,
        units=owners,
        unit=unit,
        kind=kind,
        horizon=horizon,
        status=status,
    )
