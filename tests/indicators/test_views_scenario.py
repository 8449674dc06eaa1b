"""The rank drivers page (/tinh/<slug>/dong-luc/), its section on the province page and
the what-if simulator (/tinh/<slug>/mo-phong/), on the real published data: both htmx
render paths, shareable URLs, bad input (400 with a message, never a 500)."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Responsibility, Score
from indicators.rules.ranking import as_published
from indicators.scenarios import selectors as sc
from indicators.scorecard.selectors import computed_rank_lookup
from provinces.models import Unit

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
D = Decimal


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _figures(html: str) -> dict[str, dict]:
    return {
        m.group(1): json.loads(m.group(2))
        for m in re.finditer(
            r'<script id="(drivers-data-[^"]+)" type="application/json">(.*?)</script>', html, re.S
        )
    }


def _value(slug: str, code: str, year: int) -> Decimal:
    return Score.objects.published().get(unit__slug=slug, indicator__code=code, year=year).value


def _dti_column(year: int, pool: int) -> dict[str, Decimal]:
    units = Unit.objects.in_pool(pool)
    return dict(
        Score.objects.published()
        .filter(unit__in=units, year=year, indicator__code="DTI")
        .values_list("unit__slug", "value")
    )


# --- rank drivers ----------------------------------------------------------------------


def test_drivers_against_the_unit_ranked_n_add_up_to_the_gap(client):
    response = client.get("/tinh/ha-giang/dong-luc/?year=2024&pool=63&n=20")
    html = response.content.decode()
    assert response.status_code == 200
    text = _text(html)
    column = _dti_column(2024, 63)
    others = sorted((as_published(v) for s, v in column.items() if s != "ha-giang"), reverse=True)
    holder = next(s for s, v in column.items() if as_published(v) == others[19])
    assert holder == "vinh-phuc"
    assert "So với đơn vị hạng 20/63 : Vĩnh Phúc" in text
    # The chart's last bar is the DTI difference, and the steps add up to it.
    figure = next(iter(_figures(html).values()))
    bar = figure["data"][0]
    assert bar["type"] == "bar" and bar["x"][-1] == "Chênh lệch DTI"
    difference = float((_value("ha-giang", "DTI", 2024) - column["vinh-phuc"]) * 1000)
    assert sum(float(t) for t in bar["text"][:-1]) == pytest.approx(difference, abs=0.3)
    assert float(bar["text"][-1]) == pytest.approx(difference, abs=0.05)
    # Each step starts where the previous one ended (a waterfall drawn as bars with a base).
    running = 0.0
    for base, height, label in zip(bar["base"][:-1], bar["y"][:-1], bar["text"][:-1], strict=True):
        assert base == pytest.approx(running if float(label) >= 0 else running - height, abs=0.25)
        running += float(label)
    # One step per main index published for both (HTS and the three activity indices), the combined rest, the total.
    assert len(bar["x"]) == 4 + 1 + 1
    # The table says who usually answers for each index (editable labels).
    assert "Sở KH&amp;CN / doanh nghiệp viễn thông" in html
    assert "Các chỉ số nền tảng khác (gộp, tính toán)" in text
    # The combined row is a sum of four indices: its scale is said (issue 17.7), not
    # printed bare in a column of 0–1 values.
    assert text.count("(tổng, thang 0–4)") >= 2
    # 2024 weights are not confirmed by any source: said on the page.
    assert "Chưa có nguồn nào xác nhận trọng số cho năm 2024" in text


def test_drivers_against_a_tied_nth_place_name_every_unit_holding_it(client):
    # 2022: Thanh Hóa and Yên Bái share 15th (0.6350); nobody is 16th.
    for n in (15, 16):
        text = _text(
            client.get(f"/tinh/ha-giang/dong-luc/?year=2022&pool=63&n={n}").content.decode()
        )
        assert f"So với đơn vị hạng {n}/63 : Thanh Hóa , Yên Bái" in text
        assert "phân tích dùng Thanh Hóa" in text
    text = _text(client.get("/tinh/ha-giang/dong-luc/?year=2022&pool=63&n=17").content.decode())
    assert "So với đơn vị hạng 17/63 : Hậu Giang" in text
    assert "Chưa có nguồn nào xác nhận" not in text  # 2022 weights are published


def test_drivers_page_shows_targets_best_and_average_readings(client):
    html = client.get("/tinh/ha-giang/dong-luc/?year=2024").content.decode()
    text = _text(html)
    assert "So với đơn vị dẫn đầu" in text and "So với trung bình 63 đơn vị" in text
    # Hà Giang's "top 20" target, as written (63) and as a share of the 34 through Tuyên Quang.
    assert "So với đơn vị hạng 20/63" in text and "So với đơn vị hạng 11/34" in text
    assert "Hà Giang thuộc Tuyên Quang" in text
    assert len(_figures(html)) == 4


def test_a_responsibility_label_edited_in_the_admin_shows_on_the_page(client):
    Responsibility.objects.filter(code="HTS").update(department="Sở Khoa học và Công nghệ tỉnh")
    assert (
        "Sở Khoa học và Công nghệ tỉnh"
        in client.get("/tinh/ha-giang/dong-luc/?year=2024").content.decode()
    )


def test_drivers_of_a_year_without_weights_say_so(client):
    response = client.get("/tinh/ha-giang/dong-luc/?year=2020")
    text = _text(response.content.decode())
    assert response.status_code == 200
    assert "Năm 2020 không có trọng số chỉ số chính được công bố" in text
    assert not _figures(response.content.decode())


@pytest.mark.parametrize(
    "query, message",
    [
        ("n=abc", "Tham số “n” = “abc” không hợp lệ: cần một số nguyên từ 1 đến 63."),
        ("n=64", "cần một số nguyên từ 1 đến 63"),
        ("year=1999", "cần một số nguyên từ 2020 đến 2024"),
        ("year=2024&pool=7", "không đọc được Hà Giang trong nhóm 7"),
        ("year=x&pool=y&n=%00", "Tham số “year”"),
    ],
)
def test_drivers_bad_parameters_answer_400_with_a_message(client, query, message):
    response = client.get(f"/tinh/ha-giang/dong-luc/?{query}")
    assert response.status_code == 400
    assert message in _text(response.content.decode())
    # Under htmx: the form and the messages as a 200 fragment that htmx swaps in place.
    partial = client.get(f"/tinh/ha-giang/dong-luc/?{query}", headers=HX)
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert message in _text(partial.content.decode())
    assert partial["HX-Push-Url"] == "false"


def test_province_page_loads_the_drivers_section_with_htmx(client):
    html = client.get("/tinh/ha-giang/").content.decode()
    assert 'id="drivers-section" hx-get="/tinh/ha-giang/dong-luc/" hx-trigger="revealed"' in html
    # Each DTI rank target links to its drivers.
    assert 'href="/tinh/ha-giang/dong-luc/?year=2024&amp;pool=63&amp;n=20"' in html
    section = client.get("/tinh/ha-giang/dong-luc/", headers=HX | {"HX-Target": "drivers-section"})
    body = section.content.decode()
    assert section.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<div id="drivers-section"')
    partial = client.get("/tinh/ha-giang/dong-luc/?n=3", headers=HX).content.decode()
    assert partial.lstrip().startswith('<section id="drivers-body"')


def test_drivers_and_what_if_take_a_bounded_number_of_queries_whatever_the_unit(
    client, catalog_warm
):
    """Warm catalog. What-if reads the same for every unit; drivers reads one or two
    more for a unit with predecessors or a successor (21-23), never per unit of the pool."""
    counts = set()
    for slug in ("ha-giang", "bac-giang", "tuyen-quang"):
        for url in (
            f"/tinh/{slug}/dong-luc/?year=2024&pool=34&n=5",
            f"/tinh/{slug}/mo-phong/?year=2024",
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.add((url.split("/")[3], len(queries)))
    by_page = {}
    for page, n in counts:
        by_page.setdefault(page, set()).add(n)
    assert len(by_page["mo-phong"]) == 1 and max(by_page["mo-phong"]) <= 21, by_page
    assert max(by_page["dong-luc"]) <= 23, by_page


# --- what-if ----------------------------------------------------------------------------


def _result(html: str) -> str:
    return _text(html.split('id="whatif-result"', 1)[1])


def test_what_if_starts_at_the_published_values_and_ranks(client):
    html = client.get("/tinh/ha-giang/mo-phong/?year=2022").content.decode()
    assert 'name="hts" value="0.5199" inputmode="decimal"' in html
    assert 'data-lever-max="4"' in html  # NTS+TCS+NLS+ATTTM as one computed lever
    result = _result(html)
    assert "DTI mô phỏng 0,4790" in result
    assert "Hạng trong nhóm 63 57/63 hiện tại 57/63" in result  # the published 2022 rank


def test_what_if_moves_the_dti_by_the_weighted_change_and_ranks_it_among_the_others(client):
    response = client.get("/tinh/ha-giang/mo-phong/?year=2022&hts=0.9&hdcqs=0.6")
    assert response.status_code == 200
    dti = _value("ha-giang", "DTI", 2022)
    new = (
        dti
        + (D("0.9") - _value("ha-giang", "HTS", 2022)) * 100 / 1000
        + (D("0.6") - _value("ha-giang", "HDCQS", 2022)) * 200 / 1000
    )
    column = _dti_column(2022, 63)
    rank = 1 + sum(
        1 for s, v in column.items() if s != "ha-giang" and as_published(v) > as_published(new)
    )
    result = _result(response.content.decode())
    assert f"DTI mô phỏng {str(as_published(new)).replace('.', ',')}" in result
    assert f"Hạng trong nhóm 63 {rank}/63" in result
    assert rank < 57


def test_what_if_34_reading_goes_through_the_merger_rule(client):
    # Unchanged, Hà Giang's successor Tuyên Quang keeps its 2024 rank among the 34.
    tuyen_quang = Unit.objects.in_pool(34).get(slug="tuyen-quang")
    expected = computed_rank_lookup()[(tuyen_quang.pk, "DTI", 2024, 34)]
    result = _result(client.get("/tinh/ha-giang/mo-phong/?year=2024").content.decode())
    assert (
        f"Hạng trong nhóm 34 (Tuyên Quang, quy tắc sáp nhập) {expected}/34 hiện tại {expected}/34"
        in result
    )
    # Raising Hà Giang's HTS by 0.2 raises its DTI by 0.02 and Tuyên Quang's (mean of two) by 0.01.
    hts = _value("ha-giang", "HTS", 2024) + D("0.2")
    result = _result(client.get(f"/tinh/ha-giang/mo-phong/?year=2024&hts={hts}").content.decode())
    new_tq = as_published(_value("tuyen-quang", "DTI", 2024) + D("0.01"))
    assert f"DTI {str(new_tq).replace('.', ',')}" in result


def test_what_if_says_whether_each_rank_target_would_be_met(client):
    html = client.get("/tinh/ha-giang/mo-phong/?year=2024").content.decode()
    assert "DTI hạng 25/63 (mục tiêu ≤ 20/63) : chưa đạt" in _text(html)
    everything = "&".join(f"{p}=1" for p in ("hts", "hdcqs", "hdkts", "hdxhs")) + "&other=4"
    html = client.get(f"/tinh/ha-giang/mo-phong/?year=2024&{everything}").content.decode()
    result = _result(html)
    assert "DTI mô phỏng 1,0000" in result and "Hạng trong nhóm 63 1/63" in result
    assert "(mục tiêu ≤ 20/63) : đạt" in result


def test_cheapest_path_lands_on_rank_n(client):
    response = client.get("/tinh/ha-giang/mo-phong/?year=2023&pool=63&n=20&path=1")
    assert response.status_code == 200
    html = response.content.decode()
    result = _result(html)
    assert "Đường ít tốn công nhất tới hạng 20/63" in result
    rank = int(re.search(r'data-testid="rank-63">(\d+)/63', html).group(1))
    assert rank <= 20
    # The inputs show the path's values (the URL can be shared and gives the same path).
    assert re.search(r'name="hdxhs" [^>]*value="0\.6\d{3}"', html)


def test_cheapest_path_by_htmx_also_updates_the_inputs_out_of_band(client):
    body = client.get("/tinh/ha-giang/mo-phong/?year=2023&n=20&path=1", headers=HX).content.decode()
    assert "<html" not in body
    assert '<fieldset id="whatif-levers" class="whatif-levers" hx-swap-oob="true">' in body
    plain = client.get("/tinh/ha-giang/mo-phong/?year=2023&hts=0.7", headers=HX).content.decode()
    assert plain.lstrip().startswith('<section id="whatif-result"') and "hx-swap-oob" not in plain


def test_cheapest_path_out_of_reach_or_already_there(client):
    already = _result(client.get("/tinh/ha-noi/mo-phong/?year=2024&n=34&path=1").content.decode())
    assert "đã ở hạng 34 hoặc cao hơn" in already
    missing_n = client.get("/tinh/ha-giang/mo-phong/?year=2024&path=1")
    assert missing_n.status_code == 400 and "Chọn hạng N" in _text(missing_n.content.decode())


@pytest.mark.parametrize(
    "query, message",
    [
        (
            "hts=2",
            "Giá trị “2” của Hạ tầng số (tham số “hts”) không hợp lệ: cần một số từ 0 đến 1.",
        ),
        ("hts=-0.1", "tham số “hts”"),
        ("hts=abc", "Giá trị “abc” của Hạ tầng số"),
        ("hts=nan", "Giá trị “nan” của Hạ tầng số"),
        ("hts=1e999", "Giá trị “1e999”"),
        ("other=4.5", "cần một số từ 0 đến 4"),
        ("n=0&path=1", "Tham số “n” = “0”"),
        ("pool=12", "Không có bảng xếp hạng nhóm 12"),
        ("year=abc", "Tham số “year”"),
    ],
)
def test_what_if_bad_inputs_answer_400_with_a_message(client, query, message):
    response = client.get(f"/tinh/ha-giang/mo-phong/?{query}")
    assert response.status_code == 400
    assert message in _text(response.content.decode())
    # Under htmx only the messages are sent, with 200 and into the error region: htmx
    # drops a 4xx, and django-htmx's DEBUG script replaced the whole page with it.
    partial = client.get(f"/tinh/ha-giang/mo-phong/?{query}", headers=HX)
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html and 'id="whatif-form"' not in html
    assert message in _text(html)
    assert partial["HX-Retarget"] == "#whatif-errors"
    assert partial["HX-Reswap"] == "innerHTML"
    assert partial["HX-Push-Url"] == "false"  # a refused value is not pushed into the history


def test_a_refused_value_is_tied_to_its_input(client):
    html = client.get("/tinh/ha-giang/mo-phong/?year=2022&hts=1,5").content.decode()
    assert 'id="whatif-error-hts" data-invalid-field="hts"' in html
    assert 'aria-invalid="true" aria-describedby="whatif-error-hts"' in html


def test_what_if_accepts_a_comma_as_decimal_mark(client):
    comma = client.get("/tinh/ha-giang/mo-phong/?year=2022&hts=0,9")
    point = client.get("/tinh/ha-giang/mo-phong/?year=2022&hts=0.9")
    assert comma.status_code == 200
    assert (
        _new_dti(comma)
        == _new_dti(point)
        != _new_dti(client.get("/tinh/ha-giang/mo-phong/?year=2022"))
    )


def _new_dti(response) -> str:
    return response.content.decode().split('data-testid="new-dti">')[1].split("<")[0]


def test_what_if_of_a_year_without_weights_offers_no_simulation(client):
    response = client.get("/tinh/ha-giang/mo-phong/?year=2020")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Năm 2020 không có trọng số chỉ số chính được công bố" in _text(html)
    assert 'id="whatif-form"' not in html


def test_what_if_2024_warns_that_the_weights_are_not_confirmed(client):
    assert "Chưa có nguồn nào xác nhận trọng số cho năm 2024" in _text(
        client.get("/tinh/ha-giang/mo-phong/").content.decode()
    )
    assert "Chưa có nguồn nào xác nhận" not in _text(
        client.get("/tinh/ha-giang/mo-phong/?year=2023").content.decode()
    )


def test_english_aliases(client):
    assert client.get("/en/province/ha-giang/what-if/?year=2024").status_code == 200
    assert client.get("/en/province/ha-giang/drivers/?year=2024").status_code == 200


def test_simulation_years_are_those_with_main_index_weights():
    assert sc.simulation_years() == [2024, 2023, 2022, 2021]
