"""indicators.loading.targets: resolutions.csv and kpi_observations.csv, every row."""

import csv
import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q

from indicators.loading.published import DataLoadError, published_data_load
from indicators.loading.target_rows import issuer_of, targets_collect
from indicators.loading.targets import targets_write
from indicators.models import (
    Indicator,
    KpiMetric,
    KpiObservation,
    PublishedRank,
    Resolution,
    Target,
)
from indicators.targets.selectors import unit_targets
from provinces.models import Unit

pytestmark = pytest.mark.django_db

DATA = Path(settings.DTI_DATA_DIR)
# 12 rows of kpi_observations.csv and 73 of kpi_observations_published.csv (its 88 rows
# less 11 DTI ranks, 1 DTI value, and 3 figures given by two sources each, kept once).
IMPORTED_OBSERVATIONS = 85


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _indicators() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.all()}


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "dti"
    shutil.copytree(DATA, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def _rewrite(path: Path, change) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fieldnames = list(rows[0])
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


def test_every_row_of_resolutions_csv_is_one_target():
    rows = _rows("resolutions.csv")
    assert len(rows) == 94
    assert Target.objects.count() == len(rows)
    for row in rows:
        target = Target.objects.get(
            # The source cell, or its public text when the cell carries the compiler's remarks.
            Q(text=row["target_text_vi"]) | Q(working_note=row["target_text_vi"]),
            resolution__number=row["resolution_number"],
            target_year=int(row["target_year"]) if row["target_year"] else None,
        )
        assert target.resolution.unit == target.unit
        assert target.metric_code == row["metric"]
        if row["target_value"]:
            assert target.value == Decimal(row["target_value"])
            assert target.comparator == row["comparator"]


def test_rows_without_a_number_are_text_targets_with_no_status():
    text = Target.objects.filter(kind=Target.Kind.TEXT)
    assert text.count() == sum(1 for r in _rows("resolutions.csv") if not r["target_value"]) == 11
    assert not text.filter(value__isnull=False).exists()
    gia_lai = Unit.objects.get(slug="gia-lai")
    [progress] = unit_targets(unit=gia_lai)
    assert progress.target.kind == Target.Kind.TEXT
    assert progress.assessment is None
    assert progress.status_key == "text"


def test_targets_on_the_dti_are_rank_targets_on_the_indicator_and_the_rest_kpis():
    ranks = Target.objects.filter(kind=Target.Kind.RANK)
    assert ranks.count() == 7
    assert set(ranks.values_list("indicator__code", flat=True)) == {"DTI"}
    kpis = Target.objects.filter(kind=Target.Kind.KPI)
    assert kpis.count() == 94 - 7 - 11
    assert not kpis.filter(kpi_metric__isnull=True).exists()
    assert (
        kpis.get(text__startswith="Đến năm 2030: có trên 1.500").method == Target.Method.GROWTH
    )  # a count
    assert (
        kpis.get(text__startswith="Đến năm 2030: Kinh tế số chiếm").method == Target.Method.LINEAR
    )  # a %


def test_a_target_whose_sources_disagree_keeps_both_readings_flagged():
    bac_giang = Unit.objects.get(slug="bac-giang")
    readings = Target.objects.filter(
        unit=bac_giang, metric_code="pct_level4_online_public_services_multichannel"
    )
    assert sorted(readings.values_list("target_year", flat=True)) == [2021, 2025]
    first, second = readings.order_by("target_year")
    assert first.disputed and second.disputed
    assert first.other_reading == second and second.other_reading == first
    assert "2025" in first.dispute_note and "2021" in second.dispute_note
    # The data README's "top 20 vs thứ 15" for Hải Dương: one row, flagged, with the other reading.
    hai_duong = Target.objects.get(unit__slug="hai-duong", kind=Target.Kind.RANK, target_year=2025)
    assert hai_duong.disputed and hai_duong.value == 20 and "thứ 15" in hai_duong.dispute_note
    # Lạng Sơn's 25–30 % is a range (two comparators), not a disagreement.
    assert not Target.objects.filter(unit__name="Lạng Sơn", disputed=True).exists()
    assert Target.objects.filter(disputed=True).count() == 3


def test_a_resolution_dated_differently_by_two_sources_keeps_both_dates():
    resolution = Resolution.objects.get(unit__slug="bac-giang", number="111-NQ/TU")
    assert resolution.issued_on == datetime.date(2021, 6, 11)
    assert resolution.issued_on_other == datetime.date(2021, 6, 7)
    assert resolution.date_disputed
    assert resolution.targets.count() == 24
    assert resolution.issuer == Resolution.Issuer.PARTY
    assert resolution.sources.filter(url__contains="vietnamnet.vn").exists()
    assert "Quyết tâm đi đầu" in resolution.source_note  # a source with no address is kept as text


def test_provinces_map_to_the_old_units_except_documents_issued_after_the_merger():
    assert (
        Target.objects.get(text__startswith="Đến năm 2025, Tỉnh có chỉ số").unit.slug == "bac-giang"
    )
    bac_ninh_targets = Target.objects.filter(
        resolution__number__startswith="Nghị quyết HĐND phê duyệt"
    )
    assert {t.unit.slug for t in bac_ninh_targets} == {"bac-ninh-truoc-2025"}
    # Gia Lai's plan of 19/01/2026 speaks of the new Gia Lai (31/34 in DTI 2024).
    gia_lai = Resolution.objects.get(number__startswith="18/KH-UBND")
    assert gia_lai.unit.valid_from == datetime.date(2025, 7, 1)
    assert Resolution.objects.get(number__startswith="275/KH-UBND").unit.slug == "thanh-hoa"
    before_merger = Unit.objects.in_pool(63)
    late = Target.objects.filter(resolution__issued_on__gte=datetime.date(2025, 7, 1))
    assert late.count() == 2
    assert not Target.objects.exclude(pk__in=late).exclude(unit__in=before_merger).exists()


@pytest.mark.parametrize(
    ("number", "issuer"),
    [
        ("111-NQ/TU", "tinh-uy"),
        ("22/NQ-TU", "tinh-uy"),
        ("13-NQ/TU (Kế hoạch thực hiện: 38/KH-UBND ngày 20/02/2024)", "tinh-uy"),
        (
            "Kế hoạch hành động của UBND tỉnh thực hiện NQ 06-NQ/TU (số hiệu không nêu trong nguồn)",
            "ubnd",
        ),
        ("Đề án Chuyển đổi số tỉnh Lạng Sơn đến năm 2030 (UBND tỉnh; số hiệu không nêu)", "ubnd"),
        (
            "Nghị quyết HĐND phê duyệt Đề án Chuyển đổi số tỉnh Bắc Ninh giai đoạn 2024-2030 (số hiệu không nêu trong nguồn)",
            "hdnd",
        ),
        ("(không nêu số hiệu trong nguồn; mục tiêu CĐS toàn diện của tỉnh)", ""),
        ("01 (số hiệu đầy đủ không nêu)", ""),
    ],
)
def test_the_issuer_is_read_from_how_the_document_is_cited(number, issuer):
    assert issuer_of(number) == issuer


def test_every_kpi_observation_row_is_loaded_and_dti_ranks_checked_against_the_published_ranks():
    rows = _rows("kpi_observations.csv")
    kpi_rows = [r for r in rows if r["metric"] != "dti_rank"]
    assert len(rows) == 14 and len(kpi_rows) == 12
    assert KpiObservation.objects.filter(imported=True).count() == IMPORTED_OBSERVATIONS
    for row in kpi_rows:
        obs = KpiObservation.objects.get(
            unit__name=row["province"], metric__code=row["metric"], year=int(row["year"])
        )
        assert obs.value == Decimal(row["value"])
        assert (
            obs.source == row["source"]
            and obs.text == row["text_vi"]
            and obs.value_unit == row["unit"]
        )
    bts = KpiObservation.objects.get(metric__code="bts_stations")
    assert (bts.unit.slug, bts.year, bts.value) == ("ha-giang", 2021, 2418)
    # The two rank rows agree with the published ranks: the articles are added to their notes.
    bac_giang = PublishedRank.objects.get(
        unit__slug="bac-giang", indicator__code="DTI", year=2020, pool=63
    )
    assert bac_giang.rank == 10 and "Bồi dưỡng, nâng cao nhận thức" in bac_giang.working_note
    hai_duong = PublishedRank.objects.get(
        unit__slug="hai-duong", indicator__code="DTI", year=2021, pool=63
    )
    assert hai_duong.rank == 14 and "Cũng ghi trong" in hai_duong.working_note
    assert not bac_giang.note and not hai_duong.note  # the article is no public note


def test_every_metric_has_names_in_both_languages():
    used = {r["metric"] for r in _rows("resolutions.csv")} | {
        r["metric"] for r in _rows("kpi_observations.csv")
    }
    used -= {"dti_rank", "qualitative_goal"}
    metrics = {m.code: m for m in KpiMetric.objects.filter(code__in=used)}
    assert set(metrics) == used
    assert all(m.name and m.name_en and m.unit_label for m in metrics.values())


def test_a_reload_replaces_imported_observations_and_keeps_those_entered_by_hand():
    hai_duong = Unit.objects.get(slug="hai-duong")
    metric = KpiMetric.objects.get(code="pct_work_records_online_province")
    KpiObservation.objects.create(
        unit=hai_duong, metric=metric, year=2023, value=88, source="Báo cáo UBND tỉnh 2023"
    )
    KpiObservation.objects.filter(imported=True).update(value=1)
    rows = targets_collect(data_dir=DATA, indicators=_indicators())
    assert rows.errors == []
    report = targets_write(rows, titles={})
    assert (report.targets, report.resolutions, report.kpi_observations, report.rank_rows) == (
        94,
        23,
        IMPORTED_OBSERVATIONS,
        14,  # 2 rank rows in the first file; 11 ranks and 1 DTI value in the published one
    )
    assert KpiObservation.objects.get(unit=hai_duong, metric=metric, year=2023).value == 88
    assert KpiObservation.objects.get(metric__code="bts_stations").value == 2418


def test_an_unmapped_province_an_unknown_metric_or_a_bad_number_is_refused(tmp_path):
    data = _copy_data(tmp_path)

    def spoil(rows):
        rows[0]["province"] = "Tỉnh Không Có"
        rows[1]["metric"] = "so_ca_si_nghe"
        rows[2]["target_value"] = "mười"
        rows[3]["comparator"] = "≫"

    _rewrite(data / "resolutions.csv", spoil)
    _rewrite(data / "kpi_observations.csv", lambda rows: rows[1].update(province="Hà Giangg"))
    errors = targets_collect(data_dir=data, indicators=_indicators()).errors
    assert any("resolutions.csv:2" in e and "Tỉnh Không Có" in e for e in errors)
    assert any("resolutions.csv:3" in e and "so_ca_si_nghe" in e for e in errors)
    assert any("resolutions.csv:4" in e and "mười" in e for e in errors)
    assert any("resolutions.csv:5" in e and "≫" in e for e in errors)
    assert any("kpi_observations.csv:3" in e and "Hà Giangg" in e for e in errors)
    assert len(errors) == 5


def test_a_refused_row_leaves_the_database_as_it_was(tmp_path):
    data = _copy_data(tmp_path)
    _rewrite(data / "resolutions.csv", lambda rows: rows[5].update(province="Atlantis"))
    before = (Target.objects.count(), Resolution.objects.count(), KpiObservation.objects.count())
    with pytest.raises(DataLoadError) as caught:
        published_data_load(data_dir=data)
    assert any("Atlantis" in e for e in caught.value.errors)
    assert (
        Target.objects.count(),
        Resolution.objects.count(),
        KpiObservation.objects.count(),
    ) == before


def test_a_dti_rank_quoted_differently_is_reported_and_the_published_rank_kept(tmp_path):
    data = _copy_data(tmp_path)
    _rewrite(data / "kpi_observations.csv", lambda rows: rows[0].update(value="11"))
    report = targets_write(targets_collect(data_dir=data, indicators=_indicators()), titles={})
    assert any("Bắc Giang 2020 hạng 10/63" in d and "ghi 11" in d for d in report.disagreements)
    assert (
        PublishedRank.objects.get(
            unit__slug="bac-giang", indicator__code="DTI", year=2020, pool=63
        ).rank
        == 10
    )


def test_the_committed_fixtures_hold_the_targets_and_observations():
    dump = json.loads(
        (Path(settings.FIXTURE_DIRS[0]) / "indicators.json").read_text(encoding="utf-8")
    )
    counts = {}
    for obj in dump:
        counts[obj["model"]] = counts.get(obj["model"], 0) + 1
    assert counts["indicators.target"] == 94
    assert counts["indicators.resolution"] == 23
    assert counts["indicators.kpiobservation"] == IMPORTED_OBSERVATIONS
    assert counts["indicators.kpimetric"] == len(KpiMetric.objects.all())


def _published_key(row: dict[str, str]) -> tuple:
    year = row["year"].split("-")[-1]
    return (row["province"], row["metric"], int(year), Decimal(row["value"]))


def test_every_published_observation_is_loaded_with_how_it_was_published():
    rows = _rows("kpi_observations_published.csv")
    assert len(rows) == 88
    kpi = [r for r in rows if r["metric"] not in ("dti_rank", "dti_score")]
    keys = {_published_key(r) for r in kpi}
    assert len(kpi) == 76 and len(keys) == 73
    loaded = KpiObservation.objects.filter(imported=True).exclude(
        source__in=[r["source"] for r in _rows("kpi_observations.csv")]
    )
    assert loaded.count() == len(keys)
    for row in kpi:
        national = row["province"] == "Cả nước"
        match = [
            o
            for o in loaded.filter(
                metric__code=row["metric"],
                year=_published_key(row)[2],
                value=Decimal(row["value"]),
                unit__isnull=national,
            )
            if national or o.unit.name in row["province"]
        ]
        assert len(match) == 1, row
        obs = match[0]
        assert row["source_url"] in obs.source.split(" | ")
        assert row["note"][:40] in obs.working_note  # the file's note: admins only
        assert row["note"][:40] not in obs.note
    # How a figure was published, kept with it.
    over = loaded.get(unit__slug="bac-giang", metric__code="digital_enterprises_count", year=2025)
    assert (over.qualifier, over.value) == (KpiObservation.Qualifier.OVER, 800)
    estimate = loaded.get(
        unit__slug="hai-duong", metric__code="digital_economy_share_grdp_pct", year=2023
    )
    assert estimate.qualifier == KpiObservation.Qualifier.ESTIMATE
    average = loaded.get(metric__code="labour_productivity_growth_pct_per_year", period="2021–2025")
    assert (average.year, average.qualifier) == (2025, KpiObservation.Qualifier.PERIOD_AVERAGE)
    # The merged 2025 units are read as the new units.
    new_bac_ninh = loaded.get(
        metric__code="digital_economy_share_grdp_pct", year=2025, value=Decimal("46.30")
    )
    assert new_bac_ninh.unit.valid_from == datetime.date(2025, 7, 1)


def test_national_values_have_no_unit_and_keep_their_series_apart():
    national = KpiObservation.objects.filter(unit__isnull=True)
    assert national.count() == 33  # 35 rows, two of them a second source of the same figure
    gdp_2022 = national.filter(metric__code="digital_economy_share_gdp_pct", year=2022)
    assert sorted(gdp_2022.values_list("value", flat=True)) == [
        Decimal("12.63"),
        Decimal("12.67"),
        Decimal("12.83"),
        Decimal("12.86"),
        Decimal("14.26"),
    ]
    current = gdp_2022.get(superseded=False, series__startswith="Cục Thống kê")
    assert current.value == Decimal("12.83")
    assert gdp_2022.get(value=Decimal("12.63")).superseded


def test_a_flagged_or_national_observation_never_counts_for_a_status():
    from indicators.caching.catalog import catalog

    kpi = catalog().kpi
    flagged = KpiObservation.objects.filter(definition_differs=True).select_related("metric")
    assert flagged.exists()
    for obs in flagged.exclude(unit__isnull=True):
        assert kpi.get((obs.unit_id, obs.metric_id), {}).get(obs.year) != obs.value or (
            KpiObservation.objects.filter(
                unit=obs.unit,
                metric=obs.metric,
                year=obs.year,
                value=obs.value,
                definition_differs=False,
                superseded=False,
            ).exists()
        )
    assert not any(unit_id is None for unit_id, _metric in kpi)
    # A related but different measure has its own code: never the target's metric.
    related = KpiObservation.objects.get(
        unit__slug="ha-giang", metric__code="pct_online_application_records", year=2025
    )
    assert not Target.objects.filter(kpi_metric=related.metric).exists()
