"""Rank drivers (pure, no ORM): where the DTI points between two units come from.

The DTI on the 1,000-point scale is Σ w_i·x_i over the main indices (weights.py), so
the gap between a unit and another one splits exactly into one contribution per main
index, w_i·(x_i − x_other,i). Indices published for only one of the two (for 2022–2024
NTS, TCS, NLS, ATTTM are published for a few units only) go into one computed
contribution, "other foundation indices (combined)", read from the identity on both
sides: it is never split into invented parts. The contributions therefore add up to
1000·(DTI − DTI_other) exactly, whatever was published.

The unit "ranked N" is the one holding the N-th highest value among the *other*
units of the pool, compared as published (competition ranking): with Thanh Hóa and
Yên Bái both 15th in 2022, the unit ranked 15 and the unit ranked 16 are both the
first of the two by name, and nobody is 16th. Equalling that value is enough to
rank N (ties share the place).
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.rules.ranking import as_published
from indicators.rules.weights import Weights, combined_rest, missing_codes, rest_points

OTHER = "OTHER"  # code of the combined contribution of indices not published on both sides
ROUNDING = (
    "ROUNDING"  # where all eight are published on both sides: what their 4-decimal rounding leaves
)
Values = Mapping[str, Decimal | None]  # code → value (DTI and main indices) of one unit


@dataclass(frozen=True)
class Contribution:
    code: str  # a main index code, or OTHER
    codes: tuple[str, ...]  # the main indices it stands for
    points: Decimal  # w·(own − other) on the 1,000-point scale: < 0 where the unit is behind
    own: Decimal | None  # the unit's value (for OTHER: the computed sum, None if not expressible)
    other: Decimal | None
    computed: bool  # OTHER is derived from the identity, not published


@dataclass(frozen=True)
class Decomposition:
    own_dti: Decimal
    other_dti: Decimal
    contributions: list[Contribution]  # most negative (biggest shortfall) first
    total: Decimal  # the scale (1,000 points)

    @property
    def difference(self) -> Decimal:
        """1000·(DTI − DTI_other): the sum of the contributions (< 0: behind)."""
        return self.total * (self.own_dti - self.other_dti)

    @property
    def gap(self) -> Decimal:
        """Points still needed to equal the other unit (≤ 0: ahead by that much)."""
        return -self.difference

    @property
    def has_computed(self) -> bool:
        return any(c.computed for c in self.contributions)

    @property
    def has_other(self) -> bool:
        return any(c.code == OTHER for c in self.contributions)

    @property
    def has_rounding(self) -> bool:
        return any(c.code == ROUNDING for c in self.contributions)


def decompose(own: Values, other: Values, weights: Weights) -> Decomposition | None:
    """Split the DTI difference between two units into weighted contributions of the
    main indices; None when either DTI is missing."""
    own_dti, other_dti = own.get("DTI"), other.get("DTI")
    if own_dti is None or other_dti is None:
        return None
    shared = [c for c in weights.points if own.get(c) is not None and other.get(c) is not None]
    contributions = [
        Contribution(
            code,
            (code,),
            weights.points[code] * (own[code] - other[code]),
            own[code],
            other[code],
            False,
        )  # type: ignore[operator]
        for code in shared
    ]
    rest = tuple(c for c in weights.points if c not in shared)
    if rest:
        own_known = {c: own[c] for c in shared}
        other_known = {c: other[c] for c in shared}
        points = rest_points(own_dti, own_known, weights) - rest_points(
            other_dti, other_known, weights
        )
        own_sum, other_sum = (
            combined_rest(own_dti, own_known, weights),
            combined_rest(other_dti, other_known, weights),
        )
        contributions.append(
            Contribution(
                OTHER,
                rest,
                points,
                own_sum.value if own_sum else None,
                other_sum.value if other_sum else None,
                True,
            )
        )
    else:
        # All eight published on both sides: their weighted sums match the published DTIs
        # only to rounding (HCM 2022: 0.71635 vs 0.7163); show the remainder, so the
        # contributions still add up exactly to the published difference.
        residual = weights.total * (own_dti - other_dti) - sum(
            (c.points for c in contributions), Decimal(0)
        )
        if residual:
            contributions.append(Contribution(ROUNDING, (), residual, None, None, True))
    contributions.sort(key=lambda c: c.points)
    return Decomposition(
        own_dti=own_dti, other_dti=other_dti, contributions=contributions, total=weights.total
    )


def units_at_rank[K: Hashable](
    values: Mapping[K, Decimal | None], *, unit: K, n: int
) -> tuple[Decimal, list[K]] | None:
    """The value that ranks N among the units other than ``unit`` and the units holding
    it (all of them, when tied). None when fewer than N others have a value."""
    others = sorted(
        (as_published(v) for k, v in values.items() if k != unit and v is not None), reverse=True
    )
    if n < 1 or len(others) < n:
        return None
    threshold = others[n - 1]
    holders = [
        k for k, v in values.items() if k != unit and v is not None and as_published(v) == threshold
    ]
    return threshold, holders


def pool_average(rows: Sequence[Values], weights: Weights) -> dict[str, Decimal]:
    """The mean of every main index (and the DTI) over the units of a pool, for the
    codes every unit has; the others are left out (they enter the OTHER contribution,
    whose mean follows from the identity because it is linear)."""
    if not rows:
        return {}
    mean: dict[str, Decimal] = {}
    for code in ("DTI", *weights.points):
        column = [row.get(code) for row in rows]
        if all(v is not None for v in column):
            mean[code] = sum(column, Decimal(0)) / len(column)  # type: ignore[arg-type]
    return mean


def flagged_rows[K: Hashable](rows: Mapping[K, Values], weights: Weights) -> dict[K, Decimal]:
    """Units whose combined missing indices fall outside 0..k (their figures do not add
    up under the weights): unit → the computed sum."""
    flagged = {}
    for key, row in rows.items():
        combined = combined_rest(row.get("DTI"), row, weights)
        if combined is not None and not combined.in_range:
            flagged[key] = combined.value
    return flagged


__all__ = [
    "OTHER",
    "ROUNDING",
    "Contribution",
    "Decomposition",
    "decompose",
    "flagged_rows",
    "missing_codes",
    "pool_average",
    "units_at_rank",
]
