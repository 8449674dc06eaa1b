"""What every public page owes HTTP: HEAD, compression, conditional requests."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/xep-hang/2024/",
    "/xep-hang/2024/?pool=34",
    "/tinh/bac-giang/",
    "/tinh/bac-giang/dong-luc/",
    "/tinh/bac-giang/mo-phong/",
    "/tinh/bac-giang/in/",
    "/so-sanh/?units=bac-giang,ha-giang&metric=dti",
    "/muc-tieu/",
    "/tim-kiem/?q=bac",
    "/bao-cao/xep-hang/2024.csv",
    "/en/",
    "/en/ranking/2024/",
    "/en/province/bac-giang/",
    "/healthz",
]
RANKING = "/xep-hang/2024/"


@pytest.mark.parametrize("url", PAGES)
def test_head_on_a_public_page_answers_200_with_an_empty_body(client, url):
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""


@pytest.fixture(params=[False, True], ids=["page-cache-off", "page-cache-on"])
def page_cache(request, settings):
    settings.DTI_PAGE_CACHE = request.param
    return request.param


def test_the_ranking_page_is_gzip_compressed_for_a_client_that_accepts_it(client, page_cache):
    for _ in range(2):  # with the page cache on: rendered, then from the cache
        response = client.get(RANKING, headers={"accept-encoding": "gzip, deflate, br"})
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert html.startswith("<!DOCTYPE html>") and "Hà Nội" in html
        assert len(response.content) * 5 < len(html.encode())


def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(client):
    response = client.get(RANKING)
    assert "Content-Encoding" not in response
    assert response.content.decode().startswith("<!DOCTYPE html>")


def test_a_compressed_page_still_answers_304_to_its_own_etag(client, page_cache):
    first = client.get(RANKING, headers={"accept-encoding": "gzip"})
    etag = first["ETag"]
    assert etag.startswith('W/"')  # made weak by the compression (RFC 9110 §8.8.1)
    again = client.get(RANKING, headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    # The same page uncompressed has the same (strong) tag: one validator per content.
    plain = client.get(RANKING)
    assert plain["ETag"] == etag.removeprefix("W/")
    assert client.get(RANKING, headers={"if-none-match": etag}).status_code == 304
