"""indicators.loading.published: loading the published CSVs, and the
fixtures they are shipped as.

The session fixture has loaded the real data once; tests that break the data
work on a copy of the data folder in tmp_path and check that a refused load
leaves the database exactly as it was.
"""

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from indicators.loading.fixtures import fixtures_load, fixtures_write
from indicators.loading.published import DataLoadError, published_data_load
from indicators.models import (
    Provenance,
    PublishedRank,
    ReferenceValue,
    Score,
    Source,
    UnitYearNote,
)
from provinces.models import Alias, Region, Succession, Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

D = Decimal
DATA_DIR: Path = settings.DTI_DATA_DIR
PROVINCIAL_DTI_HEADER = (
    "year",
    "province_name_as_published",
    "rank_dti",
    "dti",
    "rank_cqs",
    "cqs",
    "rank_kts",
    "kts",
    "rank_xhs",
    "xhs",
    "source_url",
    "note",
)


# --- helpers ------------------------------------------------------------------------------


def _data_copy(tmp_path: Path) -> Path:
    """A writable copy of the data folder (the shared one is read-only)."""
    copy = tmp_path / "dti"
    copy.mkdir()
    for path in DATA_DIR.iterdir():
        if path.is_file():
            shutil.copyfile(path, copy / path.name)
    return copy


def _append(path: Path, *rows: dict[str, str]) -> list[int]:
    """Append rows to a CSV; returns the line numbers the loader reports for them."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, count = reader.fieldnames, sum(1 for _ in reader)
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writerows(rows)
    return [count + 2 + i for i in range(len(rows))]


def _dti_row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(PROVINCIAL_DTI_HEADER, "")
    row |= {"year": "2022", "source_url": "https://example.org/test", "note": ""}
    return row | cells


def _snapshot() -> dict[str, object]:
    """Everything the loader writes, as comparable values (with primary keys)."""
    return {
        "units": sorted(
            Unit.objects.values_list("pk", "code", "name", "slug", "valid_from", "valid_to")
        ),
        "regions": Region.objects.count(),
        "successions": sorted(
            Succession.objects.values_list("pk", "predecessor_id", "successor_id")
        ),
        "aliases": sorted(Alias.objects.values_list("pk", "unit_id", "key")),
        "scores": sorted(
            Score.objects.values_list(
                "pk", "unit_id", "indicator__code", "year", "value", "provenance"
            )
        ),
        "ranks": sorted(
            PublishedRank.objects.values_list(
                "pk", "unit_id", "indicator__code", "year", "pool", "rank"
            )
        ),
        "reference": sorted(ReferenceValue.objects.values_list("pk", "year", "kind", "value")),
        "notes": UnitYearNote.objects.count(),
        "sources": Source.objects.count(),
        "score_sources": Score.sources.through.objects.count(),
    }


def _content() -> dict[str, object]:
    """What the loader writes, without the primary keys a reload renews."""
    return {
        "units": sorted(
            Unit.objects.values_list("pk", "code", "name", "slug", "valid_from", "valid_to")
        ),
        "successions": sorted(Succession.objects.values_list("predecessor_id", "successor_id")),
        "aliases": sorted(Alias.objects.values_list("unit_id", "name", "key")),
        "scores": sorted(
            Score.objects.values_list(
                "unit_id", "indicator__code", "year", "value", "provenance", "note"
            )
        ),
        "score_sources": sorted(
            Score.sources.through.objects.values_list(
                "score__unit_id", "score__indicator__code", "score__year", "source__url"
            )
        ),
        "ranks": sorted(
            PublishedRank.objects.values_list("unit_id", "indicator__code", "year", "pool", "rank")
        ),
        "reference": sorted(
            ReferenceValue.objects.values_list("year", "kind", "value", "count_above_average")
        ),
        "notes": sorted(UnitYearNote.objects.values_list("unit_id", "year", "pool", "text")),
        "sources": sorted(Source.objects.values_list("url", "title")),
    }


def _old(name: str) -> Unit:
    return Unit.objects.in_pool(63).get(name=name)


def _new(name: str) -> Unit:
    return Unit.objects.in_pool(34).get(name=name)


def _value(unit: Unit, code: str, year: int) -> Decimal:
    return Score.objects.get(unit=unit, indicator__code=code, year=year).value


def _rank(unit: Unit, code: str, year: int, pool: int = 63) -> int:
    return PublishedRank.objects.get(unit=unit, indicator__code=code, year=year, pool=pool).rank


# --- refusing bad data ------------------------------------------------------------------------


def test_load_refuses_an_unmappable_province_name_and_leaves_the_database_unchanged(
    tmp_path,
):
    data = _data_copy(tmp_path)
    (line,) = _append(
        data / "provincial_dti.csv",
        _dti_row(province_name_as_published="Tỉnh Không Có", dti="0.5000"),
    )
    before = _snapshot()
    with pytest.raises(DataLoadError) as refused:
        published_data_load(data_dir=data)
    assert len(refused.value.errors) == 1
    assert f"provincial_dti.csv:{line}" in refused.value.errors[0]
    assert "Tỉnh Không Có" in refused.value.errors[0]
    assert _snapshot() == before
    assert _value(_old("Hà Giang"), "DTI", 2022) == D("0.4790")
    assert _value(_new("Hải Phòng"), "DTI", 2024) == D("0.7857")
    assert not Alias.objects.filter(name="Tỉnh Không Có").exists()


# One refused load serves the tests below: every bad row is appended to one copy of
# the data, the load is attempted once (and rolled back whatever happens), and each
# test reads the errors of its own row. A refused load costs as much as a full one.

BAD_CELLS = {
    "above one": ({"dti": "1.2"}, "ngoài khoảng 0..1"),
    "negative": ({"dti": "-0.1"}, "ngoài khoảng 0..1"),
    "decimal comma": ({"cqs": "0,6440"}, "không phải số"),
    "word": ({"dti": "cao"}, "không phải số"),
    "NaN": ({"xhs": "NaN"}, "không phải số"),
    "infinity": ({"kts": "Infinity"}, "không phải số"),
    "rank beyond the pool": ({"rank_dti": "64"}, "không hợp lệ cho nhóm 63"),
    "rank in words": ({"rank_cqs": "mười"}, "không hợp lệ"),
    "year": ({"year": "20222"}, "năm"),
}


def _main_index_row(**cells: str) -> dict[str, str]:
    row = {
        "year": "2022",
        "province_name_as_published": "Hà Giang",
        "index_code": "NTS",
        "index_name_vi": "",
        "value": "0.5",
        "rank": "",
        "source_url": "",
    }
    return row | cells


@pytest.fixture(scope="module")
def refused(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> tuple[dict[str, str], list[str]]:
    """(row label → "file:line", the errors of the one refused load of all bad rows)."""
    data = _data_copy(tmp_path_factory.mktemp("refused"))
    where: dict[str, str] = {}
    bad_cells = [
        _dti_row(province_name_as_published="Hà Giang", **cells) for cells, _ in BAD_CELLS.values()
    ]
    for label, line in zip(
        BAD_CELLS, _append(data / "provincial_dti.csv", *bad_cells), strict=True
    ):
        where[label] = f"provincial_dti.csv:{line}"
    (line,) = _append(
        data / "provincial_dti.csv",
        _dti_row(
            year="2024",
            province_name_as_published="Hà Giang",
            rank_dti="20",
            note="nhóm 34 tỉnh, test",
        ),
    )
    where["old unit in the 34 pool"] = f"provincial_dti.csv:{line}"
    complete = {
        "year": "2023",
        "province_name_as_published": "Hà Giang",
        "dti": "1.5",
        "hdcqs": "x",
        "hdkts": "",
        "hdxhs": "",
        "hts": "",
        "source_url": "",
        "compiled_in": "",
    }
    (line,) = _append(data / "dti_main_indices_2022_2024.csv", complete)
    where["complete table"] = f"dti_main_indices_2022_2024.csv:{line}"
    (line,) = _append(
        data / "provincial_main_indices.csv",
        _main_index_row(province_name_as_published="Atlantis"),
    )
    where["unknown name in the main indices"] = f"provincial_main_indices.csv:{line}"
    _append(data / "provincial_main_indices.csv", _main_index_row(index_code="ABC"))
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            published_data_load(data_dir=data)
        except DataLoadError as exc:
            errors = exc.errors
        else:
            errors = []
        transaction.set_rollback(True)  # never leave anything in the session's database
    return where, errors


def _errors_of(refused, label: str) -> list[str]:
    where, errors = refused
    return [e for e in errors if re.match(rf"{re.escape(where[label])}\b", e)]


@pytest.mark.parametrize("label", list(BAD_CELLS))
def test_load_refuses_a_bad_cell_and_names_its_file_and_line(refused, label):
    (error,) = _errors_of(refused, label)
    assert BAD_CELLS[label][1] in error


def test_load_refuses_every_bad_value_of_a_row_of_the_complete_table(refused):
    errors = _errors_of(refused, "complete table")
    assert len(errors) == 2
    assert "dti: 1.5 ngoài khoảng 0..1" in errors[0]
    assert "hdcqs: 'x' không phải số" in errors[1]


def test_load_refuses_an_unknown_name_in_the_main_indices(refused):
    (error,) = _errors_of(refused, "unknown name in the main indices")
    assert "Atlantis" in error


def test_load_refuses_an_index_code_the_framework_does_not_know(refused):
    _, errors = refused
    assert [e for e in errors if "ABC" in e] == ["Mã chỉ số không có trong khung: ['ABC']"]


def test_load_refuses_a_34_unit_row_naming_a_unit_that_ended_before_the_merger(refused):
    (error,) = _errors_of(refused, "old unit in the 34 pool")
    assert "Hà Giang" in error


def test_load_lists_every_bad_row_at_once(refused):
    where, errors = refused
    assert len(errors) == len(BAD_CELLS) + 1 + 2 + 1 + 1
    assert all(any(e.startswith(w) for e in errors) for w in where.values())


def test_load_refuses_a_folder_without_the_data_files(tmp_path):
    before = _snapshot()
    with pytest.raises(DataLoadError, match="merger_2025.csv"):
        published_data_load(data_dir=tmp_path)
    assert _snapshot() == before


# --- what a load gives ----------------------------------------------------------------------


def test_loading_twice_gives_the_same_data():
    before = _content()
    first_counts = {k: len(v) if isinstance(v, list) else v for k, v in before.items()}
    report = published_data_load(data_dir=DATA_DIR)
    after = _content()
    assert {k: len(v) if isinstance(v, list) else v for k, v in after.items()} == first_counts
    assert after == before
    assert report.units == 86
    assert report.successions == 52
    assert report.published_scores == Score.objects.filter(provenance=Provenance.PUBLISHED).count()
    assert report.computed_scores == Score.objects.exclude(provenance=Provenance.PUBLISHED).count()
    assert report.published_ranks == PublishedRank.objects.count()
    assert report.disagreements == []


@pytest.mark.parametrize(
    ("spelling", "year", "pool", "rank"),
    [
        ("Thừa Thiên - Huế", 2022, 63, 4),
        ("TP.Huế", 2023, 63, 3),
        ("TP Huế", 2024, 34, 2),
    ],
)
def test_every_spelling_of_hue_lands_on_the_one_hue_unit(spelling, year, pool, rank):
    hue = Unit.objects.get(name="Huế")
    assert Unit.objects.filter(name="Huế").count() == 1
    assert _rank(hue, "DTI", year, pool) == rank
    assert hue.aliases.filter(name=spelling).exists()


def test_huế_2024_value_of_the_34_group_belongs_to_the_unchanged_huế():
    assert _value(Unit.objects.get(name="Huế"), "DTI", 2024) == D("0.7951")


def test_34_group_rows_of_2024_go_to_the_new_units():
    new, old = _new("Hải Phòng"), _old("Hải Phòng")
    assert new != old
    new_score = Score.objects.get(unit=new, indicator__code="DTI", year=2024)
    assert (new_score.value, new_score.provenance) == (
        D("0.7857"),
        Provenance.PUBLISHED,
    )
    assert _rank(new, "DTI", 2024, pool=34) == 3
    # The old Hải Phòng keeps its own 63-unit figures.
    assert _value(old, "DTI", 2024) == D("0.8253")
    assert _rank(old, "DTI", 2024, pool=63) == 3
    assert not PublishedRank.objects.filter(unit=old, pool=34).exists()
    assert not PublishedRank.objects.filter(unit=new, pool=63).exists()


def test_main_index_ranks_of_2024_go_to_the_new_hai_phong():
    assert _rank(_new("Hải Phòng"), "HTS", 2024, pool=34) == 3
    assert _rank(_new("Hải Phòng"), "HDKTS", 2024, pool=34) == 3


def test_ha_giang_2022_is_the_official_value_with_both_sources_recorded():
    score = Score.objects.get(unit=_old("Hà Giang"), indicator__code="DTI", year=2022)
    assert score.value == D("0.4790")
    assert score.provenance == Provenance.PUBLISHED
    urls = set(score.sources.values_list("url", flat=True))
    assert "https://dti.gov.vn/xep-hang-2022" in urls
    assert any("vietnamnet.vn/ha-giang" in url for url in urls)
    assert "478,99" in score.working_note  # the second reading, 478.99/1000, agrees at 4 decimals
    assert "478,99" not in score.note  # a working note, for admins only
    assert _rank(_old("Hà Giang"), "DTI", 2022) == 57


@pytest.mark.parametrize(
    ("name", "year", "code", "value", "rank"),
    [
        ("Bắc Giang", 2020, "DTI", D("0.3615"), 10),
        ("Bắc Giang", 2020, "CQS", D("0.4455"), 7),
        ("Bắc Giang", 2020, "KTS", D("0.3019"), 14),
        ("Bắc Giang", 2020, "XHS", D("0.3092"), 25),
        ("Hải Dương", 2020, "DTI", D("0.3504"), 14),
        ("Bắc Giang", 2022, "DTI", D("0.6440"), 9),
        ("Hải Dương", 2022, "DTI", D("0.6383"), 13),
        ("Hà Giang", 2022, "DTI", D("0.4790"), 57),
    ],
)
def test_old_units_keep_their_published_figures(name, year, code, value, rank):
    unit = _old(name)
    score = Score.objects.get(unit=unit, indicator__code=code, year=year)
    assert (score.value, score.provenance) == (value, Provenance.PUBLISHED)
    assert _rank(unit, code, year) == rank


@pytest.mark.parametrize(
    ("old_name", "new_name"),
    [("Bắc Giang", "Bắc Ninh"), ("Hà Giang", "Tuyên Quang"), ("Hải Dương", "Hải Phòng")],
)
def test_old_units_with_history_point_to_their_successor(old_name, new_name):
    old = _old(old_name)
    assert old.scores.filter(year=2022, indicator__code="DTI").exists()
    assert [s.successor for s in old.successions_out.all()] == [_new(new_name)]


def test_hai_duong_2022_value_read_in_two_sources_is_stored_once():
    scores = Score.objects.filter(unit=_old("Hải Dương"), indicator__code="DTI", year=2022)
    assert scores.count() == 1
    assert scores.get().sources.count() == 2


def test_every_published_spelling_becomes_an_alias_of_its_unit():
    assert _old("Đà Nẵng").aliases.filter(name="TP. Đà Nẵng").exists()
    assert _new("Hải Phòng").aliases.filter(name="TP Hải Phòng").exists()
    assert _old("Hồ Chí Minh").aliases.filter(name="TP Hồ Chí Minh").exists()


def test_the_pillar_averages_published_in_notes_are_loaded_as_published():
    pillars = {
        (r.year, r.indicator.code): r
        for r in ReferenceValue.objects.exclude(indicator__code="DTI").select_related("indicator")
    }
    assert {k: v.value for k, v in pillars.items()} == {
        (2023, "KTS"): D("0.7240"),
        (2023, "XHS"): D("0.6817"),
        (2024, "CQS"): D("0.7582"),
        (2024, "KTS"): D("0.7723"),
        (2024, "XHS"): D("0.7692"),
    }
    assert all(v.sources.exists() and v.note and v.note_en for v in pillars.values())
    assert (2023, "CQS") not in pillars  # the source's third figure is the DTI average


def test_national_figures_are_loaded_per_year():
    values = {
        (r.year, r.kind): r.value for r in ReferenceValue.objects.filter(indicator__code="DTI")
    }
    assert values[(2024, ReferenceValue.Kind.NATIONAL)] == D("0.7955")
    assert values[(2024, ReferenceValue.Kind.PROVINCIAL_AVERAGE)] == D("0.6961")
    assert values[(2022, ReferenceValue.Kind.NATIONAL)] == D("0.71")
    assert (
        2022,
        ReferenceValue.Kind.PROVINCIAL_AVERAGE,
    ) not in values  # never found: left empty
    assert (
        ReferenceValue.objects.get(
            year=2020, kind=ReferenceValue.Kind.PROVINCIAL_AVERAGE
        ).count_above_average
        == 33
    )


def test_a_row_with_only_a_note_is_kept_as_a_note_of_its_year():
    note = UnitYearNote.objects.get(unit=_old("Hà Giang"), year=2021)
    assert "57" in note.text
    assert note.pool == 63


def test_sources_that_disagree_keep_the_official_value_and_note_the_other(tmp_path):
    data = _data_copy(tmp_path)
    row = _dti_row(
        province_name_as_published="Hải Dương",
        dti="0.6400",
        source_url="https://example.org/other",
    )
    _append(data / "provincial_dti.csv", row)
    report = published_data_load(data_dir=data)
    score = Score.objects.get(unit=_old("Hải Dương"), indicator__code="DTI", year=2022)
    assert score.value == D("0.6383")
    assert "0.6400" in score.working_note and not score.note  # admins see it; pages do not
    assert "https://example.org/other" in score.sources.values_list("url", flat=True)
    assert len(report.disagreements) == 1
    assert "Hải Dương 2022 DTI" in report.disagreements[0]


# --- fixtures -------------------------------------------------------------------------------


def test_fixtures_written_and_loaded_back_give_the_same_data(tmp_path, settings):
    before = _snapshot()
    content = _content()
    written = fixtures_write(directory=tmp_path)
    assert sorted(p.name for p in written) == ["indicators.json", "provinces.json"]
    settings.FIXTURE_DIRS = [tmp_path]
    assert fixtures_load(replace=True) is True
    assert _snapshot() == before
    assert _content() == content


def test_fixtures_are_not_loaded_over_existing_data_unless_asked(tmp_path, settings):
    for name in ("provinces.json", "indicators.json"):
        (tmp_path / name).write_text("[]", encoding="utf-8")
    settings.FIXTURE_DIRS = [tmp_path]
    before = _snapshot()
    assert fixtures_load() is False
    assert _snapshot() == before


def test_rows_of_a_year_after_the_merger_go_to_the_34_new_units(tmp_path):
    data = _data_copy(tmp_path)
    _append(
        data / "provincial_dti.csv",
        _dti_row(
            year="2025",
            province_name_as_published="TP Hải Phòng",
            rank_dti="3",
            dti="0.8000",
        ),
    )
    published_data_load(data_dir=data)
    rank = PublishedRank.objects.get(indicator__code="DTI", year=2025)
    assert (rank.unit, rank.pool) == (_new("Hải Phòng"), 34)


def test_fixtures_hold_real_units_only(tmp_path):
    UnitFactory(name="Tỉnh Giả Lập", is_synthetic=True)
    fixtures_write(directory=tmp_path)
    units = [
        obj["fields"]
        for obj in json.loads((tmp_path / "provinces.json").read_text(encoding="utf-8"))
        if obj["model"] == "provinces.unit"
    ]
    assert len(units) == 86
    assert not any(fields["is_synthetic"] for fields in units)
