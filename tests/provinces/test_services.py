"""provinces.services: the unit register built from merger_2025.csv.

The session fixture has already run the full load (which calls
reference_units_load); these tests read what it built and load again where the
behaviour of a second load or of a bad table is the point.
"""

import csv
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from provinces.models import Alias, Region, Succession, Unit
from provinces.reference import REGIONS
from provinces.services import (
    ReferenceDataError,
    alias_add,
    merger_rows_parse,
    reference_units_load,
)

pytestmark = pytest.mark.django_db

MERGER_CSV = settings.DTI_DATA_DIR / "merger_2025.csv"
OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)


def _old(name: str) -> Unit:
    return Unit.objects.get(name=name, valid_to=OLD_END)


def _new(name: str) -> Unit:
    return Unit.objects.get(name=name, valid_from=NEW_START)


def _unchanged(name: str) -> Unit:
    return Unit.objects.get(name=name, valid_from=None, valid_to=None)


def _register() -> dict:
    """Everything the register holds, comparable before and after a load."""
    return {
        "units": sorted(
            Unit.objects.values_list(
                "pk", "code", "name", "slug", "valid_from", "valid_to", "region_id"
            )
        ),
        "successions": sorted(Succession.objects.values_list("predecessor_id", "successor_id")),
        "aliases": Alias.objects.count(),
    }


def _rewrite_merger(tmp_path: Path, edit) -> Path:
    """A copy of merger_2025.csv with ``edit(rows)`` applied."""
    with MERGER_CSV.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    edit(rows)
    path = tmp_path / "merger_2025.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_merger_table_has_one_row_per_old_unit_with_both_codes():
    rows = merger_rows_parse(path=MERGER_CSV)
    assert len(rows) == 63
    assert len({r.old_code for r in rows}) == 63
    assert len({r.new_code for r in rows}) == 34
    assert sum(r.unchanged for r in rows) == 11
    bac_giang = next(r for r in rows if r.old_name == "Bắc Giang")
    assert (bac_giang.new_name, bac_giang.new_code, bac_giang.old_code) == (
        "Bắc Ninh",
        "24",
        "24",
    )


def test_register_holds_63_old_and_34_new_units_sharing_the_11_unchanged():
    assert Unit.objects.real().count() == 86
    old, new = Unit.objects.in_pool(63), Unit.objects.in_pool(34)
    assert old.count() == 63
    assert new.count() == 34
    shared = set(old.values_list("pk", flat=True)) & set(new.values_list("pk", flat=True))
    assert len(shared) == 11
    assert Unit.objects.filter(pk__in=shared, valid_from=None, valid_to=None).count() == 11
    assert {"Hà Nội", "Huế", "Thanh Hóa", "Cao Bằng"} <= set(
        Unit.objects.filter(pk__in=shared).values_list("name", flat=True)
    )


def test_every_old_merged_unit_has_one_successor_and_every_new_merged_unit_at_least_two_predecessors():
    assert Succession.objects.count() == 52
    for unit in Unit.objects.filter(valid_to=OLD_END):
        assert unit.successions_out.count() == 1, unit
    for unit in Unit.objects.filter(valid_from=NEW_START):
        assert unit.successions_in.count() >= 2, unit
    assert not Succession.objects.filter(predecessor__valid_to=None).exists()
    assert set(Succession.objects.values_list("effective_date", flat=True)) == {NEW_START}


def test_codes_reused_in_2025_name_different_units_in_each_period():
    # New Bắc Ninh carries 24, which was Bắc Giang's; the old Bắc Ninh was 27.
    assert _new("Bắc Ninh").code == "24"
    assert _old("Bắc Giang").code == "24"
    assert _old("Bắc Ninh").code == "27"
    assert _new("Bắc Ninh") != _old("Bắc Giang")
    # New Tuyên Quang keeps 08 and now includes Hà Giang (02).
    assert _new("Tuyên Quang").code == _old("Tuyên Quang").code == "08"
    assert _old("Hà Giang").code == "02"
    assert _old("Hải Dương").code == "30"
    assert _new("Hải Phòng").code == _old("Hải Phòng").code == "31"


@pytest.mark.parametrize(
    ("old_name", "new_name"),
    [
        ("Bắc Giang", "Bắc Ninh"),
        ("Hà Giang", "Tuyên Quang"),
        ("Hải Dương", "Hải Phòng"),
        ("Bắc Ninh", "Bắc Ninh"),
    ],
)
def test_old_unit_succeeded_by_the_new_unit_of_the_merger_table(old_name, new_name):
    succession = Succession.objects.get(predecessor=_old(old_name))
    assert succession.successor == _new(new_name)


def test_new_bac_ninh_is_made_of_the_old_bac_ninh_and_bac_giang():
    predecessors = {s.predecessor for s in _new("Bắc Ninh").successions_in.all()}
    assert predecessors == {_old("Bắc Ninh"), _old("Bắc Giang")}


@pytest.mark.parametrize(
    ("unit", "slug"),
    [
        (lambda: _new("Bắc Ninh"), "bac-ninh"),
        (lambda: _old("Bắc Ninh"), "bac-ninh-truoc-2025"),
        (lambda: _old("Bắc Giang"), "bac-giang"),
        (lambda: _old("Hà Giang"), "ha-giang"),
        (lambda: _old("Hải Dương"), "hai-duong"),
        (lambda: _new("Đà Nẵng"), "da-nang"),
        (lambda: _old("Đà Nẵng"), "da-nang-truoc-2025"),
        (lambda: _new("Đắk Lắk"), "dak-lak"),
        (lambda: _unchanged("Hà Nội"), "ha-noi"),
        (lambda: _unchanged("Huế"), "hue"),
    ],
)
def test_slug_is_plain_for_the_current_unit_and_suffixed_for_the_old_one_of_the_same_name(
    unit, slug
):
    assert unit().slug == slug


def test_new_unit_is_in_the_region_of_the_predecessor_whose_code_it_keeps():
    assert _new("Bắc Ninh").region == _old("Bắc Giang").region
    assert _new("Bắc Ninh").region != _old("Bắc Ninh").region
    assert _new("Tây Ninh").region == Unit.objects.get(name="Long An").region


def test_kind_of_each_unit_follows_its_official_name():
    assert _unchanged("Hà Nội").full_name == "Thành phố Hà Nội"
    assert _unchanged("Huế").full_name == "Thành phố Huế"
    assert _old("Hà Giang").full_name == "Tỉnh Hà Giang"


def test_every_unit_can_be_found_by_its_name_and_its_full_name():
    for unit in Unit.objects.real():
        names = set(unit.aliases.values_list("name", flat=True))
        assert {unit.name, unit.full_name} <= names, unit


def test_both_hcm_units_know_the_everyday_spellings():
    for unit in Unit.objects.filter(name="Hồ Chí Minh"):
        assert {"TP HCM", "TP.HCM", "TPHCM"} <= set(unit.aliases.values_list("name", flat=True))


def test_loading_the_register_twice_keeps_the_same_units():
    before = _register()
    report = reference_units_load(merger_csv=MERGER_CSV)
    after = _register()
    assert after["units"] == before["units"]
    assert after["successions"] == before["successions"]
    assert (
        report.units,
        report.old_units,
        report.new_units,
        report.unchanged_units,
    ) == (86, 52, 23, 11)
    assert report.successions == 52


def test_alias_add_records_a_spelling_once_and_keys_it():
    unit = _old("Hà Giang")
    assert alias_add(unit=unit, name="Tỉnh  Hà   Giang (cũ)") is True
    assert alias_add(unit=unit, name="Tỉnh Hà Giang (cũ)") is False
    assert Alias.objects.get(unit=unit, name="Tỉnh Hà Giang (cũ)").key == "hagiangcu"


def test_alias_add_ignores_a_spelling_with_no_letters():
    assert alias_add(unit=_old("Hà Giang"), name=" - ") is False


def test_register_load_refuses_a_row_without_codes_and_changes_nothing(tmp_path):
    def drop_codes(rows):
        rows[5]["note"] = "no codes here"

    path = _rewrite_merger(tmp_path, drop_codes)
    before = _register()
    with pytest.raises(ReferenceDataError, match="dòng 7"):
        reference_units_load(merger_csv=path)
    assert _register() == before


def test_register_load_refuses_an_effective_date_other_than_the_merger(tmp_path):
    def shift_date(rows):
        rows[10]["effective_date"] = "2025-06-12"

    path = _rewrite_merger(tmp_path, shift_date)
    with pytest.raises(ReferenceDataError, match="Ngày hiệu lực"):
        reference_units_load(merger_csv=path)


def test_register_load_refuses_a_duplicated_old_code(tmp_path):
    path = _rewrite_merger(tmp_path, lambda rows: rows.append(dict(rows[3])))
    with pytest.raises(ReferenceDataError, match="lặp lại"):
        reference_units_load(merger_csv=path)


def test_register_load_refuses_a_name_without_its_kind(tmp_path):
    def strip_kind(rows):
        rows[3]["old_province"] = rows[3]["old_province"].removeprefix("Tỉnh ")

    path = _rewrite_merger(tmp_path, strip_kind)
    with pytest.raises(ReferenceDataError, match="Tỉnh"):
        reference_units_load(merger_csv=path)


def test_every_region_code_of_the_reference_data_fits_the_region_code_column():
    field = Region._meta.get_field("code")
    for code, *_ in REGIONS:
        field.run_validators(code)
