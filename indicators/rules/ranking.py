"""Competition ranking (pure, no ORM): the one place ranks are computed.

Equal values share a rank and the next rank is skipped ("1-2-2-4"): the official
2022 table has Thanh Hóa and Yên Bái both 15th and Hậu Giang 17th. Values are
compared as published, to 4 decimals, so a back-cast mean of 0.77695 ties with a
published 0.7770.
"""

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal

PUBLISHED_PLACES = Decimal("0.0001")


def as_published(value: Decimal) -> Decimal:
    """Round a value the way the DTI tables print it (4 decimals, half up)."""
    return Decimal(value).quantize(PUBLISHED_PLACES, rounding=ROUND_HALF_UP)


def competition_rank[K: Hashable](values: Mapping[K, Decimal | None]) -> dict[K, int]:
    """Rank keys by value, higher first, with shared ranks for ties.

    Keys whose value is None get no rank (they are left out of the result) and
    do not take a place: ranks are only meaningful when every member of the pool
    has a value, which the caller checks (see :func:`is_complete`).
    """
    present = [(as_published(v), k) for k, v in values.items() if v is not None]
    present.sort(key=lambda item: item[0], reverse=True)
    ranks: dict[K, int] = {}
    previous: Decimal | None = None
    current_rank = 0
    for position, (value, key) in enumerate(present, start=1):
        if value != previous:
            current_rank = position
            previous = value
        ranks[key] = current_rank
    return ranks


def is_complete(values: Mapping[object, Decimal | None]) -> bool:
    """True when every member of the pool has a value, so computed ranks are valid."""
    return bool(values) and all(v is not None for v in values.values())


def rank_change(previous: int | None, current: int | None) -> int | None:
    """Places gained (positive) or lost (negative); None unless both ranks exist."""
    if previous is None or current is None:
        return None
    return previous - current
