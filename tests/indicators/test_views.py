"""The ranking, province and home pages, on the real published data."""

import re
from pathlib import Path

import plotly
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

from indicators.models import Framework
from indicators.scorecard import selectors

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _rows(html: str) -> list[tuple[str, str]]:
    """(rank cell text, unit name) of every body row of the ranking table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in body.split("<tr>")[1:]:
        rank = re.sub(
            r"<[^>]+>", "", tr.split('<td class="num rank">', 1)[1].split("</td>", 1)[0]
        ).strip()
        name = re.search(r'<th scope="row" class="sticky"><a href="[^"]+">([^<]+)</a>', tr).group(1)
        rows.append((rank, name))
    return rows


def test_ranking_2022_lists_all_63_units_in_the_published_order_with_shared_ranks(client):
    response = client.get("/xep-hang/2022/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    rows = _rows(html)
    assert len(rows) == 63
    assert rows[0] == ("1/63", "Đà Nẵng")
    assert rows[-1] == ("63/63", "Bắc Kạn")
    by_name = {name: rank for rank, name in rows}
    assert by_name["Thanh Hóa"] == by_name["Yên Bái"] == "15/63"
    assert by_name["Hậu Giang"] == "17/63"
    assert "16/63" not in [rank for rank, _ in rows]
    assert by_name["Bắc Giang"] == "9/63"
    assert by_name["Hà Giang"] == "57/63"


def test_ranking_htmx_request_returns_only_the_table_partial(client):
    response = client.get("/xep-hang/2022/?sort=name", headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="score-table"')
    assert len(_rows(html)) == 63
    assert response.headers["Vary"].count("HX-Request") == 1


def test_ranking_history_restore_request_gets_the_full_page(client):
    response = client.get("/xep-hang/2022/", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_ranking_partial_renders_on_its_own():
    framework = Framework.objects.get(year=2023)
    table = selectors.ranking_table(framework=framework, pool=63)
    request = RequestFactory().get("/xep-hang/2023/")
    html = render_to_string(
        "indicators/ranking.html#score-table",
        {"table": table, "years": [2023, 2022], "pools": [63, 34], "form": None, "notices": []},
        request=request,
    )
    assert html.lstrip().startswith('<section id="score-table"')
    assert len(_rows(html)) == 63


def test_ranking_2024_switches_between_the_63_and_34_unit_pools(client):
    rows34 = {
        name: rank for rank, name in _rows(client.get("/xep-hang/2024/?pool=34").content.decode())
    }
    assert len(rows34) == 34
    assert rows34["Hà Nội"] == "1/34"
    assert rows34["Hải Phòng"] == "3/34"
    assert rows34["Đà Nẵng"] == "17/34"
    assert rows34["Cao Bằng"] == "34/34"
    rows63 = _rows(client.get("/xep-hang/2024/?pool=63").content.decode())
    assert len(rows63) == 63
    assert rows63[0] == ("1/63", "Hồ Chí Minh")
    assert {n: r for r, n in rows63}["Hà Nội"] == "4/63"


def test_ranking_shows_rank_change_versus_the_previous_year_in_the_same_pool(client):
    html = client.get("/xep-hang/2023/").content.decode()
    row = html.split(">Hà Nội</a>", 1)[1].split("</tr>", 1)[0]
    assert "▲18" in row  # 24th in 2022, 6th in 2023
    html34 = client.get("/xep-hang/2024/?pool=34").content.decode()
    assert "ước tính ngược" in html34  # the 2023 34-unit table it compares with is a back-cast


def test_ranking_says_not_published_where_a_year_has_only_some_figures(client):
    html = client.get("/xep-hang/2020/").content.decode()
    rows = _rows(html)
    assert len(rows) == 63
    ranked = [r for r in rows if r[0] != "chưa công bố"]
    assert ("1/63", "Đà Nẵng") in ranked and ("10/63", "Bắc Giang") in ranked
    # Only the 18 published 2020 ranks; the other 45 units are never guessed.
    assert len(ranked) == 18
    assert "chưa công bố" in html


def test_ranking_region_filter_keeps_national_ranks(client):
    rows = _rows(client.get("/xep-hang/2022/?region=dong-bang-song-hong").content.decode())
    assert len(rows) == 11
    assert ("3/63", "Quảng Ninh") in rows


def test_ranking_pillar_filter_ranks_by_the_pillar(client):
    html = client.get("/xep-hang/2022/?pillar=CQS").content.decode()
    assert "xếp hạng theo Chính quyền số" in html
    assert ">KTS<" not in html  # other pillars' columns are hidden
    assert _rows(html)[0][1] == "Đà Nẵng"


def test_ranking_sort_by_value_and_name(client):
    by_name = [n for _, n in _rows(client.get("/xep-hang/2022/?sort=name").content.decode())]
    assert by_name == sorted(by_name)
    by_hts = _rows(client.get("/xep-hang/2022/?sort=HTS&dir=desc").content.decode())
    assert by_hts[0][1] == "Hồ Chí Minh"  # HTS 0.8258 is the highest in 2022


@pytest.mark.parametrize(
    "query",
    [
        "pool=abc",
        "pool=99",
        "region=nowhere",
        "sort=%27;drop%20table",
        "dir=sideways",
        "pillar=XYZ",
        "pool=",
        "sort=" + "a" * 500,
    ],
)
def test_ranking_ignores_bad_parameters_with_a_message(client, query):
    response = client.get(f"/xep-hang/2022/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(_rows(html)) == 63


def test_ranking_bad_parameter_is_reported_on_the_page(client):
    html = client.get("/xep-hang/2022/?pool=abc").content.decode()
    assert "Tham số không hợp lệ đã bị bỏ qua: pool" in html


def test_ranking_of_a_year_without_a_34_unit_table_falls_back_with_a_message(client):
    html = client.get("/xep-hang/2021/?pool=34").content.decode()
    assert "không có bảng xếp hạng nhóm 34" in html
    assert len(_rows(html)) == 63


@pytest.mark.parametrize(
    "url", ["/xep-hang/1999/", "/xep-hang/2030/", "/xep-hang/abc/", "/tinh/khong-co/", "/tinh/%00/"]
)
def test_unknown_year_or_province_is_a_404_page_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 404


def test_unknown_year_404_names_the_available_years(client, settings):
    settings.DEBUG = False
    html = client.get("/xep-hang/1999/").content.decode()
    assert "Không có dữ liệu DTI năm 1999" in html
    assert "2020, 2021, 2022, 2023, 2024" in html


def test_ranking_latest_redirects_to_the_newest_year(client):
    response = client.get("/xep-hang/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/xep-hang/2024/"


def test_english_pages_live_under_en_with_english_lang(client):
    response = client.get("/en/xep-hang/2022/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/en/ranking/2022/").status_code == 200
    assert '<html lang="vi">' in client.get("/xep-hang/2022/").content.decode()


def test_ranking_query_count_is_pinned_and_does_not_grow_with_filters(
    client, catalog_warm, django_assert_num_queries
):
    # data version + scores + published ranks (the small tables come from the catalog)
    with django_assert_num_queries(3):
        client.get("/xep-hang/2022/")
    with django_assert_num_queries(3):
        client.get("/xep-hang/2024/?pool=34&region=dong-bang-song-hong&sort=name", headers=HX)


def test_province_query_count_is_pinned(client, catalog_warm, django_assert_num_queries):
    # data version + own scores + own ranks + the rank book's scores and ranks (shared with
    # targets) + the unit's PAPI and PCI values (indicators.other_indices)
    with django_assert_num_queries(6):
        client.get("/tinh/bac-giang/")
    # the same for an unchanged unit ranked in both pools and without targets
    with django_assert_num_queries(6):
        client.get("/tinh/ha-noi/")


def test_bac_giang_page_shows_its_published_figures_and_its_successor(client):
    html = client.get("/tinh/bac-giang/").content.decode()
    assert "Tỉnh Bắc Giang" in html
    for text in (
        "0,3615",
        "10/63",
        "0,4455",
        "7/63",
        "0,3019",
        "14/63",
        "0,3092",
        "25/63",
        "0,6440",
        "9/63",
    ):
        assert text in html, text
    assert 'href="/tinh/bac-ninh/"' in html  # successor after 1 July 2025
    assert "đổi phương pháp" in html
    assert "baobacgiang.com.vn" in html  # the source of the 2020 values
    assert "0,3026" in html  # national provincial average 2020


@pytest.mark.parametrize(
    ("old", "values", "new"),
    [
        ("ha-giang", ["0,4790", "57/63"], "tuyen-quang"),
        ("hai-duong", ["0,3504", "14/63", "0,6383", "13/63"], "hai-phong"),
    ],
)
def test_old_unit_pages_show_published_values_and_successor(client, old, values, new):
    html = client.get(f"/tinh/{old}/").content.decode()
    for text in values:
        assert text in html, text
    assert f'href="/tinh/{new}/"' in html


def test_new_unit_page_lists_its_predecessors_and_its_back_cast(client):
    html = client.get("/tinh/bac-ninh/").content.decode()
    assert 'href="/tinh/bac-giang/"' in html
    assert 'href="/tinh/bac-ninh-truoc-2025/"' in html
    assert "ước tính ngược" in html
    assert "/34" in html
    old = client.get("/tinh/bac-ninh-truoc-2025/").content.decode()
    assert 'href="/tinh/bac-ninh/"' in old


def test_province_chart_data_is_served_as_json_and_plotly_from_our_static_files(client):
    html = client.get("/tinh/hai-duong/").content.decode()
    assert '<script id="history-chart-data" type="application/json">' in html
    # charts.js loads plotly.js from our static files (data-plotly) once the page has a chart.
    assert 'data-plotly="/static/vendor/plotly/plotly-basic.min.js"' in html
    assert not re.search(r'<script[^>]+src="https?://', html)  # no CDN


def test_vendored_plotly_js_matches_the_plotly_python_package():
    vendored = Path(settings.BASE_DIR, "static/vendor/plotly/plotly.min.js").read_text(
        encoding="utf-8"
    )[:400]
    assert plotly.offline.get_plotlyjs_version() in vendored


def test_home_page_shows_the_latest_top_ten(client):
    html = client.get("/").content.decode()
    assert "Dẫn đầu DTI 2024" in html
    assert "1/34" in html and "Hà Nội" in html


def test_a_second_click_on_the_sorted_column_reverses_it(client):
    html = client.get("/xep-hang/2022/?sort=HTS").content.decode()
    header = html.split('data-focus-key="sort-HTS"', 1)[0].rsplit("<th", 1)[1]
    assert 'aria-sort="descending"' in header  # a value column starts highest first
    link = html.split('data-focus-key="sort-HTS"', 1)[0].rsplit("<a ", 1)[1]
    assert "sort=HTS&amp;dir=asc" in link
    assert '<span class="sort-arrow" aria-hidden="true">▼</span>' in html
    assert "Sắp xếp theo" in html and "giảm dần" in html  # the direction, in words too
    asc = client.get("/xep-hang/2022/?sort=HTS&dir=asc").content.decode()
    assert (
        "sort=HTS&amp;dir=desc" in asc.split('data-focus-key="sort-HTS"', 1)[0].rsplit("<a ", 1)[1]
    )
    assert _rows(asc)[-1][1] == "Hồ Chí Minh"  # highest HTS last


def test_a_pillar_that_hides_the_sorted_column_lists_rank_1_first(client):
    # Sorted by HTS, worst first; then a pillar without HTS: rank 1 first, not rank 63.
    rows = _rows(client.get("/xep-hang/2022/?pillar=KTS&sort=CQS&dir=desc").content.decode())
    assert rows[0][0] == "1/63"


def test_rank_descending_keeps_the_unranked_units_last(client):
    rows = _rows(client.get("/xep-hang/2021/?sort=rank&dir=desc").content.decode())
    ranked = [r for r, _ in rows if "/63" in r]
    assert rows[0][0] == ranked[0] and int(ranked[0].split("/")[0]) > int(ranked[-1].split("/")[0])
    assert all("/63" not in r for r, _ in rows[len(ranked) :])
