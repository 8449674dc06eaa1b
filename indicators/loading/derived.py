"""Derived values: pillars from the weights, and merged units by the merger rule.

Each derived Score carries its provenance, a public note in both languages saying
how it was computed, and the sources of the values it was computed from. A derived
figure is made only for the years the Derivation table marks valid for it (2024
pillars are not derivable: the 2024 framework changed). A published value is
never overwritten; derived values are wiped and rebuilt from the published ones.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from indicators.caching import version as versioning
from indicators.loading.frameworks import derivation_years
from indicators.models import Derivation, Framework, Indicator, Provenance, Score
from indicators.rules.merger import merged_value
from indicators.rules.weights import Weights, pillars_from_dti
from provinces.history import delete_without_history
from provinces.models import Unit
from provinces.selectors import predecessors_by_successor

Key = tuple[int, str, int]  # unit id, indicator code, year


def framework_weights(framework: Framework) -> Weights | None:
    """The main-index weights of a year (None for a year scored on pillars, like 2020)."""
    points, activity = {}, {}
    for node in framework.nodes.all():
        if node.indicator.kind == Indicator.Kind.MAIN and node.max_points:
            points[node.indicator.code] = node.max_points
            if node.pillar_id:
                activity[node.indicator.code] = node.pillar.code
    return Weights(points=points, activity_pillar=activity) if points and activity else None


def _fmt(value: Decimal, *, vi: bool) -> str:
    """4 decimals, as the value is shown: a decimal comma in Vietnamese."""
    text = f"{value:.4f}"
    return text.replace(".", ",") if vi else text


@transaction.atomic
def derived_scores_recompute() -> int:
    """Rebuild every derived score from the published values of published scores
    (drafts are ignored until published); returns how many were made."""
    # Rebuilt at once from published values: their deletion is no change to record.
    delete_without_history(Score.objects.exclude(provenance=Provenance.PUBLISHED))
    indicators = {i.code: i for i in Indicator.objects.all()}
    frameworks = list(Framework.objects.prefetch_related("nodes__indicator", "nodes__pillar"))
    values: dict[Key, Decimal] = {}
    sources: dict[Key, set[int]] = defaultdict(set)
    score_key: dict[int, Key] = {}
    for pk, unit_id, code, year, value in (
        Score.objects.published()
        .real()
        .values_list("pk", "unit_id", "indicator__code", "year", "value")
    ):
        values[(unit_id, code, year)] = value
        score_key[pk] = (unit_id, code, year)
    for score_id, source_id in Score.sources.through.objects.filter(
        score_id__in=score_key
    ).values_list("score_id", "source_id"):
        sources[score_key[score_id]].add(source_id)

    made: list[tuple[Score, set[int]]] = []

    def add(
        key: Key, value: Decimal, provenance: str, notes: tuple[str, str], from_keys: list[Key]
    ) -> None:
        unit_id, code, year = key
        values[key] = value
        used = set().union(*(sources[k] for k in from_keys))
        sources[key] = used
        score = Score(
            unit_id=unit_id,
            indicator=indicators[code],
            year=year,
            value=value.quantize(Decimal("0.000001")),
            provenance=provenance,
            note=notes[0],
            note_en=notes[1],
        )
        made.append((score, used))

    # 1. Pillars of every unit with a published DTI and activity indices, in the
    #    years the pillar formula is valid for.
    pillar_years = derivation_years(Derivation.Figure.PILLARS)
    pillar_notes = (
        "Tính từ DTI và các chỉ số hoạt động đã công bố theo trọng số chỉ số chính.",
        "Computed from the published DTI and activity indices with the main-index weights.",
    )
    for framework in frameworks:
        weights = framework_weights(framework)
        if weights is None or framework.year not in pillar_years:
            continue
        unit_ids = {u for (u, code, y) in list(values) if code == "DTI" and y == framework.year}
        for unit_id in unit_ids:
            inputs = [(unit_id, "DTI", framework.year)] + [
                (unit_id, c, framework.year) for c in weights.activity_pillar
            ]
            activity = {
                c: values.get((unit_id, c, framework.year)) for c in weights.activity_pillar
            }
            for pillar, value in pillars_from_dti(values[inputs[0]], activity, weights).items():
                key = (unit_id, pillar, framework.year)
                if key not in values:
                    add(key, value, Provenance.PILLAR_FORMULA, pillar_notes, inputs)

    # 2. Merged units: the mean of their predecessors (the official rule in the years it
    #    is valid for, a labelled back-cast in the others).
    rule_years = derivation_years(Derivation.Figure.MERGER_RULE)
    backcast_years = derivation_years(Derivation.Figure.MERGER_BACKCAST)
    successors = Unit.objects.filter(successions_in__isnull=False).distinct()
    names = dict(Unit.objects.values_list("pk", "name"))
    years = sorted({f.year for f in frameworks} & (rule_years | backcast_years))
    for successor_id, predecessor_ids in predecessors_by_successor(successors=successors).items():
        for year in years:
            for code in indicators:
                key = (successor_id, code, year)
                inputs = [(p, code, year) for p in predecessor_ids]
                value = merged_value([values.get(k) for k in inputs])
                if value is None or key in values:
                    continue
                parts_vi, parts_en = (
                    ", ".join(
                        f"{names[p]} {_fmt(values[(p, code, year)], vi=vi)}"
                        for p in predecessor_ids
                    )
                    for vi in (True, False)
                )
                if year in rule_years:
                    provenance = Provenance.MERGER_RULE
                    notes = (
                        f"Quy tắc sáp nhập chính thức: trung bình cộng của {parts_vi}.",
                        f"Official merger rule: the mean of {parts_en}.",
                    )
                else:
                    provenance = Provenance.MERGER_BACKCAST
                    notes = (
                        "Ước tính ngược theo quy tắc sáp nhập (ứng dụng tính, không phải số "
                        f"công bố): trung bình cộng của {parts_vi}.",
                        "Back-cast with the merger rule (computed by the app, not published): "
                        f"the mean of {parts_en}.",
                    )
                add(key, value, provenance, notes, inputs)

    Score.objects.bulk_create([s for s, _ in made])
    Score.sources.through.objects.bulk_create(
        [
            Score.sources.through(score_id=s.pk, source_id=sid)
            for s, used in made
            for sid in sorted(used)
        ]
    )
    versioning.bump()  # bulk writes send no signal
    return len(made)
