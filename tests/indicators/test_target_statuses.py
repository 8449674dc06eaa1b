"""Target statuses an official can read (issue 14, point 6), on the real data: one status
per row with the method that gave it, the method as a sentence in both languages,
"achieved early", a single observation, and one rounding for the targets and what-if pages."""

import html as html_lib
import re
from decimal import Decimal as D

import pytest

from indicators.models import Indicator, Score, Target
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
