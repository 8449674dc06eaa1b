"""The DTI as a weighted sum of its main indices (pure, no ORM).

From 2021 the provincial DTI on 1,000 points is 100 × (NTS + TCS + HTS + NLS +
ATTTM) + 200 × HDCQS + 150 × HDKTS + 150 × HDXHS (DESIGN §2). Each pillar is its
activity index plus the five foundation indices, so with the published DTI and
the three activity indices every pillar follows:

    100·ΣF = 1000·DTI − 200·HDCQS − 150·HDKTS − 150·HDXHS
    CQS = (100·ΣF + 200·HDCQS) / 700, KTS = (100·ΣF + 150·HDKTS) / 650, …

Weights are passed in (they are data, stored per framework year), never hard-coded.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Weights:
    """Maximum points per main index and which pillar each activity index feeds."""

    points: Mapping[str, Decimal]  # main index code → max points (NTS → 100, HDCQS → 200, …)
    activity_pillar: Mapping[str, str]  # activity index code → pillar code (HDCQS → CQS)

    @property
    def total(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))

    @property
    def foundation_codes(self) -> list[str]:
        return [code for code in self.points if code not in self.activity_pillar]

    @property
    def foundation_points(self) -> Decimal:
        return sum((self.points[c] for c in self.foundation_codes), Decimal(0))


def weighted_total(values: Mapping[str, Decimal | None], weights: Weights) -> Decimal | None:
    """The DTI (0..1) from all main indices; None if any is missing."""
    if any(values.get(code) is None for code in weights.points):
        return None
    points = sum((weights.points[code] * values[code] for code in weights.points), Decimal(0))
    return points / weights.total


def foundation_points(dti: Decimal, activity: Mapping[str, Decimal], weights: Weights) -> Decimal:
    """100·ΣF: the points of the foundation indices together, from the DTI identity."""
    activity_points = sum(
        (weights.points[code] * activity[code] for code in weights.activity_pillar), Decimal(0)
    )
    return weights.total * dti - activity_points


def pillars_from_dti(
    dti: Decimal | None, activity: Mapping[str, Decimal | None], weights: Weights
) -> dict[str, Decimal]:
    """Pillar values (CQS, KTS, XHS) from the DTI and the three activity indices.

    Returns {} when the DTI or an activity index is missing.
    """
    if dti is None or any(activity.get(code) is None for code in weights.activity_pillar):
        return {}
    f_points = foundation_points(dti, activity, weights)  # type: ignore[arg-type]
    pillars = {}
    for code, pillar in weights.activity_pillar.items():
        points = weights.points[code]
        pillars[pillar] = (f_points + points * activity[code]) / (
            weights.foundation_points + points
        )
    return pillars


# ----------------------------------------------------------------------------
# The main indices that are not published, as one figure
# ----------------------------------------------------------------------------

# Every published value is rounded to 4 decimals: half a unit in the 4th place.
HALF_PUBLISHED_UNIT = Decimal("0.00005")


def rest_points(dti: Decimal, known: Mapping[str, Decimal | None], weights: Weights) -> Decimal:
    """Points of the main indices missing from ``known`` together, from the identity:
    total·DTI − Σ w_i·x_i over the known ones (the same weighted sum as
    :func:`weighted_total`, read the other way)."""
    known_points = sum(
        (
            weights.points[code] * known[code]
            for code in weights.points
            if known.get(code) is not None
        ),
        Decimal(0),
    )
    return weights.total * dti - known_points


@dataclass(frozen=True)
class Combined:
    """The sum of the main indices a unit has no published value for, derived from the
    identity (for 2022–2024 mostly NTS + TCS + NLS + ATTTM, 0..4). A computed figure:
    it is never split into invented parts."""

    codes: tuple[str, ...]  # the indices it stands for
    weight: Decimal  # their common weight (points per unit of value)
    value: Decimal  # their sum
    tolerance: Decimal  # rounding of the published figures it is computed from

    @property
    def upper(self) -> int:
        return len(self.codes)

    @property
    def in_range(self) -> bool:
        """True when the sum lies in 0..len(codes), give or take the rounding of the
        published figures; a row outside is flagged (its figures do not add up)."""
        return -self.tolerance <= self.value <= self.upper + self.tolerance


def missing_codes(values: Mapping[str, Decimal | None], weights: Weights) -> tuple[str, ...]:
    return tuple(code for code in weights.points if values.get(code) is None)


def combined_rest(
    dti: Decimal | None, values: Mapping[str, Decimal | None], weights: Weights
) -> Combined | None:
    """The missing main indices of a unit as one derived sum, or None when there is no
    DTI, nothing is missing, or the missing indices do not share one weight (then
    their points are known but not their sum)."""
    codes = missing_codes(values, weights)
    if dti is None or not codes:
        return None
    common = {weights.points[code] for code in codes}
    if len(common) != 1:
        return None
    weight = common.pop()
    known_weight = sum((w for code, w in weights.points.items() if code not in codes), Decimal(0))
    tolerance = (weights.total + known_weight) * HALF_PUBLISHED_UNIT / weight
    return Combined(
        codes=codes,
        weight=weight,
        value=rest_points(dti, values, weights) / weight,
        tolerance=tolerance,
    )
