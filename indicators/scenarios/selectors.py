"""Reads for the rank drivers and the what-if pages: one year's values of every unit,
its weights and pools, in a fixed number of queries; the arithmetic is in the pure
modules (drivers.py, whatif.py, weights.py).

Which years can be simulated: a year whose framework stores main-index weights
(FrameworkIndicator.max_points, admin-editable, with the framework's sources). 2020
is weighted on pillars, so it has none and says so. 2024 stores the 2021–2023 weights
with ``weights_confirmed`` off: the pages simulate its DTI with a visible warning that
no source confirms those weights for 2024. Simulated pillars are shown only for the
years the Derivation table marks the pillar formula valid for (not 2024).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.caching.catalog import catalog
from indicators.loading.derived import framework_weights
from indicators.models import Derivation, Framework, Indicator, Responsibility, Score
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.rules.weights import Weights, pillars_from_dti
from indicators.scenarios import drivers, whatif
from indicators.targets.selectors import target_goal
from indicators.targets.status import is_met
from provinces.models import Succession, Unit
from provinces.pools import POOL_DATES

SCORE_CODES = ("DTI", "CQS", "KTS", "XHS")


@dataclass
class YearData:
    """Every real unit's DTI, pillars and main indices of one year."""

    year: int
    framework: Framework | None
    weights: Weights | None
    units: dict[int, Unit]
    values: dict[int, dict[str, Decimal]]  # unit id → code → value
    provenance: dict[tuple[int, str], str]
    pool_units: dict[int, list[int]]  # pool → unit ids
    predecessors: dict[int, list[int]]  # new unit → the old units it replaced
    successor: dict[int, int]  # old unit → new unit
    indicators: dict[str, Indicator] = field(default_factory=dict)
    responsibilities: dict[str, str] = field(default_factory=dict)
    pillars_valid: bool = False  # the pillar formula holds for this year (Derivation)

    @property
    def confirmed(self) -> bool:
        return bool(self.framework and self.framework.weights_confirmed)

    def column(self, code: str, pool: int) -> dict[int, Decimal | None]:
        return {u: self.values.get(u, {}).get(code) for u in self.pool_units[pool]}

    def complete(self, pool: int) -> bool:
        """Every unit of the pool has a DTI that year (ranks are meaningful)."""
        column = self.column("DTI", pool)
        return bool(column) and all(v is not None for v in column.values())

    def pools(self) -> list[int]:
        """Pools with a complete DTI column this year: 63 up to 2024, 34 from 2024 (and
        before, as the app's back-cast, where it covers every new unit)."""
        return [
            p
            for p in POOL_DATES
            if self.complete(p) and (p == 34 or self.year <= OFFICIAL_MERGER_YEAR)
        ]

    def is_backcast(self, pool: int) -> bool:
        return pool == 34 and self.year < OFFICIAL_MERGER_YEAR

    def unit_pools(self, unit: Unit) -> list[int]:
        return [p for p in self.pools() if unit.pk in self.pool_units[p]]

    def carrier(self, unit: Unit, pool: int) -> int | None:
        """The unit that stands for ``unit`` in ``pool``: itself, or (34) its successor."""
        if unit.pk in self.pool_units[pool]:
            return unit.pk
        successor = self.successor.get(unit.pk)
        return successor if successor in self.pool_units[pool] else None

    def main_values(self, unit_id: int) -> dict[str, Decimal | None]:
        row = self.values.get(unit_id, {})
        codes = ("DTI", *(self.weights.points if self.weights else ()))
        return {code: row.get(code) for code in codes}


def year_data(*, year: int) -> YearData:
    """Seven queries whatever the number of units."""
    framework = (
        Framework.objects.filter(year=year)
        .prefetch_related("nodes__indicator", "nodes__pillar")
        .first()
    )
    weights = framework_weights(framework) if framework else None
    units = {u.pk: u for u in Unit.objects.real()}
    codes = [*SCORE_CODES, *(weights.points if weights else ())]
    values: dict[int, dict[str, Decimal]] = defaultdict(dict)
    provenance = {}
    for unit_id, code, value, prov in (
        Score.objects.published()
        .real()
        .filter(year=year, indicator__code__in=codes)
        .values_list("unit_id", "indicator__code", "value", "provenance")
    ):
        values[unit_id][code] = value
        provenance[(unit_id, code)] = prov
    pool_units = {
        pool: [u.pk for u in units.values() if u.is_valid_on(day)]
        for pool, day in POOL_DATES.items()
    }
    predecessors: dict[int, list[int]] = defaultdict(list)
    successor = {}
    for pred, succ in Succession.objects.order_by("predecessor__code").values_list(
        "predecessor_id", "successor_id"
    ):
        predecessors[succ].append(pred)
        successor[pred] = succ
    return YearData(
        year=year,
        framework=framework,
        weights=weights,
        units=units,
        values=dict(values),
        provenance=provenance,
        pool_units=pool_units,
        predecessors=dict(predecessors),
        successor=successor,
        indicators={i.code: i for i in Indicator.objects.all()},
        responsibilities={r.code: r.label for r in Responsibility.objects.all()},
        pillars_valid=year in catalog().derivation_years(Derivation.Figure.PILLARS),
    )


def simulation_years() -> list[int]:
    """Years with main-index weights and published scores, newest first."""
    years = []
    for framework in (
        Framework.objects.published()
        .prefetch_related("nodes__indicator", "nodes__pillar")
        .order_by("-year")
    ):
        if framework_weights(framework) is not None:
            years.append(framework.year)
    return years


# ----------------------------------------------------------------------------
# Rank drivers
# ----------------------------------------------------------------------------


@dataclass
class DriverReading:
    kind: str  # "rank" | "best" | "average"
    pool: int
    n: int | None
    reference: list[Unit]  # the unit(s) holding the value ranked N (several on a tie)
    decomposition: drivers.Decomposition
    own_rank: int | None
    backcast: bool
    carrier: Unit | None = None  # the unit compared: the unit itself, or its successor in the 34

    @property
    def merged(self) -> bool:
        return self.carrier is not None and self.carrier.pk != self.unit_id

    unit_id: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.pool}-{self.n or 0}"


def _own_rank(data: YearData, unit_id: int, pool: int) -> int | None:
    column = data.column("DTI", pool)
    own = column.get(unit_id)
    return (
        None
        if own is None
        else whatif.rank_among((v for k, v in column.items() if k != unit_id), own)
    )


def driver_reading(
    data: YearData, unit: Unit, *, pool: int, n: int | None, kind: str = "rank"
) -> DriverReading | None:
    """The gap of ``unit`` (or its carrier in the pool) to the unit ranked N, the best
    other unit (kind "best") or the pool's average (kind "average")."""
    weights = data.weights
    carrier = data.carrier(unit, pool)
    if weights is None or carrier is None or pool not in data.pools():
        return None
    own = data.main_values(carrier)
    reference: list[Unit] = []
    if kind == "average":
        other = drivers.pool_average([data.main_values(u) for u in data.pool_units[pool]], weights)
    else:
        found = drivers.units_at_rank(
            data.column("DTI", pool), unit=carrier, n=1 if kind == "best" else (n or 1)
        )
        if found is None:
            return None
        _, holders = found
        reference = sorted((data.units[h] for h in holders), key=lambda u: u.name)
        other = data.main_values(reference[0].pk)
    decomposition = drivers.decompose(own, other, weights)
    if decomposition is None:
        return None
    return DriverReading(
        kind=kind,
        pool=pool,
        n=n if kind == "rank" else (1 if kind == "best" else None),
        reference=reference,
        decomposition=decomposition,
        own_rank=_own_rank(data, carrier, pool),
        backcast=data.is_backcast(pool),
        carrier=data.units[carrier],
        unit_id=unit.pk,
    )


# ----------------------------------------------------------------------------
# What-if
# ----------------------------------------------------------------------------


@dataclass
class PoolResult:
    pool: int
    carrier: Unit  # the unit ranked in this pool: the unit itself, or its successor
    merged: bool  # the carrier's value is the mean of its predecessors (merger rule)
    parts: int  # number of predecessors averaged (1 when not merged)
    value: Decimal  # the carrier's DTI with the changed values
    rank: int  # its rank that year among everyone else's values
    published_value: Decimal
    published_rank: int
    size: int
    backcast: bool

    @property
    def change(self) -> int:
        return self.published_rank - self.rank


@dataclass
class TargetCheck:
    progress: object  # target_selectors.TargetProgress
    pool: int | None
    n: int | None
    metric: str
    value: Decimal | None  # the simulated value (score targets) or None
    rank: int | None  # the simulated rank (rank targets)
    met: bool | None  # None: cannot be judged from a simulation of this year


@dataclass
class Simulation:
    unit: Unit
    year: int
    levers: list[whatif.Lever]
    values: dict[str, Decimal]  # lever code → value used
    dti: Decimal  # published
    new_dti: Decimal
    pools: list[PoolResult]
    pillars: dict[str, Decimal]
    targets: list[TargetCheck] = field(default_factory=list)
    path: whatif.Path | None = None
    path_n: int | None = None
    path_pool: int | None = None
    path_reference: list[Unit] = field(default_factory=list)


def _carrier_values(
    data: YearData, carrier: int, unit_id: int, own: dict[str, Decimal]
) -> tuple[dict[str, Decimal], int]:
    """The carrier's DTI and pillars with ``unit_id``'s values replaced by ``own``: the
    same values when the carrier is the unit, else the mean over its predecessors."""
    if carrier == unit_id:
        return own, 1
    parts = data.predecessors.get(carrier, [])
    result = {}
    for code, value in own.items():
        siblings = [data.values.get(p, {}).get(code) for p in parts if p != unit_id]
        merged = whatif.successor_value(value, siblings)
        if merged is not None:
            result[code] = merged
    return result, len(parts)


def _pool_result(
    data: YearData, unit: Unit, pool: int, own_new: dict[str, Decimal], own_old: dict[str, Decimal]
):
    carrier = data.carrier(unit, pool)
    if carrier is None:
        return None
    new, parts = _carrier_values(data, carrier, unit.pk, own_new)
    old, _ = _carrier_values(data, carrier, unit.pk, own_old)
    if "DTI" not in new or "DTI" not in old:
        return None
    others = [v for k, v in data.column("DTI", pool).items() if k != carrier]
    return PoolResult(
        pool=pool,
        carrier=data.units[carrier],
        merged=carrier != unit.pk,
        parts=parts,
        value=new["DTI"],
        rank=whatif.rank_among(others, new["DTI"]),
        published_value=old["DTI"],
        published_rank=whatif.rank_among(others, old["DTI"]),
        size=len(data.pool_units[pool]),
        backcast=data.is_backcast(pool),
    )


def _with_pillars(
    data: YearData, dti: Decimal, main: dict[str, Decimal | None]
) -> dict[str, Decimal]:
    if not data.pillars_valid:  # 2024: pillars do not follow from the weights
        return {"DTI": dti}
    return {"DTI": dti, **pillars_from_dti(dti, main, data.weights)}  # type: ignore[arg-type]


def simulate(
    data: YearData, unit: Unit, *, values: dict[str, Decimal], targets: list
) -> Simulation:
    """The unit's DTI, pillars and ranks with the levers at ``values``; raises
    whatif.NoSimulation when the year or the unit cannot be simulated."""
    levers = whatif.levers(data.main_values(unit.pk), data.weights)
    weights = data.weights
    assert weights is not None
    used = {lv.code: values.get(lv.code, lv.start) for lv in levers}
    dti = data.values[unit.pk]["DTI"]
    new_dti = whatif.simulated_dti(dti, levers, used, weights)
    old_main = data.main_values(unit.pk)
    new_main = dict(old_main) | {code: v for code, v in used.items() if code in weights.points}
    own_old = _with_pillars(data, dti, old_main)
    own_new = _with_pillars(data, new_dti, new_main)
    pools = [
        r for p in data.pools() if (r := _pool_result(data, unit, p, own_new, own_old)) is not None
    ]
    sim = Simulation(
        unit=unit,
        year=data.year,
        levers=levers,
        values=used,
        dti=dti,
        new_dti=new_dti,
        pools=pools,
        pillars={k: v for k, v in own_new.items() if k != "DTI"},
    )
    sim.targets = [
        check for progress in targets for check in _target_checks(data, unit, progress, own_new)
    ]
    return sim


def _target_checks(
    data: YearData, unit: Unit, progress, own_new: dict[str, Decimal]
) -> list[TargetCheck]:
    target = progress.target
    code = target.indicator.code if target.indicator_id else None
    if code not in SCORE_CODES or target.value is None:
        return []
    if target.kind == "score":
        value = own_new.get(code)
        met = None if value is None else _compare(value, target)
        return [TargetCheck(progress, None, None, code, value, None, met)]
    if target.kind != "rank":
        return []
    checks = []
    for reading in progress.readings:
        pool = reading.pool
        carrier = data.carrier(unit, pool) if pool in data.pools() else None
        if carrier is None or carrier != reading.unit.pk:
            continue
        new, _ = _carrier_values(data, carrier, unit.pk, own_new)
        value = new.get(code)
        others = [v for k, v in data.column(code, pool).items() if k != carrier]
        if value is None or any(v is None for v in others):
            checks.append(TargetCheck(progress, pool, reading.n, code, None, None, None))
            continue
        rank = whatif.rank_among(others, value)
        checks.append(
            TargetCheck(
                progress,
                pool,
                reading.n,
                code,
                value,
                rank,
                _compare(Decimal(rank), target, reading.n),
            )
        )
    return checks


def _compare(value: Decimal, target, n: int | None = None) -> bool:
    """Whether the simulated value (or rank) meets the target: the targets page's own
    comparison (status.is_met, 4 decimals as published), so both pages agree."""
    return is_met(value, target_goal(target, n=None if n is None else Decimal(n)))


def cheapest(data: YearData, sim: Simulation, *, n: int, pool: int) -> None:
    """Fill ``sim.path``: the least-effort path from the published values to rank N in
    ``pool`` (whatif.cheapest_path; through the merger rule for a successor)."""
    carrier = data.carrier(sim.unit, pool)
    if carrier is None or data.weights is None:
        return
    column = data.column("DTI", pool)
    found = drivers.units_at_rank(column, unit=carrier, n=n)
    sim.path_n, sim.path_pool = n, pool
    if found is None:
        if n >= len(column):  # last place of the pool or beyond: any value ranks N or better
            sim.path = whatif.Path(points_needed=Decimal(0))
        return
    threshold, holders = found
    sim.path_reference = sorted((data.units[h] for h in holders), key=lambda u: u.name)
    current = column[carrier]
    parts = 1 if carrier == sim.unit.pk else len(data.predecessors.get(carrier, [])) or 1
    needed = whatif.points_for_threshold(
        current, threshold, scale=data.weights.total, merged_parts=parts
    )  # type: ignore[arg-type]
    sim.path = whatif.cheapest_path(sim.levers, needed)


def unit_year_scores(*, unit: Unit, year: int) -> list[Score]:
    """The published scores of a unit-year a scenario starts from, with their sources
    (for an export's source list); two queries."""
    return list(
        Score.objects.published()
        .filter(unit=unit, year=year)
        .select_related("indicator")
        .prefetch_related("sources")
    )
