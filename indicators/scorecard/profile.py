"""A unit's profile: its values and ranks in every year and pool, its lineage
(successor or predecessors) and notes, for the province page and its exports.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.caching.catalog import catalog
from indicators.caching.version import scoped
from indicators.models import (
    Framework,
    Indicator,
    PublishedRank,
    ReferenceValue,
    Score,
    Source,
    UnitYearNote,
)
from indicators.rules.reference import PILLARS
from indicators.scorecard.selectors import Cell, _cells_for_year
from indicators.targets.selectors import TEXT_STATUS
from indicators.targets.status import Status
from provinces.models import Unit
from provinces.selectors import Lineage

# ----------------------------------------------------------------------------
# Province profile
# ----------------------------------------------------------------------------


@dataclass
class ProfileYear:
    year: int
    framework: Framework
    cells: dict[str, Cell]  # code → value of this unit
    ranks: dict[int, dict[str, Cell]]  # pool → code → cell with rank
    scores: dict[str, Score]  # code → Score (with sources) for source links
    average: ReferenceValue | None
    national: ReferenceValue | None
    notes: list[UnitYearNote]
    rank_sources: list[Source] = field(default_factory=list)

    @property
    def method_changed(self) -> bool:
        return self.framework.method_changed


@dataclass
class Profile:
    unit: Unit
    pools: list[int]
    lineage: Lineage
    years: list[ProfileYear]
    codes: list[str]  # indicators with at least one value over the years, in order
    indicators: dict[str, Indicator]

    @property
    def main_codes(self) -> list[str]:
        return [c for c in self.codes if self.indicators[c].kind == Indicator.Kind.MAIN]


@scoped
def unit_lineage(unit: Unit) -> Lineage:
    """Successor(s) of an old unit and predecessors of a new one, from the catalog."""
    successions = catalog().successions
    return Lineage(
        successors=[s for s in successions if s.predecessor_id == unit.pk],
        predecessors=[s for s in successions if s.successor_id == unit.pk],
    )


@scoped
def rank_codes() -> list[str]:
    """The indicators ranked on the profile: DTI, the pillars, the main indices."""
    indicators = catalog().indicators
    return ["DTI", *PILLARS, *[c for c, i in indicators.items() if i.kind == Indicator.Kind.MAIN]]


@scoped
def province_profile(*, unit: Unit, book=None) -> Profile:
    """A unit's values, ranks (per pool), national references, notes and sources for
    every assessment year. Two queries (the unit's scores and ranks with their
    sources) plus the rank book's two (every unit's values and published ranks of
    the ranked indicators), whatever the number of units; pass ``book`` (a
    target_selectors.RankBook of at least :func:`rank_codes`) to share it."""
    from indicators.targets.selectors import RankBook

    cat = catalog()
    frameworks = cat.frameworks
    years = [f.year for f in frameworks]
    indicators = cat.indicators
    pools = catalog().pools_of(unit)
    codes_ranked = rank_codes()
    if book is None or not set(codes_ranked) <= book.codes:
        book = RankBook(codes_ranked)
    own_scores: dict[tuple[str, int], Score] = {}
    for score_id, code, year, value, provenance, status, note, source_id, url, title in (
        Score.objects.published()
        .filter(unit=unit)
        .values_list(
            "pk",
            "indicator__code",
            "year",
            "value",
            "provenance",
            "status",
            "note",
            "sources__id",
            "sources__url",
            "sources__title",
        )
        .order_by("year", "indicator__order", "sources__url")
    ):
        score = own_scores.get((code, year))
        if score is None:
            score = Score(
                pk=score_id,
                unit=unit,
                indicator=indicators[code],
                year=year,
                value=value,
                provenance=provenance,
                status=status,
                note=note,
            )
            score._prefetched_objects_cache = {"sources": []}
            own_scores[(code, year)] = score
        if source_id is not None:
            score._prefetched_objects_cache["sources"].append(
                Source(pk=source_id, url=url, title=title)
            )
    rank_sources: dict[int, dict[int, Source]] = defaultdict(dict)
    published_own: dict[tuple[int, str, int, int], int] = {}
    for code, year, pool, rank, source_id, url, title in PublishedRank.objects.filter(
        unit=unit
    ).values_list(
        "indicator__code", "year", "pool", "rank", "sources__id", "sources__url", "sources__title"
    ):
        published_own[(unit.pk, code, year, pool)] = rank
        if source_id is not None and pool in pools:
            rank_sources[year][source_id] = Source(pk=source_id, url=url, title=title)
    ranks_by_pool: dict[int, dict[int, dict[str, Cell]]] = {}
    for pool in pools:
        pool_ids = [u.pk for u in book.pool_units[pool]]
        published = {(u, c, y): r for (u, c, y, p), r in published_own.items() if p == pool}
        ranks_by_pool[pool] = {
            year: _cells_for_year(pool_ids, codes_ranked, year, book.values, published).get(
                unit.pk, {}
            )
            for year in years
        }
    notes = defaultdict(list)
    for note in cat.notes.get(unit.pk, []):
        notes[note.year].append(note)
    codes = [c for c in indicators if any((c, y) in own_scores for y in years)]
    profile_years = []
    for framework in frameworks:
        year = framework.year
        scores = {code: own_scores[(code, year)] for code in codes if (code, year) in own_scores}
        profile_years.append(
            ProfileYear(
                year=year,
                framework=framework,
                cells={
                    code: Cell(value=s.value, provenance=s.provenance) for code, s in scores.items()
                },
                ranks={pool: ranks_by_pool[pool][year] for pool in pools},
                scores=scores,
                average=cat.references.get((year, "DTI", ReferenceValue.Kind.PROVINCIAL_AVERAGE)),
                national=cat.references.get((year, "DTI", ReferenceValue.Kind.NATIONAL)),
                notes=notes[year],
                rank_sources=sorted(rank_sources[year].values(), key=lambda s: s.url),
            )
        )
    return Profile(
        unit=unit,
        pools=pools,
        lineage=unit_lineage(unit),
        years=profile_years,
        codes=codes,
        indicators=indicators,
    )


@dataclass
class ProfileSummary:
    """What the top of the province page says at once: the latest DTI with its rank in
    each pool, and how many targets stand at each status."""

    year: int | None
    value: Decimal | None
    published: bool
    ranks: list[tuple[int, int]]  # (rank, pool)
    status_counts: list[tuple[str, int]]  # (status key, targets), non-zero, in status order


def province_summary(profile: Profile, targets: list) -> ProfileSummary:
    """From the profile and the unit's TargetProgress rows: no query."""
    latest = next((y for y in reversed(profile.years) if y.cells.get("DTI")), None)
    counts: dict[str, int] = {}
    for progress in targets:
        counts[progress.status_key] = counts.get(progress.status_key, 0) + 1
    order = [*(s.value for s in Status), TEXT_STATUS]
    if latest is None:
        return ProfileSummary(None, None, False, [], [(k, counts[k]) for k in order if k in counts])
    cell = latest.cells["DTI"]
    ranks = [
        (r.rank, pool)
        for pool, cells in latest.ranks.items()
        if (r := cells.get("DTI")) is not None and r.rank
    ]
    return ProfileSummary(
        year=latest.year,
        value=cell.value,
        published=cell.is_published,
        ranks=ranks,
        status_counts=[(k, counts[k]) for k in order if k in counts],
    )
