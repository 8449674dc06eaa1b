"""provinces.selectors: resolving published spellings, search and lineage."""

import datetime

import pytest

from provinces.models import Unit
from provinces.pools import POOL_DATES
from provinces.selectors import (
    UnitNotFound,
    predecessors_by_successor,
    unit_index_for_date,
    unit_resolve,
    unit_search,
)
from provinces.services import alias_add
from tests.factories import OldUnitFactory, UnitFactory

pytestmark = pytest.mark.django_db

BEFORE = POOL_DATES[63]  # 30/06/2025
AFTER = POOL_DATES[34]  # 01/07/2025


def _old(name: str) -> Unit:
    return Unit.objects.get(name=name, valid_to=BEFORE)


def _new(name: str) -> Unit:
    return Unit.objects.get(name=name, valid_from=AFTER)


@pytest.mark.parametrize(
    "spelling",
    [
        "Thừa Thiên - Huế",
        "Thừa Thiên Huế",
        "TP.Huế",
        "TP Huế",
        "TP. Huế",
        "Huế",
        "thanh pho hue",
    ],
)
def test_every_spelling_of_hue_resolves_to_the_one_hue_unit_in_both_periods(spelling):
    hue = Unit.objects.get(name="Huế")
    assert unit_resolve(name=spelling, on=BEFORE) == hue
    assert unit_resolve(name=spelling, on=AFTER) == hue


@pytest.mark.parametrize("spelling", ["Bắc Ninh", "Tỉnh Bắc Ninh", "BAC NINH"])
def test_a_reused_name_resolves_to_the_unit_of_the_date(spelling):
    assert unit_resolve(name=spelling, on=BEFORE) == _old("Bắc Ninh")
    assert unit_resolve(name=spelling, on=AFTER) == _new("Bắc Ninh")


def test_a_unit_that_ended_does_not_resolve_after_the_merger():
    assert unit_resolve(name="Hà Giang", on=BEFORE) == _old("Hà Giang")
    with pytest.raises(UnitNotFound):
        unit_resolve(name="Hà Giang", on=AFTER)


def test_unit_resolve_refuses_an_unknown_name():
    with pytest.raises(UnitNotFound, match="Tỉnh Không Có"):
        unit_resolve(name="Tỉnh Không Có", on=BEFORE)


def test_unit_resolve_refuses_a_part_of_a_name():
    # "Giang" is in six names: a prefix or substring is never enough to import a row.
    with pytest.raises(UnitNotFound):
        unit_resolve(name="Giang", on=BEFORE)


def test_unit_resolve_refuses_a_name_two_units_of_the_date_share():
    twin = UnitFactory(name="Hà Giang")
    alias_add(unit=twin, name="Hà Giang")
    with pytest.raises(UnitNotFound, match="2 đơn vị"):
        unit_resolve(name="Hà Giang", on=BEFORE)


def test_unit_resolve_ignores_synthetic_units():
    twin = UnitFactory(name="Hà Giang", is_synthetic=True)
    alias_add(unit=twin, name="Hà Giang")
    assert unit_resolve(name="Hà Giang", on=BEFORE) == _old("Hà Giang")


def test_unit_index_for_a_date_holds_only_units_valid_that_day():
    before = {u for units in unit_index_for_date(on=BEFORE).values() for u in units}
    after = {u for units in unit_index_for_date(on=AFTER).values() for u in units}
    assert before == set(Unit.objects.in_pool(63))
    assert after == set(Unit.objects.in_pool(34))


def test_unit_resolve_uses_a_given_index_without_querying(django_assert_num_queries):
    index = unit_index_for_date(on=BEFORE)
    da_nang = _old("Đà Nẵng")
    with django_assert_num_queries(0):
        assert unit_resolve(name="TP. Đà Nẵng", on=BEFORE, index=index) == da_nang


@pytest.mark.parametrize("query", ["ha giang", "Hà Giang", "HAGIANG", "hà giang", "Tỉnh Hà Giang"])
def test_search_finds_ha_giang_whatever_the_accents_and_case(query):
    assert unit_search(query=query)[0] == _old("Hà Giang")


@pytest.mark.parametrize("query", ["TP HCM", "TP.HCM", "tphcm", "Hồ Chí Minh", "ho chi minh"])
def test_search_for_hcm_finds_both_units_with_the_current_one_first(query):
    found = unit_search(query=query)
    assert found[:2] == [_new("Hồ Chí Minh"), _old("Hồ Chí Minh")]


def test_search_puts_exact_matches_before_partial_ones():
    found = unit_search(query="Hải Phòng")
    assert found[:2] == [_new("Hải Phòng"), _old("Hải Phòng")]
    names = [u.name for u in unit_search(query="giang")]
    assert {
        "Hà Giang",
        "Bắc Giang",
        "An Giang",
        "Kiên Giang",
        "Hậu Giang",
        "Tiền Giang",
    } <= set(names)


def test_search_lists_each_unit_once_and_respects_the_limit():
    found = unit_search(query="giang")
    assert len(found) == len(set(found))
    assert len(unit_search(query="giang", limit=2)) == 2


def test_search_ignores_an_empty_or_punctuation_query():
    assert unit_search(query="") == []
    assert unit_search(query=" . - ") == []


def test_search_never_shows_synthetic_units():
    fake = OldUnitFactory(name="Hà Giang Giả", is_synthetic=True)
    alias_add(unit=fake, name=fake.name)
    assert fake not in unit_search(query="ha giang")


def test_predecessors_by_successor_maps_every_merged_unit_in_one_query(
    django_assert_num_queries,
):
    new_units = list(Unit.objects.in_pool(34))
    with django_assert_num_queries(1):
        mapping = predecessors_by_successor(successors=new_units)
    assert len(mapping) == 23
    hai_phong = mapping[_new("Hải Phòng").pk]
    assert hai_phong == [
        _old("Hải Dương").pk,
        _old("Hải Phòng").pk,
    ]  # by old code: 30, 31
    assert sum(len(ids) for ids in mapping.values()) == 52


def test_valid_on_includes_both_ends_of_the_period():
    ha_giang = _old("Hà Giang")
    assert ha_giang in Unit.objects.valid_on(datetime.date(2025, 6, 30))
    assert ha_giang not in Unit.objects.valid_on(datetime.date(2025, 7, 1))
    assert _new("Bắc Ninh") in Unit.objects.valid_on(datetime.date(2025, 7, 1))
    assert _new("Bắc Ninh") not in Unit.objects.valid_on(datetime.date(2025, 6, 30))
