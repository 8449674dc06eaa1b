"""``/robots.txt``: crawlers may read the public pages, not the admin, the data-entry
pages or the endless filter and download combinations (routed in dti/urls.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Disallow: /en/{settings.ADMIN_URL}",
        "Disallow: /nhap-lieu/",
        "Disallow: /en/nhap-lieu/",
        "Disallow: /bao-cao/",
        "Disallow: /en/bao-cao/",
        "Disallow: /api/",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
