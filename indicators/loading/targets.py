"""Load resolutions.csv (targets), kpi_observations.csv and kpi_observations_published.csv
(observed KPI values, national ones without a unit).

Called by ``published_data_load`` inside its transaction, in two steps: every row is
read and checked first (:func:`targets_collect`, no writes), then everything is
written (:func:`targets_write`). A row whose province cannot be mapped, whose metric
is unknown or whose numbers do not parse stops the whole load.

- Provinces are mapped with ``unit_resolve`` to the units of the date the document
  speaks of: the 63 old units (the resolutions predate the 2025 merger), or, for a
  document issued on or after 01/07/2025 (Gia Lai 2026, Thanh Hóa 12/2025), the unit
  valid on its date.
- Every row of resolutions.csv becomes one Target, numbers or not: a row without a
  number is a text-only target (no status).
- Two rows of one document on one metric and comparator that give the same value for
  different years, or different values for the same year, are two readings of one
  target: both are kept, flagged ``disputed``, each pointing at the other.
- Rows of kpi_observations.csv on a DTI rank ("dti_rank") are checked against the
  published ranks (the rank tables stay the one place ranks live): an equal rank gets
  the article added to its working note, a missing one is added, a different one is
  reported and the published table's reading kept; a quoted DTI value ("dti_score") is
  checked the same way against the published value. The other rows become
  KpiObservation rows, with their qualifier, series and public note.
  Observations entered by admins survive a reload.

Reading is ``target_rows.targets_collect``; this module writes what it read.
"""

from indicators.loading.frameworks import source_get_or_create
from indicators.loading.target_rows import (
    ObservationRow,
    TargetLoadReport,
    TargetRows,
    default_method,
    issuer_of,
)
from indicators.models import (
    KpiMetric,
    KpiObservation,
    PublishedRank,
    Resolution,
    Score,
    Target,
)
from indicators.rules.kpi_reference import KPI_METRICS
from indicators.rules.ranking import as_published


def _kpi_metrics_load() -> dict[str, KpiMetric]:
    for code, (name, name_en, unit_label, higher) in KPI_METRICS.items():
        KpiMetric.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit_label": unit_label,
                "higher_is_better": higher,
            },
        )
    return {m.code: m for m in KpiMetric.objects.all()}


def _source_ids(urls: list[str], titles: dict[str, str], cache: dict) -> list[int]:
    for url in urls:
        if url not in cache:
            cache[url] = source_get_or_create(url=url, title=titles.get(url, "")).pk
    return [cache[u] for u in urls]


def _write_resolutions(
    rows: TargetRows, report: TargetLoadReport, titles: dict[str, str], cache: dict
) -> dict:
    resolutions: dict[tuple[int, str], Resolution] = {}
    urls: dict[tuple[int, str], list[str]] = {}
    notes: dict[tuple[int, str], list[str]] = {}
    source_notes: dict[tuple[int, str], list[str]] = {}
    for row in rows.targets:
        key = (row.unit.pk, row.number)
        resolution = resolutions.get(key)
        if resolution is None:
            resolution = Resolution(
                unit=row.unit,
                number=row.number,
                issued_on=row.issued_on,
                issuer=issuer_of(row.number),
                period=row.period,
            )
            resolutions[key], urls[key], notes[key], source_notes[key] = resolution, [], [], []
        elif row.issued_on and resolution.issued_on is None:
            resolution.issued_on = row.issued_on
        elif row.issued_on and row.issued_on not in (
            resolution.issued_on,
            resolution.issued_on_other,
        ):
            resolution.issued_on_other = row.issued_on
            notes[key].append(f"Nguồn khác ghi ngày ban hành {row.issued_on:%d/%m/%Y}.")
        if row.period and row.period != resolution.period:
            notes[key].append(f"Nguồn khác ghi giai đoạn “{row.period}”.")
        urls[key].extend(u for u in row.urls if u not in urls[key])
        if row.source_note and row.source_note not in source_notes[key]:
            source_notes[key].append(row.source_note)
    for key, resolution in resolutions.items():
        resolution.source_note = "\n".join(source_notes[key])
        resolution.note = "\n".join(notes[key])
        resolution.full_clean(exclude=["unit"])
        resolution.save()
        resolution.sources.set(_source_ids(urls[key], titles, cache))
    report.resolutions = len(resolutions)
    report.disputed_dates = sum(1 for r in resolutions.values() if r.issued_on_other)
    return resolutions


def _write_targets(
    rows: TargetRows, resolutions: dict, metrics: dict[str, KpiMetric], report, titles, cache
) -> None:
    made: list[Target] = []
    for row in rows.targets:
        metric = metrics.get(row.metric_code) if row.kind == Target.Kind.KPI else None
        target = Target(
            resolution=resolutions[(row.unit.pk, row.number)],
            unit=row.unit,
            text=row.text,
            working_note=row.working_note,
            metric_code=row.metric_code,
            kind=row.kind,
            indicator=row.indicator,
            kpi_metric=metric,
            comparator=row.comparator,
            value=row.value,
            target_year=row.target_year,
            method=default_method(kind=row.kind, unit_label=metric.unit_label if metric else ""),
            disputed=row.disputed,
            dispute_note=row.dispute_note,
            source_note=row.source_note,
            position=row.position,
        )
        # The related rows were just read or written here: skip their lookups, check the rest.
        target.full_clean(
            exclude=["resolution", "unit", "indicator", "kpi_metric", "other_reading"]
        )
        made.append(target)
    Target.objects.bulk_create(made)
    by_row = {id(row): target for row, target in zip(rows.targets, made, strict=True)}
    Target.sources.through.objects.bulk_create(
        [
            Target.sources.through(target_id=by_row[id(row)].pk, source_id=sid)
            for row in rows.targets
            for sid in _source_ids(row.urls, titles, cache)
        ]
    )
    for row in rows.targets:
        if row.other is not None:
            Target.objects.filter(pk=by_row[id(row)].pk).update(other_reading=by_row[id(row.other)])
    report.targets = len(made)
    report.text_targets = sum(1 for r in rows.targets if r.kind == Target.Kind.TEXT)
    report.disputed_targets = sum(1 for r in rows.targets if r.disputed)


def _quote(obs: ObservationRow) -> str:
    return f"{obs.source} – “{obs.text}”"


def _write_rank_row(obs: ObservationRow, report: TargetLoadReport) -> None:
    """A DTI rank quoted in an article: corroborate, add, or report a disagreement. What
    the article says goes to the rank's working note (admins only)."""
    rank = PublishedRank.objects.filter(
        unit=obs.unit, indicator=obs.indicator, year=obs.year, pool=obs.pool
    ).first()
    if rank is None:
        rank = PublishedRank(
            unit=obs.unit,
            indicator=obs.indicator,
            year=obs.year,
            pool=obs.pool,
            rank=int(obs.value),
            working_note=f"Từ bài báo: {_quote(obs)}",
        )
        rank.full_clean()
        rank.save()
        if obs.source.startswith("http"):
            rank.sources.add(source_get_or_create(url=obs.source.split(" | ")[0]))
    elif rank.rank == int(obs.value):
        rank.working_note = "\n".join(
            filter(None, [rank.working_note, f"Cũng ghi trong: {_quote(obs)}"])
        )
        rank.save(update_fields=["working_note"])
    else:
        rank.working_note = "\n".join(
            filter(None, [rank.working_note, f"Nguồn khác ghi hạng {int(obs.value)}: {obs.source}"])
        )
        rank.save(update_fields=["working_note"])
        report.disagreements.append(
            f"{obs.where}: {obs.unit.name} {obs.year} hạng {rank.rank}/{obs.pool} đã công bố, nguồn này ghi {int(obs.value)}"
        )
    report.rank_rows += 1


def _write_score_row(obs: ObservationRow, report: TargetLoadReport) -> None:
    """A DTI value quoted in an article (e.g. "478,99/1000 điểm"): corroborate or report;
    never a new value (the published tables are the values)."""
    score = (
        Score.objects.published()
        .filter(unit=obs.unit, indicator=obs.indicator, year=obs.year)
        .first()
    )
    if score is not None and as_published(score.value) == as_published(obs.value):
        score.working_note = "\n".join(
            filter(None, [score.working_note, f"Cũng ghi trong: {_quote(obs)}"])
        )
        score.save(update_fields=["working_note"])
    else:
        report.disagreements.append(
            f"{obs.where}: {obs.unit.name} {obs.year} {obs.indicator.code} "
            f"{'chưa có giá trị' if score is None else as_published(score.value)}, nguồn này ghi {as_published(obs.value)}"
        )
    report.rank_rows += 1


def _write_observations(
    rows: TargetRows, metrics: dict[str, KpiMetric], report: TargetLoadReport
) -> None:
    KpiObservation.objects.filter(imported=True).delete()
    manual = set(KpiObservation.objects.values_list("unit_id", "metric__code", "year"))
    for obs in rows.observations:
        if obs.indicator is not None:
            (_write_rank_row if obs.pool else _write_score_row)(obs, report)
            continue
        unit_id = obs.unit.pk if obs.unit else None
        if (unit_id, obs.metric_code, obs.year) in manual:
            report.manual_kept += 1
            report.disagreements.append(
                f"{obs.where}: giữ giá trị nhập tay của {obs.unit or 'Cả nước'} {obs.year} {obs.metric_code}"
            )
            continue
        observation = KpiObservation(
            unit=obs.unit,
            metric=metrics[obs.metric_code],
            year=obs.year,
            period=obs.period,
            value=obs.value,
            value_unit=obs.value_unit,
            qualifier=obs.qualifier,
            series=obs.series,
            definition_differs=obs.definition_differs,
            superseded=obs.superseded,
            text=obs.text,
            source=obs.source,
            article_date=obs.article_date,
            note=obs.note,
            note_en=obs.note_en,
            working_note=obs.working_note,
            imported=True,
        )
        observation.full_clean(exclude=["unit"], validate_constraints=False)
        observation.save()
        report.kpi_observations += 1
        report.national_observations += obs.unit is None


def targets_write(rows: TargetRows, *, titles: dict[str, str]) -> TargetLoadReport:
    """Replace resolutions and targets, and the imported KPI observations, with ``rows``.
    Runs inside ``published_data_load``'s transaction, after the published ranks are written."""
    report = TargetLoadReport()
    Target.objects.all().delete()
    Resolution.objects.all().delete()
    metrics = _kpi_metrics_load()
    report.kpi_metrics = len(metrics)
    cache: dict[str, int] = {}
    resolutions = _write_resolutions(rows, report, titles, cache)
    _write_targets(rows, resolutions, metrics, report, titles, cache)
    _write_observations(rows, metrics, report)
    return report
