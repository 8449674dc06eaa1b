"""PAPI and PCI beside the DTI: the load, the province section, the compare
metrics and the relationship view, on the real published data."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from indicators.loading.other_indices import OtherIndexLoadError, other_indices_load
from indicators.models import OtherIndexValue
from indicators.other_indices import selectors
from indicators.rules.correlation import pearson
from provinces.models import Unit

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
PAPI = OtherIndexValue.Index.PAPI
PCI = OtherIndexValue.Index.PCI


def _unit(slug: str) -> Unit:
    return Unit.objects.get(slug=slug)


def _papi(slug: str, year: int, measure: str = "total") -> Decimal | None:
    row = OtherIndexValue.objects.filter(
        index=PAPI, measure=measure, unit__slug=slug, year=year
    ).first()
    return row.value if row else None


# ---------------------------------------------------------------- loading


def test_load_is_part_of_the_published_data_load_with_counts_per_year(published_data):
    report = published_data.other_indices
    assert report is not None
    assert dict(report.papi_totals) == {2020: 63, 2021: 60, 2022: 61, 2023: 61, 2024: 61}
    # total + 8 dimensions per province, plus 4 + 4 dimensions of the two partial 2022 rows
    assert dict(report.papi_values) == {2020: 567, 2021: 540, 2022: 557, 2023: 549, 2024: 549}
    assert dict(report.pci_values) == {2020: 63, 2021: 21, 2022: 13, 2023: 3, 2024: 13}
    assert dict(report.pci_ranks) == {2020: 63, 2021: 23, 2022: 15, 2023: 8, 2024: 13}
    assert OtherIndexValue.objects.filter(index=PAPI).count() == 567 + 540 + 557 + 549 + 549
    assert OtherIndexValue.objects.filter(index=PCI).count() == 63 + 23 + 15 + 8 + 13


def test_load_leaves_the_gaps_named_in_the_readme_empty():
    gaps = {
        2021: ["bac-giang", "bac-ninh-truoc-2025", "quang-ninh"],
        2023: ["quang-ninh", "binh-duong"],
        2024: ["vinh-phuc", "tien-giang"],
    }
    for year, slugs in gaps.items():
        for slug in slugs:
            assert not OtherIndexValue.objects.filter(index=PAPI, unit__slug=slug, year=year)
    # 2022: Bắc Giang and Bắc Ninh partial, 4 of 8 dimensions, no total and no rank
    bac_giang = OtherIndexValue.objects.filter(index=PAPI, unit__slug="bac-giang", year=2022)
    assert sorted(bac_giang.values_list("measure", flat=True)) == ["d3", "d6", "d7", "d8"]
    bac_ninh = OtherIndexValue.objects.filter(
        index=PAPI, unit__slug="bac-ninh-truoc-2025", year=2022
    )
    assert sorted(bac_ninh.values_list("measure", flat=True)) == ["d1", "d5", "d6", "d7"]
    assert _papi("bac-giang", 2022, "d8") == Decimal("3.4343")
    # every other province-year of PAPI is complete
    assert _papi("quang-ninh", 2022) == Decimal("47.8763")


def test_load_maps_names_to_the_pre_merger_units_and_keeps_values_as_published():
    units = Unit.objects.filter(other_index_values__isnull=False).distinct()
    assert units.count() == 63
    assert all(u.valid_from is None for u in units)  # nothing on a unit formed in 2025
    assert _papi("bac-giang", 2020) == Decimal("44.3172")
    assert _papi("hue", 2020) is not None  # "Thừa Thiên Huế" → Huế (one unit in both periods)
    pci = OtherIndexValue.objects.get(index=PCI, unit__slug="quang-ninh", year=2020)
    assert (pci.value, pci.rank, pci.rank_pool, pci.rank_official) == (
        Decimal("75.09"),
        1,
        63,
        True,
    )
    assert pci.source_url.startswith("https://pcivietnam.vn/")
    rank_only = OtherIndexValue.objects.get(index=PCI, unit__slug="nghe-an", year=2021)
    assert rank_only.value is None and rank_only.rank == 30
    assert rank_only.source_url.startswith("https://baonghean.vn/")


def test_papi_rank_is_the_rank_by_total_among_provinces_with_data_that_year():
    row = OtherIndexValue.objects.get(
        index=PAPI, measure="total", unit__slug="bac-giang", year=2020
    )
    assert (row.rank, row.rank_pool, row.rank_official) == (13, 63, False)
    ranked_2021 = OtherIndexValue.objects.filter(index=PAPI, measure="total", year=2021)
    assert set(ranked_2021.values_list("rank_pool", flat=True)) == {60}
    assert max(ranked_2021.values_list("rank", flat=True)) <= 60


def test_papi_source_is_the_publisher_not_the_compilation():
    row = OtherIndexValue.objects.filter(index=PAPI).first()
    assert row.source_url == "https://papi.org.vn/"
    assert "github" not in row.source_title and row.source_title.startswith("papi.org.vn Excel")


def test_load_refuses_a_row_whose_name_and_key_disagree(tmp_path: Path):
    for name in ("papi", "pci"):
        (tmp_path / name).mkdir()
        source = settings.DTI_DATA_DIR.parent / name
        for path in source.glob("*.csv"):
            (tmp_path / name / path.name).write_text(path.read_text(encoding="utf-8"), "utf-8")
    pci = tmp_path / "pci" / "pci_province_year.csv"
    pci.write_text(pci.read_text("utf-8").replace(",quangninh\n", ",hagiang\n", 1), "utf-8")
    before = OtherIndexValue.objects.count()
    with pytest.raises(OtherIndexLoadError, match="không khớp khóa"):
        other_indices_load(sources_dir=tmp_path)
    assert OtherIndexValue.objects.count() == before


def test_load_refuses_a_papi_rank_that_is_not_the_rank_by_total(tmp_path: Path):
    for name in ("papi", "pci"):
        (tmp_path / name).mkdir()
        for path in (settings.DTI_DATA_DIR.parent / name).glob("*.csv"):
            (tmp_path / name / path.name).write_text(path.read_text(encoding="utf-8"), "utf-8")
    papi = tmp_path / "papi" / "papi_province_year.csv"
    text = papi.read_text("utf-8").replace(",3.188,13,", ",3.188,12,", 1)
    papi.write_text(text, "utf-8")
    with pytest.raises(OtherIndexLoadError, match="khác hạng theo điểm"):
        other_indices_load(sources_dir=tmp_path)


# ---------------------------------------------------------------- province section


def test_section_of_an_old_unit_lists_every_year_and_says_not_published_for_gaps():
    data = selectors.other_indices_for_unit(unit=_unit("bac-giang"))
    assert data.papi_years == [2020, 2021, 2022, 2023, 2024]
    assert not data.merged and len(data.blocks) == 1
    years = {y.year: y for y in data.blocks[0].papi}
    assert years[2021].any is None
    assert years[2022].partial and years[2022].dimensions["d8"].value == Decimal("3.4343")
    assert years[2024].total.value == Decimal("44.6854")
    pci = dict(data.blocks[0].pci)
    assert pci[2022].value == Decimal("72.8") and pci[2022].rank == 2
    assert pci[2021] is None


def test_province_page_shows_the_section_with_attribution_and_rank_label(client):
    html = client.get("/tinh/bac-giang/").content.decode()
    section = html.split('id="other-indices"', 1)[1].split("</section>", 1)[0]
    assert "Các chỉ số khác" in section
    assert "44,3172" in section  # 2020 total, Vietnamese decimal comma
    assert "13/63" in section  # rank by total 2020, with its pool
    assert "xếp theo điểm, không phải xếp hạng chính thức" in section.lower()
    assert "chưa công bố" in section
    assert "CECODES – RTA – UNDP" in section and 'href="https://papi.org.vn/"' in section
    assert "PCI, VCCI (pcivietnam.vn)" in section and 'href="https://pcivietnam.vn/"' in section
    assert "72,80" in section  # PCI 2022, quoted in the news
    assert 'data-chart="papi-chart-data"' in section
    assert 'id="papi-chart-data"' in html


def test_merged_unit_shows_each_predecessors_values_labelled_as_theirs(client):
    data = selectors.other_indices_for_unit(unit=_unit("bac-ninh"))
    assert data.merged
    assert sorted(b.unit.slug for b in data.blocks) == ["bac-giang", "bac-ninh-truoc-2025"]
    html = client.get("/tinh/bac-ninh/").content.decode()
    section = html.split('id="other-indices"', 1)[1]
    assert "không tính ngược cho đơn vị hợp nhất" in section
    assert "Số liệu của Bắc Giang (tỉnh trước 01/07/2025)" in section
    assert "Số liệu của Bắc Ninh (tỉnh trước 01/07/2025)" in section


def test_unchanged_unit_shows_its_own_values():
    data = selectors.other_indices_for_unit(unit=_unit("ha-noi"))
    assert not data.merged and [b.unit.slug for b in data.blocks] == ["ha-noi"]


def test_province_page_in_english_translates_the_section(client):
    html = client.get("/en/tinh/bac-giang/").content.decode()
    assert "Other provincial indices" in html
    assert "not published" in html
    assert "ranked by score, not an official rank" in html.lower()


# ---------------------------------------------------------------- compare


def test_compare_metrics_offer_papi_its_dimensions_and_pci(client):
    html = client.get("/so-sanh/?units=bac-giang,ha-giang&metric=dti").content.decode()
    for code in ("papi", "papi_d1", "papi_d8", "pci"):
        assert f'<option value="{code}"' in html
    assert "Quản trị điện tử" in html


@pytest.mark.parametrize(
    ("metric", "expected"),
    [("papi", "44,3172"), ("papi_d8", "3,1880"), ("pci", "72,8000")],
)
def test_compare_on_papi_and_pci_shows_published_values(client, metric, expected):
    response = client.get(f"/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric={metric}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "không hợp lệ" not in html and "Không có chỉ số" not in html
    assert expected in html
    assert f'<option value="{metric}" selected' in html
    assert 'id="compare-chart-data"' in html


def test_compare_on_papi_labels_the_rank_and_leaves_gaps_empty():
    units = [_unit("bac-giang"), _unit("ha-giang")]
    data = selectors.other_comparison(units=units, metric=selectors.other_metric("papi"))
    bac_giang = data.cells[units[0].pk]
    assert bac_giang[2021].value is None and bac_giang[2021].ranks == []
    assert bac_giang[2020].ranks == [(13, 63, False)]
    assert data.leaders[2020].unit.slug == "quang-ninh"
    assert data.averages == {}
    assert 2021 in data.method_changes  # D5 lost a sub-dimension


def test_compare_htmx_request_on_papi_returns_the_partial(client):
    response = client.get("/so-sanh/?units=bac-giang&metric=papi_d8", headers=HX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<section id="compare-body"')
    assert "xếp theo điểm, không phải xếp hạng chính thức" in html


def test_compare_of_a_merged_unit_on_papi_says_there_is_no_back_cast(client):
    html = client.get("/so-sanh/?units=bac-ninh&metric=papi").content.decode()
    assert "PAPI và PCI không tính ngược cho đơn vị hợp nhất (Bắc Ninh)" in html


# ---------------------------------------------------------------- relationship view


def test_pearson_needs_three_pairs_and_variation():
    assert pearson([1, 2], [1, 2]) is None
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)


def test_relationship_has_one_point_per_province_with_both_values():
    metric = selectors.other_metric("papi_d8")
    data = selectors.relationship(year=2022, metric=metric)
    # 61 provinces with D8 in 2022 plus Bắc Giang (D8 without a total); Bắc Ninh has no D8
    assert data.n == 62
    slugs = {p.unit.slug for p in data.points}
    assert "bac-ninh-truoc-2025" not in slugs and "bac-giang" in slugs
    assert {p.unit.slug for p in data.points if p.highlighted} == {
        "bac-giang",
        "ha-giang",
        "hai-duong",
    }
    assert -1 <= data.r <= 1
    total = selectors.relationship(year=2021, metric=selectors.other_metric("papi"))
    assert "bac-giang" not in {p.unit.slug for p in total.points}


def test_relationship_page_prints_r_with_n_and_says_correlation_is_not_cause(client):
    response = client.get("/chi-so-khac/?year=2023&x=papi_d8")
    html = response.content.decode()
    assert response.status_code == 200
    data = selectors.relationship(year=2023, metric=selectors.other_metric("papi_d8"))
    r = f"{data.r:.2f}".replace(".", ",")
    assert f"Pearson r = {r}, n = {data.n}" in html
    assert "Tương quan không phải nhân quả" in html
    assert 'id="relationship-chart-data"' in html and 'data-link-index="1"' in html
    assert "Hải Dương" in html


def test_relationship_defaults_and_bad_parameters_fall_back(client):
    html = client.get("/chi-so-khac/?year=1999&x=bogus").content.decode()
    assert "không hợp lệ" in html
    assert "Pearson r =" in html
    english = client.get("/en/other-indices/?x=papi").content.decode()
    assert "Correlation is not causation" in english


def test_relationship_htmx_request_returns_the_partial(client):
    response = client.get("/chi-so-khac/?year=2022&x=papi", headers=HX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<section id="relationship-body"')
    assert response.headers["Vary"].count("HX-Request") == 1
    ctx = {"data": None, "form": None, "notices": []}
    assert render_to_string("indicators/other_indices.html#relationship-body", ctx).strip()
