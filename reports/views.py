"""Downloads of the scorecard views (Excel, CSV) and the print view of a province.

Every download is built from the same query parameters as its page, so its address
can be bookmarked or fetched by a script. A parameter the page would quietly drop
is refused here with a 400 and a message: a file must be exactly the asked view.
A built file is kept per data version (reports.cache), so asking again is cheap.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indicators.other_indices.selectors import other_metrics
from indicators.scorecard import compare, selectors
from indicators.scorecard import profile as profiles
from indicators.scorecard.charts import history_figure
from indicators.scorecard.forms import CompareForm, RankingFilterForm
from indicators.scorecard.params import ranking_query
from indicators.targets import selectors as target_selectors
from provinces.models import Unit
from reports import builders
from reports.builders import other_indices as other_reports
from reports.cache import Download, download_cached
from reports.csv_export import CSV_CONTENT_TYPE, csv_export
from reports.forms import FullExportForm
from reports.tables import Report
from reports.workbook import XLSX_CONTENT_TYPE, workbook_export

RANKING_PARAMS = tuple(name for name in RankingFilterForm.base_fields if name != "view")


def _bad_request(request: HttpRequest, messages: list[str]) -> HttpResponse:
    return render(request, "400.html", {"exception": " ".join(messages)}, status=400)


def _download(
    request: HttpRequest, build: Callable[[], Report], fmt: str, *, params: tuple[str, ...] = ()
) -> HttpResponse:
    """The file of ``build()``, from the export cache when this data version has it."""

    def write(query: QueryDict) -> Download:
        report = build()
        canonical = f"{request.path}?{query.urlencode()}" if query else request.path
        report.url = request.build_absolute_uri(canonical)
        if fmt == "csv":
            return csv_export(report), CSV_CONTENT_TYPE, f"{report.filename}.{fmt}"
        return workbook_export(report), XLSX_CONTENT_TYPE, f"{report.filename}.{fmt}"

    content, content_type, filename = download_cached(request, write, params=params)
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": disposition}
    )


@require_safe
def ranking_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    query = ranking_query(year=year, data=request.GET)
    if query.errors:
        return _bad_request(request, query.errors)
    return _download(
        request,
        lambda: builders.ranking_report(query=query),
        fmt,
        params=RANKING_PARAMS,
    )


def _unit_or_none(slug: str) -> Unit | None:
    return Unit.objects.real().select_related("region").filter(slug=slug).first()


@require_safe
def province_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    unit = _unit_or_none(slug)
    if unit is None:
        return _bad_request(
            request, [_("Không tìm thấy tỉnh, thành phố “%(slug)s”.") % {"slug": slug}]
        )
    return _download(
        request,
        lambda: other_reports.province_extend(builders.province_report(unit=unit), unit=unit),
        fmt,
    )


@require_safe
def compare_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = CompareForm(
        request.GET,
        metrics=[*compare.compare_metrics(), *other_metrics()],
        max_units=compare.MAX_COMPARE_UNITS,
    )
    params = form.parsed()
    if form.problems:
        return _bad_request(request, form.problems)
    if not params["units"]:
        return _bad_request(
            request,
            [_("Chọn ít nhất một tỉnh, thành phố để so sánh (?units=bac-giang,ha-giang).")],
        )
    metric = params["metric"]
    if getattr(metric, "is_other", False):  # PAPI / PCI

        def build():
            return other_reports.compare_report(units=params["units"], metric=metric)
    else:

        def build():
            return builders.compare_report(units=params["units"], metric=metric)

    return _download(request, build, fmt, params=("units", "metric"))


@require_safe
def full_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = FullExportForm(request.GET, years=selectors.available_years())
    if not form.is_valid():
        return _bad_request(request, [str(e) for errors in form.errors.values() for e in errors])
    year = form.cleaned_data["year"]
    return _download(request, lambda: builders.full_report(year=year), fmt, params=("year",))


@require_safe
def province_print(request: HttpRequest, slug: str) -> HttpResponse:
    """The province page laid out for A4 paper (or "save as PDF"), chart included."""
    unit = get_object_or_404(Unit.objects.real().select_related("region"), slug=slug)
    profile = profiles.province_profile(unit=unit)
    figure = history_figure(
        profile,
        indicator_names={code: i.label for code, i in profile.indicators.items()},
    )
    targets = target_selectors.unit_targets(unit=unit)
    return render(
        request,
        "reports/province_print.html",
        {"profile": profile, "unit": unit, "figure": figure, "targets": targets},
    )
