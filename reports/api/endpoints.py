"""The data API's operations (``/api/v1/…``), read-only, JSON or ``?format=csv``.

Each operation parses its parameters (typed: the schema says what is accepted and
anything else is a 400 problem), makes one ``rows`` call and answers. Answers go
through the page cache (``indicators.caching.pages.cached_page``): ETag and
Last-Modified come from the data version, so a conditional request gets a 304.
"""

import csv
import io
import math
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Path, Query, Swagger
from ninja.decorators import decorate_view
from ninja.renderers import JSONRenderer

from indicators.caching.catalog import catalog
from indicators.caching.pages import cached_page
from indicators.models import YEAR_MAX, YEAR_MIN
from indicators.scorecard import selectors
from provinces.models import Unit
from provinces.pools import default_pool
from reports.api import problems, rows
from reports.api import schemas as s
from reports.api.problems import ApiProblem
from reports.csv_export import BOM, CSV_CONTENT_TYPE
from reports.tables import SOURCE_SEPARATOR


class DataApi(NinjaAPI):
    """NinjaAPI whose error responses are documented as application/problem+json
    (what they are), so clients and Schemathesis read the content type right."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status) in ("400", "404") and "application/json" in content:
                        content[problems.PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                    elif str(status) == "200" and _has_format(operation):
                        content["text/csv"] = {"schema": {"type": "string"}}
        return schema


class Utf8Renderer(JSONRenderer):
    """Vietnamese names as UTF-8 text, not \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


def _has_format(operation: dict) -> bool:
    return any(p.get("name") == "format" for p in operation.get("parameters", []))


api = DataApi(
    title="DTI scorecard data API",
    version="1",
    description=(
        "Published DTI values, ranks, units and targets of Vietnam's provinces. "
        "Read-only; every list also answers `?format=csv` (UTF-8 with BOM). "
        "null = not published; drafts never appear; `derived` marks figures computed by "
        "the app. Errors are RFC 9457 problem details with `detail` (Vietnamese) and "
        "`detail_en`."
    ),
    urls_namespace="api",
    renderer=Utf8Renderer(),
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
)
problems.install(api)

ERRORS = {400: s.Problem, 404: s.Problem}
Year = Annotated[int, Path(ge=YEAR_MIN, le=YEAR_MAX, description="Assessment year")]
FormatQuery = Annotated[s.Format, Query(alias="format", description="json (default) or csv")]


def _cell(value) -> object:
    if isinstance(value, list):
        return SOURCE_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4f}"
    return value


def _csv(records: list[dict], columns: list[str]) -> HttpResponse:
    """The rows as CSV: UTF-8 with a BOM, lists joined with " | ", empty = null."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record[c] is None else _cell(record[c]) for c in columns])
    return HttpResponse((BOM + out.getvalue()).encode("utf-8"), content_type=CSV_CONTENT_TYPE)


def _answer(records: list[dict], schema, fmt: s.Format, body=None):
    if fmt == s.Format.CSV:
        return _csv(records, list(schema.model_fields))
    return records if body is None else body


def _unit_or_404(slug: str) -> Unit:
    unit = rows.unit_find(slug)
    if unit is None:
        raise ApiProblem(404, _("Không tìm thấy tỉnh, thành phố “%(slug)s”."), slug=slug)
    return unit


def _framework_or_404(year: int):
    framework = selectors.published_framework(year)
    if framework is None:
        years = ", ".join(str(y) for y in sorted(selectors.available_years()))
        raise ApiProblem(
            404,
            _("Không có dữ liệu DTI năm %(year)s. Các năm có dữ liệu: %(years)s."),
            year=year,
            years=years,
        )
    return framework


@api.get("/units", response={200: list[s.Unit], **ERRORS}, operation_id="units")
@decorate_view(cached_page(params=("format",)))
def units(request: HttpRequest, fmt: FormatQuery = s.Format.JSON):
    """Every unit, before and after the 2025 merger, with its pools and lineage."""
    return _answer(rows.unit_list(), s.Unit, fmt)


@api.get("/units/{slug}", response={200: s.UnitDetail, **ERRORS}, operation_id="unit")
@decorate_view(cached_page(params=("format",)))
def unit(request: HttpRequest, slug: str):
    """One unit and its history: each year's values and ranks per indicator and pool,
    with source, status (published or derived) and note."""
    return rows.unit_detail(_unit_or_404(slug))


@api.get("/rankings/{year}", response={200: s.Ranking, **ERRORS}, operation_id="ranking")
@decorate_view(cached_page(params=("pool", "indicator", "format")))
def ranking(
    request: HttpRequest,
    year: Year,
    pool: Annotated[s.Pool | None, Query(description="63 or 34; default: the year's")] = None,
    indicator: Annotated[
        str, Query(max_length=20, description="DTI, a pillar or a main index")
    ] = "DTI",
    fmt: FormatQuery = s.Format.JSON,
):
    """A year's ranking in a pool: rank (ties share a rank), value, change, source."""
    framework = _framework_or_404(year)
    pools = selectors.available_pools(year=year)
    chosen = int(pool) if pool is not None else default_pool(year)
    if chosen not in pools:
        raise ApiProblem(
            400,
            _("Năm %(year)s không có bảng xếp hạng nhóm %(pool)s. Các nhóm có: %(pools)s."),
            year=year,
            pool=chosen,
            pools=", ".join(str(p) for p in pools),
        )
    codes = rows.ranking_indicators(framework)
    if indicator not in codes:
        raise ApiProblem(
            400,
            _("Năm %(year)s không có chỉ số %(code)s. Các chỉ số: %(codes)s."),
            year=year,
            code=indicator,
            codes=", ".join(codes),
        )
    table = rows.ranking_rows(framework=framework, pool=chosen, indicator=indicator)
    return _answer(table["rows"], s.RankingRow, fmt, body=table)


@api.get("/values", response={200: s.ValuePage, **ERRORS}, operation_id="values")
@decorate_view(
    cached_page(params=("year", "unit", "indicator", "pool", "page", "page_size", "format"))
)
def values(
    request: HttpRequest,
    year: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX)] = None,
    unit: Annotated[str | None, Query(max_length=120, description="A unit's slug")] = None,
    indicator: Annotated[str | None, Query(max_length=20)] = None,
    pool: s.Pool | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 500,
    fmt: FormatQuery = s.Format.JSON,
):
    """Tidy rows, one per unit–year–indicator–pool, with the CSV export's columns.
    JSON is paginated; CSV holds every row that matches the filters."""
    found = _unit_or_404(unit) if unit else None
    if year is not None:
        _framework_or_404(year)
    if indicator is not None and indicator not in catalog().indicators:
        raise ApiProblem(400, _("Không có chỉ số %(code)s."), code=indicator)
    records = rows.value_rows(
        year=year, unit=found, indicator=indicator, pool=int(pool) if pool else None
    )
    if fmt == s.Format.CSV:
        return _csv(records, list(s.ValueRow.model_fields))
    pages = max(1, math.ceil(len(records) / page_size))
    if page > pages:
        raise ApiProblem(
            404, _("Không có trang %(page)s (có %(pages)s trang)."), page=page, pages=pages
        )
    start = (page - 1) * page_size
    return {
        "count": len(records),
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "results": records[start : start + page_size],
    }


@api.get("/targets", response={200: list[s.TargetRow], **ERRORS}, operation_id="targets")
@decorate_view(cached_page(params=("unit", "status", "format")))
def targets(
    request: HttpRequest,
    unit: Annotated[str | None, Query(max_length=120, description="A unit's slug")] = None,
    status: s.TargetStatus | None = None,
    fmt: FormatQuery = s.Format.JSON,
):
    """Resolution targets with baseline, latest value, status, method and gap."""
    found = _unit_or_404(unit) if unit else None
    records = rows.target_rows(unit=found, status=status.value if status else None)
    return _answer(records, s.TargetRow, fmt)


@api.get("/frameworks", response={200: list[s.Framework], **ERRORS}, operation_id="frameworks")
@decorate_view(cached_page(params=("format",)))
def frameworks(request: HttpRequest, fmt: FormatQuery = s.Format.JSON):
    """The index tree and weights of every published year, with sources. CSV: one
    row per indicator of each year."""
    records = rows.framework_rows()
    if fmt == s.Format.CSV:
        flat = [
            {"year": f["year"], **node, "weights_confirmed": f["weights_confirmed"]}
            for f in records
            for node in f["indicators"]
        ]
        return _csv(flat, ["year", *s.FrameworkNode.model_fields, "weights_confirmed"])
    return records
