"""indicators.rules.merger: the official merger rule, and the 2024 ranking of the 34 units
it reproduces.

The DB test computes the mean of the predecessors itself, from the 63-unit 2024
values and the Succession rows, and compares with what was published for the 34.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.models import Provenance, PublishedRank, Score
from indicators.rules.merger import OFFICIAL_MERGER_YEAR, merged_value
from indicators.rules.ranking import as_published, competition_rank, is_complete
from provinces.models import Succession, Unit

D = Decimal
values_0_1 = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


def test_merged_value_is_the_arithmetic_mean_of_the_predecessors():
    assert merged_value([D("0.8"), D("0.6")]) == D("0.7")
    assert merged_value([D("0.9"), D("0.6"), D("0.6")]) == D("0.7")


def test_merged_value_of_one_predecessor_is_its_value():
    assert merged_value([D("0.6352")]) == D("0.6352")


def test_merged_value_needs_every_predecessor():
    assert merged_value([D("0.8"), None]) is None
    assert merged_value([]) is None


def test_the_first_official_merger_year_is_2024():
    assert OFFICIAL_MERGER_YEAR == 2024


@settings(max_examples=100)
@given(st.lists(values_0_1, min_size=1, max_size=5))
def test_merged_value_lies_between_the_lowest_and_highest_predecessor(values):
    mean = merged_value(values)
    assert min(values) <= mean <= max(values)


@settings(max_examples=100)
@given(st.lists(values_0_1, min_size=1, max_size=5))
def test_merged_value_does_not_depend_on_the_order_of_predecessors(values):
    assert as_published(merged_value(values)) == as_published(merged_value(list(reversed(values))))


# --- the 2024 ranking of the 34 ----------------------------------------------------------

# name → (published rank among 34, published value or None when only the rank was published)
PUBLISHED_34 = {
    "Hà Nội": (1, D("0.8241")),
    "Huế": (2, D("0.7951")),
    "Hải Phòng": (3, D("0.7857")),
    "Hồ Chí Minh": (4, D("0.7770")),
    "Thanh Hóa": (5, None),
    "Điện Biên": (6, None),
    "Hà Tĩnh": (7, None),
    "Thái Nguyên": (8, None),
    "Đà Nẵng": (17, None),
    "Gia Lai": (31, None),
    "Cao Bằng": (34, None),
}


def _merger_rule_2024() -> dict[int, Decimal]:
    """Each of the 34 units' 2024 DTI by the merger rule, from the 63-unit values."""
    old_values = dict(
        Score.objects.filter(
            unit__in=Unit.objects.in_pool(63),
            indicator__code="DTI",
            year=2024,
            provenance=Provenance.PUBLISHED,
        ).values_list("unit_id", "value")
    )
    assert len(old_values) == 63
    predecessors: dict[int, list[int]] = {}
    for predecessor_id, successor_id in Succession.objects.values_list(
        "predecessor_id", "successor_id"
    ):
        predecessors.setdefault(successor_id, []).append(predecessor_id)
    return {
        unit.pk: merged_value([old_values[p] for p in predecessors.get(unit.pk, [unit.pk])])
        for unit in Unit.objects.in_pool(34)
    }


@pytest.mark.django_db
def test_merger_rule_on_the_2024_values_reproduces_every_published_34_unit_rank():
    values = _merger_rule_2024()
    assert len(values) == 34
    assert is_complete(values)
    computed = competition_rank(values)
    published = {
        r.unit_id: r.rank
        for r in PublishedRank.objects.filter(indicator__code="DTI", year=2024, pool=34)
    }
    assert len(published) == len(PUBLISHED_34)
    assert {pk: computed[pk] for pk in published} == published
    names = dict(Unit.objects.in_pool(34).values_list("pk", "name"))
    assert {names[pk]: rank for pk, rank in published.items()} == {
        n: r for n, (r, _) in PUBLISHED_34.items()
    }


@pytest.mark.django_db
def test_merger_rule_on_the_2024_values_reproduces_every_published_34_unit_value():
    values = _merger_rule_2024()
    units = {u.name: u for u in Unit.objects.in_pool(34)}
    for name, (_, published) in PUBLISHED_34.items():
        if published is None:
            continue
        stored = Score.objects.get(unit=units[name], indicator__code="DTI", year=2024)
        assert stored.provenance == Provenance.PUBLISHED
        assert stored.value == published
        if name == "Hồ Chí Minh":  # mean 0.77693…, published 0.7770
            assert abs(values[units[name].pk] - published) <= D("0.0001")
        else:
            assert as_published(values[units[name].pk]) == published, name


@pytest.mark.django_db
def test_merged_hcm_2024_is_0_7769_by_the_rule_and_0_7770_as_published_yet_ranks_4th_either_way():
    values = _merger_rule_2024()
    hcm = Unit.objects.in_pool(34).get(name="Hồ Chí Minh")
    assert as_published(values[hcm.pk]) == D("0.7769")
    assert competition_rank(values)[hcm.pk] == 4
    assert competition_rank(values | {hcm.pk: D("0.7770")})[hcm.pk] == 4


@pytest.mark.django_db
def test_new_hai_phong_2024_value_is_the_mean_of_old_hai_phong_and_hai_duong():
    old = {
        u.name: Score.objects.get(unit=u, indicator__code="DTI", year=2024).value
        for u in Unit.objects.in_pool(63).filter(name__in=["Hải Phòng", "Hải Dương"])
    }
    assert as_published(merged_value(list(old.values()))) == D("0.7857")


@pytest.mark.django_db
def test_stored_2024_dti_of_the_34_ranks_them_as_published():
    # What pages read: published values where they exist, the merger rule elsewhere.
    stored = dict(
        Score.objects.filter(
            unit__in=Unit.objects.in_pool(34), indicator__code="DTI", year=2024
        ).values_list("unit__name", "value")
    )
    assert len(stored) == 34
    computed = competition_rank(stored)
    assert {name: computed[name] for name in PUBLISHED_34} == {
        n: r for n, (r, _) in PUBLISHED_34.items()
    }
