"""The relationship view: DTI against PAPI for a year, one point per province."""

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from indicators.caching.pages import cached_page
from indicators.other_indices import selectors
from indicators.other_indices.charts import relationship_figure
from indicators.other_indices.forms import RelationshipForm
from provinces.http import HtmxHttpRequest
from provinces.http import partial_or_page as _partial


@transaction.non_atomic_requests
@require_safe
@vary_on_headers("HX-Request")
@cached_page(params=tuple(RelationshipForm.base_fields))
def relationship(request: HtmxHttpRequest) -> HttpResponse:
    """Scatter of DTI against PAPI D8 or the PAPI total, with Pearson's r and n. The
    year and metric pickers swap #relationship-body."""
    form = RelationshipForm(request.GET, years=selectors.relationship_years())
    params = form.parsed()
    data = (
        selectors.relationship(year=params["year"], metric=params["metric"])
        if params["year"]
        else None
    )
    context = {
        "form": form,
        "notices": form.notices,
        "data": data,
        "figure": relationship_figure(data) if data and data.points else None,
        "attribution": selectors.ATTRIBUTION,
    }
    return render(
        request, _partial(request, "indicators/other_indices.html", "relationship-body"), context
    )
