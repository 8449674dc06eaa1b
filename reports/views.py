"""Downloads of the scorecard views (Excel, CSV) and the print view of a province.

Every download is built from the same query parameters as its page, so its address
can be bookmarked or fetched by a script. A parameter the page would quietly drop
is refused here with a 400 and a message: a file must be exactly the asked view.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indicators.other_indices.selectors import other_metrics
from indicators.scorecard import compare, selectors
from indicators.scorecard import profile as profiles
from indicators.scorecard.charts import history_figure
from indicators.scorecard.forms import CompareForm
from indicators.scorecard.params import ranking_query
from indicators.targets import selectors as target_selectors
from provinces.models import Unit
from reports import builders
from reports import other_indices as other_reports
from reports.csv_export import CSV_CONTENT_TYPE, csv_export
from reports.forms import FullExportForm
from reports.tables import Report
from reports.workbook import XLSX_CONTENT_TYPE, workbook_export


def _bad_request(request: HttpRequest, messages: list[str]) -> HttpResponse:
    return render(request, "400.html", {"exception": " ".join(messages)}, status=400)


def _download(request: HttpRequest, report: Report, fmt: str) -> HttpResponse:
    report.url = request.build_absolute_uri()
    if fmt == "csv":
        content, content_type = csv_export(report), CSV_CONTENT_TYPE
    else:
        content, content_type = workbook_export(report), XLSX_CONTENT_TYPE
    disposition = content_disposition_header(
        as_attachment=True, filename=f"{report.filename}.{fmt}"
    )
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": disposition}
    )


@require_safe
def ranking_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    query = ranking_query(year=year, data=request.GET)
    if query.errors:
        return _bad_request(request, query.errors)
    return _download(request, builders.ranking_report(query=query), fmt)


def _unit_or_none(slug: str) -> Unit | None:
    return Unit.objects.real().select_related("region").filter(slug=slug).first()


@require_safe
def province_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    unit = _unit_or_none(slug)
    if unit is None:
        return _bad_request(
            request, [_("Không tìm thấy tỉnh, thành phố “%(slug)s”.") % {"slug": slug}]
        )
    report = other_reports.province_extend(builders.province_report(unit=unit), unit=unit)
    return _download(request, report, fmt)


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
        report = other_reports.compare_report(units=params["units"], metric=metric)
    else:
        report = builders.compare_report(units=params["units"], metric=metric)
    return _download(request, report, fmt)


@require_safe
def full_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = FullExportForm(request.GET, years=selectors.available_years())
    if not form.is_valid():
        return _bad_request(request, [str(e) for errors in form.errors.values() for e in errors])
    return _download(request, builders.full_report(year=form.cleaned_data["year"]), fmt)


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
