"""Progress towards a resolution target (pure, no ORM): DESIGN §5.

Notation of DESIGN §5: b = baseline year, t = latest year, T = target year,
y = observed values, y* = the target, d = +1 when a higher value is better.

Three methods, each named next to the status it gives:

1. **Linear path** (UN ECA): E(t) = y_b + (y* − y_b)(t − b)/(T − b); on track iff
   d·(y_t − E(t)) ≥ 0.
2. **Required vs observed growth** (Statistics Canada / Open SDG):
   CAGR_o = (y_t/y_b)^(1/(t−b)) − 1, CAGR_r = (y*/y_b)^(1/(T−b)) − 1,
   R = d·CAGR_o/|CAGR_r|: ≥ 0.95 on track, 0.60–0.95 needs acceleration,
   0–0.60 limited progress (off track), < 0 deteriorating.
3. **Projected value at T** (UN SDG progress chart): ŷ_T = y_t·(1 + CAGR_o)^(T−t),
   CR = (ŷ_T − y_b)/(y* − y_b): ≥ 0.95 on track, 0.10–0.95 needs acceleration,
   < 0.10 stagnating.

Rules shared by all methods, in this order:
- no observed value → not enough data (a value is never invented);
- a value observed for the target year itself, or any later year → the target is
  judged on the year-T value: **achieved** or **missed**, never "on track";
- the target already met by the latest value before T → **achieved early** (method 2's
  "achieved if the target is already met", applied to all three; the year-T result is
  not in yet, so it is not the final "achieved");
- T has passed (T < the current year, or later years are observed) but year T has no
  value → **not enough data** (the year-T result is not in; never "on track");
- fewer than two data points (baseline and latest in different years), or no target
  year → **latest value against the target**: no trajectory, no growth rate or
  projection from one point;
- a 0 baseline or target is replaced by 0.001 in the growth formulas (methods 2, 3).

A value meets the target when, rounded to 4 decimals as the DTI tables publish it, it
is on the right side of the target (:func:`is_met`): the targets page and the what-if
page both judge through it.

Our judgement, beyond DESIGN §5 (documented in the tests):
- Direction d comes from the comparator where it has one (≥, > → +1; ≤, < → −1:
  "top 15" is rank ≤ 15, lower is better); "=" and "~" take the metric's own
  direction. "=" and "~" count as met when reached in that direction (100 % is the
  ceiling of a percentage; "about 25 %" is met at 25 %).
- The linear path only says on/off track; off the path we grade by the share of the
  expected progress made, P = (y_t − y_b)/(E(t) − y_b), with method 2's thresholds
  (≥ 0.60 needs acceleration, 0–0.60 off track, < 0 deteriorating).
- Method 3's "stagnating" (CR < 0.10) is split at 0: 0 ≤ CR < 0.10 is off track
  (limited), CR < 0 — the projection falls behind the baseline — is deteriorating.
  CR < 0 ⇔ R < 0 ⇔ the value moved away from the target since the baseline.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from indicators.rules.ranking import as_published

ZERO_REPLACEMENT = 0.001
GROWTH_ON_TRACK, GROWTH_ACCELERATE, GROWTH_LIMITED = 0.95, 0.60, 0.0
PROJECTION_ON_TRACK, PROJECTION_ACCELERATE = 0.95, 0.10
COMPARATORS = (">=", ">", "<=", "<", "=", "~")


class Status(StrEnum):
    ACHIEVED = "achieved"
    ACHIEVED_EARLY = "achieved-early"  # met before the target year; its result not in yet
    ON_TRACK = "on-track"
    NEEDS_ACCELERATION = "needs-acceleration"
    OFF_TRACK = "off-track"
    DETERIORATING = "deteriorating"
    MISSED = "missed"
    LATEST_VALUE = "latest-value"  # not met, and no trajectory: one value, or no target year
    NOT_ENOUGH_DATA = "not-enough-data"


# Label and icon of each status: never colour alone (DESIGN / WCAG 1.4.1).
STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED: _("Đã đạt"),
    Status.ACHIEVED_EARLY: _("Đã đạt sớm"),
    Status.ON_TRACK: _("Đúng tiến độ"),
    Status.NEEDS_ACCELERATION: _("Cần tăng tốc"),
    Status.OFF_TRACK: _("Chậm tiến độ (tiến bộ hạn chế)"),
    Status.DETERIORATING: _("Đi lùi"),
    Status.MISSED: _("Không đạt"),
    Status.LATEST_VALUE: _("Giá trị mới nhất so với mục tiêu"),
    Status.NOT_ENOUGH_DATA: _("Chưa đủ dữ liệu"),
}
STATUS_ICONS: dict[Status, str] = {
    Status.ACHIEVED: "✔",
    Status.ACHIEVED_EARLY: "✔",
    Status.ON_TRACK: "↗",
    Status.NEEDS_ACCELERATION: "»",
    Status.OFF_TRACK: "⚠",
    Status.DETERIORATING: "↘",
    Status.MISSED: "✖",
    Status.LATEST_VALUE: "•",
    Status.NOT_ENOUGH_DATA: "?",
}


class Method(StrEnum):
    LINEAR = "linear"
    GROWTH = "growth"
    PROJECTION = "projection"


METHOD_LABELS: dict[Method, str] = {
    Method.LINEAR: _("Đường thẳng (UN ECA)"),
    Method.GROWTH: _("Tăng trưởng cần có so với thực tế (Statistics Canada / Open SDG)"),
    Method.PROJECTION: _("Dự phóng giá trị năm đích (UN SDG)"),
}


class Reason(StrEnum):
    """Why a status was given (the page explains it in words)."""

    NO_DATA = "no-data"
    NO_TARGET_YEAR = "no-target-year"
    FINAL = "final"  # judged on the value of the target year
    MET = "met"  # already met by the latest value before the deadline
    DEADLINE_NO_VALUE = "deadline-no-value"
    SINGLE_POINT = "single-point"
    NEGATIVE_VALUES = "negative-values"
    TRAJECTORY = "trajectory"


# The method of a status that no trajectory gave.
BASIS_LABELS: dict[Reason, str] = {
    Reason.FINAL: _("So kết quả năm đích với mục tiêu"),
    Reason.MET: _("So giá trị mới nhất với mục tiêu"),
    Reason.SINGLE_POINT: _("So giá trị mới nhất với mục tiêu"),
    Reason.NO_TARGET_YEAR: _("So giá trị mới nhất với mục tiêu"),
}


@dataclass(frozen=True)
class Point:
    year: int
    value: float


@dataclass(frozen=True)
class Goal:
    """A target as the methods need it."""

    value: float
    year: int | None
    comparator: str = ">="
    higher_is_better: bool = True

    @property
    def direction(self) -> int:
        return direction(self.comparator, self.higher_is_better)

    def is_met(self, value: float) -> bool:
        return is_met(value, self)


@dataclass(frozen=True)
class Assessment:
    status: Status
    method: Method
    reason: Reason
    baseline: Point | None = None
    latest: Point | None = None
    target_value: float | None = None
    target_year: int | None = None
    expected: float | None = None  # E(t): the straight line from baseline to target, at t
    ratio: float | None = None  # P (linear), R (growth) or CR (projection)
    projected: float | None = None  # ŷ_T (projection)
    observed_growth: float | None = None  # CAGR_o (growth, projection)
    required_growth: float | None = None  # CAGR_r (growth)

    @property
    def gap(self) -> float | None:
        """y_t − E(t): how far the latest value is from the straight line (its sign is
        the raw difference; ``ahead`` says whether that is good)."""
        if self.expected is None or self.latest is None:
            return None
        return self.latest.value - self.expected

    @property
    def distance(self) -> float | None:
        """y* − y_t: what is left to reach the target."""
        if self.latest is None or self.target_value is None:
            return None
        return self.target_value - self.latest.value

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self.status]

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def basis_label(self) -> str | None:
        """What gave the status: the trajectory method, or the comparison of one value
        with the target; None when nothing could be judged (not enough data)."""
        if self.reason == Reason.TRAJECTORY:
            return METHOD_LABELS[self.method]
        return BASIS_LABELS.get(self.reason)


def direction(comparator: str, higher_is_better: bool = True) -> int:
    """d of DESIGN §5: +1 when a higher value brings the target closer."""
    if comparator in (">=", ">"):
        return 1
    if comparator in ("<=", "<"):
        return -1
    return 1 if higher_is_better else -1


_EPSILON = 1e-9


def published(value: float | Decimal | int) -> Decimal:
    """``value`` rounded as the DTI tables publish it (4 decimals, half up): what a
    target is compared with. Infinite values (a growth from a 0 baseline) stay as they are."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return number
    try:
        return as_published(number)
    except InvalidOperation:  # beyond the context's 28 digits: no 4th decimal to round
        return number


def is_met(value: float | Decimal, goal: Goal) -> bool:
    """Whether ``value``, rounded to 4 decimals as published, satisfies the goal (strict
    for > and <). The one comparison with a target, for the targets and what-if pages."""
    margin = goal.direction * (published(value) - published(goal.value))
    if goal.comparator in (">", "<"):
        return margin > 0
    return margin >= 0


def linear_expected(*, baseline: Point, target: float, target_year: int, year: int) -> float:
    """E(t) = y_b + (y* − y_b)(t − b)/(T − b)."""
    return baseline.value + (target - baseline.value) * (year - baseline.year) / (
        target_year - baseline.year
    )


def _nonzero(value: float) -> float:
    return ZERO_REPLACEMENT if value == 0 else value


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from ``start`` to ``end`` over ``years`` (0 → 0.001 at the start)."""
    return (float(end) / _nonzero(float(start))) ** (1 / years) - 1


def growth_ratio(
    *, baseline: Point, latest: Point, target: float, target_year: int, d: int
) -> float:
    """R = d·CAGR_o/|CAGR_r| (method 2). A 0 baseline or target is read as 0.001."""
    observed = cagr(baseline.value, latest.value, latest.year - baseline.year)
    required = cagr(baseline.value, _nonzero(target), target_year - baseline.year)
    if required == 0:
        return math.copysign(math.inf, d * observed) if observed else 0.0
    return d * observed / abs(required)


def projected_value(*, baseline: Point, latest: Point, target_year: int) -> float:
    """ŷ_T: the latest value carried to T at the observed CAGR (method 3)."""
    observed = cagr(baseline.value, latest.value, latest.year - baseline.year)
    try:
        return latest.value * (1 + observed) ** (target_year - latest.year)
    except OverflowError:  # from a 0 baseline read as 0.001: growth beyond any float
        return math.inf


def projection_ratio(
    *, baseline: Point, latest: Point, target: float, target_year: int, d: int
) -> tuple[float, float]:
    """(CR, ŷ_T) with CR = (ŷ_T − y_b)/(y* − y_b) (method 3; 0 → 0.001)."""
    projected = projected_value(baseline=baseline, latest=latest, target_year=target_year)
    start, goal = _nonzero(baseline.value), _nonzero(target)
    if goal == start:
        return math.copysign(
            math.inf, d * (projected - start)
        ) if projected != start else 0.0, projected
    return (projected - start) / (goal - start), projected


def _grade(ratio: float, *, on_track: float, accelerate: float) -> Status:
    if ratio >= on_track:
        return Status.ON_TRACK
    if ratio >= accelerate:
        return Status.NEEDS_ACCELERATION
    if ratio >= GROWTH_LIMITED:
        return Status.OFF_TRACK
    return Status.DETERIORATING


def baseline_pick(points: list[Point], *, before_year: int | None) -> Point | None:
    """The baseline when the resolution states none: the latest value of a year before
    the resolution's first year (the situation it was written in), else the first value."""
    if not points:
        return None
    if before_year is not None:
        earlier = [p for p in points if p.year < before_year]
        if earlier:
            return earlier[-1]
    return points[0]


def assess(
    series: Mapping[int, float | Decimal | None],
    goal: Goal,
    *,
    method: Method = Method.LINEAR,
    current_year: int,
    baseline: Point | None = None,
    start_year: int | None = None,
) -> Assessment:
    """The status of ``goal`` given the observed ``series`` (year → value).

    ``baseline`` is the baseline stated in the resolution, if any; otherwise it is
    picked from the series by :func:`baseline_pick` with ``start_year``.
    ``current_year`` decides whether the target year has passed.
    """
    points = [
        Point(year, float(value)) for year, value in sorted(series.items()) if value is not None
    ]
    base = {"method": method, "target_value": goal.value, "target_year": goal.year}
    if not points:
        return Assessment(Status.NOT_ENOUGH_DATA, reason=Reason.NO_DATA, baseline=baseline, **base)
    latest = points[-1]
    if baseline is None:
        baseline = baseline_pick(points, before_year=start_year)
    base["baseline"] = baseline
    deadline = goal.year
    if deadline is None:
        status = Status.ACHIEVED if goal.is_met(latest.value) else Status.LATEST_VALUE
        return Assessment(
            status,
            reason=Reason.MET if status == Status.ACHIEVED else Reason.NO_TARGET_YEAR,
            latest=latest,
            **base,
        )
    at_deadline = next((p for p in points if p.year == deadline), None)
    if at_deadline is not None:
        status = Status.ACHIEVED if goal.is_met(at_deadline.value) else Status.MISSED
        return Assessment(status, reason=Reason.FINAL, latest=at_deadline, **base)
    before = [p for p in points if p.year <= deadline]
    if not before:
        return Assessment(
            Status.NOT_ENOUGH_DATA, reason=Reason.DEADLINE_NO_VALUE, latest=latest, **base
        )
    last = before[-1]
    if goal.is_met(last.value):  # before the target year (its own value is handled above)
        return Assessment(Status.ACHIEVED_EARLY, reason=Reason.MET, latest=last, **base)
    if deadline < current_year or latest.year > deadline:
        return Assessment(
            Status.NOT_ENOUGH_DATA, reason=Reason.DEADLINE_NO_VALUE, latest=last, **base
        )
    if baseline is None or baseline.year >= last.year:
        return Assessment(Status.LATEST_VALUE, reason=Reason.SINGLE_POINT, latest=last, **base)
    return _trajectory(baseline, last, goal, method, base)


def _trajectory(
    baseline: Point, latest: Point, goal: Goal, method: Method, base: dict
) -> Assessment:
    d = goal.direction
    assert goal.year is not None
    expected = linear_expected(
        baseline=baseline, target=goal.value, target_year=goal.year, year=latest.year
    )
    base = {**base, "latest": latest, "expected": expected, "reason": Reason.TRAJECTORY}
    moved = d * (latest.value - baseline.value)
    if method == Method.LINEAR:
        share = (
            None
            if expected == baseline.value
            else (latest.value - baseline.value) / (expected - baseline.value)
        )
        if d * (latest.value - expected) >= -_EPSILON:
            return Assessment(Status.ON_TRACK, ratio=share, **base)
        if moved < 0 or share is None:
            return Assessment(Status.DETERIORATING, ratio=share, **base)
        status = Status.NEEDS_ACCELERATION if share >= GROWTH_ACCELERATE else Status.OFF_TRACK
        return Assessment(status, ratio=share, **base)
    if baseline.value < 0 or latest.value < 0 or goal.value < 0:
        return Assessment(Status.NOT_ENOUGH_DATA, **{**base, "reason": Reason.NEGATIVE_VALUES})
    observed = cagr(baseline.value, latest.value, latest.year - baseline.year)
    if method == Method.GROWTH:
        ratio = growth_ratio(
            baseline=baseline, latest=latest, target=goal.value, target_year=goal.year, d=d
        )
        return Assessment(
            _grade(ratio, on_track=GROWTH_ON_TRACK, accelerate=GROWTH_ACCELERATE),
            ratio=ratio,
            observed_growth=observed,
            required_growth=cagr(baseline.value, _nonzero(goal.value), goal.year - baseline.year),
            **base,
        )
    ratio, projected = projection_ratio(
        baseline=baseline, latest=latest, target=goal.value, target_year=goal.year, d=d
    )
    status = _grade(ratio, on_track=PROJECTION_ON_TRACK, accelerate=PROJECTION_ACCELERATE)
    return Assessment(status, ratio=ratio, projected=projected, observed_growth=observed, **base)


# ----------------------------------------------------------------------------
# Rank targets
# ----------------------------------------------------------------------------


def share_of_pool(n: int, *, from_pool: int = 63, to_pool: int = 34) -> int:
    """The same place as a share of another pool: "top 15 of 63" ≈ top 8 of 34.

    N·to/from rounded to the nearest whole rank, halves up, never below 1:
    15/63 → 8.10 → 8, 20/63 → 10.79 → 11, 10/63 → 5.40 → 5. Nearest (not floor
    or ceiling) keeps the share of the pool closest to the resolution's (23.8 % vs
    23.5 %); the page prints the exact figure beside it so the rounding is visible.
    """
    return max(
        1,
        int(
            share_of_pool_exact(n, from_pool=from_pool, to_pool=to_pool).quantize(
                Decimal(1), ROUND_HALF_UP
            )
        ),
    )


def share_of_pool_exact(n: int, *, from_pool: int = 63, to_pool: int = 34) -> Decimal:
    return Decimal(n) * to_pool / from_pool


def value_for_rank(
    values: Mapping[Hashable, Decimal | None], *, unit: Hashable, n: int
) -> Decimal | None:
    """The value ``unit`` needs to rank N or better: the N-th highest value among the
    *other* units, compared as published (4 decimals). Equalling it shares the Nth
    place (competition ranking, "15, 15, 17"), so it is enough even where nobody is
    ranked exactly N. None when the pool has fewer than N other values."""
    others = sorted(
        (as_published(v) for key, v in values.items() if key != unit and v is not None),
        reverse=True,
    )
    if n < 1 or len(others) < n:
        return None
    return others[n - 1]


def points_to_rank(
    values: Mapping[Hashable, Decimal | None], *, unit: Hashable, n: int
) -> Decimal | None:
    """How much ``unit``'s value must rise to rank N or better (≤ 0: its margin)."""
    own = values.get(unit)
    needed = value_for_rank(values, unit=unit, n=n)
    if own is None or needed is None:
        return None
    return needed - as_published(own)
