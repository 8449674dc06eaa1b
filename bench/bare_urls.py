"""The floor view alone (bench.urls.floor), for bench.bare_settings."""

from django.urls import path

from bench.urls import floor

urlpatterns = [path("__floor__/<str:name>", floor)]
