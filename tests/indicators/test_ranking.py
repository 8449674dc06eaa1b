"""indicators.rules.ranking: competition ranking ("1-2-2-4") and the published orders.

The pure tests pin the rule; the DB tests check that the rule applied to the
loaded 2022–2024 values gives every rank the official tables published.
"""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.models import PublishedRank, Score
from indicators.rules.ranking import as_published, competition_rank, is_complete, rank_change
from provinces.models import Unit
from provinces.pools import MERGER_DATE, POOL_DATES, default_pool, pool_label

D = Decimal

# Values as the tables print them, and finer ones (back-cast means) that round onto them.
published_values = st.decimals(
    min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False
)
fine_values = st.decimals(min_value=0, max_value=1, places=6, allow_nan=False, allow_infinity=False)
pools = st.dictionaries(
    st.integers(min_value=1, max_value=100), fine_values | published_values, max_size=70
)


def test_equal_values_share_a_rank_and_the_next_rank_is_skipped():
    ranks = competition_rank({"a": D("0.9"), "b": D("0.8"), "c": D("0.8"), "d": D("0.7")})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_three_way_tie_at_the_top_skips_two_ranks():
    ranks = competition_rank({"a": D("0.5"), "b": D("0.5"), "c": D("0.5"), "d": D("0.4")})
    assert ranks == {"a": 1, "b": 1, "c": 1, "d": 4}


def test_higher_value_ranks_first_whatever_the_input_order():
    assert competition_rank({"low": D("0.1"), "high": D("0.9"), "mid": D("0.5")}) == {
        "high": 1,
        "mid": 2,
        "low": 3,
    }


def test_a_unit_without_a_value_gets_no_rank_and_takes_no_place():
    ranks = competition_rank({"a": D("0.9"), "missing": None, "b": D("0.8")})
    assert ranks == {"a": 1, "b": 2}


def test_values_are_compared_as_published_to_four_decimals():
    # A back-cast mean of 0.77695 prints as 0.7770 and ties with a published 0.7770.
    ranks = competition_rank(
        {"mean": D("0.77695"), "published": D("0.7770"), "below": D("0.77694")}
    )
    assert ranks == {"mean": 1, "published": 1, "below": 3}


def test_values_differing_beyond_four_decimals_tie():
    assert competition_rank({"a": D("0.123449"), "b": D("0.12340")}) == {"a": 1, "b": 1}


def test_empty_pool_gives_no_ranks():
    assert competition_rank({}) == {}


def test_as_published_rounds_half_up_to_four_decimals():
    assert as_published(D("0.77695")) == D("0.7770")
    assert as_published(D("0.77685")) == D("0.7769")  # half up, not half to even
    assert as_published(D("0.47899")) == D("0.4790")
    assert as_published(D("0.7769333")) == D("0.7769")
    assert str(as_published(D("0.8"))) == "0.8000"


def test_ranks_are_complete_only_when_every_member_has_a_value():
    assert is_complete({"a": D("0.5"), "b": D("0.4")})
    assert not is_complete({"a": D("0.5"), "b": None})
    assert not is_complete({})


def test_rank_change_counts_places_gained():
    assert rank_change(10, 9) == 1
    assert rank_change(33, 57) == -24  # Hà Giang 2021→2022, "giảm 24 bậc"
    assert rank_change(5, 5) == 0


def test_rank_change_needs_both_ranks():
    assert rank_change(None, 3) is None
    assert rank_change(3, None) is None
    assert rank_change(None, None) is None


@settings(max_examples=100)
@given(pools)
def test_every_rank_is_between_one_and_the_number_of_valued_members(values):
    ranks = competition_rank(values)
    valued = [k for k, v in values.items() if v is not None]
    assert set(ranks) == set(valued)
    assert all(1 <= r <= len(valued) for r in ranks.values())


@settings(max_examples=100)
@given(pools)
def test_equal_published_values_have_equal_ranks_and_only_they_do(values):
    ranks = competition_rank(values)
    for a in ranks:
        for b in ranks:
            assert (as_published(values[a]) == as_published(values[b])) == (ranks[a] == ranks[b])


@settings(max_examples=100)
@given(pools)
def test_rank_is_one_plus_the_number_of_strictly_greater_values(values):
    ranks = competition_rank(values)
    shown = {k: as_published(v) for k, v in values.items()}
    for key, rank in ranks.items():
        assert rank == 1 + sum(1 for other in shown.values() if other > shown[key])


@settings(max_examples=100)
@given(st.dictionaries(st.integers(), published_values, min_size=1, max_size=70))
def test_best_value_is_ranked_first(values):
    ranks = competition_rank(values)
    best = max(values.values())
    assert {k for k, r in ranks.items() if r == 1} == {k for k, v in values.items() if v == best}


# --- the published orders -----------------------------------------------------------


def _computed_and_published(year: int) -> tuple[dict[str, int], dict[str, int]]:
    units = Unit.objects.in_pool(63)
    values = dict(
        Score.objects.filter(unit__in=units, indicator__code="DTI", year=year).values_list(
            "unit__name", "value"
        )
    )
    assert len(values) == 63
    assert is_complete(values)
    published = dict(
        PublishedRank.objects.filter(indicator__code="DTI", year=year, pool=63).values_list(
            "unit__name", "rank"
        )
    )
    return competition_rank(values), published


@pytest.mark.django_db
def test_competition_ranks_of_the_2022_values_are_the_published_2022_order():
    computed, published = _computed_and_published(2022)
    assert len(published) == 63
    assert computed == published
    assert (published["Thanh Hóa"], published["Yên Bái"], published["Hậu Giang"]) == (
        15,
        15,
        17,
    )
    assert 16 not in published.values()


@pytest.mark.parametrize(("year", "count"), [(2023, 9), (2024, 5)])
@pytest.mark.django_db
def test_competition_ranks_agree_with_every_published_rank_in_the_63_pool(year, count):
    computed, published = _computed_and_published(year)
    assert len(published) == count
    assert {name: computed[name] for name in published} == published


@pytest.mark.django_db
def test_the_2024_63_pool_has_hcm_first_and_da_nang_second():
    computed, _ = _computed_and_published(2024)
    assert computed["Hồ Chí Minh"] == 1
    assert computed["Đà Nẵng"] == 2


# --- pools (provinces.pools): a rank is always read with its pool ---------------------------


def test_a_rank_is_labelled_with_its_pool():
    assert pool_label(15, 63) == "15/63"
    assert pool_label(8, 34) == "8/34"
    assert pool_label(None, 34) == ""


@pytest.mark.parametrize(("year", "pool"), [(2020, 63), (2023, 63), (2024, 34), (2025, 34)])
def test_default_pool_is_63_before_2024_and_34_from_2024(year, pool):
    assert default_pool(year) == pool


def test_pool_dates_straddle_the_merger():
    assert POOL_DATES[63] == datetime.date(2025, 6, 30)
    assert POOL_DATES[34] == MERGER_DATE == datetime.date(2025, 7, 1)


def test_keys_need_not_be_orderable_even_when_their_values_tie():
    # Ranks are keyed by whatever the caller has (a Unit, a code): only values are compared.
    first, second, third = object(), object(), object()
    values = {first: Decimal("0.5"), second: Decimal("0.5"), third: Decimal("0.6")}
    assert competition_rank(values) == {third: 1, first: 2, second: 2}
