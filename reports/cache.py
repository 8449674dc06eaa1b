"""Built downloads kept per data version (indicators.caching.version), like the
page cache: a publish writes a new version, so a new key; drafts never reach an
export, so they never reach this cache. The key holds the path (format and
language prefix included), the active language and the download's own parameters,
normalised (indicators.caching.pages.normalised_query): junk or reordered
parameters fetch the same bytes. Off with the page cache (DTI_PAGE_CACHE=false)."""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, QueryDict
from django.utils.translation import get_language

from indicators.caching import version as versioning
from indicators.caching.pages import TIMEOUT, normalised_query, page_cache_enabled

Download = tuple[bytes, str, str]  # content, content type, file name


def _key(request: HttpRequest, query: QueryDict, token: str) -> str:
    parts = [
        token,
        request.path,
        query.urlencode(),
        get_language() or "",
        str(bool(getattr(settings, "DTI_INCLUDE_SYNTHETIC", False))),
    ]
    return "dti:export:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def download_cached(
    request: HttpRequest, build: Callable[[QueryDict], Download], *, params: tuple[str, ...]
) -> Download:
    """The download ``build(normalised query)`` makes, from the cache when this data
    version already built it."""
    query = normalised_query(request.GET, params)
    version = versioning.current()
    if not (version.cacheable and page_cache_enabled()):
        return build(query)
    key = _key(request, query, version.token)
    stored = cache.get(key)
    if stored is None:
        stored = build(query)
        cache.set(key, stored, TIMEOUT)
    return stored
