"""Page cache and conditional requests for the public scorecard pages.

Every page depends on the data only through the data version (indicators.caching.version):
a publish, an import, an admin edit writes a new version in the same transaction
as the data. So, with the version read once per request:

- ETag = hash(version, full path, language, htmx headers): a request carrying it
  in If-None-Match (or an If-Modified-Since not older than the version's time) gets
  304 Not Modified at once, without rendering;
- the rendered page is kept in the cache (settings.CACHES["default"]: in-process
  LocMem, or Redis with REDIS_URL so several app servers share it) under that
  ETag; a new version means new keys, so a publish is seen at once everywhere;
- htmx partials (HX-Request, HX-Target) have their own ETags and cache entries.

What differs per visitor is put back on every response: the CSP nonce and the CSRF
token are stored as placeholders. Visitors with a session (staff) skip the cache.
DTI_PAGE_CACHE=false turns the page cache off (the benchmark's "cache off");
ETags and 304s stay.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.http import parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from indicators.caching import version as versioning

NONCE_MARK = "__dti_csp_nonce__"
CSRF_MARK = "__dti_csrf_token__"
TIMEOUT = 24 * 3600  # old versions' keys are never asked again; let them expire
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request", "HX-Boosted")


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "DTI_PAGE_CACHE", True))


def _personal(request: HttpRequest) -> bool:
    """A visitor with a session (staff, messages) sees their own page: no cache."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def page_etag(request: HttpRequest, version: versioning.Version) -> str:
    parts = [
        version.token or "",
        request.get_full_path(),
        get_language() or "",
        str(bool(getattr(settings, "DTI_INCLUDE_SYNTHETIC", False))),
        *(request.headers.get(h, "") for h in HTMX_HEADERS),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _not_modified(request: HttpRequest, etag: str, version: versioning.Version) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return quote_etag(etag) in tags or "*" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(version.changed_at.timestamp()) <= since


def _stamp(response: HttpResponse, etag: str, version: versioning.Version) -> HttpResponse:
    response.headers["ETag"] = quote_etag(etag)
    response.headers["Last-Modified"] = version.http_date
    # Browsers keep the page and ask again each time (answered 304 while unchanged).
    response.headers["Cache-Control"] = "no-cache"
    return response


_NONCE, _CSRF = NONCE_MARK.encode(), CSRF_MARK.encode()
_MARKS = re.compile(b"(" + re.escape(_NONCE) + b"|" + re.escape(_CSRF) + b")")


def _personalise(request: HttpRequest, parts: list[bytes]) -> bytes:
    """The stored page (split at its placeholders once, when stored) joined with
    this visitor's nonce and token: one pass over the bytes."""
    if len(parts) == 1:
        return parts[0]
    nonce = str(request._csp_nonce).encode() if _NONCE in parts else b""
    token = get_token(request).encode() if _CSRF in parts else b""
    return b"".join(nonce if p == _NONCE else token if p == _CSRF else p for p in parts)


# The masked CSRF token base.html gives htmx (a new random mask at every call).
_CSRF_IN_PAGE = re.compile(rb'("X-CSRFToken": ")[A-Za-z0-9]{32,64}(")')


def _generalise(request: HttpRequest, content: bytes) -> bytes:
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:  # generated while rendering: it is in the page
        content = content.replace(str(nonce).encode(), NONCE_MARK.encode())
    return _CSRF_IN_PAGE.sub(rb"\g<1>" + CSRF_MARK.encode() + rb"\g<2>", content)


def cached_page(view):
    """Conditional GET and page cache for a public, read-only page (see module doc)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _personal(request):
            return view(request, *args, **kwargs)
        version = versioning.current()
        if not version.cacheable:
            return view(request, *args, **kwargs)
        etag = page_etag(request, version)
        if _not_modified(request, etag, version):
            response = HttpResponseNotModified()
            # No CSP header on a 304: the browser keeps the one that matches its copy.
            response._csp_config = response._csp_ro_config = {}
            return _stamp(response, etag, version)
        key = f"dti:page:{etag}"
        if page_cache_enabled():
            stored = cache.get(key)
            if stored is not None:
                parts, content_type, vary = stored
                response = HttpResponse(_personalise(request, parts), content_type=content_type)
                if vary:
                    response.headers["Vary"] = vary
                return _stamp(response, etag, version)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        if page_cache_enabled():
            parts = _MARKS.split(_generalise(request, response.content))
            cache.set(
                key,
                (parts, response["Content-Type"], response.headers.get("Vary", "")),
                TIMEOUT,
            )
        return _stamp(response, etag, version)

    return wrapper
