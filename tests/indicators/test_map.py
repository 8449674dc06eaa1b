"""The ranking map: its figure, its fixed colour scale and the map view of the page."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import Framework
from indicators.scorecard import selectors
from indicators.scorecard.charts import map_scale, ranking_map_figure

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _figure(html: str) -> dict:
    data = re.search(
        r'<script id="map-chart-data" type="application/json">(.*?)</script>', html, re.S
    ).group(1)
    return json.loads(data)


def test_map_scale_is_the_metric_range_over_all_years_rounded_out_to_a_twentieth():
    assert map_scale((Decimal("0.3504"), Decimal("0.8373"))) == (0.35, 0.85)
    assert map_scale((Decimal("0.3019"), Decimal("0.945669"))) == (0.3, 0.95)
    assert map_scale(None) == (0.0, 1.0)


@pytest.mark.parametrize(("year", "pool"), [(2020, 63), (2022, 63), (2024, 63), (2024, 34)])
def test_map_scale_of_dti_is_the_same_for_every_year_and_both_pools(year, pool):
    # The scale the map view uses (the table's metric_range over every year), so the
    # colours of two years can be compared.
    table = selectors.ranking_table(framework=Framework.objects.get(year=year), pool=pool)
    assert map_scale(table.metric_range) == (0.35, 0.85)  # 2020's lowest up to 2024's best


def test_map_figure_colours_every_unit_of_the_pool_and_links_each_to_its_page():
    table = selectors.ranking_table(framework=Framework.objects.get(year=2024), pool=34)
    figure = ranking_map_figure(table, geojson_url="/static/geo/vn34.geojson", scale=(0.35, 0.85))
    [trace, islands] = figure["data"]
    assert trace["type"] == "choropleth" and islands["type"] == "scattergeo"
    assert trace["geojson"] == "/static/geo/vn34.geojson" and trace["featureidkey"] == "id"
    assert len(trace["locations"]) == 34
    assert (trace["zmin"], trace["zmax"]) == (0.35, 0.85)
    hanoi = trace["customdata"][trace["locations"].index("01")]
    assert hanoi == ["Hà Nội", "0,8241", "Hạng 1/34", "/tinh/ha-noi/"]
    assert "<b>" not in trace["hovertemplate"]  # plotly turns it into a style attribute (CSP)


def test_map_figure_greys_units_without_a_published_value():
    table = selectors.ranking_table(framework=Framework.objects.get(year=2021), pool=63)
    figure = ranking_map_figure(table, geojson_url="/static/geo/vn63.geojson", scale=(0.35, 0.85))
    grey = figure["data"][0]
    assert grey["showscale"] is False
    shapes = [t for t in figure["data"][1:] if t["type"] == "choropleth"]
    assert len(grey["locations"]) + sum(len(t["locations"]) for t in shapes) == 63
    assert all(data[1] == "chưa công bố" for data in grey["customdata"])


def test_every_unit_code_of_each_pool_has_a_shape_in_its_boundary_file():
    from provinces.models import Unit

    for pool in (63, 34):
        features = json.loads(Path(settings.BASE_DIR, f"static/geo/vn{pool}.geojson").read_text())[
            "features"
        ]
        assert {f["id"] for f in features} == set(
            Unit.objects.in_pool(pool).values_list("code", flat=True)
        )


def test_ranking_map_view_serves_the_figure_with_the_pool_boundaries(client):
    html = client.get("/xep-hang/2022/?view=map").content.decode()
    figure = _figure(html)
    assert figure["data"][0]["geojson"] == "/static/geo/vn63.geojson"
    assert len(figure["data"][0]["locations"]) == 63
    assert 'data-topojson="/static/vendor/topojson/"' in html
    assert 'data-plotly="/static/vendor/plotly/plotly-geo.min.js"' in html
    assert (
        '<a href="?view=map" hx-get="?view=map" data-focus-key="view-map" aria-current="page"'
        in html
    )
    assert '<input type="hidden" name="view" value="map">' in html  # filters keep the map
    assert "0,35 – 0,85" in html  # the scale is stated


def test_ranking_map_view_htmx_request_returns_the_partial_with_the_figure(client):
    html = client.get("/xep-hang/2023/?view=map&pool=63&pillar=KTS", headers=HX).content.decode()
    assert "<html" not in html
    figure = _figure(html)
    assert figure["data"][0]["geojson"] == "/static/geo/vn63.geojson"
    assert (figure["data"][0]["zmin"], figure["data"][0]["zmax"]) == (
        0.3,
        0.9,
    )  # KTS over all years (2024 has none: not derivable)


def test_ranking_table_view_has_no_map_and_a_bad_view_is_ignored(client):
    assert 'id="ranking-map"' not in client.get("/xep-hang/2022/").content.decode()
    html = client.get("/xep-hang/2022/?view=globe").content.decode()
    assert 'id="ranking-map"' not in html
    assert "view" in html.split('class="notice"', 1)[1].split("</p>", 1)[0]


def test_ranking_map_query_count_is_the_table_plus_one(
    client, catalog_warm, django_assert_num_queries
):
    # The map's scale comes with the table's score read: no query of its own.
    with django_assert_num_queries(3):
        client.get("/xep-hang/2022/?view=map")


def test_the_2024_pillar_map_is_grey_not_published_everywhere(client):
    """No 2024 pillar value is derivable (issue 14): every unit is "chưa công bố"."""
    html = client.get("/xep-hang/2024/?view=map&pool=34&pillar=KTS", headers=HX).content.decode()
    [grey, _islands] = _figure(html)["data"]
    assert "zmin" not in grey and len(grey["locations"]) == 34
    assert {data[1] for data in grey["customdata"]} == {"chưa công bố"}


@pytest.mark.parametrize(("pool", "geojson"), [(63, "vn63"), (34, "vn34")])
def test_both_maps_name_the_hoang_sa_and_truong_sa_archipelagos(client, pool, geojson):
    html = client.get(f"/xep-hang/2024/?view=map&pool={pool}", headers=HX).content.decode()
    [islands] = [t for t in _figure(html)["data"] if t["type"] == "scattergeo"]
    assert islands["text"] == ["Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]
    assert "text" in islands["mode"]  # drawn as labels, visible without hovering
    english = client.get(f"/en/ranking/2024/?view=map&pool={pool}", headers=HX).content.decode()
    [islands_en] = [t for t in _figure(english)["data"] if t["type"] == "scattergeo"]
    assert all("Hoàng Sa" in t or "Trường Sa" in t for t in islands_en["text"])


def test_a_region_map_zooms_to_the_region_without_the_archipelagos(client):
    html = client.get(
        "/xep-hang/2024/?view=map&pool=63&region=dong-bang-song-cuu-long", headers=HX
    ).content.decode()
    assert all(t["type"] == "choropleth" for t in _figure(html)["data"])
