"""Queries per data-API request, pinned: with the catalog warm (as after a site's
first request) and the page cache off (tests), i.e. what a cache miss costs. A 304
costs the version read alone. Counts leave out ATOMIC_REQUESTS' savepoints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# url → queries: the data version, then what the selectors and builders read.
BUDGET = {
    "/api/v1/units": 1,  # everything from the catalog
    "/api/v1/units/bac-giang": 10,  # the province export: rank book 2, scores and ranks 2, sources 2, frameworks 2, references 1
    "/api/v1/rankings/2022": 5,  # ranking_table 2 + cell sources 2
    "/api/v1/rankings/2024?pool=34&indicator=CQS&format=csv": 5,
    "/api/v1/values?year=2024": 11,  # the full export's tidy rows, then kept per data version
    "/api/v1/values?unit=ha-giang&indicator=DTI": 10,  # the province export's
    "/api/v1/targets": 3,  # targets from the catalog + the rank book
    "/api/v1/targets?unit=ha-giang&status=achieved": 3,
    "/api/v1/frameworks": 2,  # trees from the catalog + the frameworks' sources
    "/api/v1/openapi.json": 0,
    "/api/v1/rankings/2022?pool=99": 1,
}


def _queries(client, url: str, **headers) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    real = [q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    return response, len(real)


@pytest.mark.parametrize("url", list(BUDGET))
def test_each_endpoint_reads_a_fixed_number_of_queries(client, catalog_warm, url):
    response, count = _queries(client, url)
    assert response.status_code in (200, 400)
    assert count == BUDGET[url]
    if response.status_code == 200 and "ETag" in response:
        not_modified, count = _queries(client, url, **{"If-None-Match": response["ETag"]})
        assert not_modified.status_code == 304 and count == 1


def test_the_values_rows_are_kept_per_data_version(client, catalog_warm):
    assert _queries(client, "/api/v1/values?year=2024")[1] == 11
    assert _queries(client, "/api/v1/values?year=2024&pool=34&page=2&page_size=100")[1] == 1
