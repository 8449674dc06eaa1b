"""Rank drivers and what-if, pure functions (indicators.scenarios.drivers, indicators.scenarios.whatif,
weights.combined_rest), then the identity against every published row."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.models import Provenance, Score
from indicators.rules.ranking import as_published
from indicators.rules.reference import ACTIVITY_PILLAR, MAIN_POINTS_2021
from indicators.rules.weights import Weights, combined_rest, weighted_total
from indicators.scenarios import drivers, whatif

D = Decimal
W = Weights(points=MAIN_POINTS_2021, activity_pillar=ACTIVITY_PILLAR)
FOUR = ("HTS", "HDCQS", "HDKTS", "HDXHS")
OTHERS = ("NTS", "TCS", "NLS", "ATTTM")

# Đà Nẵng 2022 as published in the official detailed table (dti.gov.vn/xep-hang-2022,
# ../shared/data/dti/provincial_main_indices.csv): all eight main indices. Other rows in
# these pure tests are made-up round numbers, not published figures.
DA_NANG_2022 = {
    "DTI": D("0.8002"),
    "NTS": D("1.0000"),
    "TCS": D("0.9000"),
    "HTS": D("0.8253"),
    "NLS": D("0.8487"),
    "ATTTM": D("0.7578"),
    "HDCQS": D("0.8575"),
    "HDKTS": D("0.7836"),
    "HDXHS": D("0.5197"),
}


def _unit(dti: str, hts: str, hdcqs: str, hdkts: str, hdxhs: str) -> dict[str, Decimal | None]:
    """A unit as most are published for 2022–2024: DTI and four main indices."""
    return {
        "DTI": D(dti),
        "HTS": D(hts),
        "HDCQS": D(hdcqs),
        "HDKTS": D(hdkts),
        "HDXHS": D(hdxhs),
    } | dict.fromkeys(OTHERS)


# --- the combined "other foundation indices" ---------------------------------------


def test_combined_rest_is_the_sum_the_identity_leaves_for_the_unpublished_indices():
    # 1000·0.705 = 100·0.5 + 200·0.8 + 150·0.6 + 150·0.7 + 100·(NTS+TCS+NLS+ATTTM) → the sum is 3.0
    combined = combined_rest(D("0.705"), _unit("0.705", "0.5", "0.8", "0.6", "0.7"), W)
    assert combined.codes == OTHERS
    assert combined.value == 3
    assert combined.weight == 100 and combined.upper == 4 and combined.in_range


def test_combined_rest_of_a_unit_with_all_eight_published_is_none_and_equals_their_sum():
    assert combined_rest(DA_NANG_2022["DTI"], DA_NANG_2022, W) is None
    partial = DA_NANG_2022 | dict.fromkeys(OTHERS)
    combined = combined_rest(DA_NANG_2022["DTI"], partial, W)
    published_sum = sum(DA_NANG_2022[c] for c in OTHERS)
    assert abs(combined.value - published_sum) <= combined.tolerance


def test_combined_rest_outside_0_to_4_is_flagged():
    # A DTI too high for its activity indices: the other four would need more than 4.
    row = _unit("0.99", "0.5", "0.5", "0.5", "0.5")
    combined = combined_rest(row["DTI"], row, W)
    assert combined.value > 4 and not combined.in_range
    assert drivers.flagged_rows(
        {"x": row, "ok": _unit("0.705", "0.5", "0.8", "0.6", "0.7")}, W
    ) == {"x": combined.value}
    low = _unit("0.10", "0.9", "0.9", "0.9", "0.9")
    assert combined_rest(low["DTI"], low, W).value < 0
    assert "low" in drivers.flagged_rows({"low": low}, W)


def test_combined_rest_within_rounding_of_the_bounds_is_not_flagged():
    # Every index at 1.0 printed as 1.0000 but a DTI printed 0.99996 → 0.9999x: within rounding.
    row = _unit("0.99995", "1", "1", "1", "1")
    assert combined_rest(row["DTI"], row, W).in_range


# --- rank drivers -----------------------------------------------------------------


def test_contributions_add_up_to_the_dti_difference_and_are_sorted_biggest_shortfall_first():
    own = _unit("0.6000", "0.5000", "0.7000", "0.5000", "0.6000")
    other = _unit("0.7000", "0.6000", "0.8000", "0.5500", "0.6000")
    d = drivers.decompose(own, other, W)
    assert d.gap == 100  # 1000 × (0.7 − 0.6)
    assert sum(c.points for c in d.contributions) == d.difference == -100
    by_code = {c.code: c.points for c in d.contributions}
    assert by_code == {
        "HDCQS": -20,
        "HTS": -10,
        "HDKTS": D("-7.5"),
        "HDXHS": 0,
        "OTHER": D("-62.5"),
    }
    assert [c.code for c in d.contributions] == ["OTHER", "HDCQS", "HTS", "HDKTS", "HDXHS"]
    other_part = d.contributions[0]
    assert other_part.computed and other_part.codes == OTHERS
    # The sums themselves: (600 − 50 − 140 − 75 − 90)/100 = 2.45, (700 − 60 − 160 − 82.5 − 90)/100 = 3.075
    assert other_part.own == D("2.45") and other_part.other == D("3.075")


def test_decompose_uses_each_index_published_on_both_sides_and_combines_the_rest():
    own = DA_NANG_2022
    other = _unit("0.7000", "0.6000", "0.8000", "0.6000", "0.5000")
    d = drivers.decompose(own, other, W)
    assert {c.code for c in d.contributions} == {*FOUR, "OTHER"}
    assert abs(sum(c.points for c in d.contributions) - d.difference) < D("1e-20")
    both = drivers.decompose(DA_NANG_2022, DA_NANG_2022, W)
    assert [c.points for c in both.contributions] == [0] * 8 and not both.has_computed


def test_with_all_eight_on_both_sides_the_rounding_remainder_is_its_own_contribution():
    # Đà Nẵng's eight indices give 0.800175 for a published 0.8002; against a unit whose
    # eight indices sum exactly to its DTI the remainder is 0.025 points.
    exact = dict.fromkeys(MAIN_POINTS_2021, D("0.7")) | {"DTI": D("0.7")}
    d = drivers.decompose(DA_NANG_2022, exact, W)
    rounding = [c for c in d.contributions if c.code == drivers.ROUNDING]
    assert [c.points for c in rounding] == [D("0.025")] and rounding[0].computed
    assert sum(c.points for c in d.contributions) == d.difference == D("100.2")


def test_decompose_needs_both_dti():
    assert drivers.decompose(DA_NANG_2022 | {"DTI": None}, DA_NANG_2022, W) is None


def test_unit_ranked_n_with_ties_at_the_nth_place():
    # 2022: Thanh Hóa and Yên Bái share 15th at 0.6350, Hậu Giang is 17th.
    values = {
        "a": D("0.7"),
        "thanh-hoa": D("0.6350"),
        "yen-bai": D("0.63498"),
        "hau-giang": D("0.6300"),
        "me": D("0.5"),
    }
    assert drivers.units_at_rank(values, unit="me", n=1) == (D("0.7000"), ["a"])
    assert drivers.units_at_rank(values, unit="me", n=2) == (D("0.6350"), ["thanh-hoa", "yen-bai"])
    # Nobody is 3rd: the value that ranks 3rd or better is still the shared 0.6350.
    assert drivers.units_at_rank(values, unit="me", n=3) == (D("0.6350"), ["thanh-hoa", "yen-bai"])
    assert drivers.units_at_rank(values, unit="me", n=4) == (D("0.6300"), ["hau-giang"])
    assert drivers.units_at_rank(values, unit="me", n=5) is None
    assert drivers.units_at_rank(values, unit="me", n=0) is None
    # The unit itself is never its own reference.
    assert drivers.units_at_rank(values, unit="a", n=1) == (D("0.6350"), ["thanh-hoa", "yen-bai"])
    # Equalling the shared value shares the rank; just below it does not.
    others = [v for k, v in values.items() if k != "me"]
    assert whatif.rank_among(others, D("0.6350")) == 2
    assert whatif.rank_among(others, D("0.63495")) == 2  # published as 0.6350
    assert whatif.rank_among(others, D("0.6349")) == 4


def test_pool_average_keeps_only_complete_columns():
    rows = [_unit("0.6", "0.5", "0.7", "0.5", "0.6"), DA_NANG_2022]
    mean = drivers.pool_average(rows, W)
    assert set(mean) == {"DTI", *FOUR}
    assert mean["HTS"] == (D("0.5") + D("0.8253")) / 2
    d = drivers.decompose(rows[0], mean, W)
    assert abs(sum(c.points for c in d.contributions) - d.difference) < D("1e-20")


# --- what-if ----------------------------------------------------------------------


def test_levers_start_at_the_published_values_and_the_combined_sum():
    levers = whatif.levers(_unit("0.705", "0.5", "0.8", "0.6", "0.7"), W)
    assert [(lv.code, lv.start, lv.cap, lv.weight) for lv in levers] == [
        ("HTS", D("0.5"), 1, 100),
        ("HDCQS", D("0.8"), 1, 200),
        ("HDKTS", D("0.6"), 1, 150),
        ("HDXHS", D("0.7"), 1, 150),
        ("OTHER", D(3), 4, 100),
    ]
    assert levers[-1].computed and levers[-1].param == "other"
    assert [lv.code for lv in whatif.levers(DA_NANG_2022, W)] == list(MAIN_POINTS_2021)


def test_a_year_without_weights_or_a_unit_without_dti_is_not_simulated():
    with pytest.raises(whatif.NoSimulation, match="weights"):
        whatif.levers(DA_NANG_2022, None)
    with pytest.raises(whatif.NoSimulation, match="dti"):
        whatif.levers(DA_NANG_2022 | {"DTI": None}, W)
    with pytest.raises(whatif.NoSimulation, match="combined"):
        whatif.levers(_unit("0.99", "0.5", "0.5", "0.5", "0.5"), W)


def test_simulated_dti_moves_the_published_dti_by_the_weighted_changes():
    row = _unit("0.705", "0.5", "0.8", "0.6", "0.7")
    levers = whatif.levers(row, W)
    assert whatif.simulated_dti(row["DTI"], levers, {}, W) == D("0.705")
    assert whatif.simulated_dti(row["DTI"], levers, {"HDKTS": D(1), "HTS": D("0.9")}, W) == D(
        "0.805"
    )
    assert whatif.simulated_dti(row["DTI"], levers, {"OTHER": D(4)}, W) == D("0.805")
    # With all eight published, untouched levers give the published DTI, not their weighted
    # sum (0.800175 for Đà Nẵng 2022).
    assert weighted_total(DA_NANG_2022, W) == D("0.800175")
    assert whatif.simulated_dti(DA_NANG_2022["DTI"], whatif.levers(DA_NANG_2022, W), {}, W) == D(
        "0.8002"
    )


def test_34_unit_reading_through_the_merger_rule():
    # A unit merged with one other: the successor is the mean, and one unit's change moves it by half.
    assert whatif.successor_value(D("0.6"), [D("0.8")]) == D("0.7")
    assert whatif.successor_value(D("0.6"), [None]) is None
    others_34 = [D("0.75"), D("0.72"), D("0.70"), D("0.60")]
    assert (
        whatif.rank_among(others_34, whatif.successor_value(D("0.6"), [D("0.8")])) == 3
    )  # ties 0.70
    # To reach 0.72 (rank 2) the successor needs +0.02, so this unit +0.04: 40 points on its own DTI.
    assert whatif.points_for_threshold(D("0.7"), D("0.72"), scale=D(1000), merged_parts=2) == 40


# --- cheapest path ----------------------------------------------------------------


def test_cheapest_path_hand_checked():
    """By hand: room × weight per unit of effort is HDKTS 0.4×150 = 60, HTS 0.5×100 = 50,
    HDXHS 0.3×150 = 45, HDCQS 0.2×200 = 40, the combined four (1.0×100)/4 = 25.
    100 points: HDKTS to its cap (60 points, effort 1), then HTS +0.4 (40 points,
    effort 0.4/0.5 = 0.8); total effort 1.8, new DTI 0.705 + 0.1 = 0.805."""
    row = _unit("0.705", "0.5", "0.8", "0.6", "0.7")
    levers = whatif.levers(row, W)
    path = whatif.cheapest_path(levers, D(100))
    assert [(s.lever.code, s.increase, s.new_value) for s in path.steps] == [
        ("HDKTS", D("0.4"), D("1.0")),
        ("HTS", D("0.4"), D("0.9")),
    ]
    assert path.effort == D("1.8")
    assert path.reachable and not path.already
    assert whatif.simulated_dti(row["DTI"], levers, path.values, W) == D("0.805")


def test_cheapest_path_rounds_increases_up_to_4_decimals_and_still_reaches():
    row = _unit("0.705", "0.5", "0.8", "0.6", "0.7")
    levers = whatif.levers(row, W)
    path = whatif.cheapest_path(levers, D("30.01"))
    assert [(s.lever.code, s.increase) for s in path.steps] == [
        ("HDKTS", D("0.2001"))
    ]  # 30.01/150 = 0.20007 → 0.2001
    assert whatif.simulated_dti(row["DTI"], levers, path.values, W) >= row["DTI"] + D("0.03001")


def test_cheapest_path_already_there_or_out_of_reach():
    levers = whatif.levers(_unit("0.705", "0.5", "0.8", "0.6", "0.7"), W)
    assert whatif.cheapest_path(levers, D(-3)).already
    assert whatif.cheapest_path(levers, D(0)).steps == []
    # Every lever at its cap adds 60 + 50 + 45 + 40 + 100 = 295 points.
    path = whatif.cheapest_path(levers, D(296))
    assert not path.reachable and path.max_points == 295 and path.steps == []
    full = whatif.cheapest_path(levers, D(295))
    assert full.reachable and {s.new_value for s in full.steps} == {D(1), D(4)}


@settings(max_examples=60)
@given(
    st.lists(st.decimals(min_value=0, max_value=1, places=4), min_size=4, max_size=4),
    st.decimals(min_value=0, max_value=300, places=2),
)
def test_cheapest_path_reaches_the_points_needed_and_stays_within_the_caps(values, needed):
    hts, hdcqs, hdkts, hdxhs = values
    dti = (
        100 * hts + 200 * hdcqs + 150 * hdkts + 150 * hdxhs + 100 * 2
    ) / 1000  # the other four sum to 2
    row = {"DTI": dti, "HTS": hts, "HDCQS": hdcqs, "HDKTS": hdkts, "HDXHS": hdxhs} | dict.fromkeys(
        OTHERS
    )
    levers = whatif.levers(row, W)
    path = whatif.cheapest_path(levers, needed)
    if not path.reachable:
        assert path.max_points < needed
        return
    assert all(s.new_value <= s.lever.cap and s.increase > 0 for s in path.steps)
    gained = (whatif.simulated_dti(dti, levers, path.values, W) - dti) * 1000
    assert gained >= needed


# --- against the published data -----------------------------------------------------


@pytest.mark.django_db
def test_the_identity_reproduces_every_published_dti_with_all_eight_main_indices(published_data):
    rows: dict[tuple[int, int], dict[str, Decimal]] = {}
    for unit_id, year, code, value in Score.objects.filter(
        provenance=Provenance.PUBLISHED, year__gte=2021
    ).values_list("unit_id", "year", "indicator__code", "value"):
        rows.setdefault((unit_id, year), {})[code] = value
    complete = {
        key: row for key, row in rows.items() if all(c in row for c in ("DTI", *MAIN_POINTS_2021))
    }
    assert len(complete) == 5  # the five 2022 rows of the official detailed table
    assert {year for _, year in complete} == {2022}
    for row in complete.values():
        assert abs(as_published(weighted_total(row, W)) - row["DTI"]) <= D("0.0001")


@pytest.mark.django_db
def test_no_published_2022_to_2024_row_has_its_combined_indices_outside_0_to_4(published_data):
    rows: dict[tuple[int, int], dict[str, Decimal]] = {}
    for unit_id, year, code, value in Score.objects.filter(
        provenance=Provenance.PUBLISHED, year__gte=2022
    ).values_list("unit_id", "year", "indicator__code", "value"):
        rows.setdefault((unit_id, year), {})[code] = value
    with_four = {k: r for k, r in rows.items() if all(c in r for c in ("DTI", *FOUR))}
    assert len(with_four) == 3 * 63
    assert drivers.flagged_rows(with_four, W) == {}


@pytest.mark.django_db
def test_ha_giang_2022_combined_indices_agree_with_its_published_points(published_data):
    """Hà Giang's 2022 report (SOURCES.md, second pass) printed points, not values: DTI
    478.99, HTS 51.99, HĐCQS 88.09, HĐKTS 76.78, HĐXHS 38.71 of 1,000. Its four other
    foundation indices thus hold 478.99 − 255.57 = 223.42 points, a sum of 2.2342; the
    identity on the 4-decimal values gives the same within their rounding."""
    row = dict(
        Score.objects.published()
        .filter(unit__slug="ha-giang", year=2022, indicator__code__in=("DTI", *FOUR))
        .values_list("indicator__code", "value")
    )
    combined = combined_rest(row["DTI"], row | dict.fromkeys(OTHERS), W)
    assert abs(combined.value - D("2.2342")) <= combined.tolerance
    # The report's own parts: NTS 72.5 and ATTTM 29.48 points, TCS and NLS each 51.99–70.
    tcs_plus_nls = combined.value - D("0.725") - D("0.2948")
    assert D("1.0398") - combined.tolerance <= tcs_plus_nls <= D("1.40") + combined.tolerance


# --- details the pages rely on (make mutants) ----------------------------------------


def test_combined_rest_needs_a_dti_and_its_tolerance_is_the_rounding_of_what_it_comes_from():
    assert combined_rest(None, _unit("0.705", "0.5", "0.8", "0.6", "0.7"), W) is None
    # Half a 4th-decimal unit on the DTI (×1000) and on the four known indices (×600 points),
    # read in units of the combined weight 100: (1000 + 600)·0.00005/100 = 0.0008.
    combined = combined_rest(D("0.705"), _unit("0.705", "0.5", "0.8", "0.6", "0.7"), W)
    assert combined.tolerance == D("0.0008")


def test_no_simulation_says_why_with_the_code_the_page_explains():
    # The what-if page (scenarios/query.py) maps exactly these codes to its sentences.
    with pytest.raises(whatif.NoSimulation) as no_weights:
        whatif.levers(DA_NANG_2022, None)
    assert str(no_weights.value) == "weights"
    with pytest.raises(whatif.NoSimulation) as no_dti:
        whatif.levers(DA_NANG_2022 | {"DTI": None}, W)
    assert str(no_dti.value) == "dti"
    with pytest.raises(whatif.NoSimulation) as not_adding_up:
        whatif.levers(_unit("0.99", "0.5", "0.5", "0.5", "0.5"), W)
    assert str(not_adding_up.value) == "combined"


def test_the_combined_lever_starts_at_a_sum_below_one():
    # 1000·0.455 = 50 + 160 + 90 + 105 + 100·(the four others) → their sum is 0.5.
    other = whatif.levers(_unit("0.455", "0.5", "0.8", "0.6", "0.7"), W)[-1]
    assert other.code == drivers.OTHER and other.start == D("0.5") and other.room == D("3.5")


def test_an_unreachable_path_says_so_and_one_predecessor_is_the_default():
    levers = whatif.levers(_unit("0.705", "0.5", "0.8", "0.6", "0.7"), W)
    assert whatif.cheapest_path(levers, D(296)).reachable is False
    # A unit on its own: 0.72 − 0.70 on the 1,000-point scale is 20 points.
    assert whatif.points_for_threshold(D("0.7"), D("0.72"), scale=D(1000)) == 20


def test_each_shared_contribution_carries_its_code_and_both_values():
    own = _unit("0.6000", "0.5000", "0.7000", "0.5000", "0.6000")
    other = _unit("0.7000", "0.6000", "0.8000", "0.5500", "0.6000")
    hts = next(c for c in drivers.decompose(own, other, W).contributions if c.code == "HTS")
    assert hts == drivers.Contribution("HTS", ("HTS",), D(-10), D("0.5"), D("0.6"), False)
    exact = dict.fromkeys(MAIN_POINTS_2021, D("0.7")) | {"DTI": D("0.7")}
    rounding = next(
        c
        for c in drivers.decompose(DA_NANG_2022, exact, W).contributions
        if c.code == drivers.ROUNDING
    )
    assert rounding.codes == () and rounding.own is None and rounding.other is None
