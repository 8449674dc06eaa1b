"""The floor view alone (bench.urls.floor), for bench.bare_settings."""

from django.http import HttpResponseNotFound
from django.urls import path

from bench.urls import floor

urlpatterns = [path("__floor__/<str:name>", floor)]


def not_found(request, exception=None):
    """The start-up probe asks for a page that is not there: a plain 404 (the app's
    404 template needs the app's URLs)."""
    return HttpResponseNotFound("not found", content_type="text/plain")


handler404 = not_found
