"""Pearson's correlation coefficient (pure, no ORM): the relationship view prints it
with the number of pairs it was computed on."""

import statistics
from collections.abc import Sequence


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of paired values; None when it is undefined (fewer than 3 pairs,
    or one side constant), never a made-up 0."""
    if len(xs) != len(ys):
        raise ValueError("pearson needs pairs")
    if len(xs) < 3:
        return None
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return None
