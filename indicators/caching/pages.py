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
- htmx partials (HX-Request, HX-Target) have their own ETags and cache entries;
- the key holds the *normalised* query: only the parameters the page reads, in a
  fixed order, empty ones dropped. ``?utm_source=x`` or ``?zz=1&pool=63`` hit the
  entry of the canonical URL, so junk parameters neither render again nor add
  entries; the view itself sees only that normalised query, so the page it renders
  (language switch links included) is the canonical one.

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
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
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


def normalised_query(query: QueryDict, params: tuple[str, ...]) -> QueryDict:
    """Only ``params`` (in that order, their values in the order given), without
    empty values: what a page's key and rendering depend on."""
    kept = QueryDict(mutable=True)
    for name in params:
        values = [v for v in query.getlist(name) if v != ""]
        if values:
            kept.setlist(name, values)
    kept._mutable = False
    return kept


def page_etag(request: HttpRequest, version: versioning.Version) -> str:
    """The page's ETag and cache key (request.GET already normalised)."""
    query = request.GET.urlencode()
    parts = [
        version.token or "",
        f"{request.path}?{query}",
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


def cached_page(view=None, *, params: tuple[str, ...] = ()):
    """Conditional GET and page cache for a public, read-only page (see module doc);
    ``params`` names the query parameters the page reads (the others are dropped)."""
    if view is None:
        return functools.partial(cached_page, params=tuple(params))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _personal(request):
            return view(request, *args, **kwargs)
        version = versioning.current()
        if not version.cacheable:
            return view(request, *args, **kwargs)
        request.GET = normalised_query(request.GET, params)
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
