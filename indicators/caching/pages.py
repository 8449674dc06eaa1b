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

Nothing on a public page differs per visitor: no CSP nonce (the policy allows our
own script files, dti/settings/base.py) and no CSRF token (the public pages only
GET). So the final response, headers and compressed body included, is kept by
``indicators.caching.front`` at the top of the middleware: a warm page skips the
rest of the stack. This decorator's own entry (the view's bytes) serves what the
front cannot resolve (the data API) and a stack without the front middleware.
A response that sets a cookie is never stored. Visitors with a session (staff)
skip both caches.
DTI_PAGE_CACHE=false turns the page cache off (the benchmark's "cache off");
ETags and 304s stay.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.http import parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from indicators.caching import version as versioning

TIMEOUT = 24 * 3600  # old versions' keys are never asked again; let them expire
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request", "HX-Boosted")


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "DTI_PAGE_CACHE", True))


def personal(request: HttpRequest) -> bool:
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


def page_etag(
    request: HttpRequest, version: versioning.Version, *, query: QueryDict | None = None
) -> str:
    """The page's ETag and cache key: of ``query``, or of request.GET already normalised."""
    query = (request.GET if query is None else query).urlencode()
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


def cached_page(view=None, *, params: tuple[str, ...] = ()):
    """Conditional GET and page cache for a public, read-only page (see module doc);
    ``params`` names the query parameters the page reads (the others are dropped).
    The wrapped view carries ``dti_page_params`` for the front cache's lookup."""
    if view is None:
        return functools.partial(cached_page, params=tuple(params))

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or personal(request):
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
        # The front cache (indicators.caching.front) keeps the final response of this
        # request: no second copy of the view's bytes here.
        keep_here = page_cache_enabled() and not getattr(request, "dti_front_cache", False)
        key = f"dti:page:{etag}"
        if keep_here:
            stored = cache.get(key)
            if stored is not None:
                content, content_type, vary = stored
                response = HttpResponse(content, content_type=content_type)
                if vary:
                    response.headers["Vary"] = vary
                response.dti_shareable = True
                return _stamp(response, etag, version)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if keep_here:
            cache.set(
                key,
                (response.content, response["Content-Type"], response.headers.get("Vary", "")),
                TIMEOUT,
            )
        # The same bytes for every visitor: the front cache may keep the final response.
        response.dti_shareable = True
        return _stamp(response, etag, version)

    wrapper.dti_page_params = tuple(params)
    return wrapper
