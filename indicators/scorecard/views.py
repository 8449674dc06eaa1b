"""The scorecard pages: home, a year's ranking, a province's profile."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from indicators.caching.catalog import catalog
from indicators.caching.pages import cached_page
from indicators.other_indices.charts import other_compare_figure, papi_history_figure
from indicators.other_indices.selectors import (
    other_comparison,
    other_indices_for_unit,
    other_metrics,
    other_units_notice,
)
from indicators.scorecard import compare as comparisons
from indicators.scorecard import profile as profiles
from indicators.scorecard import selectors
from indicators.scorecard.charts import (
    compare_figure,
    history_figure,
    map_scale,
    ranking_map_figure,
)
from indicators.scorecard.forms import CompareForm, RankingFilterForm, TargetFilterForm
from indicators.scorecard.method import compilation_route, derivations_by_figure, merger_rule
from indicators.scorecard.params import ranking_query
from indicators.targets import selectors as target_selectors
from indicators.targets.charts import observations_figure
from indicators.targets.observations import unit_observations
from indicators.targets.rank_book import RankBook
from provinces.http import HtmxHttpRequest
from provinces.http import partial_or_page as _partial
from provinces.pools import default_pool
from provinces.selectors import unit_search


@transaction.non_atomic_requests
@require_safe
@cached_page
def home(request: HtmxHttpRequest) -> HttpResponse:
    years = selectors.available_years()
    latest = years[0] if years else None
    top = selectors.top_units(year=latest) if latest else []
    return render(
        request,
        "indicators/home.html",
        {
            "years": years,
            "latest": latest,
            "top": top,
            "latest_pool": default_pool(latest) if latest else None,
        },
    )


@require_safe
def ranking_latest(request: HtmxHttpRequest) -> HttpResponse:
    years = selectors.available_years()
    if not years:
        raise Http404(_("Chưa có dữ liệu."))
    return redirect("indicators:ranking", year=years[0])


@transaction.non_atomic_requests
@require_safe
@vary_on_headers("HX-Request")
@cached_page(params=tuple(RankingFilterForm.base_fields))
def ranking(request: HtmxHttpRequest, year: int) -> HttpResponse:
    query = ranking_query(year=year, data=request.GET)
    if query.framework is None:
        raise Http404(query.year_error)
    table = selectors.ranking_table(**query.table_kwargs())
    form, pools, notices = query.form, query.pools, query.notices
    view = query.view
    context = {
        "table": table,
        "form": form,
        "years": selectors.available_years(),
        "pools": pools,
        "notices": notices,
        "view": view,
    }
    if view == "map":
        # One colour scale for every year and both pools: the metric's range over all years.
        scale = map_scale(table.metric_range)
        context["map_scale"] = scale
        context["map_figure"] = ranking_map_figure(
            table, geojson_url=static(f"geo/vn{table.pool}.geojson"), scale=scale
        )
    return render(request, _partial(request, "indicators/ranking.html", "score-table"), context)


@transaction.non_atomic_requests
@require_safe
@cached_page
def province(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    unit = catalog().units_by_slug.get(slug)
    if unit is None:
        raise Http404(_("Không tìm thấy tỉnh, thành phố này."))
    book = RankBook({*profiles.rank_codes(), *target_selectors.target_codes()})
    profile = profiles.province_profile(unit=unit, book=book)
    names = {code: indicator.label for code, indicator in profile.indicators.items()}
    figure = history_figure(profile, indicator_names=names)
    targets = target_selectors.unit_targets(unit=unit, book=book)
    kpi_blocks = [
        (entry, observations_figure(entry, unit_name=unit.name))
        for entry in unit_observations(unit=unit)
    ]
    other = other_indices_for_unit(unit=unit)
    return render(
        request,
        "indicators/province_detail.html",
        {
            "profile": profile,
            "unit": unit,
            "figure": figure,
            "targets": targets,
            "summary": profiles.province_summary(profile, targets),
            "kpi_blocks": kpi_blocks,
            "other_indices": other,
            "other_figure": papi_history_figure(other),
        },
    )


@transaction.non_atomic_requests
@require_safe
@vary_on_headers("HX-Request")
@cached_page(params=tuple(CompareForm.base_fields))
def compare(request: HtmxHttpRequest) -> HttpResponse:
    """Several units on one metric over the years, with their targets. The search box
    swaps only its result list (#compare-picker); every other change swaps #compare-body."""
    metrics = [*comparisons.compare_metrics(), *other_metrics()]
    form = CompareForm(request.GET, metrics=metrics, max_units=comparisons.MAX_COMPARE_UNITS)
    params = form.parsed()
    other = getattr(params["metric"], "is_other", False)
    notices = [*form.notices, *(other_units_notice(units=params["units"]) if other else [])]
    context = {
        "form": form,
        "metrics": metrics,
        "notices": notices,
        "max_units": comparisons.MAX_COMPARE_UNITS,
        "q": params["q"],
        "results": unit_search(query=params["q"]) if params["q"] else [],
        "units": params["units"],
        "metric": params["metric"],
        "units_param": ",".join(u.slug for u in params["units"]),
    }
    if (
        request.htmx
        and request.htmx.target == "compare-picker"
        and not request.htmx.history_restore_request
    ):
        return render(request, "indicators/compare.html#compare-picker", context)
    if other:  # PAPI / PCI: their own published values, no DTI references
        data = other_comparison(units=params["units"], metric=params["metric"])
    else:
        data = comparisons.comparison(units=params["units"], metric=params["metric"])
    draw = other_compare_figure if other else compare_figure
    context |= {"data": data, "figure": draw(data) if params["units"] else None}
    return render(request, _partial(request, "indicators/compare.html", "compare-body"), context)


@transaction.non_atomic_requests
@require_safe
@vary_on_headers("HX-Request")
@cached_page(params=tuple(TargetFilterForm.base_fields))
def targets(request: HtmxHttpRequest) -> HttpResponse:
    """Every target of every unit with its status, filterable, with counts per status."""
    form = TargetFilterForm(request.GET)
    filters = form.valid_data()
    notices = (
        [_("Tham số không hợp lệ đã bị bỏ qua: %(names)s.") % {"names": ", ".join(form.errors)}]
        if form.errors
        else []
    )
    overview = target_selectors.target_overview(**filters)
    return render(
        request,
        _partial(request, "indicators/target_list.html", "target-table"),
        {"overview": overview, "form": form, "notices": notices},
    )


@transaction.non_atomic_requests
@require_safe
@cached_page
def method(request: HtmxHttpRequest) -> HttpResponse:
    """How the numbers are made: the method of each year, which derived figures are
    valid for which years (the Derivation table), the merger rule and where the data
    comes from."""
    cat = catalog()
    return render(
        request,
        "indicators/method.html",
        {
            "frameworks": cat.frameworks,
            "derivations": derivations_by_figure(),
            "merger_rule": merger_rule(),
            "compilation_route": compilation_route(),
            "references": sorted(cat.references.values(), key=lambda r: (r.year, r.kind)),
        },
    )
