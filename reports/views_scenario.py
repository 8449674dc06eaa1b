"""Download of a what-if scenario (/bao-cao/mo-phong/<slug>.xlsx?year=…&hts=…): the
same query string as the simulator page, refused with a 400 and a message when the
page would show one (bad value, a year without weights)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indicators.scenarios.query import scenario_from_query
from indicators.scenarios.weighting import reweight_page
from provinces.models import Unit
from reports.builders.reweight import reweight_report
from reports.builders.scenario import scenario_report
from reports.views import _bad_request, _download


@require_safe
def scenario_export(request: HttpRequest, slug: str) -> HttpResponse:
    unit = Unit.objects.real().filter(slug=slug).first()
    if unit is None:
        return _bad_request(
            request, [_("Không tìm thấy tỉnh, thành phố “%(slug)s”.") % {"slug": slug}]
        )
    query = scenario_from_query(unit, request.GET)
    if query.errors or query.sim is None:
        return _bad_request(request, query.errors or [query.reason])
    # Every parameter shapes the scenario, so all of them key the cached file.
    params = tuple(sorted(request.GET))
    return _download(request, lambda: scenario_report(query=query), "xlsx", params=params)


@require_safe
def reweight_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The re-weighting page's table (/bao-cao/trong-so/<year>.xlsx|.csv, same parameters)."""
    page = reweight_page(year=year, params=request.GET)
    if page.errors or not page.rows:
        return _bad_request(request, page.errors or [page.reason])
    params = tuple(sorted(request.GET))
    return _download(request, lambda: reweight_report(page=page), fmt, params=params)
