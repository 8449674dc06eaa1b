"""indicators.models (and the unit model they hang on): what the database itself refuses.

Each constraint is checked twice: the database raises IntegrityError (inside its
own atomic block, so PostgreSQL's transaction survives), and full_clean() reports
the same problem as a ValidationError before anything is saved.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import (
    Framework,
    FrameworkIndicator,
    Indicator,
    Provenance,
    PublishedRank,
    ReferenceValue,
    Score,
    Source,
)
from provinces.models import Succession, Unit
from tests.factories import (
    IndicatorFactory,
    PublishedRankFactory,
    ScoreFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def unit() -> Unit:
    """A unit with no scores of its own, so only the constraint under test can fail."""
    return UnitFactory()


@pytest.fixture
def dti() -> Indicator:
    return Indicator.objects.get(code="DTI")


def _refused_by_the_database(factory, **fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


@pytest.mark.parametrize("value", [D("1.000001"), D("1.5"), D("-0.0001")])
def test_database_refuses_a_score_outside_0_to_1(unit, dti, value):
    _refused_by_the_database(ScoreFactory, unit=unit, indicator=dti, value=value)


@pytest.mark.parametrize("value", [D("0"), D("1"), D("0.4790")])
def test_database_accepts_a_score_on_the_bounds_of_0_to_1(unit, dti, value):
    assert ScoreFactory(unit=unit, indicator=dti, value=value).pk


@pytest.mark.parametrize("value", [D("1.5"), D("-0.0001")])
def test_full_clean_reports_a_score_outside_0_to_1(unit, dti, value):
    with pytest.raises(ValidationError):
        ScoreFactory.build(unit=unit, indicator=dti, value=value).full_clean()


def test_database_refuses_a_second_score_for_the_same_unit_indicator_and_year(dti):
    existing = Score.objects.get(unit__name="Hà Giang", indicator=dti, year=2022)
    _refused_by_the_database(
        ScoreFactory, unit=existing.unit, indicator=dti, year=2022, value=D("0.5")
    )


def test_full_clean_reports_a_second_score_for_the_same_unit_indicator_and_year(dti):
    existing = Score.objects.get(unit__name="Hà Giang", indicator=dti, year=2022)
    duplicate = ScoreFactory.build(unit=existing.unit, indicator=dti, year=2022, value=D("0.5"))
    with pytest.raises(ValidationError, match="đã tồn tại|already exists"):
        duplicate.full_clean()


def test_the_same_unit_and_indicator_may_score_in_another_year(unit, dti):
    ScoreFactory(unit=unit, indicator=dti, year=2022)
    assert ScoreFactory(unit=unit, indicator=dti, year=2023).pk


@pytest.mark.parametrize("year", [2014, 2101])
def test_database_refuses_a_score_year_out_of_range(unit, dti, year):
    _refused_by_the_database(ScoreFactory, unit=unit, indicator=dti, year=year)


@pytest.mark.parametrize("year", [2014, 2101])
def test_full_clean_reports_a_score_year_out_of_range(unit, dti, year):
    with pytest.raises(ValidationError):
        ScoreFactory.build(unit=unit, indicator=dti, year=year).full_clean()


def test_full_clean_accepts_a_valid_score(unit, dti):
    ScoreFactory.build(unit=unit, indicator=dti, year=2024, value=D("0.8241")).full_clean()


@pytest.mark.parametrize(("rank", "pool"), [(35, 34), (64, 63), (0, 63)])
def test_database_refuses_a_published_rank_outside_its_pool(unit, dti, rank, pool):
    _refused_by_the_database(PublishedRankFactory, unit=unit, indicator=dti, rank=rank, pool=pool)


@pytest.mark.parametrize(("rank", "pool"), [(35, 34), (0, 63)])
def test_full_clean_reports_a_published_rank_outside_its_pool(unit, dti, rank, pool):
    with pytest.raises(ValidationError):
        PublishedRankFactory.build(unit=unit, indicator=dti, rank=rank, pool=pool).full_clean()


@pytest.mark.parametrize(("rank", "pool"), [(34, 34), (63, 63), (1, 34)])
def test_database_accepts_a_published_rank_at_the_ends_of_its_pool(unit, dti, rank, pool):
    assert PublishedRankFactory(unit=unit, indicator=dti, rank=rank, pool=pool).pk


def test_database_refuses_a_second_published_rank_in_the_same_pool(dti):
    existing = PublishedRank.objects.get(unit__name="Hậu Giang", indicator=dti, year=2022, pool=63)
    _refused_by_the_database(
        PublishedRankFactory,
        unit=existing.unit,
        indicator=dti,
        year=2022,
        pool=63,
        rank=18,
    )


def test_one_unit_may_have_a_rank_in_each_pool_of_a_year(unit, dti):
    PublishedRankFactory(unit=unit, indicator=dti, year=2024, pool=63, rank=10)
    assert PublishedRankFactory(unit=unit, indicator=dti, year=2024, pool=34, rank=8).pk


@pytest.mark.parametrize("year", [2014, 2101])
def test_database_refuses_a_published_rank_year_out_of_range(unit, dti, year):
    _refused_by_the_database(PublishedRankFactory, unit=unit, indicator=dti, year=year)


def test_database_refuses_a_reference_value_outside_0_to_1(dti):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferenceValue.objects.create(
            year=2030, indicator=dti, kind=ReferenceValue.Kind.NATIONAL, value=D("1.2")
        )


def test_database_refuses_a_framework_year_out_of_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        Framework.objects.create(year=1999, description="x", description_en="x")


def test_database_refuses_a_framework_node_with_zero_points(dti):
    framework = Framework.objects.get(year=2022)
    indicator = IndicatorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkIndicator.objects.create(framework=framework, indicator=indicator, max_points=0)


def test_database_refuses_a_unit_whose_period_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 6, 30))


def test_database_refuses_a_unit_succeeding_itself():
    bac_ninh = Unit.objects.get(slug="bac-ninh")
    with pytest.raises(IntegrityError), transaction.atomic():
        Succession.objects.create(
            predecessor=bac_ninh,
            successor=bac_ninh,
            effective_date=datetime.date(2025, 7, 1),
        )


def test_database_refuses_a_second_unit_with_the_same_code_from_the_same_day():
    new_bac_ninh = Unit.objects.get(slug="bac-ninh")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(code=new_bac_ninh.code, valid_from=new_bac_ninh.valid_from)


def test_database_refuses_a_second_unit_with_the_same_code_and_the_same_open_start_period():
    bac_giang = Unit.objects.get(slug="bac-giang")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(
            code=bac_giang.code,
            valid_from=None,
            valid_to=bac_giang.valid_to,
            name="Bắc Giang",
        )


def test_score_knows_whether_it_was_published(unit, dti):
    assert ScoreFactory(unit=unit, indicator=dti).is_published
    assert not ScoreFactory(
        unit=unit, indicator=dti, year=2023, provenance=Provenance.MERGER_RULE
    ).is_published


def test_rank_reads_with_its_pool():
    rank = PublishedRank.objects.get(unit__name="Hậu Giang", indicator__code="DTI", year=2022)
    assert str(rank) == "Hậu Giang 2022 DTI 17/63"


def test_source_shows_its_site_name():
    assert Source(url="https://www.vietnamnet.vn/a/b.html").host == "vietnamnet.vn"
    assert Source(url="https://dti.gov.vn/xep-hang-2022").host == "dti.gov.vn"
