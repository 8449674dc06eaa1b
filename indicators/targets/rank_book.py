"""The rank book: every unit's values and ranks of some indicators over the years and
pools, read once, with ranks computed as on the ranking page (competition ranking on a
complete pool column; a published rank shown as published).

Shared by the targets, the profile and the compare page so they read ranks alike.
"""

from collections.abc import Iterable
from decimal import Decimal

from indicators.caching.catalog import catalog, include_synthetic
from indicators.caching.version import scoped
from indicators.models import PublishedRank, Score
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.rules.ranking import competition_rank, is_complete
from provinces.models import Unit


class RankBook:
    """Every real unit's values and display ranks for some indicators, all years and
    both pools, read in two queries (units from the catalog). A display rank is the
    published one, else the competition rank of a complete pool column (never a
    guess from partial data)."""

    @scoped
    def __init__(self, codes: Iterable[str]) -> None:
        codes = set(codes)
        self.codes = codes
        cat = catalog()
        self.units = cat.units_by_pk
        self.pool_units = cat.pool_units
        self.values: dict[tuple[int, str, int], tuple[Decimal, str]] = {}
        scores = Score.objects.published().filter(indicator__code__in=codes)
        if not include_synthetic():
            scores = scores.filter(unit__is_synthetic=False)
        for unit_id, code, year, value, provenance in scores.values_list(
            "unit_id", "indicator__code", "year", "value", "provenance"
        ):
            self.values[(unit_id, code, year)] = (value, provenance)
        self.published: dict[tuple[int, str, int, int], int] = {}
        for unit_id, code, year, pool, rank in PublishedRank.objects.filter(
            indicator__code__in=codes
        ).values_list("unit_id", "indicator__code", "year", "pool", "rank"):
            self.published[(unit_id, code, year, pool)] = rank
        self.years = sorted(
            {y for (_, _, y) in self.values} | {y for (_, _, y, _) in self.published}
        )
        self._computed: dict[tuple[str, int, int], dict[int, int]] = {}

    def value(self, unit_id: int, code: str, year: int) -> Decimal | None:
        found = self.values.get((unit_id, code, year))
        return found[0] if found else None

    def provenance(self, unit_id: int, code: str, year: int) -> str | None:
        found = self.values.get((unit_id, code, year))
        return found[1] if found else None

    def column(self, code: str, year: int, pool: int) -> dict[int, Decimal | None]:
        return {u.pk: self.value(u.pk, code, year) for u in self.pool_units[pool]}

    def complete(self, code: str, year: int, pool: int) -> bool:
        return is_complete(self.column(code, year, pool))

    def computed(self, code: str, year: int, pool: int) -> dict[int, int]:
        key = (code, year, pool)
        if key not in self._computed:
            column = self.column(code, year, pool)
            self._computed[key] = competition_rank(column) if is_complete(column) else {}
        return self._computed[key]

    def rank(self, unit_id: int, code: str, year: int, pool: int) -> int | None:
        published = self.published.get((unit_id, code, year, pool))
        return published if published is not None else self.computed(code, year, pool).get(unit_id)

    def ranks(self, unit_id: int, code: str, pool: int) -> dict[int, int]:
        found = {year: self.rank(unit_id, code, year, pool) for year in self.years}
        return {year: rank for year, rank in found.items() if rank is not None}

    def rank_is_backcast(self, code: str, year: int, pool: int) -> bool:
        return pool == 34 and year < OFFICIAL_MERGER_YEAR

    def leader(self, code: str, year: int, pool: int) -> tuple[Unit, int, Decimal | None] | None:
        """The unit ranked first that year in the pool (first by name on a tie)."""
        firsts = [u for u in self.pool_units[pool] if self.rank(u.pk, code, year, pool) == 1]
        if not firsts:
            return None
        unit = min(firsts, key=lambda u: u.name)
        return unit, 1, self.value(unit.pk, code, year)
