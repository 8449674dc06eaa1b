"""Issue 17: the rough edges of the walk-through that a request can show — labels said
once, a description per page, whole-number ranks in the CSV."""

import io
import re

import pandas as pd
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/xep-hang/2021/", "Đổi phương pháp:"),
        ("/xep-hang/2024/?pool=63", "Đổi phương pháp:"),
        ("/en/ranking/2021/", "Method changed:"),
    ],
)
def test_the_method_change_label_is_said_once(client, url, label):
    html = client.get(url).content.decode()
    notice = re.search(r'<strong class="method">.*?</p>', html, re.S).group(0)
    assert re.sub(r"<[^>]+>", "", notice).count(label) == 1


def test_every_page_has_its_own_meta_description(client):
    seen = set()
    for url in ("/", "/xep-hang/2024/", "/tinh/bac-giang/", "/so-sanh/", "/phuong-phap/"):
        html = client.get(url).content.decode()
        [description] = re.findall(r'<meta name="description" content="([^"]+)">', html)
        assert len(description) > 50
        seen.add(description)
    assert len(seen) == 5
    english = client.get("/en/province/bac-giang/").content.decode()
    assert re.search(r'<meta name="description" content="[^"]*(Digital|digital)', english)


def test_ranks_stay_whole_numbers_in_a_csv_with_missing_ranks(client):
    body = client.get("/bao-cao/xep-hang/2021.csv").content.decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    assert frame["rank"].str.fullmatch(r"\d*").all()
    assert (frame["rank"] == "").any() and (frame["rank"] != "").any()
    assert frame["year"].str.fullmatch(r"\d{4}").all()


@pytest.mark.parametrize(
    "url", ["/xep-hang/2024/", "/so-sanh/?units=bac-giang,ha-giang&metric=dti", "/muc-tieu/"]
)
def test_analysts_find_the_whole_data_set_on_the_ranking_compare_and_targets_pages(client, url):
    html = client.get(url).content.decode()
    assert 'href="/bao-cao/toan-bo.xlsx"' in html and "Tải toàn bộ số liệu" in html
    assert client.get("/bao-cao/toan-bo.xlsx").status_code == 200


def test_the_method_change_labels_sit_below_the_chart_toolbar(client):
    import json

    html = client.get("/tinh/bac-giang/").content.decode()
    figure = json.loads(re.search(r'id="history-chart-data"[^>]*>(.*?)</script>', html).group(1))
    labels = [a for a in figure["layout"]["annotations"] if "2024" in a["text"]]
    assert labels and all(a["yanchor"] == "bottom" and a["y"] == 1 for a in labels)
    # plotly's toolbar takes the top ~30 px of the figure; the labels stand on the plot
    # area, inside a margin that leaves that strip free.
    assert figure["layout"]["margin"]["t"] >= 48


def test_english_pages_use_english_short_names_with_the_vietnamese_in_the_tooltip(client):
    html = client.get("/en/ranking/2023/").content.decode()
    headers = re.findall(r'title="([^"]*)">(DG|DE|DS)<', html)
    assert {short for _title, short in headers} == {"DG", "DE", "DS"}
    assert any("Chính quyền số" in title and "CQS" in title for title, _s in headers)
    vietnamese = client.get("/xep-hang/2023/").content.decode()
    assert re.search(r'title="Chính quyền số">CQS<', vietnamese)
    assert ">DG<" not in vietnamese


def test_target_texts_are_verbatim_quotes_marked_with_their_language(client):
    html = client.get("/muc-tieu/").content.decode()
    quotes = re.findall(r'<q lang="(vi|en)">(.*?)</q>', html, re.S)
    assert len(quotes) == 94
    english = [text for lang, text in quotes if lang == "en"]
    assert english and all(not re.search(r"[ăâđêôơư]", t) for t in english)
    assert html.count("nguyên văn tiếng Anh") == len(english)  # marked on the Vietnamese page
    on_english_page = client.get("/en/targets/").content.decode()
    assert on_english_page.count("verbatim in Vietnamese") == len(quotes) - len(english)


def test_robots_txt_lets_crawlers_read_the_pages_but_not_the_admin_or_downloads(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert body.startswith("User-agent: *\nAllow: /\n")
    assert "Disallow: /quan-tri/" in body and "Disallow: /bao-cao/" in body


def test_english_pages_give_kpi_units_in_english(client):
    english = client.get("/en/province/bac-giang/").content.decode()
    assert "<strong>&gt; 800 enterprises</strong>" in english  # the target, in the targets table
    assert '<small class="meta">(enterprises)</small>' in english  # the KPI block's heading
    assert '"yaxis": {"title": {"text": "%/year"}' in english  # the KPI chart's axis
    assert "<strong>over 800 enterprises</strong>" in english  # an observation, as published
    assert "doanh nghiệp</" not in english
    vietnamese = client.get("/tinh/bac-giang/").content.decode()
    assert "<strong>&gt; 800 doanh nghiệp</strong>" in vietnamese
    assert (
        "<strong>trên 800 doanh nghiệp</strong>" in vietnamese and "enterprises<" not in vietnamese
    )


def test_every_kpi_unit_has_an_english_name():
    """Of the reference metrics and of every published observation."""
    from django.utils import translation

    from indicators.models import KpiObservation
    from indicators.rules.kpi_reference import KPI_METRICS, UNIT_LABELS

    units = {unit for _, _, unit, _ in KPI_METRICS.values()}
    units |= set(KpiObservation.objects.values_list("value_unit", flat=True))
    units -= {"", "%"}
    with translation.override("vi"):
        assert {str(label) for label in UNIT_LABELS} == units
    with translation.override("en"):
        untranslated = {u for u in units if translation.pgettext("unit", u) == u}
    assert not untranslated


def test_one_place_is_said_in_the_singular_on_english_pages(client):
    html = re.sub(r"\s+", " ", client.get("/en/targets/").content.decode())
    assert "1 place to spare)" in html and "1 place to go to rank" in html
    assert not re.search(r"\b1 places\b", html)
    assert re.search(r"\b[2-9] places to spare\)", html)


def test_the_national_dti_keeps_the_precision_it_was_published_with(client):
    """2022 was published as 0.71, 2023 as 0.7326: no invented digits."""
    html = client.get("/phuong-phap/").content.decode()
    assert "2022 · DTI quốc gia: 0,71<" in html and "0,7100" not in html
    assert "2023 · DTI quốc gia: 0,7326<" in html
    assert "Trung bình cấp tỉnh KTS: 0,7240 " in html  # averages: four decimals, as published
    compare = client.get("/so-sanh/?units=bac-giang,ha-giang&metric=dti").content.decode()
    assert "%{x}: %{y:.4~f}" in compare  # the national line's hover
