"""The request type and the partial-or-page choice that every app's views share.

Here, in the lowest app, so that indicators' and reports' views can import it
without an upward dependency."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails


def partial_or_page(request: HtmxHttpRequest, template: str, name: str) -> str:
    """``template#name`` for an htmx request, the whole page otherwise (a history
    restore also gets the whole page: STYLE §19)."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{name}"
    return template
