"""The front page cache (indicators.caching.front): a warm public page is answered
above the rest of the middleware, with the headers and the body the full stack gave."""

import gzip

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


class CountingMiddleware:
    """At the bottom of the stack: records every request that got that far."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        CALLS.append(request.get_full_path())
        return self.get_response(request)


@pytest.fixture
def stack(settings):
    settings.DTI_PAGE_CACHE = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.CountingMiddleware"]
    CALLS.clear()
    cache.clear()
    yield CALLS
    cache.clear()


def _front_entries() -> int:
    return sum(1 for key in cache._cache if ":dti:front:" in key)


@pytest.mark.parametrize(
    "url", ["/xep-hang/2024/", "/en/ranking/2023/?pool=34", "/tinh/bac-giang/", "/muc-tieu/", "/"]
)
def test_a_warm_page_never_reaches_the_stack_below_and_keeps_every_header(client, stack, url):
    first = client.get(url)
    assert first.status_code == 200 and stack == [url]
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert stack == [url]  # the second one stopped at the front
    assert len(queries) == 1  # the data version
    assert second.content == first.content
    for header in (
        "Content-Type",
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
    ):
        assert second[header] == first[header], header


def test_gzip_and_plain_are_two_entries_and_the_compressed_body_is_kept_as_it_is(client, stack):
    zipped = client.get("/xep-hang/2022/", headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    plain = client.get("/xep-hang/2022/")
    assert "Content-Encoding" not in plain
    assert gzip.decompress(zipped.content) == plain.content
    assert _front_entries() == 2 and len(stack) == 2
    again = client.get("/xep-hang/2022/", headers={"Accept-Encoding": "gzip"})
    assert again.content == zipped.content and again["Content-Encoding"] == "gzip"
    assert int(again["Content-Length"]) == len(zipped.content)
    assert len(stack) == 2


def test_the_front_answers_304_to_the_etag_it_stored_weak_or_not(client, stack):
    zipped = client.get("/xep-hang/2022/", headers={"Accept-Encoding": "gzip"})
    assert zipped["ETag"].startswith('W/"')
    with CaptureQueriesContext(connection) as queries:
        again = client.get(
            "/xep-hang/2022/",
            headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]},
        )
    assert again.status_code == 304 and again.content == b"" and len(queries) == 1
    assert again["ETag"] == zipped["ETag"] and len(stack) == 1
    since = client.get(
        "/xep-hang/2022/",
        headers={"Accept-Encoding": "gzip", "If-Modified-Since": zipped["Last-Modified"]},
    )
    assert since.status_code == 304
    stale = client.get(
        "/xep-hang/2022/", headers={"Accept-Encoding": "gzip", "If-None-Match": '"other"'}
    )
    assert stale.status_code == 200 and stale.content == zipped.content
    assert len(stack) == 1


def test_junk_parameters_find_the_canonical_entry_and_add_none(client, stack):
    canonical = client.get("/xep-hang/2022/?pool=63&pillar=KTS")
    entries = _front_entries()
    for noisy in (
        "/xep-hang/2022/?pillar=KTS&pool=63",
        "/xep-hang/2022/?pool=63&pillar=KTS&utm_source=zalo",
        "/xep-hang/2022/?zz=1&pool=63&pillar=KTS&region=",
    ):
        response = client.get(noisy)
        assert response.content == canonical.content, noisy
    assert _front_entries() == entries and len(stack) == 1
    assert client.get("/xep-hang/2022/?pool=63&pillar=CQS").content != canonical.content
    assert len(stack) == 2


def test_htmx_partials_and_full_pages_are_apart(client, stack):
    full = client.get("/xep-hang/2024/?sort=name")
    partial = client.get("/xep-hang/2024/?sort=name", headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in partial.content
    assert b"<html" not in client.get("/xep-hang/2024/?sort=name", HTTP_HX_REQUEST="true").content
    assert b"<html" in client.get("/xep-hang/2024/?sort=name").content
    assert len(stack) == 2


def test_head_gets_the_stored_headers(client, stack):
    client.get("/tinh/bac-giang/")
    head = client.head("/tinh/bac-giang/")
    assert head.status_code == 200 and head["ETag"] and len(stack) == 1


def test_staff_and_other_methods_and_unknown_pages_go_down_the_stack(client, stack, publisher):
    client.get("/xep-hang/2024/")
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert client.get("/khong-co-trang-nay/").status_code == 404  # 404s are never kept
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz").status_code == 200  # not a cached page
    assert len(stack) == 5
    client.force_login(publisher)
    client.get("/xep-hang/2024/")
    assert len(stack) == 6  # a session: their own page
    client.logout()
    assert client.post("/xep-hang/2024/").status_code == 405
    assert len(stack) == 7


def test_a_response_that_sets_a_cookie_is_not_kept(client, stack):
    # The language switch of an English page, as a crawler would follow it twice.
    client.get("/en/ranking/2024/")
    first = client.get("/en/ranking/2024/")
    assert not first.cookies and len(stack) == 1
    client.cookies["messages"] = "x"  # a pending message: a personal page
    client.get("/en/ranking/2024/")
    assert len(stack) == 2


def test_a_publish_is_seen_at_once_through_the_front(
    client, stack, workbook, national_editor, publisher
):
    from tests.indicators.test_page_cache import NEW_DTI, _publish

    before = client.get("/xep-hang/2024/?pool=63")
    assert client.get("/xep-hang/2024/?pool=63").content == before.content
    _publish(workbook, national_editor, publisher)
    after = client.get("/xep-hang/2024/?pool=63")
    assert after["ETag"] != before["ETag"] and b"0,8456" in after.content
    assert f"{NEW_DTI:.4f}".replace(".", ",").encode() in after.content


def test_the_front_sits_above_everything_that_writes_the_body():
    order = settings.MIDDLEWARE
    front = order.index("indicators.caching.front.FrontPageCacheMiddleware")
    assert order.index("indicators.caching.version.DataVersionMiddleware") < front
    for below in (
        "django.middleware.gzip.GZipMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
    ):
        assert order.index(below) > front, below
