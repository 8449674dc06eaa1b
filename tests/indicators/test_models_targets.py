"""Resolution, Target, KpiMetric, KpiObservation: invariants kept by the database
(and reported by full_clean before a save)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Indicator, KpiMetric, KpiObservation, Resolution, Target
from provinces.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution() -> Resolution:
    return Resolution.objects.create(
        unit=Unit.objects.get(slug="ha-giang"), number="99-NQ/TU thử", period="2021-2025"
    )


@pytest.fixture
def metric() -> KpiMetric:
    return KpiMetric.objects.get(code="pct_work_records_online_province")


def _target(resolution, **fields) -> Target:
    base = {
        "resolution": resolution,
        "unit": resolution.unit,
        "text": "Mục tiêu thử",
        "kind": Target.Kind.RANK,
        "indicator": Indicator.objects.get(code="DTI"),
        "comparator": "<=",
        "value": Decimal(20),
        "target_year": 2025,
    }
    return Target(**{**base, **fields})


def _violates(obj) -> None:
    with pytest.raises(ValidationError):
        obj.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_a_valid_rank_target_saves(resolution):
    target = _target(resolution)
    target.full_clean()
    target.save()
    assert target.has_status and target.metric_label == "Chỉ số chuyển đổi số cấp tỉnh"


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": Target.Kind.TEXT},  # a text target has no value, comparator or metric
        {"indicator": None},  # a rank target needs its indicator
        {"value": None},  # … and a number
        {"comparator": ""},  # … and a comparator
        {"value": Decimal(0)},  # ranks start at 1
        {"kind": Target.Kind.SCORE, "value": Decimal("1.5")},  # DTI values are 0–1
        {"target_year": 1999},
        {"baseline_year": 2026},  # the baseline comes before the target year
        {"baseline_value": Decimal(30)},  # a baseline value needs its year
    ],
)
def test_target_constraints(resolution, fields):
    _violates(_target(resolution, **fields))


def test_a_kpi_target_names_a_kpi_metric_and_no_indicator(resolution, metric):
    _violates(
        _target(
            resolution,
            kind=Target.Kind.KPI,
            kpi_metric=None,
            indicator=None,
            comparator=">=",
            value=95,
        )
    )
    _violates(
        _target(resolution, kind=Target.Kind.KPI, kpi_metric=metric, comparator=">=", value=95)
    )
    ok = _target(
        resolution,
        kind=Target.Kind.KPI,
        kpi_metric=metric,
        indicator=None,
        comparator=">=",
        value=95,
    )
    ok.full_clean()


def test_a_text_target_has_no_number(resolution):
    ok = _target(
        resolution,
        kind=Target.Kind.TEXT,
        indicator=None,
        comparator="",
        value=None,
        target_year=None,
    )
    ok.full_clean()
    ok.save()
    assert not ok.has_status


def test_another_reading_is_only_kept_on_a_disputed_target(resolution):
    first = _target(resolution)
    first.save()
    _violates(_target(resolution, other_reading=first))
    _target(resolution, other_reading=first, disputed=True).save()


def test_a_target_belongs_to_the_unit_that_issued_its_document(resolution):
    with pytest.raises(ValidationError, match="đơn vị ban hành"):
        _target(resolution, unit=Unit.objects.get(slug="bac-giang")).full_clean()


def test_a_resolution_number_is_unique_per_unit_and_a_second_date_differs(resolution):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.create(unit=resolution.unit, number=resolution.number)
    day = datetime.date(2021, 6, 11)
    _violates(Resolution(unit=resolution.unit, number="khác", issued_on=day, issued_on_other=day))


def test_one_observation_per_unit_metric_and_year(metric):
    unit = Unit.objects.get(slug="ha-giang")
    KpiObservation.objects.create(unit=unit, metric=metric, year=2023, value=80, source="thử")
    _violates(KpiObservation(unit=unit, metric=metric, year=2023, value=81, source="thử"))
    _violates(KpiObservation(unit=unit, metric=metric, year=1990, value=81, source="thử"))


def test_a_percentage_observation_stays_within_0_and_100(metric):
    obs = KpiObservation(
        unit=Unit.objects.get(slug="ha-giang"), metric=metric, year=2023, value=120, source="thử"
    )
    with pytest.raises(ValidationError, match="0–100"):
        obs.full_clean()
    with pytest.raises(ValidationError):  # the source is required
        KpiObservation(unit=obs.unit, metric=metric, year=2023, value=20).full_clean()
