"""``/healthz``: can this app server answer? For load balancers and monitors.

Checks the two things every page needs, the database and the cache (Redis when
REDIS_URL is set), and answers JSON: ``{"database": "ok", "cache": "ok"}`` with 200,
or 503 with ``"error"`` for the part that failed (the reason goes to the log, not
to the public). No login, no language prefix (routed in dti/urls.py), never cached.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


def database_ok() -> bool:
    """True if the default database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        log.exception("healthz: the database does not answer")
        return False


def cache_ok() -> bool:
    """True if the default cache stores and returns a value (a key of its own)."""
    key = f"dti:healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:  # noqa: BLE001
        log.exception("healthz: the cache does not answer")
        return False
    if not ok:
        log.error("healthz: the cache did not return the value just stored")
    return ok


@require_safe
# With ATOMIC_REQUESTS a request starts a transaction before the view runs, which
# fails when the database is down: the check must run outside it to answer 503.
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_ok(), "cache": cache_ok()}
    response = JsonResponse(
        {part: "ok" if ok else "error" for part, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
