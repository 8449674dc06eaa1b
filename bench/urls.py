"""The project's URLs plus /__floor__/<name>: the framework floor.

The floor view returns bytes held in memory (the HTML of a real page, written by
bench.py into DTI_FLOOR_DIR before the server starts), through the same gunicorn,
middleware and settings as the real pages: what serving a page costs when the
page itself costs nothing."""

import os
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path

from dti.urls import urlpatterns as project_urlpatterns

_PAGES: dict[str, bytes] = {}
FLOOR_DIR = Path(os.environ.get("DTI_FLOOR_DIR", "/nonexistent"))
if FLOOR_DIR.is_dir():
    _PAGES = {p.stem: p.read_bytes() for p in FLOOR_DIR.glob("*.html")}


def floor(request, name: str) -> HttpResponse:
    try:
        return HttpResponse(_PAGES[name], content_type="text/html; charset=utf-8")
    except KeyError:
        raise Http404(name) from None


urlpatterns = [path("__floor__/<str:name>", floor), *project_urlpatterns]
