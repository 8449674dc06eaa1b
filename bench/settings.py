"""Benchmark server settings: production settings (dti.settings.base, DEBUG off)
plus the framework-floor view (bench.urls). Everything else comes from the
environment bench.py sets: DATABASE_URL, DTI_PAGE_CACHE, DTI_INCLUDE_SYNTHETIC."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef"
)

from dti.settings.base import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
