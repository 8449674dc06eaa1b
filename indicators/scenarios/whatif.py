"""What-if (pure, no ORM): a unit's DTI with changed main indices, its rank, and the
cheapest path to a rank.

Levers. One lever per main index the unit has a published value for, starting there;
the main indices it has none for (for 2022–2024 NTS, TCS, NLS, ATTTM for most units)
are one lever, "other foundation indices (combined)", starting at their sum computed
from the identity (weights.combined_rest) and capped at their number: never split.

New DTI. DTI' = DTI + Σ w_i·(x'_i − x_i) / total: the published DTI moved by the
weighted changes (weights.py's identity), so untouched levers give back exactly the
published DTI even where the published main indices add up to it only within rounding.

Rank. Among everyone else's values of the year in the pool, compared as published
(competition ranking: equalling a value shares its rank). For the 34 units, a unit
that was merged moves its successor by the merger rule (merger.py): the successor's
value is the mean of its predecessors' values with this unit's value replaced.

Cheapest path to rank N (a precise definition, tested on a hand-checked case).
Each lever i has weight w_i, room r_i = cap_i − x_i (cap 1.0 for one index, k for the
combined k indices) and counts as m_i indices (1, or k). Using a share s_i ∈ [0, 1] of
its room raises it by δ_i = s_i·r_i and the DTI by w_i·r_i·s_i points. The path is the
one that reaches the points needed P with the smallest total effort Σ m_i·s_i — the
total increase, each index's increase weighted by what it can still gain (1/r_i):

    minimise Σ m_i·s_i   subject to   Σ w_i·r_i·s_i ≥ P,   0 ≤ s_i ≤ 1.

It is a fractional knapsack: fill the levers in decreasing order of w_i·r_i/m_i (points
per unit of effort; ties in framework order) up to their cap 1.0, the last one
partially. Increases are rounded up to 4 decimals (never below the points needed) and
checked with the same DTI formula. P is counted on the unit's own DTI: for a rank
among the 34 through a merger, P = m·(threshold − successor value)·total with m the
number of predecessors (one unit moves the mean by 1/m of its change).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from indicators.rules.merger import merged_value
from indicators.rules.ranking import PUBLISHED_PLACES, as_published
from indicators.rules.weights import Weights, combined_rest
from indicators.scenarios.drivers import OTHER

ONE = Decimal(1)


@dataclass(frozen=True)
class Lever:
    code: str  # main index code, or OTHER
    codes: tuple[str, ...]  # the main indices it stands for
    weight: Decimal  # points per unit of value (100, 150, 200)
    start: Decimal  # the published value (OTHER: the computed sum)
    cap: Decimal  # 1, or the number of indices combined
    computed: bool = False

    @property
    def param(self) -> str:
        """Its name in the query string ("hts", "other")."""
        return self.code.lower()

    @property
    def room(self) -> Decimal:
        return self.cap - self.start

    @property
    def size(self) -> int:
        return len(self.codes)


class NoSimulation(ValueError):
    """Why a unit-year cannot be simulated (no weights, no DTI, figures that do not add up)."""


def levers(values: Mapping[str, Decimal | None], weights: Weights | None) -> list[Lever]:
    """The sliders of a unit-year, in framework order; raises NoSimulation."""
    if weights is None:
        raise NoSimulation("weights")
    dti = values.get("DTI")
    if dti is None:
        raise NoSimulation("dti")
    result = [
        Lever(code, (code,), weights.points[code], values[code], ONE)  # type: ignore[arg-type]
        for code in weights.points
        if values.get(code) is not None
    ]
    if len(result) < len(weights.points):
        combined = combined_rest(dti, values, weights)
        if combined is None or not combined.in_range:
            raise NoSimulation("combined")
        # Rounding may put the computed sum a hair outside 0..k: start inside it.
        start = min(max(combined.value, Decimal(0)), Decimal(combined.upper))
        result.append(
            Lever(
                OTHER,
                combined.codes,
                combined.weight,
                start,
                Decimal(combined.upper),
                computed=True,
            )
        )
    return result


def simulated_dti(
    dti: Decimal, levers_: Sequence[Lever], new: Mapping[str, Decimal], weights: Weights
) -> Decimal:
    """DTI + Σ w_i·(x'_i − x_i) / total; a lever missing from ``new`` keeps its start."""
    change = sum(
        (lv.weight * (new.get(lv.code, lv.start) - lv.start) for lv in levers_), Decimal(0)
    )
    return dti + change / weights.total


def rank_among(others: Iterable[Decimal | None], value: Decimal) -> int:
    """The competition rank ``value`` would have among ``others`` (as published)."""
    mine = as_published(value)
    return 1 + sum(1 for v in others if v is not None and as_published(v) > mine)


def successor_value(own: Decimal, siblings: Sequence[Decimal | None]) -> Decimal | None:
    """The merged unit's value with this predecessor at ``own`` (merger rule)."""
    return merged_value([own, *siblings])


@dataclass(frozen=True)
class Step:
    lever: Lever
    increase: Decimal  # δ_i, 4 decimals
    share: Decimal  # s_i = δ_i / r_i

    @property
    def new_value(self) -> Decimal:
        return self.lever.start + self.increase

    @property
    def points(self) -> Decimal:
        return self.lever.weight * self.increase


@dataclass
class Path:
    points_needed: Decimal  # P on the 1,000-point scale (≤ 0: nothing needed)
    steps: list[Step] = field(default_factory=list)  # only the levers that move
    reachable: bool = True  # False: even every lever at its cap is not enough
    max_points: Decimal = Decimal(0)  # what every lever at its cap would add

    @property
    def effort(self) -> Decimal:
        """Σ m_i·s_i: how many indices' worth of remaining room the path uses."""
        return sum((step.share * step.lever.size for step in self.steps), Decimal(0))

    @property
    def values(self) -> dict[str, Decimal]:
        return {step.lever.code: step.new_value for step in self.steps}

    @property
    def already(self) -> bool:
        return self.points_needed <= 0


def _ceil4(value: Decimal) -> Decimal:
    return value.quantize(PUBLISHED_PLACES, rounding=ROUND_CEILING)


def cheapest_path(levers_: Sequence[Lever], points_needed: Decimal) -> Path:
    """The least-effort increases that add ``points_needed`` DTI points (module doc)."""
    usable = [lv for lv in levers_ if lv.room > 0]
    max_points = sum((lv.weight * lv.room for lv in usable), Decimal(0))
    path = Path(points_needed=points_needed, max_points=max_points)
    if points_needed <= 0:
        return path
    if max_points < points_needed:
        path.reachable = False
        return path
    order = sorted(
        enumerate(usable),
        key=lambda item: (-(item[1].weight * item[1].room / item[1].size), item[0]),
    )
    left = points_needed
    for _, lever in order:
        if left <= 0:
            break
        full = lever.weight * lever.room
        increase = lever.room if full <= left else min(_ceil4(left / lever.weight), lever.room)
        path.steps.append(Step(lever, increase, increase / lever.room))
        left -= lever.weight * increase
    return path


def points_for_threshold(
    current: Decimal, threshold: Decimal, *, scale: Decimal, merged_parts: int = 1
) -> Decimal:
    """Points the unit's own DTI must gain for a value (its own, or its successor's
    mean over ``merged_parts`` predecessors) to reach ``threshold``."""
    return (threshold - current) * scale * merged_parts
