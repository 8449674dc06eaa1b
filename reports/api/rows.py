"""Selector results as the API's rows (plain dicts matching ``schemas``).

Each function makes one selector or builder call and reshapes it: the same reads as
the pages and exports, so the API cannot disagree with them. Values are rounded as
published (4 decimals, ``reports.tables.value4``); None stays None.
"""

import math

import pandas as pd
from django.core.cache import cache
from django.utils import translation

from indicators.caching import version as versioning
from indicators.caching.catalog import catalog, include_synthetic
from indicators.models import Framework, Indicator, Provenance, Target
from indicators.rules.reference import PILLARS
from indicators.scorecard import selectors
from indicators.scorecard.profile import unit_lineage
from indicators.scorecard.sources import cell_sources
from indicators.targets import selectors as target_selectors
from indicators.targets.selectors import TargetProgress
from provinces.models import Unit
from reports import builders
from reports.tables import SOURCE_SEPARATOR, TIDY_COLUMNS, value4

TIDY_TIMEOUT = 24 * 3600  # an old version's key is never asked again
RANKED_BY_PILLAR = set(PILLARS)  # ranking_table ranks (and gives the change of) these


def _in_both(text) -> tuple[str, str]:
    with translation.override("vi"):
        vi = str(text)
    with translation.override("en"):
        en = str(text)
    return vi, en


def unit_row(unit: Unit) -> dict:
    """A unit with its pools and its 2025 lineage (from the catalog: no query)."""
    cat = catalog()
    full_vi, full_en = _in_both(_FullName(unit))
    lineage = unit_lineage(unit)
    return {
        "code": unit.code,
        "slug": unit.slug,
        "name": unit.name,
        "full_name_vi": full_vi,
        "full_name_en": full_en,
        "kind": unit.kind,
        "region": unit.region.code,
        "region_name_vi": unit.region.name,
        "region_name_en": unit.region.name_en,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "pools": cat.pools_of(unit),
        "predecessors": [s.predecessor.slug for s in lineage.predecessors],
        "successors": [s.successor.slug for s in lineage.successors],
    }


class _FullName:
    """Unit.full_name, read in whichever language is active when str() is called."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

    def __str__(self) -> str:
        return self.unit.full_name


def unit_list() -> list[dict]:
    """Every real unit, old and new, by name then validity."""
    return [unit_row(u) for u in catalog().units if not u.is_synthetic]


def unit_find(slug: str) -> Unit | None:
    unit = catalog().units_by_slug.get(slug)
    return None if unit is None or unit.is_synthetic else unit


def unit_detail(unit: Unit) -> dict:
    """The unit and its history: the province export's tidy rows, with statuses."""
    report = builders.province_report(unit=unit)
    history = [
        {key: row[key] for key in (*TIDY_COLUMNS, "value_status", "rank_status")}
        for row in report.tidy_records
    ]
    return unit_row(unit) | {"history": history}


def ranking_rows(*, framework: Framework, pool: int, indicator: str) -> dict:
    """The ranking page's table for one indicator: rank (ties shared), value, change
    (DTI and pillars: the page's metric), sources of the value and the rank."""
    pillar = indicator if indicator in RANKED_BY_PILLAR else None
    table = selectors.ranking_table(framework=framework, pool=pool, pillar=pillar)
    sources = cell_sources(years=[table.year], unit_ids=[row.unit.pk for row in table.rows])
    rows = []
    for row in table.rows:
        cell = row.cells[indicator]
        value_urls, value_note = sources.value(row.unit.pk, indicator, table.year)
        rank_urls, rank_note = sources.rank(row.unit.pk, indicator, table.year, pool)
        urls = list(dict.fromkeys([*value_urls, *(rank_urls if cell.rank_published else [])]))
        notes = [n for n in (value_note, rank_note if cell.rank_published else "") if n]
        derived_value = cell.value is not None and cell.provenance != Provenance.PUBLISHED
        rows.append(
            {
                "rank": cell.rank,
                "pool": pool,
                "unit_code": row.unit.code,
                "unit_slug": row.unit.slug,
                "unit_name": row.unit.name,
                "value": value4(cell.value),
                "change": row.change if indicator == table.metric.code else None,
                "rank_published": cell.rank_published,
                "derived": derived_value or (cell.rank is not None and not cell.rank_published),
                "source_url": SOURCE_SEPARATOR.join(urls) or None,
                "note": "; ".join(notes) or None,
            }
        )
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["unit_name"]))
    return {
        "year": table.year,
        "pool": pool,
        "indicator": indicator,
        "previous_year": table.previous_year,
        "backcast": table.is_backcast,
        "rows": rows,
    }


def ranking_indicators(framework: Framework) -> list[str]:
    """Codes a year can be ranked on: DTI, the pillars and the main indices of its tree."""
    return [
        n.indicator.code
        for n in framework.nodes.all()
        if n.indicator.kind != Indicator.Kind.COMPONENT
    ]


def _clean(value):
    """A pandas cell as JSON: missing → None, numpy numbers → Python numbers."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _full_export_tidy(year: int | None) -> pd.DataFrame:
    """The full export's tidy rows, kept in the cache per data version (like the
    pages): the export takes about a second and the filters only slice it."""
    token = versioning.current().token
    if token is None:
        return builders.full_report(year=year).tidy
    key = f"dti:api:tidy:{token}:{year}:{include_synthetic()}"
    frame = cache.get(key)
    if frame is None:
        frame = builders.full_report(year=year).tidy
        cache.set(key, frame, TIDY_TIMEOUT)
    return frame


def value_rows(
    *, year: int | None, unit: Unit | None, indicator: str | None, pool: int | None
) -> list[dict]:
    """The CSV export's tidy rows: the full export's (of ``year``), or the province
    export's when ``unit`` is given, filtered by indicator and pool."""
    frame = (
        builders.province_report(unit=unit).tidy if unit is not None else _full_export_tidy(year)
    )
    if year is not None:
        frame = frame[frame["year"] == year]
    if indicator is not None:
        frame = frame[frame["indicator"] == indicator]
    if pool is not None:
        frame = frame[frame["pool"] == pool]
    return [
        {column: _clean(value) for column, value in zip(TIDY_COLUMNS, values, strict=True)}
        for values in frame[TIDY_COLUMNS].itertuples(index=False, name=None)
    ]


def _number(value) -> float | None:
    return None if value is None else float(value)


def target_row(progress: TargetProgress) -> dict:
    """A target with its baseline, latest value, status, method and gaps."""
    target, assessment = progress.target, progress.assessment
    written = next((r for r in progress.readings if not r.is_share), None)
    share = next((r for r in progress.readings if r.is_share), None)
    return {
        "id": target.pk,
        "unit_slug": target.unit.slug,
        "unit_name": target.unit.name,
        "inherited_from": progress.inherited_from.slug if progress.inherited_from else None,
        "resolution": target.resolution.number,
        "issued_on": target.resolution.issued_on,
        "text": target.text,
        "kind": target.kind,
        "indicator": target.indicator.code if target.indicator_id else None,
        "kpi_metric": target.kpi_metric.code if target.kpi_metric_id else None,
        "comparator": target.comparator or None,
        "target_value": _number(target.value),
        "target_year": target.target_year,
        "baseline_year": assessment.baseline.year if assessment and assessment.baseline else None,
        "baseline_value": assessment.baseline.value if assessment and assessment.baseline else None,
        "latest_year": assessment.latest.year if assessment and assessment.latest else None,
        "latest_value": assessment.latest.value if assessment and assessment.latest else None,
        "status": progress.status_key,
        "method": str(assessment.method) if assessment else None,
        "expected_value": assessment.expected if assessment else None,
        "gap": assessment.gap if assessment else None,
        "distance": assessment.distance if assessment and target.kind != Target.Kind.RANK else None,
        "rank_pool": written.pool if written else None,
        "rank": written.rank if written else None,
        "rank_year": written.rank_year if written else None,
        "rank_gap": written.rank_gap if written else None,
        "points_gap": _number(written.points_gap) if written else None,
        "share_rank_target": share.n if share else None,
        "share_rank_gap": share.rank_gap if share else None,
        "source_url": SOURCE_SEPARATOR.join(s.url for s in target.sources.all()) or None,
    }


def target_rows(*, unit: Unit | None, status: str | None) -> list[dict]:
    """Every target (of ``unit``, own and inherited), with ``status`` only if given."""
    overview = target_selectors.target_overview(unit=unit, status=status)
    return [target_row(p) for p in overview.rows]


def framework_rows() -> list[dict]:
    """Every published year's index tree with the weights (maximum points) and sources."""
    cat = catalog()
    by_pk = {i.pk: i.code for i in cat.indicators.values()}
    sources: dict[int, list[str]] = {}
    for framework_id, url in Framework.sources.through.objects.filter(
        framework_id__in=[f.pk for f in cat.frameworks]
    ).values_list("framework_id", "source__url"):
        sources.setdefault(framework_id, []).append(url)
    result = []
    for framework in cat.frameworks:
        nodes = list(framework.nodes.all())
        code_of = {n.pk: n.indicator.code for n in nodes}
        result.append(
            {
                "year": framework.year,
                "description_vi": framework.description,
                "description_en": framework.description_en,
                "method_changed": framework.method_changed,
                "method_note_vi": framework.method_note or None,
                "method_note_en": framework.method_note_en or None,
                "weights_confirmed": framework.weights_confirmed,
                "sources": sorted(sources.get(framework.pk, [])),
                "indicators": [
                    {
                        "code": n.indicator.code,
                        "name_vi": n.indicator.name,
                        "name_en": n.indicator.name_en,
                        "kind": n.indicator.kind,
                        "parent": code_of.get(n.parent_id),
                        "pillar": by_pk.get(n.pillar_id),
                        "max_points": _number(n.max_points),
                    }
                    for n in nodes
                ],
            }
        )
    return result
