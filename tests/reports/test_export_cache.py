"""Downloads are built once per data version, language and normalised parameters:
asking again (or with junk parameters) costs one query, a publish is seen at once,
drafts never get in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_cache(settings):
    settings.DTI_PAGE_CACHE = True


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response, len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/bao-cao/toan-bo.xlsx",
        "/bao-cao/toan-bo.csv?year=2022",
        "/bao-cao/xep-hang/2022.xlsx?pool=63&pillar=KTS",
        "/bao-cao/tinh/bac-giang.csv",
        "/bao-cao/so-sanh.csv?units=bac-giang,ha-giang&metric=dti",
    ],
)
def test_a_second_download_comes_from_the_cache(client, export_cache, url):
    first, cold = _queries(client, url)
    again, warm = _queries(client, url)
    assert cold > 3 and warm <= 4  # version, parsing (a unit, the years): no build
    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_junk_and_reordered_parameters_share_the_entry(client, export_cache):
    first, _ = _queries(client, "/bao-cao/xep-hang/2022.csv?pool=63&pillar=KTS")
    for url in (
        "/bao-cao/xep-hang/2022.csv?pillar=KTS&pool=63",
        "/bao-cao/xep-hang/2022.csv?pool=63&pillar=KTS&utm_source=x",
    ):
        response, warm = _queries(client, url)
        assert warm <= 4 and response.content == first.content
    other, cold = _queries(client, "/bao-cao/xep-hang/2022.csv?pool=63&pillar=CQS")
    assert cold > 3 and other.content != first.content


def test_each_language_has_its_own_file(client, export_cache):
    vi, _ = _queries(client, "/bao-cao/tinh/bac-giang.csv")
    en, _ = _queries(client, "/en/bao-cao/tinh/bac-giang.csv")
    assert vi.content != en.content
