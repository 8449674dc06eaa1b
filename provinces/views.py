"""Search for a unit by any spelling of its name."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from provinces.forms import SearchForm
from provinces.selectors import unit_search


@require_safe
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = unit_search(query=query)
    # The header search jumps straight to the page when only one unit matches.
    if not request.htmx and request.GET.get("go") and len(results) == 1:
        return redirect(results[0])
    template = "provinces/unit_search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#search-results"
    return render(
        request,
        template,
        {"form": form, "query": query, "results": results, "bad_query": not form.is_valid()},
    )
