"""The bare Django floor (issue 15): the production settings with only
SecurityMiddleware and CommonMiddleware, and only the floor view (bench.bare_urls).

``make bench`` serves the same page bytes through this in the same gunicorn set-up
as the app: what Django itself costs per request, with none of the app's
middleware. A warm cached page must reach at least half its throughput."""

from bench.settings import *  # noqa: F403

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "bench.bare_urls"
