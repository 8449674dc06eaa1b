"""Ranking pools (pure, no ORM).

A pool is the set of units valid on a date: the 63 units before the 2025 merger
(30/06/2025) and the 34 after it (01/07/2025). A rank is always shown with its pool.
"""

import datetime

MERGER_DATE = datetime.date(2025, 7, 1)
POOL_DATES: dict[int, datetime.date] = {
    63: MERGER_DATE - datetime.timedelta(days=1),
    34: MERGER_DATE,
}
POOLS = tuple(POOL_DATES)


def default_pool(year: int) -> int:
    """The pool a year's ranking is read in by default.

    Assessments up to 2023 ranked the 63 old units; DTI 2024 was published for both
    pools and its headline ranking is the 34 new units; later years have only 34.
    """
    return 63 if year < 2024 else 34


def unit_pools(unit) -> list[int]:
    """The pools a unit is ranked in: 63 (old units), 34 (new units) or both
    (unchanged), by its validity period on each pool's date."""
    return [pool for pool, day in POOL_DATES.items() if unit.is_valid_on(day)]


def pool_label(rank: int | None, pool: int) -> str:
    """ "15/63"; an empty string when there is no rank."""
    return f"{rank}/{pool}" if rank is not None else ""
