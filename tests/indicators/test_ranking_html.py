"""The ranking rows written in Python (indicators.scorecard.ranking_html) give the
markup the template wrote before (ranking_rows_reference.html, kept for this test),
and the table data is read once per data version for every sort and region."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from indicators.caching import version as versioning
from indicators.models import Framework, PublishedRank
from indicators.scorecard import ranking_html, selectors
from provinces.models import Region

pytestmark = pytest.mark.django_db

REFERENCE = Template((Path(__file__).parent / "ranking_rows_reference.html").read_text())


def _normal(html: str) -> str:
    html = re.sub(r"\s+", " ", html).replace("> <", "><").replace(" </td>", "</td>").strip()
    return html.replace('class="num "', 'class="num"').replace(
        'class="num metric"', 'class="num metric"'
    )


class _Staff:
    is_staff = True


def _reference(table, *, map_rows: bool = False, staff: bool = False) -> str:
    user = _Staff() if staff else AnonymousUser()
    return REFERENCE.render(Context({"table": table, "map": map_rows, "user": user}))


@pytest.mark.parametrize(
    ("year", "pool", "pillar", "sort", "language"),
    [
        (2022, 63, None, "rank", "vi"),  # the 15/15/17 tie, derived pillars
        (2023, 34, "CQS", "name", "vi"),  # the back-cast, a pillar
        (2024, 34, None, "change", "en"),  # the merger rule, English separators
        (2024, 63, "XHS", "rank", "vi"),  # 2024 pillars: none published, none derived
        (2021, 63, None, "DTI", "vi"),  # a year with published ranks only
    ],
)
def test_the_python_rows_are_the_template_rows(year, pool, pillar, sort, language):
    translation.activate(language)
    framework = Framework.objects.get(year=year)
    table = selectors.ranking_table(framework=framework, pool=pool, pillar=pillar, sort=sort)
    assert len(table.rows) == pool
    fast = ranking_html.ranking_rows(table, staff=False)
    assert _normal(fast) == _normal(_reference(table))
    assert _normal(ranking_html.map_rows(table)) == _normal(_reference(table, map_rows=True))
    assert fast.count("<tr>") == pool


def test_staff_see_a_rank_the_values_do_not_reproduce_flagged_as_the_template_did():
    framework = Framework.objects.get(year=2023)
    published = PublishedRank.objects.filter(year=2023, pool=63, indicator__code="DTI")
    first = published.get(rank=1)
    published.filter(pk=first.pk).update(rank=2)  # no signal: the version stays, so bump it
    versioning.bump()
    table = selectors.ranking_table(framework=framework, pool=63)
    staff = ranking_html.ranking_rows(table, staff=True)
    assert staff.count('class="flag"') == 1
    assert _normal(staff) == _normal(_reference(table, staff=True))
    assert 'class="flag"' not in ranking_html.ranking_rows(table, staff=False)


def test_unit_names_and_labels_are_escaped():
    framework = Framework.objects.get(year=2022)
    table = selectors.ranking_table(framework=framework, pool=63)
    table.rows[0].unit.name = "<b>A & B</b>"
    try:
        html = ranking_html.ranking_rows(table, staff=False)
        assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in html and "<b>" not in html
        assert _normal(html) == _normal(_reference(table))
    finally:
        table.rows[0].unit.refresh_from_db(fields=["name"])


def test_every_sort_and_region_of_a_year_reads_the_scores_once(catalog_warm):
    framework = Framework.objects.get(year=2022)
    regions = list(Region.objects.all())
    with CaptureQueriesContext(connection) as first:
        selectors.ranking_table(framework=framework, pool=63)
    with CaptureQueriesContext(connection) as others:
        tables = [
            selectors.ranking_table(framework=framework, pool=63, region=region, sort=sort)
            for region in [None, *regions]
            for sort in ("rank", "name", "change", "CQS")
        ]
    assert len(first) >= 2  # the scores and the published ranks
    assert len(others) == len(tables)  # one version read each, nothing else
    by_region = {t.region: t for t in tables if t.sort == "rank"}
    assert sum(len(by_region[r].rows) for r in regions) == 63
    # A region keeps the national ranks; the rows of the shared table are not reordered.
    assert [r.metric.rank for r in by_region[None].rows][:3] == [1, 2, 3]
    again = selectors.ranking_table(framework=framework, pool=63, sort="name")
    assert [r.unit.name for r in again.rows] == sorted(r.unit.name for r in again.rows)
