"""A unit's successor(s) and predecessors, read from the catalog (one rule for the
profile, the exports and the scenarios)."""

import pytest

from indicators.scorecard.profile import unit_lineage
from provinces.models import Unit
from provinces.pools import POOL_DATES

pytestmark = pytest.mark.django_db


def _old(name: str) -> Unit:
    return Unit.objects.valid_on(POOL_DATES[63]).get(name=name)


def _new(name: str) -> Unit:
    return Unit.objects.valid_on(POOL_DATES[34]).get(name=name)


def test_lineage_of_an_old_unit_is_its_successor():
    lineage = unit_lineage(_old("Bắc Giang"))
    assert [s.successor for s in lineage.successors] == [_new("Bắc Ninh")]
    assert lineage.predecessors == []


def test_lineage_of_a_new_unit_is_its_predecessors():
    lineage = unit_lineage(_new("Tuyên Quang"))
    assert lineage.successors == []
    assert {s.predecessor for s in lineage.predecessors} == {
        _old("Hà Giang"),
        _old("Tuyên Quang"),
    }


def test_lineage_of_an_unchanged_unit_is_empty():
    lineage = unit_lineage(Unit.objects.get(name="Hà Nội"))
    assert lineage.successors == lineage.predecessors == []


def test_lineage_costs_no_query_once_the_catalog_is_read(catalog_warm, django_assert_num_queries):
    unit = _new("Hải Phòng")
    with django_assert_num_queries(1):  # the data version only
        lineage = unit_lineage(unit)
        names = {s.predecessor.name for s in lineage.predecessors}
    assert names == {"Hải Phòng", "Hải Dương"}
