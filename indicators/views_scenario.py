"""Rank drivers (/tinh/<slug>/dong-luc/) and the what-if simulator
(/tinh/<slug>/mo-phong/) of one unit.

Both read one year (scenario_selectors.year_data, a fixed number of queries) and do
the arithmetic in the pure modules. Bad parameters answer 400 with a message saying
which parameter and what range it needs; a year without main-index weights (2020)
or a unit without a DTI that year says so and offers no analysis.
"""

from dataclasses import replace
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from provinces.models import Unit
from provinces.pools import default_pool

from . import scenario_selectors as sc
from . import selectors, target_selectors, whatif
from .charts_scenario import drivers_figure
from .drivers import OTHER
from .forms_scenario import Parsed
from .models import Score


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _names(data: sc.YearData) -> dict[str, str]:
    names = {code: indicator.label for code, indicator in data.indicators.items()}
    names[OTHER] = _("Các chỉ số nền tảng khác (gộp, tính toán)")
    return names


def _pick_year(request: HttpRequest, unit: Unit, parsed: Parsed, years: list[int]) -> tuple[int | None, list[int]]:
    """The year asked for (any assessment year), else the latest of ``years`` (those that
    can be simulated) with a DTI."""
    published = selectors.available_years()
    year = None
    if published:
        year = parsed.integer(request.GET.get("year"), name="year", low=min(published), high=max(published))
        if year is not None and year not in published:
            parsed.errors.append(_("Không có dữ liệu DTI năm %(year)s. Các năm có dữ liệu: %(years)s.")
                                 % {"year": year, "years": ", ".join(map(str, sorted(published)))})  # fmt: skip
            year = None
    if year is None:
        with_dti = set(Score.objects.published().filter(unit=unit, indicator__code="DTI", year__in=years)
                       .values_list("year", flat=True))  # fmt: skip
        candidates = [y for y in years if y in with_dti] or years
        year = candidates[0] if candidates else None
    return year, sorted(set(published), reverse=True)


def _no_analysis_reason(data: sc.YearData, unit: Unit) -> str:
    if data.weights is None:
        return _("Năm %(year)s không có trọng số chỉ số chính được công bố (DTI %(year)s tính theo ba trụ cột), "
                 "nên không phân tích và không mô phỏng được.") % {"year": data.year}  # fmt: skip
    if not any(data.carrier(unit, p) and data.values.get(data.carrier(unit, p), {}).get("DTI") for p in data.pools()):
        return _("%(unit)s không có giá trị DTI năm %(year)s trong bảng xếp hạng nào: chưa công bố.") % {
            "unit": unit.name, "year": data.year}  # fmt: skip
    return ""


def _pool_choice(request: HttpRequest, data: sc.YearData, unit: Unit, parsed: Parsed) -> tuple[int | None, list[int]]:
    pools = [p for p in data.pools() if data.carrier(unit, p) is not None]
    raw = request.GET.get("pool")
    pool = parsed.integer(raw, name="pool", low=1, high=99) if raw else None
    if pool is not None and pool not in pools:
        parsed.errors.append(_("Năm %(year)s không đọc được %(unit)s trong nhóm %(pool)s; các nhóm có: %(pools)s.")
                             % {"year": data.year, "unit": unit.name, "pool": pool,
                                "pools": ", ".join(map(str, pools)) or "—"})  # fmt: skip
        pool = None
    if pool is None and pools:
        pool = _default_pool(data, unit, pools)
    return pool, pools


def _default_pool(data: sc.YearData, unit: Unit, pools: list[int]) -> int:
    """The unit's own pool (63 for an old unit), the year's headline pool for a unit in both."""
    own = [p for p in pools if data.carrier(unit, p) == unit.pk] or pools
    return default_pool(data.year) if default_pool(data.year) in own else own[0]


def _target_readings(data: sc.YearData, unit: Unit, targets) -> list[tuple[object, sc.DriverReading]]:
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


@require_GET
@vary_on_headers("HX-Request")
def drivers(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Where the DTI points between a unit and the unit ranked N (a target's N or any N),
    the best unit and the pool's average come from, index by index."""
    unit = get_object_or_404(Unit.objects.real(), slug=slug)
    parsed = Parsed()
    sim_years = sc.simulation_years()
    year, years = _pick_year(request, unit, parsed, sim_years)
    context: dict = {"unit": unit, "years": years, "year": year, "sim_years": sim_years}
    if year is not None:
        data = sc.year_data(year=year)
        reason = _no_analysis_reason(data, unit)
        pool, pools = _pool_choice(request, data, unit, parsed)
        n = None
        if pool is not None:
            n = parsed.integer(request.GET.get("n"), name="n", low=1, high=len(data.pool_units[pool]))
        readings: list[tuple[object, sc.DriverReading]] = []
        if not reason and pool is not None:
            targets = target_selectors.unit_targets(unit=unit)
            if n is not None and (chosen := sc.driver_reading(data, unit, pool=pool, n=n)):
                readings.append((None, chosen))
            readings += _target_readings(data, unit, targets)
            for kind in ("best", "average"):
                if reading := sc.driver_reading(data, unit, pool=pool, n=None, kind=kind):
                    readings.append((None, reading))
        names = _names(data)
        charts = {r.key + str(i): drivers_figure(r.decomposition, names=names, title=_reading_title(r, unit))
                  for i, (_p, r) in enumerate(readings)}  # fmt: skip
        context |= {"data": data, "reason": reason, "pool": pool, "pools": pools, "n": n, "names": names,
                    "readings": [(p, r, r.key + str(i), charts[r.key + str(i)]) for i, (p, r) in enumerate(readings)],
                    "confirmed": data.confirmed, "responsibilities": data.responsibilities}  # fmt: skip
    context["notices"] = parsed.errors
    status = 400 if parsed.errors else 200
    template = "indicators/drivers.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#drivers-embed" if request.htmx.target == "drivers-section" else "#drivers-body"
    return render(request, template, context, status=status)


def _reading_title(reading: sc.DriverReading, unit: Unit) -> str:
    if reading.kind == "average":
        return _("%(unit)s so với trung bình %(pool)s đơn vị") % {"unit": unit.name, "pool": reading.pool}
    other = reading.reference[0].name if reading.reference else ""
    if reading.kind == "best":
        return _("%(unit)s so với đơn vị dẫn đầu (%(other)s)") % {"unit": unit.name, "other": other}
    return _("%(unit)s so với đơn vị hạng %(n)s/%(pool)s (%(other)s)") % {
        "unit": unit.name, "n": reading.n, "pool": reading.pool, "other": other}  # fmt: skip


@require_GET
@vary_on_headers("HX-Request")
def simulator(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """What-if: the unit's main indices changed by the reader (query string), its new
    DTI and ranks in both pools, its targets met or not, and the cheapest path to rank N."""
    unit = get_object_or_404(Unit.objects.real(), slug=slug)
    parsed = Parsed()
    sim_years = sc.simulation_years()
    year, years = _pick_year(request, unit, parsed, sim_years)
    context: dict = {"unit": unit, "years": years, "year": year, "sim_years": sim_years}
    sim = None
    if year is not None:
        data = sc.year_data(year=year)
        names = _names(data)
        context |= {"data": data, "names": names, "confirmed": data.confirmed, "responsibilities": data.responsibilities}
        reason = _no_analysis_reason(data, unit)
        levers: list[whatif.Lever] = []
        if not reason:
            try:
                levers = whatif.levers(data.main_values(unit.pk), data.weights)
            except whatif.NoSimulation as exc:
                reason = {
                    "dti": _("%(unit)s không có giá trị DTI năm %(year)s: chưa công bố, không mô phỏng được.")
                    % {"unit": unit.name, "year": year},
                    "combined": _("Các giá trị công bố của %(unit)s năm %(year)s không khớp với trọng số "
                                  "(tổng các chỉ số nền tảng còn lại ngoài khoảng cho phép): không mô phỏng được.")
                    % {"unit": unit.name, "year": year},
                }.get(str(exc), str(exc))  # fmt: skip
        values: dict[str, Decimal] = {}
        for lever in levers:
            value = parsed.decimal(request.GET.get(lever.param), name=lever.param, label=names.get(lever.code, lever.code),
                                   high=lever.cap)  # fmt: skip
            if value is not None:
                values[lever.code] = value
        context["reason"] = reason
        if not reason:
            pools = [p for p in data.pools() if data.carrier(unit, p) is not None]
            path_pool = parsed.integer(request.GET.get("pool"), name="pool", low=1, high=99) if request.GET.get("pool") else None
            if path_pool is not None and path_pool not in pools:
                parsed.errors.append(_("Không có bảng xếp hạng nhóm %(pool)s cho %(unit)s năm %(year)s; các nhóm có: %(pools)s.")
                                     % {"pool": path_pool, "unit": unit.name, "year": year,
                                        "pools": ", ".join(map(str, pools))})  # fmt: skip
                path_pool = None
            path_pool = path_pool or _default_pool(data, unit, pools)
            path_n = parsed.integer(request.GET.get("n"), name="n", low=1, high=len(data.pool_units[path_pool]))
            targets = target_selectors.unit_targets(unit=unit)
            if not parsed.errors:
                sim = sc.simulate(data, unit, values=values, targets=targets)
                if request.GET.get("path") and path_n is not None:
                    # The path starts from the published values; the result shows where it lands.
                    sc.cheapest(data, sim, n=path_n, pool=path_pool)
                    if sim.path is not None and sim.path.reachable and not sim.path.already:
                        landed = sc.simulate(data, unit, values=sim.path.values, targets=targets)
                        sim = replace(landed, path=sim.path, path_n=sim.path_n, path_pool=sim.path_pool,
                                      path_reference=sim.path_reference)  # fmt: skip
                elif request.GET.get("path"):
                    parsed.errors.append(_("Chọn hạng N (tham số “n”) để tìm đường ít tốn công nhất."))
            else:
                # The levers at their published values, so the form stays usable.
                sim = sc.simulate(data, unit, values={}, targets=targets)
            context |= {"pools": pools, "path_pool": path_pool, "path_n": path_n, "levers": levers}
    context |= {"sim": sim, "notices": parsed.errors, "form_values": _form_values(sim)}
    status = 400 if parsed.errors else 200
    template = "indicators/whatif.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#whatif-path" if sim and sim.path is not None else "#whatif-result"
    return render(request, template, context, status=status)


def _form_values(sim: "sc.Simulation | None") -> dict[str, Decimal]:
    """What the inputs show: the cheapest path's values when one was asked for."""
    if sim is None:
        return {}
    values = dict(sim.values)
    if sim.path is not None and sim.path.reachable:
        values |= sim.path.values
    return values
