"""indicators.targets.selectors on the real data: each target's status, method and gap,
inherited targets, the 63 → 34 reading, the overview and the comparison."""

from decimal import Decimal

import pytest

from indicators.models import Indicator, KpiMetric, KpiObservation, Target
from indicators.scorecard.compare import comparison
from indicators.targets.rank_book import RankBook
from indicators.targets.selectors import (
    target_overview,
    unit_targets,
)
from indicators.targets.status import Method, Reason, Status
from provinces.models import Unit

pytestmark = pytest.mark.django_db
NOW = 2026


def _unit(slug: str) -> Unit:
    return Unit.objects.get(slug=slug)


def _rank_target(items, year):
    return next(
        p for p in items if p.target.kind == Target.Kind.RANK and p.target.target_year == year
    )


@pytest.mark.parametrize(
    ("slug", "count"), [("bac-giang", 24), ("nam-dinh", 2), ("ha-giang", 2), ("bac-ninh", 34)]
)
def test_unit_targets_takes_three_queries_whatever_the_number_of_targets(
    slug, count, catalog_warm, django_assert_num_queries
):
    unit = _unit(slug)
    with django_assert_num_queries(3):  # data version + the rank book's scores and ranks
        items = unit_targets(unit=unit, current_year=NOW)
    assert len(items) == count


def test_a_unit_without_targets_takes_one_query(catalog_warm, django_assert_num_queries):
    ha_noi = _unit("ha-noi")
    with django_assert_num_queries(1):
        assert unit_targets(unit=ha_noi, current_year=NOW) == []


def test_bac_giang_top_15_by_2025_read_as_written_and_as_a_share_of_the_34(
    django_assert_num_queries,
):
    progress = _rank_target(unit_targets(unit=_unit("bac-giang"), current_year=NOW), 2025)
    as_written, as_share = progress.readings
    # As written: 13/63 in 2024 (9/63 in 2022), inside the top 15: achieved, with a 0.0078 margin
    # over the unit ranked 15th in 2024 (0.7583 vs 0.7505).
    assert (as_written.pool, as_written.n, as_written.rank, as_written.rank_year) == (
        63,
        15,
        13,
        2024,
    )
    assert as_written.rank_gap == -2
    assert (as_written.value_needed, as_written.points_gap) == (
        Decimal("0.7505"),
        Decimal("-0.0078"),
    )
    # Met in 2024, before the target year: achieved early, the 2025 result is not published.
    assert (
        progress.assessment.status == Status.ACHIEVED_EARLY
        and progress.assessment.reason == Reason.MET
    )
    assert (
        progress.assessment.baseline.year == 2020 and progress.assessment.baseline.value == 10
    )  # before 06/2021
    # As a share: 15/63 ≈ 8/34 for Bắc Ninh, the unit Bắc Giang went into; 11/34 in 2024.
    assert (as_share.pool, as_share.n, as_share.unit.slug, as_share.rank) == (34, 8, "bac-ninh", 11)
    assert as_share.n_exact.quantize(Decimal("0.01")) == Decimal("8.10")
    assert (as_share.rank_gap, as_share.points_gap) == (3, Decimal("0.0047"))
    # 2025 is over and DTI 2025 is not published: not enough data, never "on track".
    assert as_share.assessment.status == Status.NOT_ENOUGH_DATA
    assert as_share.assessment.reason == Reason.DEADLINE_NO_VALUE


def test_bac_giang_top_10_by_2030_is_deteriorating_by_every_method():
    progress = _rank_target(unit_targets(unit=_unit("bac-giang"), current_year=NOW), 2030)
    assert progress.assessment.method == Method.LINEAR
    assert progress.assessment.status == Status.DETERIORATING  # 10/63 in 2020, 13/63 in 2024
    assert {a.method for a in progress.other_methods} == {Method.GROWTH, Method.PROJECTION}
    assert all(a.status == Status.DETERIORATING for a in progress.other_methods)
    assert (progress.readings[0].rank_gap, progress.readings[0].points_gap) == (
        3,
        Decimal("0.0061"),
    )
    assert progress.readings[1].n == 5  # 10·34/63 = 5.40


def test_successors_inherit_their_predecessors_targets_unchanged_and_labelled():
    items = unit_targets(unit=_unit("bac-ninh"), current_year=NOW)
    assert all(
        p.inherited_from is not None for p in items
    )  # the new Bắc Ninh has no own resolution
    by_origin = {}
    for p in items:
        by_origin.setdefault(p.inherited_from.slug, []).append(p)
    assert {k: len(v) for k, v in by_origin.items()} == {"bac-giang": 24, "bac-ninh-truoc-2025": 10}
    inherited = _rank_target(by_origin["bac-giang"], 2025)
    assert (
        inherited.target.unit.slug == "bac-giang"
        and inherited.target.resolution.number == "111-NQ/TU"
    )
    assert inherited.target.value == 15  # the resolution's wording, not rewritten to 8/34
    own = _rank_target(unit_targets(unit=_unit("bac-giang"), current_year=NOW), 2025)
    assert own.inherited_from is None and own.assessment == inherited.assessment


def test_hai_phong_inherits_hai_duong_and_the_old_hai_phong():
    items = unit_targets(unit=_unit("hai-phong"), current_year=NOW)
    assert {p.inherited_from.slug for p in items} == {"hai-duong", "hai-phong-truoc-2025"}
    assert len(items) == 19 + 7


def test_a_target_without_a_year_gets_its_gap_but_no_trajectory():
    progress = next(
        p
        for p in unit_targets(unit=_unit("ha-giang"), current_year=NOW)
        if p.target.kind == Target.Kind.RANK
    )
    assert progress.target.target_year is None and progress.target.value == 20
    assert progress.assessment.reason == Reason.NO_TARGET_YEAR
    assert progress.assessment.status == Status.LATEST_VALUE
    assert (progress.readings[0].rank, progress.readings[0].rank_gap) == (25, 5)  # 25/63 in 2024


def test_a_kpi_target_gets_a_status_as_soon_as_values_are_entered():
    unit = _unit("bac-giang")

    def status():
        items = unit_targets(unit=unit, current_year=2024)
        return next(
            p for p in items if p.target.text.startswith("Đến năm 2025: 95% hồ sơ")
        ).assessment

    assert status().status == Status.NOT_ENOUGH_DATA and status().reason == Reason.NO_DATA
    metric = KpiMetric.objects.get(code="pct_work_records_online_province")
    KpiObservation.objects.create(
        unit=unit, metric=metric, year=2021, value=60, source="Báo cáo thử"
    )
    assert (status().status, status().reason) == (Status.LATEST_VALUE, Reason.SINGLE_POINT)
    KpiObservation.objects.create(
        unit=unit, metric=metric, year=2023, value=80, source="Báo cáo thử"
    )
    # E(2023) = 60 + (95 − 60)(2023 − 2021)/(2025 − 2021) = 77.5 ≤ 80
    assessment = status()
    assert (assessment.status, assessment.expected, assessment.gap) == (Status.ON_TRACK, 77.5, 2.5)
    assert assessment.distance == 15


def test_ties_at_the_nth_place_in_the_real_2022_table():
    book = RankBook({"DTI"})
    hau_giang, thanh_hoa, yen_bai = (_unit(s).pk for s in ("hau-giang", "thanh-hoa", "yen-bai"))
    assert [book.rank(u, "DTI", 2022, 63) for u in (thanh_hoa, yen_bai, hau_giang)] == [15, 15, 17]
    from indicators.targets.status import value_for_rank

    column = book.column("DTI", 2022, 63)
    # To be "top 16", Hậu Giang needs the 0.6350 that ties 15th: nobody is ranked 16th.
    assert value_for_rank(column, unit=hau_giang, n=16) == Decimal("0.6350")
    assert value_for_rank(column, unit=thanh_hoa, n=15) == Decimal("0.6350")


def test_overview_counts_every_status_and_filters(catalog_warm, django_assert_num_queries):
    with django_assert_num_queries(3):
        overview = target_overview(current_year=NOW)
    assert overview.total == len(overview.rows) == 94
    assert sum(overview.counts.values()) == 94
    assert overview.counts["text"] == 11
    # Bắc Giang top 15, Hải Dương top 20, Nam Định top 20 (by 2025): met in 2024, DTI 2025 not
    # out; Bắc Ninh's three work-record shares (95,13 %, 95,9 %, 97,78 % in 2023) and Bắc Giang's
    # 100 % identified users (2024): met before their years. Bắc Giang's "over 800 digital
    # enterprises" by 2025: "trên 800" was published for 2025.
    assert overview.counts["achieved-early"] == 7 and overview.counts["achieved"] == 1
    assert overview.counts["not-enough-data"] == 67  # 78 before the published KPI observations
    ranks = target_overview(kind="rank", current_year=NOW)
    assert len(ranks.rows) == 7 and sum(ranks.counts.values()) == 7
    achieved = target_overview(kind="rank", status="achieved-early", current_year=NOW)
    assert len(achieved.rows) == 3 and achieved.total == 7
    assert {r.target.unit.name for r in achieved.rows} == {"Bắc Giang", "Hải Dương", "Nam Định"}
    horizon = target_overview(horizon="2030", current_year=NOW)
    assert horizon.rows and all(r.target.target_year == 2030 for r in horizon.rows)
    other = target_overview(horizon="other", current_year=NOW)
    assert all(r.target.target_year not in (2025, 2030) for r in other.rows)
    assert (
        len(horizon.rows)
        + len(other.rows)
        + len(target_overview(horizon="2025", current_year=NOW).rows)
        == 94
    )
    successor = target_overview(unit=_unit("bac-ninh"), current_year=NOW)
    assert len(successor.rows) == 34
    assert _unit("bac-ninh") in overview.units and _unit("bac-giang") in overview.units


def test_comparison_of_bac_giang_ha_giang_hai_duong(catalog_warm, django_assert_num_queries):
    units = [_unit("bac-giang"), _unit("ha-giang"), _unit("hai-duong")]
    dti = Indicator.objects.get(code="DTI")
    with django_assert_num_queries(3):
        data = comparison(units=units, metric=dti, current_year=NOW)
    assert data.years == [2020, 2021, 2022, 2023, 2024]
    assert sorted(data.method_changes) == [2021, 2024]
    cells = {u.slug: data.cells[u.pk] for u in units}
    assert [cells[s][2022].value for s in ("bac-giang", "ha-giang", "hai-duong")] == [
        Decimal("0.644"),
        Decimal("0.479"),
        Decimal("0.6383"),
    ]
    assert cells["bac-giang"][2022].ranks == [(9, 63, False)]
    assert cells["ha-giang"][2022].ranks == [(57, 63, False)]
    assert (
        cells["ha-giang"][2020].value is None and cells["ha-giang"][2020].ranks == []
    )  # not published
    assert cells["bac-giang"][2020].ranks == [(10, 63, False)]
    # Provincial average: published, except 2022 (none found) – the app's mean of the 63, flagged.
    assert data.averages[2023].value == Decimal("0.6783") and not data.averages[2023].computed
    assert data.averages[2022].computed and data.averages[2022].value.quantize(
        Decimal("0.0001")
    ) == Decimal("0.5787")
    assert {y: (r.unit.name, r.pool) for y, r in data.leaders.items()} == {
        2020: ("Đà Nẵng", 63),
        2021: ("Đà Nẵng", 63),
        2022: ("Đà Nẵng", 63),
        2023: ("Đà Nẵng", 63),
        2024: ("Hồ Chí Minh", 63),
    }
    assert len(data.targets[units[0].pk]) == 24


def test_comparison_with_a_new_unit_reads_2024_in_the_34_pool():
    units = [_unit("bac-ninh"), _unit("ha-noi")]
    data = comparison(units=units, metric=Indicator.objects.get(code="DTI"), current_year=NOW)
    assert data.reference_pools[2024] == 34
    assert (data.leaders[2024].unit.name, data.leaders[2024].value) == ("Hà Nội", Decimal("0.8241"))
    ha_noi_2024 = data.cells[units[1].pk][2024].ranks
    assert (1, 34, False) in ha_noi_2024 and (4, 63, False) in ha_noi_2024  # both pools, both shown
    assert (11, 34, False) in data.cells[units[0].pk][2024].ranks
    assert all(
        backcast for *_, backcast in data.cells[units[0].pk][2022].ranks
    )  # 34-pool 2022 is a back-cast
