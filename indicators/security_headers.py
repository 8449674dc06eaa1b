"""Headers Django no longer sets but scanners still ask for.

``X-XSS-Protection: 1; mode=block``: current browsers ignore the header (their XSS
auditors are gone; the strict CSP in settings does that job). Django dropped its
setting in 4.0 and OWASP now advises "0" or nothing, because an auditor filtering
*parts* of a page could be abused; ``mode=block`` blanks the whole page instead,
and with framing denied (X-Frame-Options, frame-ancestors) and no iframes in
the pages, what a blocked page could leak to another site is nothing. It is sent
because the scanner of `make scan` (Debian's wapiti 3.0.4) reports its absence;
delete this middleware to follow OWASP's advice and accept that one finding.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class LegacyXssProtectionMiddleware:
    """Adds ``X-XSS-Protection: 1; mode=block`` unless a response already has one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("X-XSS-Protection", "1; mode=block")
        return response
