"""The official merger rule of DTI 2024 (pure, no ORM).

A merged unit's score is the arithmetic mean of the main indices of the units it
replaced (DESIGN §4). Because the DTI and the pillars are linear in the main
indices, they too are the means of the predecessors' values.
"""

from collections.abc import Sequence
from decimal import Decimal


def merged_value(values: Sequence[Decimal | None]) -> Decimal | None:
    """Mean of the predecessors' values; None unless every predecessor has one."""
    if not values or any(v is None for v in values):
        return None
    return sum(values, Decimal(0)) / len(values)  # type: ignore[arg-type]


# The first assessment published for the 34 merged units; earlier years are back-casts.
OFFICIAL_MERGER_YEAR = 2024
