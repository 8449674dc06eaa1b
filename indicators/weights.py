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
    activity_points = sum((weights.points[code] * activity[code] for code in weights.activity_pillar), Decimal(0))
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
        pillars[pillar] = (f_points + points * activity[code]) / (weights.foundation_points + points)
    return pillars
