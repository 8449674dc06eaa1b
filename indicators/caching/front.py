"""The front page cache: a warm public page answered near the top of the middleware.

``cached_page`` (indicators.caching.pages) caches what a view returns, but a hit
there still passes every middleware twice: sessions, locale, CSRF, authentication,
history, messages, CSP, htmx, axes, and gzip compressing 60–110 KB again on every
request. Served that way a warm page reached 0.15× a bare Django view's throughput
(issue 15). Since a public page holds nothing personal (no nonce, no CSRF token),
the *final* response, headers and compressed body included, is the same for every
anonymous visitor. This middleware keeps it and answers with it:

- lookup: the URL is resolved (after activating the language of its prefix, as
  i18n_patterns need) to find the view's ``dti_page_params``; only views wrapped by
  ``cached_page`` qualify. The key is the page's ETag (data version, path,
  normalised query, language, htmx headers: ``pages.page_etag``) plus the
  response's coding (gzip or not), so junk query parameters find the canonical
  entry and add none;
- store: a 200 the view marked ``dti_shareable`` (see ``cached_page``) that sets
  no cookie, for GET only;
- hit: the stored status, headers and body, or 304 when If-None-Match holds its
  ETag. The middleware above (SecurityMiddleware, static files, the data version)
  still runs, so security headers are those of every response.

Not here: visitors with a session or a messages cookie (staff), other methods, and
DTI_PAGE_CACHE=false. The compressed body is stored as gzip wrote it, so its random
padding (Django's BREACH mitigation) is the same for every visitor of the entry:
BREACH needs a secret in the page, and a shareable page has none.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import parse_http_date_safe
from django.utils.regex_helper import _lazy_re_compile

from indicators.caching import pages
from indicators.caching import version as versioning

_GZIP = _lazy_re_compile(r"\bgzip\b")
# What a 304 carries of the stored response (RFC 9110 §15.4.5).
_NOT_MODIFIED_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Location")


class FrontPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            return _replay(request, stored)
        request.dti_front_cache = True  # cached_page keeps no copy of its own
        response = self.get_response(request)
        if (
            request.method == "GET"
            and getattr(response, "dti_shareable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            cache.set(
                key, (response.status_code, list(response.items()), response.content), pages.TIMEOUT
            )
        return response

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        if (
            request.method not in ("GET", "HEAD")
            or pages.personal(request)
            or not pages.page_cache_enabled()
        ):
            return None
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)  # as LocaleMiddleware will
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        params = getattr(match.func, "dti_page_params", None)
        if params is None:
            return None
        version = versioning.current()
        if not version.cacheable:
            return None
        query = pages.normalised_query(request.GET, params)
        etag = pages.page_etag(request, version, query=query)
        coding = "gzip" if _GZIP.search(request.headers.get("Accept-Encoding", "")) else "identity"
        return f"dti:front:{etag}:{coding}"


def _replay(request: HttpRequest, stored: tuple) -> HttpResponse:
    status, headers, content = stored
    if _not_modified(request, dict(headers)):
        response = HttpResponseNotModified()
        for name, value in headers:
            if name in _NOT_MODIFIED_HEADERS:
                response.headers[name] = value
        return response
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def _not_modified(request: HttpRequest, headers: dict[str, str]) -> bool:
    """As ``pages``: If-None-Match holds the ETag (weak or not), or, without it, an
    If-Modified-Since not older than the data version's time (Last-Modified)."""
    etag = headers.get("ETag", "").removeprefix("W/")
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return bool(etag) and etag in tags or "*" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    changed = parse_http_date_safe(headers.get("Last-Modified", ""))
    return since is not None and changed is not None and changed <= since
