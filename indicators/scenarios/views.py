"""Rank drivers (/tinh/<slug>/dong-luc/) and the what-if simulator
(/tinh/<slug>/mo-phong/) of one unit.

Both read one year (scenario_selectors.year_data, a fixed number of queries) and do
the arithmetic in the pure modules. Bad parameters answer 400 with a message saying
which parameter and what range it needs; a year without main-index weights (2020)
or a unit without a DTI that year says so and offers no analysis.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from indicators.scenarios import selectors as sc
from indicators.scenarios.charts import drivers_figure
from indicators.scenarios.forms import Parsed
from indicators.scenarios.query import (
    default_pool_for,
    names,
    no_analysis_reason,
    pick_year,
    scenario_from_query,
)
from indicators.scenarios.weighting import reweight_page
from indicators.targets import selectors as target_selectors
from provinces.http import HtmxHttpRequest
from provinces.models import Unit


def _pool_choice(
    request: HttpRequest, data: sc.YearData, unit: Unit, parsed: Parsed
) -> tuple[int | None, list[int]]:
    pools = [p for p in data.pools() if data.carrier(unit, p) is not None]
    raw = request.GET.get("pool")
    pool = parsed.integer(raw, name="pool", low=1, high=99) if raw else None
    if pool is not None and pool not in pools:
        parsed.errors.append(
            _("Năm %(year)s không đọc được %(unit)s trong nhóm %(pool)s; các nhóm có: %(pools)s.")
            % {
                "year": data.year,
                "unit": unit.name,
                "pool": pool,
                "pools": ", ".join(map(str, pools)) or "—",
            }
        )
        pool = None
    if pool is None and pools:
        pool = default_pool_for(data, unit, pools)
    return pool, pools


def _target_readings(
    data: sc.YearData, unit: Unit, targets
) -> list[tuple[object, sc.DriverReading]]:
    """One reading per DTI rank target (as written, and as a share of the 34)."""
    found = []
    for progress in targets:
        target = progress.target
        if target.kind != "rank" or not target.indicator_id or target.indicator.code != "DTI":
            continue
        for reading in progress.readings:
            if reading.pool in data.pools() and data.carrier(unit, reading.pool) == reading.unit.pk:
                driver = sc.driver_reading(data, unit, pool=reading.pool, n=reading.n)
                if driver is not None:
                    found.append((progress, driver))
    return found


@require_safe
@vary_on_headers("HX-Request")
def drivers(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Where the DTI points between a unit and the unit ranked N (a target's N or any N),
    the best unit and the pool's average come from, index by index."""
    unit = get_object_or_404(Unit.objects.real(), slug=slug)
    parsed = Parsed()
    sim_years = sc.simulation_years()
    year, years = pick_year(request.GET, unit, parsed, sim_years)
    context: dict = {"unit": unit, "years": years, "year": year, "sim_years": sim_years}
    if year is not None:
        data = sc.year_data(year=year)
        reason = no_analysis_reason(data, unit)
        pool, pools = _pool_choice(request, data, unit, parsed)
        n = None
        if pool is not None:
            n = parsed.integer(
                request.GET.get("n"), name="n", low=1, high=len(data.pool_units[pool])
            )
        readings: list[tuple[object, sc.DriverReading]] = []
        if not reason and pool is not None:
            targets = target_selectors.unit_targets(unit=unit)
            if n is not None and (chosen := sc.driver_reading(data, unit, pool=pool, n=n)):
                readings.append((None, chosen))
            readings += _target_readings(data, unit, targets)
            for kind in ("best", "average"):
                if reading := sc.driver_reading(data, unit, pool=pool, n=None, kind=kind):
                    readings.append((None, reading))
        names_ = names(data)
        charts = {
            r.key + str(i): drivers_figure(
                r.decomposition, names=names_, title=_reading_title(r, unit)
            )
            for i, (_p, r) in enumerate(readings)
        }
        context |= {
            "data": data,
            "reason": reason,
            "pool": pool,
            "pools": pools,
            "n": n,
            "names": names_,
            "readings": [
                (p, r, r.key + str(i), charts[r.key + str(i)]) for i, (p, r) in enumerate(readings)
            ],
            "confirmed": data.confirmed,
            "responsibilities": data.responsibilities,
        }
    context["notices"] = parsed.errors
    template = "indicators/drivers.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += (
            "#drivers-embed" if request.htmx.target == "drivers-section" else "#drivers-body"
        )
        # The fragment carries the messages and the form: 200 so that htmx swaps it (see
        # _refused_in_place), and the refused address stays out of the history.
        response = render(request, template, context)
        if parsed.errors:
            response["HX-Push-Url"] = "false"
        return response
    return render(request, template, context, status=400 if parsed.errors else 200)


def _reading_title(reading: sc.DriverReading, unit: Unit) -> str:
    if reading.kind == "average":
        return _("%(unit)s so với trung bình %(pool)s đơn vị") % {
            "unit": unit.name,
            "pool": reading.pool,
        }
    other = reading.reference[0].name if reading.reference else ""
    if reading.kind == "best":
        return _("%(unit)s so với đơn vị dẫn đầu (%(other)s)") % {"unit": unit.name, "other": other}
    return _("%(unit)s so với đơn vị hạng %(n)s/%(pool)s (%(other)s)") % {
        "unit": unit.name,
        "n": reading.n,
        "pool": reading.pool,
        "other": other,
    }


@require_safe
@vary_on_headers("HX-Request")
def simulator(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """What-if: the unit's main indices changed by the reader (query string), its new
    DTI and ranks in both pools, its targets met or not, and the cheapest path to rank N."""
    unit = get_object_or_404(Unit.objects.real(), slug=slug)
    query = scenario_from_query(unit, request.GET)
    sim = query.sim
    context = {
        "unit": unit,
        "invalid_fields": query.invalid,
        "years": query.years,
        "year": query.year,
        "sim_years": query.sim_years,
        "data": query.data,
        "names": query.names,
        "confirmed": query.confirmed,
        "responsibilities": query.data.responsibilities if query.data else {},
        "reason": query.reason,
        "pools": query.pools,
        "path_pool": query.path_pool,
        "path_n": query.path_n,
        "levers": query.levers,
        "sim": sim,
        "notices": query.errors,
        "form_values": query.form_values,
        "export_query": request.GET.urlencode(),
    }
    template = "indicators/whatif.html"
    if request.htmx and not request.htmx.history_restore_request:
        if query.errors:
            return _refused_in_place(request, f"{template}#whatif-errors", context)
        template += "#whatif-path" if sim and sim.path is not None else "#whatif-result"
    return render(request, template, context, status=400 if query.errors else 200)


@require_safe
@vary_on_headers("HX-Request")
def reweight(request: HtmxHttpRequest, year: int) -> HttpResponse:
    """Every unit's DTI and rank with the reader's weights on the main indices (query
    string), its official rank, and its rank band under random weights."""
    page = reweight_page(year=year, params=request.GET)
    if page.framework is None:
        raise Http404(_("Không có dữ liệu DTI năm %(year)s.") % {"year": year})
    context = {
        "page": page,
        "years": sc.simulation_years(),
        "notices": page.errors + page.notices,
        "export_query": page.query(page.weights) if page.pool else "",
    }
    template = "indicators/reweight.html"
    if request.htmx and not request.htmx.history_restore_request:
        preset = (request.htmx.trigger or "").startswith("preset-")
        template += "#reweight-swap" if preset else "#reweight-result"
    return render(request, template, context, status=400 if page.errors else 200)


def _refused_in_place(request: HtmxHttpRequest, template: str, context: dict) -> HttpResponse:
    """A refused value under htmx: 200 with only the messages, swapped into the page's
    error region; the form and the last good result stay as they are.

    Why 200 and not 400: htmx drops 4xx answers unless every page reconfigures it, and in
    DEBUG django-htmx's script replaces the whole document with any 400 it sees (the
    unstyled fragment officials got). The message *is* the answer to this request; the
    address of a bad value (a bookmark, a reload) still answers 400 as a whole page, and
    the bad address is not pushed into the history."""
    response = render(request, template, context)
    response["HX-Retarget"] = "#whatif-errors"
    response["HX-Reswap"] = "innerHTML"
    response["HX-Push-Url"] = "false"
    return response
