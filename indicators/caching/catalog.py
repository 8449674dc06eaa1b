"""The catalog: every small table the scorecard pages read, loaded once per data version.

Only two tables grow with the number of units and years: scores and published
ranks. Pages read those per request (one query each). Everything else (units,
regions, frameworks with their trees, indicators, successions, reference values,
notes, targets, KPI observations) is small and changes only when data changes;
it is read in a fixed number of queries into this catalog, kept in the process and
rebuilt when the data version (indicators.caching.version) changes. So a page costs
the version read plus its score and rank reads, whatever the number of units.

A database without a version row (flushed) is never cached: every call reloads.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from indicators.caching import version as versioning
from indicators.models import (
    Derivation,
    Framework,
    FrameworkIndicator,
    Indicator,
    KpiObservation,
    OtherIndexValue,
    ReferenceValue,
    Score,
    Target,
    UnitYearNote,
)
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from provinces.models import Region, Succession, Unit
from provinces.pools import POOL_DATES, unit_pools

SYNTHETIC_PREFIX = "SYNC"  # indicator codes of the synthetic component indices (services.synthetic)


def include_synthetic() -> bool:
    """Synthetic units show only on a server started for the benchmark
    (DTI_INCLUDE_SYNTHETIC=true, never in production), with a banner."""
    return bool(getattr(settings, "DTI_INCLUDE_SYNTHETIC", False))


@dataclass
class Catalog:
    token: str | None
    frameworks: list[Framework]  # published (a published score exists), by year, nodes prefetched
    pool34_complete: set[int]  # years before 2024 whose back-cast covers every 34-pool unit
    indicators: dict[str, Indicator]  # code → indicator, in order
    regions: list[Region]
    units: list[Unit]  # real units (and synthetic ones on a benchmark server), region loaded
    successions: list[Succession]
    references: dict[tuple[int, str, str], ReferenceValue]  # (year, code, kind)
    notes: dict[int, list[UnitYearNote]]  # unit id → notes with sources
    targets: list[Target]  # with resolution, unit, indicator, KPI metric, other reading, sources
    kpi: dict[tuple[int, int], dict[int, object]]  # (unit id, metric id) → year → value
    other_index_years: dict[str, list[int]] = field(default_factory=dict)  # PAPI/PCI → years
    # (unit id, or None for the whole country; metric code) → every observation shown,
    # flagged ones included (qualifier, series, definition, public note), by year
    observations: dict[tuple[int | None, str], list[KpiObservation]] = field(default_factory=dict)
    derivations: list[Derivation] = field(default_factory=list)  # validity of derived figures
    units_by_pk: dict[int, Unit] = field(default_factory=dict)
    units_by_slug: dict[str, Unit] = field(default_factory=dict)
    pool_units: dict[int, list[Unit]] = field(default_factory=dict)
    # Results computed from this version's data (memoised): see ``memoised``.
    _memo: dict[tuple, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.units_by_pk = {u.pk: u for u in self.units}
        self.units_by_slug = {u.slug: u for u in self.units}
        self.pool_units = {
            pool: [u for u in self.units if u.is_valid_on(day)] for pool, day in POOL_DATES.items()
        }

    def memoised(self, key: tuple, compute):
        """``compute()``, once per data version and ``key``: for results built from
        published data that many pages share (a year's ranking in every sort and
        region). Only a catalog of a cached version keeps them (token set); the
        value must be treated as read-only by every caller. Two requests racing on
        a new key both compute it and keep one: the same value."""
        if self.token is None:
            return compute()
        found = self._memo.get(key)
        if found is None:
            found = self._memo.setdefault(key, compute())
        return found

    def derivation_years(self, figure: str) -> set[int]:
        """The years ``figure`` (a Derivation.Figure value) is valid for."""
        return {d.year for d in self.derivations if d.figure == figure and d.valid}

    @property
    def years(self) -> list[int]:
        return [f.year for f in self.frameworks]

    def framework(self, year: int) -> Framework | None:
        return next((f for f in self.frameworks if f.year == year), None)

    def pools_of(self, unit: Unit) -> list[int]:
        if unit.is_synthetic and not include_synthetic():
            return []
        return unit_pools(unit)


def _load(token: str | None) -> Catalog:
    show_synthetic = include_synthetic()
    published = Score.objects.published()
    if not show_synthetic:
        published = published.filter(unit__is_synthetic=False)
    nodes = FrameworkIndicator.objects.select_related("indicator")
    indicators = Indicator.objects.order_by("order", "code")
    if not show_synthetic:
        nodes = nodes.exclude(indicator__code__startswith=SYNTHETIC_PREFIX)
        indicators = indicators.exclude(code__startswith=SYNTHETIC_PREFIX)
    frameworks = list(
        Framework.objects.filter(year__in=published.values("year"))
        .prefetch_related(Prefetch("nodes", queryset=nodes))
        .order_by("year")
    )
    units_qs = Unit.objects.select_related("region")
    if not show_synthetic:
        units_qs = units_qs.filter(is_synthetic=False)
    units = list(units_qs)
    pool34 = [u.pk for u in units if u.is_valid_on(POOL_DATES[34])]
    with_dti = defaultdict(set)
    early = [f.year for f in frameworks if f.year < OFFICIAL_MERGER_YEAR]
    if early and pool34:
        for unit_id, year in published.filter(
            year__in=early, indicator__code="DTI", unit_id__in=pool34
        ).values_list("unit_id", "year"):
            with_dti[year].add(unit_id)
    references = {
        (r.year, r.indicator.code, r.kind): r
        for r in ReferenceValue.objects.select_related("indicator")
    }
    notes: dict[int, list[UnitYearNote]] = defaultdict(list)
    for note in UnitYearNote.objects.exclude(text="").prefetch_related("sources"):
        notes[note.unit_id].append(note)
    targets = list(
        Target.objects.select_related(
            "resolution",
            "unit",
            "unit__region",
            "indicator",
            "kpi_metric",
            "other_reading",
        ).prefetch_related("sources")
    )
    kpi: dict[tuple[int, int], dict[int, object]] = defaultdict(dict)
    # What a target's status is judged on: the unit's own observations of the target's
    # metric, not the national ones, not a figure whose definition differs from the
    # target's, not an earlier vintage a later release superseded.
    for unit_id, metric_id, year, value in (
        KpiObservation.objects.filter(
            unit__isnull=False, definition_differs=False, superseded=False
        )
        .order_by("pk")
        .values_list("unit_id", "metric_id", "year", "value")
    ):
        kpi[(unit_id, metric_id)].setdefault(year, value)
    observations: dict[tuple[int | None, str], list[KpiObservation]] = defaultdict(list)
    for observation in KpiObservation.objects.select_related("metric").order_by(
        "year", "superseded", "pk"
    ):
        observations[(observation.unit_id, observation.metric.code)].append(observation)
    other_index_years: dict[str, list[int]] = defaultdict(list)
    for index, year in (
        OtherIndexValue.objects.order_by("index", "year")  # Meta.ordering would spoil distinct
        .values_list("index", "year")
        .distinct()
    ):
        other_index_years[index].append(year)
    return Catalog(
        token=token,
        frameworks=frameworks,
        pool34_complete={y for y in early if pool34 and len(with_dti[y]) == len(pool34)},
        indicators={i.code: i for i in indicators},
        regions=list(Region.objects.all()),
        units=units,
        successions=list(Succession.objects.select_related("predecessor", "successor")),
        references=references,
        notes=dict(notes),
        targets=targets,
        kpi=dict(kpi),
        other_index_years=dict(other_index_years),
        observations=dict(observations),
        derivations=list(Derivation.objects.order_by("figure", "year")),
    )


_lock = threading.Lock()
_memo: dict[tuple, Catalog] = {}


def catalog() -> Catalog:
    """The catalog of the current data version (one version read; the tables are
    read again only after a change)."""
    version = versioning.current()
    if not version.cacheable or not getattr(settings, "DTI_CATALOG_CACHE", True):
        return _load(None)
    key = (version.token, include_synthetic())
    found = _memo.get(key)
    if found is None:
        found = _load(version.token)
        with _lock:
            _memo.clear()
            _memo[key] = found
    return found
