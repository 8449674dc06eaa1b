"""Test settings: base.py made fast, nothing else.

The database still comes from DATABASE_URL, so the same suite runs on SQLite
(default) and on PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from dti.settings.base import *  # noqa: E402, F403
from dti.settings.base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off for the suite (a test that changes rows with .update() would see an earlier
# test's page); tests/indicators/test_page_cache.py turns it on.
DTI_PAGE_CACHE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Serve static files from the finders (no collectstatic in tests; no missing-root warning).
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dti-test-media-"))  # pending uploads
