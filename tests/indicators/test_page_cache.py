"""Page cache, ETag / Last-Modified and invalidation on publish, on the in-process
cache and on the real Redis (127.0.0.1:6379, database 5, a key prefix of our own)."""

import io
import uuid

import pandas as pd
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.entry.imports import change_set_publish, import_apply
from tests.indicators.entry_helpers import put

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
NEW_DTI = 0.845612  # Bắc Giang's 2024 DTI after the test's publish (consistent with the weights)
REDIS_URL = "redis://127.0.0.1:6379/5"


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on, with the in-process cache or Django's Redis backend."""
    settings.DTI_PAGE_CACHE = True
    if request.param == "redis":
        _redis_or_skip()
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"dti-test-{uuid.uuid4().hex[:8]}",
            }
        }
    cache.clear()
    yield request.param
    cache.clear()


def _publish(workbook, national_editor, publisher):
    content = workbook(edit=lambda ws: put(ws, "24", "DTI", NEW_DTI))
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=content,
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    change_set_publish(change_set=change_set, user=publisher)


PUBLIC_PAGES = ("/xep-hang/2024/", "/tinh/bac-giang/", "/so-sanh/?units=ha-noi", "/muc-tieu/", "/")


def test_a_cached_page_is_the_same_bytes_for_everyone_served_with_one_query(client, page_cache):
    for url in PUBLIC_PAGES:
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert len(queries) == 1, url  # the data version
        assert first["ETag"] == second["ETag"] and first["Last-Modified"] == second["Last-Modified"]
        # Nothing per visitor: no nonce, no CSRF token, no cookie; the policy names no nonce.
        assert first.content == second.content and first.content.count(b"<html") == 1
        assert b"nonce=" not in first.content and b"csrf" not in first.content.lower(), url
        assert "nonce-" not in first["Content-Security-Policy"]
        assert not first.cookies and not second.cookies
        assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


def test_conditional_requests_are_answered_304_without_rendering(client, page_cache):
    for url in (
        "/xep-hang/2024/",
        "/tinh/bac-giang/",
        "/so-sanh/?units=ha-noi",
        "/muc-tieu/",
        "/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["ETag"] and response["Last-Modified"]
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304 and again.content == b"" and len(queries) == 1, url
        assert "Content-Security-Policy" not in again
        since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
        assert since.status_code == 304


def test_htmx_partials_are_cached_apart_from_full_pages(client, page_cache):
    partial = client.get("/xep-hang/2024/?sort=name", headers=HX)
    full = client.get("/xep-hang/2024/?sort=name")
    assert "<html" not in partial.content.decode() and "<html" in full.content.decode()
    assert partial["ETag"] != full["ETag"]
    assert "<html" not in client.get("/xep-hang/2024/?sort=name", headers=HX).content.decode()
    assert "HX-Request" in full["Vary"]


def test_english_pages_have_their_own_entries(client, page_cache):
    vi = client.get("/xep-hang/2024/")
    en = client.get("/en/ranking/2024/")
    assert vi["ETag"] != en["ETag"] and '<html lang="en">' in en.content.decode()
    assert '<html lang="vi">' in client.get("/xep-hang/2024/").content.decode()


def test_publishing_changes_the_pages_and_the_etag_at_once(
    client, page_cache, workbook, national_editor, publisher
):
    urls = [
        "/xep-hang/2024/?pool=63",
        "/tinh/bac-giang/",
        "/so-sanh/?units=bac-giang&metric=dti",
    ]
    before = {url: client.get(url) for url in urls}
    for response in before.values():
        assert "0,8456" not in response.content.decode()
    _publish(workbook, national_editor, publisher)
    for url in urls:
        after = client.get(url, headers={"If-None-Match": before[url]["ETag"]})
        assert after.status_code == 200, url  # not 304: the data changed
        assert after["ETag"] != before[url]["ETag"]
        assert "0,8456" in after.content.decode(), url


def test_staff_with_a_session_skip_the_page_cache(client, page_cache, publisher):
    client.get("/xep-hang/2024/")
    client.force_login(publisher)
    with CaptureQueriesContext(connection) as queries:
        client.get("/xep-hang/2024/")
    assert len(queries) > 1


def test_the_redis_backend_is_chosen_by_redis_url(monkeypatch):
    """settings.base picks Django's Redis backend when REDIS_URL is set."""
    import importlib

    import dti.settings.base as base

    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    try:
        reloaded = importlib.reload(base)
        assert (
            reloaded.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        )
        assert reloaded.CACHES["default"]["LOCATION"] == REDIS_URL
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(base)


@pytest.mark.django_db(transaction=True)
def test_postgresql_pushes_the_version_so_cached_pages_need_no_query(settings):
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    import time

    from indicators.caching import version as versioning

    settings.DTI_VERSION_LISTEN = True
    versioning.bump()  # autocommit: committed, notified
    try:
        deadline = time.monotonic() + 10
        while versioning.listener_version() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        with CaptureQueriesContext(connection) as queries:
            pushed = versioning.current()
        assert len(queries) == 0 and pushed == versioning.read()
        new = versioning.bump()
        while versioning.current().token != new.token and time.monotonic() < deadline:
            time.sleep(0.01)
        assert versioning.current() == versioning.read() and versioning.current().token == new.token
    finally:
        versioning._listener.stop()


@pytest.mark.parametrize(
    "noisy",
    [
        "/xep-hang/2022/?pool=63&utm_source=x",
        "/xep-hang/2022/?zz=1&pool=63",
        "/xep-hang/2022/?pool=63&pillar=",
    ],
)
def test_junk_query_parameters_hit_the_canonical_entry(client, page_cache, noisy):
    canonical = client.get("/xep-hang/2022/?pool=63")
    entries = len(cache._cache) if page_cache == "locmem" else None
    with CaptureQueriesContext(connection) as queries:
        response = client.get(noisy)
    assert response.status_code == 200 and len(queries) <= 1  # no render: the cached page
    assert response["ETag"] == canonical["ETag"]

    assert response.content == canonical.content
    assert "utm_source" not in response.content.decode() and "zz=1" not in response.content.decode()
    if entries is not None:
        assert len(cache._cache) == entries


def test_parameter_order_does_not_matter_and_real_parameters_still_do(client, page_cache):
    first = client.get("/xep-hang/2022/?pool=63&pillar=KTS")
    assert client.get("/xep-hang/2022/?pillar=KTS&pool=63")["ETag"] == first["ETag"]
    assert client.get("/xep-hang/2022/?pool=63&pillar=CQS")["ETag"] != first["ETag"]
    assert (
        client.get("/so-sanh/?utm_campaign=a&units=bac-giang")["ETag"]
        == (client.get("/so-sanh/?units=bac-giang")["ETag"])
    )


def test_a_download_never_holds_a_draft_and_shows_a_publish_at_once(
    client, page_cache, workbook, national_editor, publisher
):
    url = "/bao-cao/toan-bo.csv?year=2024"

    def bac_giang_dti() -> float:
        response = client.get(url)
        frame = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
        row = frame[(frame.unit_code == 24) & (frame.indicator == "DTI") & (frame.pool == 63)]
        return float(row["value"].iloc[0])

    before = bac_giang_dti()
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "DTI", NEW_DTI)),
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    assert bac_giang_dti() == before != round(NEW_DTI, 4)
    change_set_publish(change_set=change_set, user=publisher)
    assert bac_giang_dti() == round(NEW_DTI, 4)
