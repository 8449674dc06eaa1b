"""indicators.targets.status: the three status methods of DESIGN §5, hand-checked.

Every expected number below was worked out by hand (shown in the comments); the
property tests then check the rules that must hold for any series.
"""

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.rules.ranking import competition_rank
from indicators.targets import status as status_module
from indicators.targets.status import (
    Goal,
    Method,
    Point,
    Reason,
    Status,
    assess,
    baseline_pick,
    cagr,
    direction,
    growth_ratio,
    is_met,
    linear_expected,
    points_to_rank,
    projected_value,
    projection_ratio,
    share_of_pool,
    share_of_pool_exact,
    value_for_rank,
)

NOW = 2026  # the current year in these tests unless said otherwise
UP = Goal(value=100, year=2030, comparator=">=")  # "100 % by 2030"


def _status(series, goal=UP, method=Method.LINEAR, current_year=2025, **kw):
    return assess(series, goal, method=method, current_year=current_year, **kw)


# --- direction, met -----------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "higher", "d"),
    [
        (">=", True, 1),
        (">", False, 1),
        ("<=", True, -1),
        ("<", True, -1),
        ("=", True, 1),
        ("=", False, -1),
        ("~", True, 1),
    ],
)
def test_direction_comes_from_the_comparator_else_from_the_metric(comparator, higher, d):
    assert direction(comparator, higher) == d


def test_strict_comparators_need_more_than_the_target_and_others_accept_it():
    assert is_met(100, Goal(100, 2025, ">="))
    assert not is_met(100, Goal(100, 2025, ">"))
    assert is_met(100.01, Goal(100, 2025, ">"))
    assert is_met(15, Goal(15, 2025, "<="))  # rank 15 is in the top 15
    assert not is_met(16, Goal(15, 2025, "<="))
    assert is_met(25, Goal(25, 2025, "~"))
    assert is_met(100, Goal(100, 2025, "="))


# --- method 1: linear path --------------------------------------------------------


def test_linear_expected_value_is_the_straight_line_from_baseline_to_target():
    # E(2025) = 40 + (100 − 40)(2025 − 2020)/(2030 − 2020) = 70
    assert linear_expected(baseline=Point(2020, 40), target=100, target_year=2030, year=2025) == 70


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (80, Status.ON_TRACK),
        (70, Status.ON_TRACK),  # exactly on the line: d·(y_t − E) = 0 is on track
        (69.99, Status.NEEDS_ACCELERATION),  # P = 29.99/30
        (58, Status.NEEDS_ACCELERATION),  # P = 18/30 = 0.60, the boundary
        (57.9, Status.OFF_TRACK),  # P = 0.597
        (40, Status.OFF_TRACK),  # no progress: P = 0
        (39.9, Status.DETERIORATING),  # moved away from the target
    ],
)
def test_linear_path_statuses_and_boundaries(latest, status):
    result = _status({2020: 40, 2025: latest})
    assert result.status == status
    assert result.method == Method.LINEAR
    assert result.expected == pytest.approx(70)
    assert result.gap == pytest.approx(latest - 70)
    assert result.distance == pytest.approx(100 - latest)


def test_linear_path_for_a_rank_target_where_lower_is_better():
    goal = Goal(10, 2030, "<=")
    # rank 30 in 2020 → top 10 by 2030: E(2025) = 30 + (10 − 30)·0.5 = 20
    assert _status({2020: 30, 2025: 20}, goal).status == Status.ON_TRACK
    result = _status({2020: 30, 2025: 21}, goal)  # P = (21 − 30)/(20 − 30) = 0.9
    assert result.status == Status.NEEDS_ACCELERATION
    assert result.ratio == pytest.approx(0.9)
    assert _status({2020: 30, 2025: 31}, goal).status == Status.DETERIORATING


# --- method 2: required vs observed growth --------------------------------------------


def test_cagr_by_hand():
    assert cagr(50, 60, 5) == pytest.approx(1.2**0.2 - 1)  # 0.037137
    assert cagr(50, 60, 5) == pytest.approx(0.0371372, abs=1e-7)
    assert cagr(0, 10, 2) == pytest.approx(99)  # 0 read as 0.001: (10/0.001)^(1/2) − 1


@pytest.mark.parametrize(
    ("latest", "ratio", "status"),
    [
        (70.7107, 1.0, Status.ON_TRACK),  # 50·√2: observed = required (2^0.1 − 1 = 0.071773)
        (65, 0.7506, Status.NEEDS_ACCELERATION),  # (1.3^0.2 − 1)/0.071773 = 0.053874/0.071773
        (60, 0.5174, Status.OFF_TRACK),  # 0.037137/0.071773
        (50, 0.0, Status.OFF_TRACK),  # no growth: R = 0 is "limited", not deteriorating
        (45, -0.2905, Status.DETERIORATING),  # (0.9^0.2 − 1)/0.071773 = −0.020851/0.071773
    ],
)
def test_growth_method_ratio_and_status(latest, ratio, status):
    goal = Goal(100, 2030, ">=")
    result = _status({2020: 50, 2025: latest}, goal, Method.GROWTH)
    assert result.ratio == pytest.approx(ratio, abs=1e-4)
    assert result.status == status


@pytest.mark.parametrize(
    ("threshold", "above", "below"),
    [
        (0.95, Status.ON_TRACK, Status.NEEDS_ACCELERATION),
        (0.60, Status.NEEDS_ACCELERATION, Status.OFF_TRACK),
    ],
)
def test_growth_method_boundaries_at_095_and_060(threshold, above, below):
    required = 2**0.1 - 1
    at = 50 * (1 + threshold * required) ** 5  # the latest value that gives R = threshold exactly
    goal = Goal(100, 2030, ">=")
    assert _status({2020: 50, 2025: at + 1e-6}, goal, Method.GROWTH).status == above
    assert _status({2020: 50, 2025: at - 1e-6}, goal, Method.GROWTH).status == below


def test_growth_method_replaces_a_zero_baseline_by_0001():
    # CAGR_o = (10/0.001)^(1/2) − 1 = 99; CAGR_r = (50/0.001)^(1/5) − 1 = 7.7055; R = 12.85
    result = _status({2020: 0, 2022: 10}, Goal(50, 2025, ">="), Method.GROWTH)
    assert result.ratio == pytest.approx(99 / (50000**0.2 - 1), rel=1e-9)
    assert result.ratio == pytest.approx(12.848, abs=1e-3)
    assert result.status == Status.ON_TRACK


def test_growth_method_replaces_a_zero_target_by_0001():
    # "down to 0 by 2030", lower is better: CAGR_r = (0.001/10)^(1/10) − 1 = −0.601893,
    # CAGR_o = (5/10)^(1/2) − 1 = −0.292893; R = (−1)(−0.292893)/0.601893 = 0.4866
    goal = Goal(0, 2030, "<=")
    ratio = growth_ratio(
        baseline=Point(2020, 10), latest=Point(2022, 5), target=0, target_year=2030, d=-1
    )
    assert ratio == pytest.approx(0.4866, abs=1e-4)
    assert _status({2020: 10, 2022: 5}, goal, Method.GROWTH).status == Status.OFF_TRACK


def test_growth_method_for_a_rank_target():
    # rank 20 (2020) → 18 (2022), top 15 by 2025: CAGR_o = 0.9^0.5 − 1 = −0.051317,
    # CAGR_r = 0.75^0.2 − 1 = −0.055912, R = 0.9178 → needs acceleration
    result = _status({2020: 20, 2022: 18}, Goal(15, 2025, "<="), Method.GROWTH, current_year=2024)
    assert result.ratio == pytest.approx(0.9178, abs=1e-4)
    assert result.status == Status.NEEDS_ACCELERATION


# --- method 3: projected value at T -----------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "projected", "ratio", "status"),
    [
        (70.7107, 100.0, 1.0, Status.ON_TRACK),  # ŷ = y_t²/y_b when T − t = t − b
        (60, 72.0, 0.44, Status.NEEDS_ACCELERATION),  # ŷ = 60·1.2 = 72; CR = 22/50
        (52, 54.08, 0.0816, Status.OFF_TRACK),  # "stagnating": ŷ = 52·1.04; CR = 4.08/50
        (45, 40.5, -0.19, Status.DETERIORATING),  # ŷ = 45·0.9; CR = −9.5/50
    ],
)
def test_projection_method(latest, projected, ratio, status):
    result = _status({2020: 50, 2025: latest}, Goal(100, 2030, ">="), Method.PROJECTION)
    assert result.projected == pytest.approx(projected, abs=1e-3)
    assert result.ratio == pytest.approx(ratio, abs=1e-4)
    assert result.status == status


@pytest.mark.parametrize(
    ("threshold", "above", "below"),
    [
        (0.95, Status.ON_TRACK, Status.NEEDS_ACCELERATION),
        (0.10, Status.NEEDS_ACCELERATION, Status.OFF_TRACK),
    ],
)
def test_projection_method_boundaries_at_095_and_010(threshold, above, below):
    at = math.sqrt(50 * (50 + threshold * 50))  # ŷ = y_t²/50 = 50 + threshold·(100 − 50)
    goal = Goal(100, 2030, ">=")
    assert _status({2020: 50, 2025: at + 1e-6}, goal, Method.PROJECTION).status == above
    assert _status({2020: 50, 2025: at - 1e-6}, goal, Method.PROJECTION).status == below


def test_projection_helpers_by_hand():
    assert projected_value(
        baseline=Point(2020, 50), latest=Point(2025, 60), target_year=2030
    ) == pytest.approx(72)
    ratio, projected = projection_ratio(
        baseline=Point(2020, 50), latest=Point(2025, 60), target=100, target_year=2030, d=1
    )
    assert (ratio, projected) == (pytest.approx(0.44), pytest.approx(72))


# --- rules shared by every method ---------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_a_target_already_met_is_achieved_early_by_every_method(method):
    # Met in 2023 for 2030: achieved early, the year-2030 result is not in yet.
    result = _status({2020: 50, 2023: 100}, UP, method)
    assert (result.status, result.reason) == (Status.ACHIEVED_EARLY, Reason.MET)
    assert result.latest == Point(2023, 100)


@pytest.mark.parametrize("method", list(Method))
def test_a_passed_deadline_is_achieved_or_missed_on_the_target_year_value(method):
    goal = Goal(95, 2021, ">=")
    assert _status({2020: 80, 2021: 96}, goal, method, current_year=NOW).status == Status.ACHIEVED
    missed = _status({2020: 80, 2021: 94}, goal, method, current_year=NOW)
    assert (missed.status, missed.reason, missed.latest) == (
        Status.MISSED,
        Reason.FINAL,
        Point(2021, 94),
    )
    # later values do not change the verdict on the year the resolution named
    assert (
        _status({2020: 80, 2021: 94, 2022: 99}, goal, method, current_year=NOW).status
        == Status.MISSED
    )


@pytest.mark.parametrize("method", list(Method))
def test_a_passed_deadline_without_its_value_is_never_on_track(method):
    # On the line in 2024 for "100 by 2025" – but 2025 is over (current year 2026) and has no value.
    goal = Goal(100, 2025, ">=")
    result = _status({2020: 50, 2024: 90}, goal, method, current_year=NOW)
    assert (result.status, result.reason) == (Status.NOT_ENOUGH_DATA, Reason.DEADLINE_NO_VALUE)
    # the same series before the deadline is on track
    assert _status({2020: 50, 2024: 90}, goal, method, current_year=2025).status == Status.ON_TRACK
    # a later year observed but not the target year itself: no verdict either
    assert (
        _status({2020: 50, 2024: 90, 2026: 99}, goal, method, current_year=NOW).status
        == Status.NOT_ENOUGH_DATA
    )


@pytest.mark.parametrize("method", list(Method))
def test_one_value_is_only_the_latest_value_against_the_target(method):
    # No trajectory from one point: no expected value, growth rate or projection.
    result = _status({2022: 60}, UP, method)
    assert (result.status, result.reason) == (Status.LATEST_VALUE, Reason.SINGLE_POINT)
    assert (result.expected, result.ratio, result.projected, result.observed_growth) == (
        None,
        None,
        None,
        None,
    )
    assert result.latest == Point(2022, 60) and result.distance == 40


def test_at_least_two_data_points_are_needed_for_a_trend():
    assert _status({}, UP).reason == Reason.NO_DATA
    assert _status({2022: None}, UP).reason == Reason.NO_DATA


def test_a_target_without_a_year_is_only_checked_against_the_latest_value():
    goal = Goal(10, None, "<=")
    assert _status({2022: 12, 2024: 9}, goal).status == Status.ACHIEVED
    result = _status({2022: 12, 2024: 11}, goal)
    assert (result.status, result.reason) == (Status.LATEST_VALUE, Reason.NO_TARGET_YEAR)


def test_a_stated_baseline_wins_over_the_series():
    result = _status({2022: 60, 2025: 70}, UP, baseline=Point(2020, 40))
    assert result.baseline == Point(2020, 40)
    assert result.status == Status.ON_TRACK  # E(2025) = 70 from the stated 40 in 2020


def test_the_baseline_is_the_last_value_before_the_resolution_else_the_first():
    points = [Point(2020, 10), Point(2022, 9), Point(2024, 13)]
    assert baseline_pick(points, before_year=2021) == Point(2020, 10)
    assert baseline_pick(points, before_year=2023) == Point(2022, 9)
    assert baseline_pick(points, before_year=2019) == Point(2020, 10)
    assert baseline_pick(points, before_year=None) == Point(2020, 10)
    assert baseline_pick([], before_year=2020) is None


def test_a_baseline_that_met_the_target_and_a_latest_that_does_not_is_deteriorating():
    # Bắc Giang: 10/63 in 2020, top 10 by 2030, 13/63 in 2024
    for method in Method:
        assert (
            _status({2020: 10, 2022: 9, 2024: 13}, Goal(10, 2030, "<="), method).status
            == Status.DETERIORATING
        )


def test_negative_values_cannot_give_a_growth_rate():
    result = _status({2020: -2, 2022: 1}, Goal(5, 2030, ">="), Method.GROWTH)
    assert (result.status, result.reason) == (Status.NOT_ENOUGH_DATA, Reason.NEGATIVE_VALUES)


# --- rank targets: ties at N and the 63 → 34 reading ------------------------------------


def test_share_of_pool_rounds_to_the_nearest_rank():
    assert share_of_pool(15) == 8  # 15·34/63 = 8.095
    assert share_of_pool_exact(15).quantize(Decimal("0.0001")) == Decimal("8.0952")
    assert share_of_pool(20) == 11  # 10.79
    assert share_of_pool(10) == 5  # 5.397
    assert share_of_pool(63) == 34
    assert share_of_pool(2) == 1  # 1.079
    assert share_of_pool(1) == 1  # 0.54 → never below 1
    assert share_of_pool(8, from_pool=34, to_pool=63) == 15  # 14.82, and back


TIED = {
    "A": Decimal("0.8"),
    "B": Decimal("0.7"),
    "C": Decimal("0.635"),
    "D": Decimal("0.635"),
    "E": Decimal("0.6"),
}


def test_points_to_rank_n_with_a_tie_at_n():
    # C and D share 3rd (0.635), E is 5th: to be top 3, E needs 0.635 – equalling ties 3rd.
    assert competition_rank(TIED) == {"A": 1, "B": 2, "C": 3, "D": 3, "E": 5}
    assert value_for_rank(TIED, unit="E", n=3) == Decimal("0.6350")
    assert points_to_rank(TIED, unit="E", n=3) == Decimal("0.0350")
    # nobody is ranked 4th: top 4 also needs 0.635
    assert value_for_rank(TIED, unit="E", n=4) == Decimal("0.6350")
    assert competition_rank({**TIED, "E": Decimal("0.635")})["E"] == 3
    # a unit tied at N has no margin: 0 more points keeps it Nth
    assert points_to_rank(TIED, unit="C", n=3) == 0
    # inside the target the gap is the margin over the first unit outside
    assert points_to_rank(TIED, unit="B", n=3) == Decimal("-0.0650")


def test_points_to_rank_needs_n_other_values():
    assert value_for_rank(TIED, unit="A", n=5) is None
    assert points_to_rank({"A": None, "B": Decimal("0.5")}, unit="A", n=1) is None


# --- properties ---------------------------------------------------------------------------

values = st.floats(min_value=0, max_value=1000, allow_nan=False)


@settings(max_examples=100)
@given(
    base=values,
    latest=values,
    target=values,
    method=st.sampled_from(list(Method)),
    comparator=st.sampled_from([">=", "<="]),
    deadline=st.integers(2019, 2035),
)
def test_a_passed_deadline_is_never_on_track(base, latest, target, method, comparator, deadline):
    result = assess(
        {2020: base, 2024: latest},
        Goal(target, deadline, comparator),
        method=method,
        current_year=NOW,
    )
    if deadline < NOW:
        assert result.status not in (
            Status.ON_TRACK,
            Status.NEEDS_ACCELERATION,
            Status.OFF_TRACK,
            Status.DETERIORATING,
        )
    if deadline <= 2024:
        assert result.status in (
            Status.ACHIEVED,
            Status.ACHIEVED_EARLY,  # met by the 2020 value, the year-T value not in
            Status.MISSED,
            Status.NOT_ENOUGH_DATA,
        )


@settings(max_examples=100)
@given(base=values, latest=values, target=values, method=st.sampled_from(list(Method)))
def test_a_met_target_is_achieved_and_an_unmet_one_never(base, latest, target, method):
    result = assess(
        {2020: base, 2024: latest}, Goal(target, 2030, ">="), method=method, current_year=2025
    )
    assert (result.status == Status.ACHIEVED_EARLY) == is_met(latest, Goal(target, 2030, ">="))


ORDER = [
    Status.DETERIORATING,
    Status.OFF_TRACK,
    Status.NEEDS_ACCELERATION,
    Status.ON_TRACK,
    Status.ACHIEVED_EARLY,
]


@settings(max_examples=100)
@given(
    base=st.floats(1, 100),
    lower=st.floats(0, 200),
    higher=st.floats(0, 200),
    method=st.sampled_from(list(Method)),
)
def test_a_better_latest_value_never_gets_a_worse_status(base, lower, higher, method):
    lower, higher = sorted((lower, higher))
    goal = Goal(200, 2030, ">=")
    worse = assess({2020: base, 2024: lower}, goal, method=method, current_year=2025).status
    better = assess({2020: base, 2024: higher}, goal, method=method, current_year=2025).status
    assert ORDER.index(better) >= ORDER.index(worse)


@settings(max_examples=100)
@given(base=st.floats(1, 100), latest=st.floats(0.5, 200), target=st.floats(101, 300))
def test_linear_on_track_is_exactly_being_on_or_above_the_line(base, latest, target):
    goal = Goal(target, 2030, ">=")
    result = assess({2020: base, 2024: latest}, goal, method=Method.LINEAR, current_year=2025)
    if result.status != Status.ACHIEVED_EARLY:
        expected = base + (target - base) * 4 / 10
        assert (result.status == Status.ON_TRACK) == (latest - expected >= -1e-9)


@pytest.mark.parametrize(
    ("value", "met"),
    [(0.79996, True), (0.79994, False), (Decimal("0.79995"), True), (1e30, True), (math.inf, True)],
)
def test_a_value_is_compared_with_the_target_as_published_to_four_decimals(value, met):
    assert is_met(value, Goal(0.8, 2030, ">=")) is met
    assert is_met(-value, Goal(-0.8, 2030, "<=")) is met


# --- what an assessment carries (make mutants: the fields the page prints) -----------


def test_direction_defaults_to_higher_is_better_and_a_comparator_overrides_the_metric():
    assert direction("=") == 1
    assert direction(">=", False) == 1
    assert direction("<", False) == -1


def test_a_strict_lower_comparator_is_not_met_at_the_target():
    assert not is_met(15, Goal(15, 2025, "<"))
    assert is_met(14, Goal(15, 2025, "<"))


def test_the_grades_take_their_thresholds_as_reached():
    # R = 0.95 is on track and R = 0.60 needs acceleration (≥ in DESIGN §5), R = 0 is off track.
    grade = status_module._grade
    assert grade(0.95, on_track=0.95, accelerate=0.60) == Status.ON_TRACK
    assert grade(0.60, on_track=0.95, accelerate=0.60) == Status.NEEDS_ACCELERATION
    assert grade(0.0, on_track=0.95, accelerate=0.60) == Status.OFF_TRACK
    assert grade(-0.01, on_track=0.95, accelerate=0.60) == Status.DETERIORATING


def test_a_value_of_the_resolution_year_itself_is_not_a_baseline():
    points = [Point(2020, 1), Point(2021, 2), Point(2022, 3)]
    assert baseline_pick(points, before_year=2021) == Point(2020, 1)
    # assess passes start_year on: 2020 is the last year before a 2021 resolution.
    result = _status({2018: 5, 2020: 10, 2022: 20}, UP, start_year=2021)
    assert result.baseline == Point(2020, 10)


def test_no_data_keeps_the_stated_baseline():
    result = _status({2021: None}, UP, baseline=Point(2019, 30))
    assert (result.status, result.reason) == (Status.NOT_ENOUGH_DATA, Reason.NO_DATA)
    assert result.baseline == Point(2019, 30) and result.latest is None


def test_without_a_target_year_the_latest_value_is_recorded_and_met_is_the_reason():
    met = _status({2022: 80, 2024: 100}, Goal(100, None))
    assert (met.status, met.reason, met.latest) == (Status.ACHIEVED, Reason.MET, Point(2024, 100))
    short = _status({2022: 80, 2024: 90}, Goal(100, None))
    assert (short.status, short.reason, short.latest) == (
        Status.LATEST_VALUE,
        Reason.NO_TARGET_YEAR,
        Point(2024, 90),
    )


def test_a_deadline_without_its_value_records_the_last_value_it_had():
    # Only values after the target year: the latest is the one shown.
    after = _status({2031: 50}, UP, current_year=2032)
    assert (after.status, after.reason, after.latest) == (
        Status.NOT_ENOUGH_DATA,
        Reason.DEADLINE_NO_VALUE,
        Point(2031, 50),
    )
    # The target year has passed with no value for it: the last value before it.
    passed = _status({2023: 50, 2024: 60}, Goal(100, 2025), current_year=2026)
    assert (passed.status, passed.reason, passed.latest) == (
        Status.NOT_ENOUGH_DATA,
        Reason.DEADLINE_NO_VALUE,
        Point(2024, 60),
    )


def test_the_linear_path_records_the_share_of_the_expected_progress():
    # E(2025) = 70 from 40 in 2020 to 100 in 2030; P = (y_t − 40)/(70 − 40).
    ahead = _status({2020: 40, 2025: 80}, UP)
    assert ahead.status == Status.ON_TRACK and ahead.ratio == pytest.approx(40 / 30)
    assert ahead.expected == 70 and ahead.latest == Point(2025, 80)
    back = _status({2020: 40, 2025: 30}, UP)
    assert back.status == Status.DETERIORATING and back.ratio == pytest.approx(-10 / 30)


def test_the_growth_method_records_both_growth_rates():
    # 40 (2020) → 60 (2024), 100 by 2030: CAGR_o = 1.5^(1/4) − 1 = 0.1067,
    # CAGR_r = 2.5^(1/10) − 1 = 0.0960, R = 1.112.
    result = _status({2020: 40, 2024: 60}, UP, Method.GROWTH)
    assert result.status == Status.ON_TRACK and result.reason == Reason.TRAJECTORY
    assert result.baseline == Point(2020, 40) and result.latest == Point(2024, 60)
    assert result.observed_growth == pytest.approx(1.5**0.25 - 1)
    assert result.required_growth == pytest.approx(2.5**0.1 - 1)
    assert result.ratio == pytest.approx((1.5**0.25 - 1) / (2.5**0.1 - 1))
    assert result.ratio == pytest.approx(1.112, abs=0.001)


def test_the_projection_method_records_the_observed_growth_and_the_projection():
    # ŷ_2030 = 60·1.5^(6/4) = 110.23, CR = (110.23 − 40)/(100 − 40) = 1.170.
    result = _status({2020: 40, 2024: 60}, UP, Method.PROJECTION)
    assert result.status == Status.ON_TRACK
    assert result.observed_growth == pytest.approx(1.5**0.25 - 1)
    assert result.projected == pytest.approx(60 * 1.5**1.5)
    assert result.ratio == pytest.approx(1.170, abs=0.001)


def test_a_latest_value_of_zero_is_a_growth_of_minus_100_percent_not_a_negative_value():
    # CAGR_o = (0/10)^(1/4) − 1 = −1: the value moved away from the target.
    result = _status({2020: 10, 2024: 0}, UP, Method.GROWTH)
    assert (result.status, result.reason) == (Status.DETERIORATING, Reason.TRAJECTORY)
    assert result.observed_growth == -1


def test_a_negative_latest_value_cannot_give_a_growth_rate_either():
    result = _status({2020: 10, 2024: -5}, UP, Method.GROWTH)
    assert (result.status, result.reason) == (Status.NOT_ENOUGH_DATA, Reason.NEGATIVE_VALUES)


def test_a_target_equal_to_the_baseline_gives_an_infinite_ratio_signed_by_the_movement():
    base = Point(2020, 50)
    kw = {"baseline": base, "target": 50, "target_year": 2030}
    assert growth_ratio(latest=Point(2024, 50), d=1, **kw) == 0.0
    assert growth_ratio(latest=Point(2024, 60), d=1, **kw) == math.inf
    assert growth_ratio(latest=Point(2024, 60), d=-1, **kw) == -math.inf
    assert projection_ratio(latest=Point(2024, 50), d=1, **kw) == (0.0, 50.0)
    assert projection_ratio(latest=Point(2024, 40), d=1, **kw)[0] == -math.inf
    assert projection_ratio(latest=Point(2024, 60), d=1, **kw)[0] == math.inf


def test_share_of_pool_rounds_a_half_up():
    assert share_of_pool(5, from_pool=10, to_pool=5) == 3  # 2.5 → 3, not the even 2
    assert share_of_pool(7, from_pool=10, to_pool=5) == 4  # 3.5 → 4


def test_rank_one_is_the_best_other_value_and_the_leader_has_a_margin():
    values = {"a": Decimal("0.9"), "b": Decimal("0.8"), "c": Decimal("0.7")}
    assert value_for_rank(values, unit="c", n=1) == Decimal("0.9")
    assert value_for_rank(values, unit="c", n=0) is None
    # The leader needs the best value among the others: 0.8 − 0.9 = −0.1 is its margin.
    assert points_to_rank(values, unit="a", n=1) == Decimal("-0.1")
