"""Target statuses an official can read (issue 14, point 6), on the real data: one status
per row with the method that gave it, the method as a sentence in both languages,
"achieved early", a single observation, and one rounding for the targets and what-if pages."""

import html as html_lib
import re
from decimal import Decimal as D

import pytest

from indicators.models import Indicator, KpiObservation, Score, Target
from indicators.targets.selectors import target_goal
from indicators.targets.status import Method, Status, assess
from provinces.models import Unit

pytestmark = pytest.mark.django_db
NOW = 2026


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def _score_target(slug: str, *, comparator: str, value: str, year: int = 2030) -> Target:
    unit = Unit.objects.get(slug=slug)
    resolution = Target.objects.filter(unit=unit).first().resolution
    return Target.objects.create(
        resolution=resolution,
        unit=unit,
        text=f"DTI {comparator} {value} vào năm {year}",
        kind=Target.Kind.SCORE,
        indicator=Indicator.objects.get(code="DTI"),
        comparator=comparator,
        value=D(value),
        target_year=year,
        position=99,
    )


# --- one rounding: 4 decimals, as published, on both pages ---------------------------------


@pytest.mark.parametrize(
    ("hts_increase", "comparator", "met"),
    [
        # Hà Giang 2022: DTI 0.4790, HTS weight 100 of 1,000: +0.0006 HTS → DTI 0.47906 → 0.4791.
        ("0.0006", ">=", True),
        ("0.0004", ">=", False),  # 0.47904 → 0.4790
        ("0.0006", ">", False),  # 0.4791 is not above 0.4791
    ],
)
def test_the_targets_page_and_the_what_if_judge_a_value_on_the_same_four_decimals(
    client, hts_increase, comparator, met
):
    dti = Score.objects.published().get(unit__slug="ha-giang", indicator__code="DTI", year=2022)
    hts = Score.objects.published().get(unit__slug="ha-giang", indicator__code="HTS", year=2022)
    assert dti.value == D("0.4790")
    target = _score_target("ha-giang", comparator=comparator, value="0.4791")
    simulated = dti.value + D(hts_increase) * 100 / 1000
    assert simulated != D("0.4791")  # the raw value is never the target itself
    # The what-if page, on the simulated DTI.
    html = client.get(
        f"/tinh/ha-giang/mo-phong/?year=2022&hts={hts.value + D(hts_increase)}"
    ).content.decode()
    line = next(li for li in re.findall(r"<li>.*?</li>", html, re.S) if target.text in _text(li))
    assert ("target-met" in line) is met, _text(line)
    # The targets page judges a series through the same goal and comparison (stored scores
    # already have 4 decimals, so the series is given here with the simulated value).
    assessment = assess(
        {2022: simulated}, target_goal(target), method=Method.LINEAR, current_year=NOW
    )
    assert (assessment.status in (Status.ACHIEVED, Status.ACHIEVED_EARLY)) is met


@pytest.mark.parametrize(
    ("value", "comparator", "met"),
    [
        ("0.79996", ">=", True),
        ("0.79994", ">=", False),
        ("0.80004", ">", False),
        ("0.80005", ">", True),
        ("0.80004", "<=", True),
        ("0.79996", "<", False),
    ],
)
def test_a_value_a_hair_from_the_target_is_judged_on_its_published_rounding(value, comparator, met):
    target = _score_target("bac-giang", comparator=comparator, value="0.8", year=2024)
    for series_value in (D(value), float(value)):
        assessment = assess(
            {2024: series_value}, target_goal(target), method=Method.LINEAR, current_year=NOW
        )
        assert assessment.status == (Status.ACHIEVED if met else Status.MISSED)


# --- one status per row ----------------------------------------------------------------------


def _rows(html: str) -> list[str]:
    return [r.split("</tr>", 1)[0] for r in html.split('<tr class="target-row"')[1:]]


def _row(html: str, text: str) -> str:
    return next(r for r in _rows(html) if text in r)


@pytest.mark.parametrize("url", ["/muc-tieu/", "/en/targets/"])
def test_every_loaded_target_shows_exactly_one_status_with_the_method_that_gave_it(client, url):
    rows = _rows(client.get(url).content.decode())
    assert len(rows) == Target.objects.count() == 94
    seen = set()
    for row in rows:
        key = re.search(r'data-status="([a-z-]+)"', row).group(1)
        badges = re.findall(r'class="status status-([a-z-]+)"', row)
        assert badges == [key], _text(row)[:300]  # one badge, the row's own status
        methods = re.findall(r'class="method"', row)
        judged = key not in ("text", "not-enough-data")
        assert len(methods) == (1 if judged else 0), _text(row)[:300]
        for formula in ("R =", "CR =", "−∞", "∞"):
            assert formula not in _text(row)
        seen.add(key)
    # Before: Bắc Giang's top 15 showed "achieved" and, for its 34-unit reading, "not enough
    # data"; Hải Dương's top 15 by 2030 three statuses (two readings, a second method).
    assert seen == {
        "achieved",
        "achieved-early",
        "deteriorating",
        "latest-value",
        "not-enough-data",
        "text",
    }


def test_a_rank_target_met_before_its_year_is_achieved_early_in_both_languages(client):
    text = "top 15"
    target = Target.objects.get(unit__slug="bac-giang", kind="rank", target_year=2025)
    vi = _text(_row(client.get("/muc-tieu/?unit=bac-giang").content.decode(), target.text))
    assert "✔ Đã đạt sớm Phương pháp: So giá trị mới nhất với mục tiêu" in vi
    assert (
        "Đã đạt sớm (2024); kết quả năm đích chưa công bố. "
        "Mới nhất (2024): hạng 13/63; mục tiêu: hạng 15/63 trở lên năm 2025." in vi
    )
    assert "Chưa đủ dữ liệu" not in vi and "Đã đạt " not in vi.replace("Đã đạt sớm", "")
    assert text in vi  # the 34-unit reading is still there, as a gap, without a status
    en = _text(_row(client.get("/en/targets/?unit=bac-giang").content.decode(), target.text))
    assert "✔ Achieved early Method: Latest value against the target" in en
    assert (
        "Achieved early (2024); the final year’s result is not published yet. "
        "Latest (2024): rank 13/63; target: rank 15/63 or better by 2025." in en
    )


def test_a_rank_trajectory_says_the_rank_now_against_the_rank_wanted(client):
    target = Target.objects.get(unit__slug="bac-giang", kind="rank", target_year=2030)
    vi = _text(_row(client.get("/muc-tieu/?unit=bac-giang").content.decode(), target.text))
    assert "↘ Đi lùi Phương pháp: Đường thẳng (UN ECA)" in vi
    assert (
        "Mới nhất (2024): hạng 13/63; mục tiêu: hạng 10/63 trở lên năm 2030. Kỳ vọng hạng 10/63 "
        "vào năm 2024 trên đường thẳng từ cơ sở (2020: hạng 10/63) đến mục tiêu (2030: hạng "
        "10/63); thực tế hạng 13/63." in vi
    )
    en = _text(_row(client.get("/en/targets/?unit=bac-giang").content.decode(), target.text))
    assert "Latest (2024): rank 13/63; target: rank 10/63 or better by 2030." in en
    # Ranks projected at the 2020–2024 pace: 13·(13/10)^(6/4) = 19.27 → 19.3.
    assert "At the 2020–2024 pace it reaches rank 19.3/63 in 2030, against rank 10/63." in en


def _kpi_target(slug: str, metric: str, year: int) -> Target:
    return Target.objects.get(unit__slug=slug, kpi_metric__code=metric, target_year=year)


def _observe(target: Target, values: dict[int, str]) -> None:
    for year, value in values.items():
        KpiObservation.objects.create(
            unit=target.unit, metric=target.kpi_metric, year=year, value=D(value), source="Thử"
        )


@pytest.mark.parametrize(
    ("method", "vi", "en"),
    [
        # Bắc Ninh: digital economy ≥ 35 % of GRDP by 2030; 10 % (2021) → 12.5 % (2024).
        (
            "linear",
            # E(2024) = 10 + 25·3/9 = 18.33
            "Kỳ vọng 18,3 % vào năm 2024 trên đường thẳng từ cơ sở (2021: 10 %) đến mục tiêu "
            "(2030: 35 %); thực tế 12,5 %.",
            "Expected 18.3 % by 2024 on the straight line from the baseline (2021: 10 %) to the "
            "target (2030: 35 %); observed 12.5 %.",
        ),
        (
            "growth",
            # CAGR_o = 1.25^(1/3) − 1 = 7.72 %; CAGR_r = 3.5^(1/9) − 1 = 14.93 %
            "Tăng trưởng 2021–2024: +7,7 %/năm; cần +14,9 %/năm từ 2021 để đạt 35 % năm 2030.",
            "Growth 2021–2024: +7.7 % a year; +14.9 % a year needed from 2021 to reach 35 % by 2030.",
        ),
        (
            "projection",
            # ŷ_2030 = 12.5·1.25^(6/3) = 19.53
            "Theo tốc độ 2021–2024, đến 2030 đạt 19,5 %, so với mục tiêu 35 %.",
            "At the 2021–2024 pace it reaches 19.5 % in 2030, against 35 %.",
        ),
    ],
    ids=["linear", "growth", "projection"],
)
def test_each_method_is_a_sentence_with_numbers_in_the_page_language(client, method, vi, en):
    target = _kpi_target("bac-ninh-truoc-2025", "digital_economy_share_grdp_pct", 2030)
    Target.objects.filter(pk=target.pk).update(method=method)
    _observe(target, {2021: "10", 2024: "12.5"})
    query = "?unit=bac-ninh-truoc-2025&kind=kpi"
    vi_row = _text(_row(client.get(f"/muc-tieu/{query}").content.decode(), target.text))
    en_row = _text(_row(client.get(f"/en/targets/{query}").content.decode(), target.text))
    assert vi in vi_row and en in en_row
    assert "R =" not in vi_row + en_row and "CR =" not in vi_row + en_row


def test_a_single_observation_is_the_latest_value_against_the_target(client, settings):
    settings.DTI_STATUS_YEAR = 2025  # before the target year ends
    target = _kpi_target("nam-dinh", "digital_economy_share_grdp_pct", 2025)
    _observe(target, {2023: "12.5"})
    row = _row(client.get("/muc-tieu/?unit=nam-dinh&kind=kpi").content.decode(), target.text)
    assert re.findall(r'class="status status-([a-z-]+)"', row) == ["latest-value"]
    text = _text(row)
    assert "• Giá trị mới nhất so với mục tiêu" in text
    assert "Mới có một giá trị (2023: 12,5 %); mục tiêu 20 % năm 2025." in text
    for trajectory in ("Kỳ vọng", "Theo tốc độ", "Tăng trưởng", "Hai phương pháp còn lại"):
        assert trajectory not in text
    en = _text(
        _row(client.get("/en/targets/?unit=nam-dinh&kind=kpi").content.decode(), target.text)
    )
    assert "Only one value so far (2023: 12.5 %); target 20 % by 2025." in en


def test_a_single_observation_after_the_target_year_has_passed_is_not_enough_data(client):
    target = _kpi_target("nam-dinh", "digital_economy_share_grdp_pct", 2025)
    _observe(target, {2023: "12.5"})
    text = _text(
        _row(client.get("/muc-tieu/?unit=nam-dinh&kind=kpi").content.decode(), target.text)
    )
    assert "? Chưa đủ dữ liệu" in text
    assert "Năm đích 2025 đã qua, kết quả năm 2025 chưa công bố." in text


def test_a_target_without_observations_keeps_not_enough_data_and_text_targets_no_status(client):
    html = client.get("/muc-tieu/?unit=nam-dinh").content.decode()
    target = _kpi_target("nam-dinh", "digital_economy_share_grdp_pct", 2025)
    row = _row(html, target.text)
    assert re.findall(r'class="status status-([a-z-]+)"', row) == ["not-enough-data"]
    assert "Chưa có giá trị quan sát nào: chưa công bố." in _text(row)
    assert 'class="method"' not in row  # no method gave it
    for text_row in _rows(client.get("/muc-tieu/?kind=text").content.decode()):
        assert re.findall(r'class="status status-([a-z-]+)"', text_row) == ["text"]
        assert 'class="method"' not in text_row and 'class="reason"' not in text_row
