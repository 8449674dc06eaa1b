"""The search page: any spelling finds the unit, from every page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["ha giang", "Hà Giang", "HAGIANG", "tỉnh hà giang", "  Ha   Giang "]
)
def test_search_finds_ha_giang_by_any_spelling(client, query):
    response = client.get("/tim-kiem/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/tinh/ha-giang/"' in html


def test_search_tp_hcm_finds_the_current_and_the_old_city(client):
    html = client.get("/tim-kiem/", {"q": "TP HCM"}).content.decode()
    assert 'href="/tinh/ho-chi-minh/"' in html
    assert 'href="/tinh/ho-chi-minh-truoc-2025/"' in html
    assert html.index('href="/tinh/ho-chi-minh/"') < html.index(
        'href="/tinh/ho-chi-minh-truoc-2025/"'
    )


def test_search_with_a_single_match_from_the_header_jumps_to_the_page(client):
    response = client.get("/tim-kiem/", {"q": "hagiang", "go": "1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/tinh/ha-giang/"


def test_search_htmx_request_returns_only_the_results(client):
    response = client.get("/tim-kiem/", {"q": "giang"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="search-results"')
    for slug in ("bac-giang", "ha-giang", "an-giang", "kien-giang", "tien-giang", "hau-giang"):
        assert f'href="/tinh/{slug}/"' in html


def test_search_full_page_has_the_form_and_results(client):
    html = client.get("/tim-kiem/", {"q": "da nang"}).content.decode()
    assert "<html" in html
    assert 'href="/tinh/da-nang/"' in html and 'href="/tinh/da-nang-truoc-2025/"' in html


@pytest.mark.parametrize(
    "query", ["", "zzzz", "%%%", "a" * 500, "<script>alert(1)</script>", "\x00"]
)
def test_search_handles_odd_input_without_error(client, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_is_on_every_page(client):
    for url in ("/", "/xep-hang/2022/", "/tinh/bac-giang/", "/tim-kiem/"):
        assert 'action="/tim-kiem/"' in client.get(url).content.decode(), url


def test_english_search_alias(client):
    html = client.get("/en/search/", {"q": "hue"}).content.decode()
    assert 'href="/en/tinh/hue/"' in html
