"""The published observations of the metrics a unit's targets name (KPIs outside the
DTI): the unit's own, those of the units it replaced or was merged into (labelled),
and the whole country's as a benchmark, each with how it was published.

Read from the catalog: no query once it is warm. A flagged observation (its
definition differs from the target's, or a later release superseded it) is listed
but never counts for a status (catalog.kpi leaves it out).
"""

from dataclasses import dataclass, field

from indicators.caching.catalog import catalog
from indicators.models import KpiMetric, KpiObservation, Target
from indicators.rules.kpi_reference import NATIONAL_BENCHMARK
from provinces.models import Unit


@dataclass
class MetricObservations:
    metric: KpiMetric
    targets: list[Target]  # the unit's targets on this metric (own and inherited)
    own: list[KpiObservation]  # the unit's own, by year
    related: list[tuple[Unit, KpiObservation]]  # a predecessor's or the successor's
    national: list[KpiObservation]  # the whole country's (benchmark), by year
    national_metric: KpiMetric | None = None  # the national measure, when its name differs
    series: list[str] = field(default_factory=list)  # the national series, in order

    @property
    def benchmark_comparable(self) -> bool:
        """A national value is a benchmark for a share or a rate, not for a count (the
        country's 73,788 digital enterprises say nothing of a province's 1,500)."""
        label = self.metric.unit_label
        return label.startswith("%") or "/" in label


def unit_observations(*, unit: Unit) -> list[MetricObservations]:
    """One entry per KPI metric that the unit's targets (own or inherited) name and that
    has a published observation, in the order the targets come."""
    cat = catalog()
    related_ids = {
        s.predecessor_id: s.predecessor for s in cat.successions if s.successor_id == unit.pk
    } | {s.successor_id: s.successor for s in cat.successions if s.predecessor_id == unit.pk}
    owners = {unit.pk, *related_ids}
    by_metric: dict[str, list[Target]] = {}
    for target in cat.targets:
        if target.unit_id in owners and target.kind == Target.Kind.KPI and target.kpi_metric_id:
            by_metric.setdefault(target.kpi_metric.code, []).append(target)
    result = []
    for code, targets in by_metric.items():
        own = cat.observations.get((unit.pk, code), [])
        related = [
            (other, obs)
            for other_id, other in related_ids.items()
            for obs in cat.observations.get((other_id, code), [])
        ]
        national_code = NATIONAL_BENCHMARK.get(code, code)
        national = cat.observations.get((None, national_code), [])
        if not (own or related or national):
            continue
        entry = MetricObservations(
            metric=targets[0].kpi_metric,
            targets=targets,
            own=own,
            related=sorted(related, key=lambda p: (p[1].year, p[0].name)),
            national=national,
            national_metric=national[0].metric if national and national_code != code else None,
        )
        entry.series = list(dict.fromkeys(o.series for o in national))
        result.append(entry)
    return result
