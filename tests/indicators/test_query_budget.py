"""Queries per page: at most 6 whatever the number of units and years.

A page reads the data version, then only the two tables that grow with units ×
years (scores, published ranks); the small tables come from the catalog, read
once per data version (indicators.caching.catalog). The counts are measured on the real
data, then again after 40 synthetic units over 3 years are added and shown
(DTI_INCLUDE_SYNTHETIC, as on the benchmark server): they must not grow.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.caching import version as versioning
from indicators.caching.catalog import catalog
from indicators.loading.synthetic import synthetic_make
from provinces.models import Unit

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
PAGES = [
    ("/xep-hang/2024/", {}),
    ("/xep-hang/2024/?view=map", {}),
    ("/xep-hang/2023/?pool=34", {}),
    ("/xep-hang/2022/?pillar=KTS&region=dong-bang-song-hong&sort=name&dir=desc", {}),
    ("/xep-hang/2024/?pool=34&sort=HTS", HX),
    ("/tinh/bac-giang/", {}),
    ("/tinh/ha-noi/", {}),
    ("/tinh/bac-ninh/", {}),
    ("/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=dti", {}),
    ("/so-sanh/?units=bac-ninh,ha-noi&metric=hdxhs", HX),
    ("/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=papi_d8", {}),
    ("/chi-so-khac/?year=2023&x=papi_d8", {}),
    ("/so-sanh/", {}),
    ("/muc-tieu/", {}),
    ("/muc-tieu/?kind=rank&unit=bac-giang", HX),
    ("/", {}),
]


def _count(client, url: str, headers: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(queries)


def _counts(client) -> dict[str, int]:
    catalog()
    return {url + str(headers): _count(client, url, headers) for url, headers in PAGES}


def test_every_page_reads_at_most_six_queries_and_no_more_with_40_more_units(client, settings):
    real = _counts(client)
    assert max(real.values()) <= 6, real

    synthetic_make(units=40, years=3)
    settings.DTI_INCLUDE_SYNTHETIC = True
    bigger = _counts(client)
    assert bigger == real
    # the synthetic units really are on the pages measured
    html = client.get("/xep-hang/2024/").content.decode()
    assert "Đơn vị giả lập 0040" in html and "GIẢ LẬP" in html


def test_the_catalog_is_read_in_a_fixed_number_of_queries_whatever_the_size(client, settings):
    versioning.bump()
    with CaptureQueriesContext(connection) as real:
        client.get("/xep-hang/2024/")
    synthetic_make(units=40, years=3)
    settings.DTI_INCLUDE_SYNTHETIC = True
    versioning.bump()
    with CaptureQueriesContext(connection) as bigger:
        client.get("/xep-hang/2024/")
    assert len(real) == len(bigger) <= 20


def test_real_pages_never_show_synthetic_units(client):
    report = synthetic_make(units=12, years=2)
    assert report.units == 12 and report.components == 47
    unit = Unit.objects.get(code="S0001")
    assert unit.is_synthetic and unit.level == Unit.Level.PROVINCE
    assert Unit.objects.get(code="S0002").level == Unit.Level.DISTRICT
    assert report.scores == 12 * 2 * (1 + 3 + 8 + 47)
    html = client.get("/xep-hang/2024/").content.decode()
    assert "giả lập" not in html.lower()
    assert client.get(f"/tinh/{unit.slug}/").status_code == 404
    assert "gia-lap" not in client.get("/so-sanh/?q=gia lap").content.decode()
    assert "Đơn vị giả lập" not in client.get(f"/so-sanh/?units={unit.slug}").content.decode()
    assert (
        client.get("/xep-hang/2015/").status_code == 404
    )  # a synthetic-only year is no published year


def test_make_synthetic_command_flags_its_units_and_never_touches_fixtures(tmp_path):
    from io import StringIO

    from django.conf import settings as django_settings
    from django.core.management import call_command

    fixtures = sorted(p.read_bytes() for p in django_settings.FIXTURE_DIRS[0].glob("*.json"))
    from django.core.management import CommandError
    from django.db import connection as conn

    if not any(part in str(conn.settings_dict["NAME"]) for part in ("bench", "synth", "test")):
        with pytest.raises(CommandError, match="not a bench database"):
            call_command("make_synthetic", units=3, years=1)
    out = StringIO()
    call_command("make_synthetic", units=3, years=1, force=True, stdout=out)
    assert "3 units" in out.getvalue() and "is_synthetic=True" in out.getvalue()
    assert Unit.objects.filter(is_synthetic=True).count() == 3
    assert (
        sorted(p.read_bytes() for p in django_settings.FIXTURE_DIRS[0].glob("*.json")) == fixtures
    )
