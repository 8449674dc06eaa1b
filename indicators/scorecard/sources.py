"""Where each published figure was read: the source addresses and notes of scores and
published ranks, looked up per cell (the exports print one source per tidy row).

Two queries whatever the number of units, years or indicators. Published data only:
a draft score's sources never show.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from indicators.models import PublishedRank, ReferenceValue, Score
from provinces.models import localized


@dataclass
class CellSources:
    """(unit id, indicator code, year) → the score's source URLs and note;
    (unit id, indicator code, year, pool) → the published rank's."""

    values: dict[tuple[int, str, int], tuple[list[str], str]] = field(default_factory=dict)
    ranks: dict[tuple[int, str, int, int], tuple[list[str], str]] = field(default_factory=dict)

    def value(self, unit_id: int, code: str, year: int) -> tuple[list[str], str]:
        return self.values.get((unit_id, code, year), ([], ""))

    def rank(self, unit_id: int, code: str, year: int, pool: int) -> tuple[list[str], str]:
        return self.ranks.get((unit_id, code, year, pool), ([], ""))


def cell_sources(*, years: Iterable[int], unit_ids: Iterable[int] | None = None) -> CellSources:
    """Source URLs (sorted, without repeats) and notes of every published score and
    published rank of ``years`` (of ``unit_ids`` only, if given)."""
    years = list(years)
    scores = Score.objects.published().filter(year__in=years)
    ranks = PublishedRank.objects.filter(year__in=years)
    if unit_ids is not None:
        unit_ids = list(unit_ids)
        scores = scores.filter(unit_id__in=unit_ids)
        ranks = ranks.filter(unit_id__in=unit_ids)
    result = CellSources()
    value_urls: dict[tuple[int, str, int], set[str]] = defaultdict(set)
    notes: dict[tuple[int, str, int], str] = {}
    # The public note in the active language (never the admins' working note).
    for unit_id, code, year, note, note_en, url in scores.values_list(
        "unit_id", "indicator__code", "year", "note", "note_en", "sources__url"
    ):
        notes[(unit_id, code, year)] = localized(note, note_en)
        if url:
            value_urls[(unit_id, code, year)].add(url)
    result.values = {key: (sorted(value_urls[key]), note) for key, note in notes.items()}
    rank_urls: dict[tuple[int, str, int, int], set[str]] = defaultdict(set)
    rank_notes: dict[tuple[int, str, int, int], str] = {}
    for unit_id, code, year, pool, note, note_en, url in ranks.values_list(
        "unit_id", "indicator__code", "year", "pool", "note", "note_en", "sources__url"
    ):
        rank_notes[(unit_id, code, year, pool)] = localized(note, note_en)
        if url:
            rank_urls[(unit_id, code, year, pool)].add(url)
    result.ranks = {key: (sorted(rank_urls[key]), note) for key, note in rank_notes.items()}
    return result


def reference_sources(*, years: Iterable[int], codes: Iterable[str]) -> list[str]:
    """Source URLs of the national reference values (provincial average, national DTI)
    of ``years`` on the indicators ``codes``, sorted, in one query."""
    urls = ReferenceValue.sources.through.objects.filter(
        referencevalue__year__in=list(years),
        referencevalue__indicator__code__in=list(codes),
    ).values_list("source__url", flat=True)
    return sorted(set(urls))
