"""indicators.loading.derived: pillars from the weights and merged units by the
merger rule, stored with their provenance, never over a published value."""

from decimal import Decimal

import pytest

from indicators.loading.derived import derived_scores_recompute, framework_weights
from indicators.models import Framework, Indicator, Provenance, Score
from indicators.rules.merger import merged_value
from indicators.rules.reference import ACTIVITY_PILLAR
from indicators.rules.weights import pillars_from_dti
from provinces.models import Unit
from tests.factories import ScoreFactory, UnitFactory

pytestmark = pytest.mark.django_db

D = Decimal
PILLARS = ("CQS", "KTS", "XHS")
STORED = D("0.000001")


def _old(name: str) -> Unit:
    return Unit.objects.in_pool(63).get(name=name)


def _new(name: str) -> Unit:
    return Unit.objects.in_pool(34).get(name=name)


def _score(unit: Unit, code: str, year: int) -> Score:
    return Score.objects.get(unit=unit, indicator__code=code, year=year)


def _derived() -> list[tuple]:
    return sorted(
        Score.objects.exclude(provenance=Provenance.PUBLISHED).values_list(
            "unit_id", "indicator__code", "year", "value", "provenance", "note"
        )
    )


@pytest.mark.parametrize("year", [2022, 2023])
def test_every_one_of_the_63_units_has_all_three_pillars(year):
    for code in PILLARS:
        assert (
            Score.objects.filter(
                unit__in=Unit.objects.in_pool(63), indicator__code=code, year=year
            ).count()
            == 63
        )


@pytest.mark.parametrize(("year", "published"), [(2022, 6), (2023, 3)])
def test_pillars_are_computed_exactly_where_none_was_published(year, published):
    pillars = Score.objects.filter(
        unit__in=Unit.objects.in_pool(63), indicator__code__in=PILLARS, year=year
    )
    assert pillars.filter(provenance=Provenance.PUBLISHED).count() == published
    assert pillars.filter(provenance=Provenance.PILLAR_FORMULA).count() == 3 * 63 - published


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        (
            "Quảng Ninh",
            2022,
            {"CQS": D("0.7804"), "KTS": D("0.7187"), "XHS": D("0.6864")},
        ),
        (
            "Trà Vinh",
            2022,
            {"CQS": D("0.6683"), "KTS": D("0.6647"), "XHS": D("0.5991")},
        ),
        (
            "Hải Phòng",
            2023,
            {"CQS": D("0.7684"), "KTS": D("0.7793"), "XHS": D("0.7383")},
        ),
    ],
)
def test_a_published_pillar_is_kept_as_published(name, year, expected):
    for code, value in expected.items():
        score = _score(_old(name), code, year)
        assert (score.value, score.provenance) == (value, Provenance.PUBLISHED)


@pytest.mark.parametrize(
    ("name", "year"),
    [("Đà Nẵng", 2022), ("Hà Giang", 2022), ("Bình Dương", 2023), ("Hà Nội", 2023)],
)
def test_a_computed_pillar_is_the_formula_on_the_published_dti_and_activity_indices(name, year):
    unit = _old(name)
    inputs = {
        s.indicator.code: s.value
        for s in unit.scores.filter(year=year, indicator__code__in=["DTI", *ACTIVITY_PILLAR])
    }
    expected = pillars_from_dti(
        inputs["DTI"], inputs, framework_weights(Framework.objects.get(year=year))
    )
    for code in PILLARS:
        score = _score(unit, code, year)
        assert score.provenance == Provenance.PILLAR_FORMULA
        assert score.value == expected[code].quantize(STORED)
        assert "Tính từ DTI" in score.note


def test_a_computed_pillar_carries_the_sources_of_its_inputs():
    unit = _old("Hà Giang")
    inputs = unit.scores.filter(year=2022, indicator__code__in=["DTI", *ACTIVITY_PILLAR])
    expected = {url for s in inputs for url in s.sources.values_list("url", flat=True)}
    assert set(_score(unit, "CQS", 2022).sources.values_list("url", flat=True)) == expected
    assert len(expected) >= 2


def test_no_2024_pillar_is_derived_anywhere_the_framework_changed():
    """Point 1 of issue 14: no weight fits the published 2024 pillar averages, so no
    2024 pillar is computed, for the 63 units, the merged units or the 34-unit pool."""
    pillars_2024 = Score.objects.filter(indicator__code__in=PILLARS, year=2024)
    assert not pillars_2024.exclude(provenance=Provenance.PUBLISHED).exists()
    assert not pillars_2024.filter(unit__in=Unit.objects.in_pool(34)).exists()
    # The DTI of the merged units still follows from the official rule.
    assert _score(_new("Tuyên Quang"), "DTI", 2024).provenance == Provenance.MERGER_RULE


def test_which_years_a_derived_figure_is_valid_for_is_data_and_an_edit_recomputes():
    from indicators.models import Derivation

    derivation = Derivation.objects.get(figure=Derivation.Figure.PILLARS, year=2023)
    assert (
        derivation.valid and "0,7240" in derivation.evidence and "0.7240" in derivation.evidence_en
    )
    assert not Derivation.objects.get(figure=Derivation.Figure.PILLARS, year=2024).valid
    derivation.valid = False
    derivation.save()
    derived_scores_recompute()
    assert not Score.objects.filter(year=2023, provenance=Provenance.PILLAR_FORMULA).exists()
    derivation.valid = True
    derivation.save()
    derived_scores_recompute()
    assert (
        Score.objects.filter(year=2023, provenance=Provenance.PILLAR_FORMULA).count() == 3 * 63 - 3
    )


def test_derived_notes_exist_in_both_languages_with_the_values_as_shown():
    merged = _score(_new("Tuyên Quang"), "DTI", 2022)
    assert merged.provenance == Provenance.MERGER_BACKCAST
    assert merged.note.startswith("Ước tính ngược") and merged.note_en.startswith("Back-cast")
    assert "Hà Giang 0,4790" in merged.note and "Hà Giang 0.4790" in merged.note_en
    pillar = _score(_old("Đà Nẵng"), "CQS", 2022)
    assert pillar.note.startswith("Tính từ DTI") and pillar.note_en.startswith("Computed from")


def test_no_pillar_is_computed_for_2020_which_was_scored_on_pillars():
    assert not Score.objects.filter(year=2020, provenance=Provenance.PILLAR_FORMULA).exists()
    assert not Score.objects.filter(unit=_old("Đà Nẵng"), indicator__code="CQS", year=2020).exists()


def test_recompute_never_overwrites_a_published_pillar_even_when_the_formula_disagrees():
    published = _score(_old("Quảng Ninh"), "CQS", 2022)
    published.value = D("0.5000")
    published.save()
    derived_scores_recompute()
    assert (
        Score.objects.filter(unit=_old("Quảng Ninh"), indicator__code="CQS", year=2022).count() == 1
    )
    kept = _score(_old("Quảng Ninh"), "CQS", 2022)
    assert (kept.pk, kept.value, kept.provenance) == (
        published.pk,
        D("0.5"),
        Provenance.PUBLISHED,
    )


def test_recompute_gives_the_same_derived_values_again():
    before = _derived()
    published = Score.objects.filter(provenance=Provenance.PUBLISHED).count()
    made = derived_scores_recompute()
    assert made == len(before)
    assert _derived() == before
    assert Score.objects.filter(provenance=Provenance.PUBLISHED).count() == published


def test_recompute_drops_derived_values_whose_published_inputs_are_gone():
    tra_vinh = _old("Trà Vinh")
    _score(tra_vinh, "DTI", 2023).delete()
    derived_scores_recompute()
    assert not Score.objects.filter(unit=tra_vinh, indicator__code__in=PILLARS, year=2023).exists()
    # The new Vĩnh Long (Bến Tre + Trà Vinh + Vĩnh Long) has no 2023 back-cast without Trà Vinh.
    assert not Score.objects.filter(
        unit=_new("Vĩnh Long"), indicator__code="DTI", year=2023
    ).exists()
    assert Score.objects.filter(unit=_new("Vĩnh Long"), indicator__code="DTI", year=2022).exists()


def test_recompute_ignores_synthetic_units():
    fake = UnitFactory(is_synthetic=True)
    for code, value in {
        "DTI": "0.7",
        "HDCQS": "0.8",
        "HDKTS": "0.6",
        "HDXHS": "0.4",
    }.items():
        ScoreFactory(
            unit=fake,
            indicator=Indicator.objects.get(code=code),
            year=2022,
            value=D(value),
        )
    derived_scores_recompute()
    assert not Score.objects.filter(unit=fake).exclude(provenance=Provenance.PUBLISHED).exists()


def test_merged_unit_2024_value_follows_the_official_merger_rule():
    thai_nguyen = _new("Thái Nguyên")
    parts = [_score(_old(n), "DTI", 2024).value for n in ("Bắc Kạn", "Thái Nguyên")]
    score = _score(thai_nguyen, "DTI", 2024)
    assert score.provenance == Provenance.MERGER_RULE
    assert score.value == merged_value(parts).quantize(STORED)
    assert score.value.quantize(D("0.0001")) == D("0.7521")
    assert "Bắc Kạn" in score.note and "Quy tắc sáp nhập chính thức" in score.note


def test_merged_unit_before_2024_is_a_backcast_labelled_as_computed_by_the_app():
    bac_ninh = _new("Bắc Ninh")
    parts = [_score(_old(n), "DTI", 2022).value for n in ("Bắc Ninh", "Bắc Giang")]
    score = _score(bac_ninh, "DTI", 2022)
    assert score.provenance == Provenance.MERGER_BACKCAST
    assert score.value == merged_value(parts).quantize(STORED)
    assert "ứng dụng tính" in score.note


def test_merged_unit_gets_its_pillars_as_the_mean_of_its_predecessors_pillars():
    hai_phong = _new("Hải Phòng")
    parts = [_score(_old(n), "KTS", 2023).value for n in ("Hải Phòng", "Hải Dương")]
    score = _score(hai_phong, "KTS", 2023)
    assert score.provenance == Provenance.MERGER_BACKCAST
    assert score.value == merged_value(parts).quantize(STORED)


def test_merged_unit_carries_the_sources_of_its_predecessors():
    expected = {
        url
        for name in ("Bắc Kạn", "Thái Nguyên")
        for url in _score(_old(name), "DTI", 2024).sources.values_list("url", flat=True)
    }
    assert (
        set(_score(_new("Thái Nguyên"), "DTI", 2024).sources.values_list("url", flat=True))
        == expected
    )


def test_a_published_value_of_a_merged_unit_is_not_replaced_by_the_rule():
    hcm = _score(_new("Hồ Chí Minh"), "DTI", 2024)
    assert (hcm.value, hcm.provenance) == (D("0.7770"), Provenance.PUBLISHED)


def test_no_backcast_where_a_predecessor_has_no_value():
    # Bắc Giang has no published 2021 DTI, so the new Bắc Ninh has none either.
    assert not Score.objects.filter(
        unit=_old("Bắc Giang"), indicator__code="DTI", year=2021
    ).exists()
    assert not Score.objects.filter(
        unit=_new("Bắc Ninh"), indicator__code="DTI", year=2021
    ).exists()


def test_every_new_unit_has_a_2022_to_2024_dti():
    for year in (2022, 2023, 2024):
        assert (
            Score.objects.filter(
                unit__in=Unit.objects.in_pool(34), indicator__code="DTI", year=year
            ).count()
            == 34
        )


def test_derived_values_never_touch_the_unchanged_units_published_figures():
    hanoi = Unit.objects.get(name="Hà Nội")
    assert _score(hanoi, "DTI", 2024).provenance == Provenance.PUBLISHED
    assert not hanoi.scores.filter(
        provenance__in=[Provenance.MERGER_RULE, Provenance.MERGER_BACKCAST]
    ).exists()
