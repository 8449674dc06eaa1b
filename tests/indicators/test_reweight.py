"""Re-weighting the composite (/xep-hang/<year>/trong-so/): the official weights give
back every published rank (ties included) and the 34-unit back-cast; a hand-computed
re-weighting; the stability bands are deterministic; bad input never gives a 500."""

import io
import re
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from indicators.models import PublishedRank, Score
from indicators.rules.ranking import as_published, competition_rank
from indicators.scenarios import reweight
from indicators.scenarios.weighting import reweight_page
from provinces.models import Succession

D = Decimal
HX = {"HX-Request": "true"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- pure -----------------------------------------------------------------------------


def test_a_hand_computed_reweighting():
    # S = 1 (the four combined indices sum to 1), so x_OTHER = 0.25.
    x = {
        "HDCQS": D("0.8"),
        "HDKTS": D("0.6"),
        "HDXHS": D("0.4"),
        "HTS": D("0.5"),
        "OTHER": D("0.25"),
    }
    weights = {"HDCQS": D(100), "HDKTS": D(100), "HDXHS": D(100), "HTS": D(100), "OTHER": D(600)}
    # (80 + 60 + 40 + 50 + 600 × 0.25) / 1000 = 380 / 1000
    assert reweight.recomputed(x, weights) == D("0.38")
    # Doubling every weight changes nothing; only the ratios matter.
    assert reweight.recomputed(x, {c: 2 * w for c, w in weights.items()}) == D("0.38")
    assert reweight.normalised({**weights, "OTHER": D(100)})["OTHER"] == D(200)


def test_presets_keep_their_official_points_or_split_equally():
    official = {"HDCQS": D(200), "HDKTS": D(150), "HDXHS": D(150), "HTS": D(100), "OTHER": D(400)}
    presets = reweight.presets(official)
    assert presets["official"] == official
    assert presets["equal"] == {"HDCQS": 125, "HDKTS": 125, "HDXHS": 125, "HTS": 125, "OTHER": 500}
    assert presets["activity"] == {"HDCQS": 200, "HDKTS": 150, "HDXHS": 150, "HTS": 0, "OTHER": 0}
    assert presets["foundation"] == {"HDCQS": 0, "HDKTS": 0, "HDXHS": 0, "HTS": 100, "OTHER": 400}


def test_vectorised_ranks_are_competition_ranks_ties_included():
    rng = np.random.default_rng(1)
    x = np.round(rng.uniform(0, 1, size=(40, 5)), 1)  # coarse values: many ties
    x[3] = x[7]  # two identical units always tie
    official = np.array([200.0, 150, 150, 100, 400])
    ranks = reweight.draw_ranks(x, official, draws=50, seed=3)
    w = official[None, :] * np.random.default_rng(3).uniform(0.75, 1.25, size=(50, 5))
    for d in (0, 17, 49):
        q = np.rint(x @ w[d] / w[d].sum() * 10_000).astype(int)
        expected = [1 + int((q > v).sum()) for v in q]
        assert ranks[:, d].tolist() == expected
    assert (ranks[3] == ranks[7]).all()


def test_stability_bands_are_deterministic_for_a_fixed_seed():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.2, 0.9, size=(63, 5))
    official = np.array([200.0, 150, 150, 100, 400])
    first = reweight.stability(x, official, seed=42)
    again = reweight.stability(x, official, seed=42)
    other = reweight.stability(x, official, seed=43)
    assert first.draws == 1000
    assert (first.low == again.low).all() and (first.high == again.high).all()
    assert not ((first.low == other.low).all() and (first.high == other.high).all())
    assert (first.low >= 1).all() and (first.low <= first.median).all()
    assert (first.median <= first.high).all() and (first.high <= 63).all()


# --- on the published data --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_official_weights_reproduce_every_published_rank(year):
    page = reweight_page(year=year, params={"pool": "63"}, bands=False)
    assert len(page.rows) == 63 and page.is_official
    published = dict(
        PublishedRank.objects.filter(year=year, pool=63, indicator__code="DTI").values_list(
            "unit__slug", "rank"
        )
    )
    for row in page.rows:
        assert row.value == row.official_value, row.unit.name
        assert row.rank == row.official_rank and row.change == 0
        if row.unit.slug in published:
            assert row.rank == published[row.unit.slug], row.unit.name
    if year == 2022:
        assert len(published) == 63
        ranks = {r.unit.slug: r.rank for r in page.rows}
        assert ranks["thanh-hoa"] == ranks["yen-bai"] == 15 and ranks["hau-giang"] == 17


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2022, 2023])
def test_official_weights_reproduce_the_34_unit_backcast(year):
    page = reweight_page(year=year, params={"pool": "34"}, bands=False)
    assert len(page.rows) == 34 and page.backcast
    dti = dict(
        Score.objects.published()
        .filter(year=year, indicator__code="DTI")
        .values_list("unit_id", "value")
    )
    parts: dict[int, list[int]] = {}
    for pred, succ in Succession.objects.values_list("predecessor_id", "successor_id"):
        parts.setdefault(succ, []).append(pred)
    expected = {}
    for row in page.rows:
        preds = parts.get(row.unit.pk)
        if row.merged:
            # DESIGN §4: the mean of the predecessors' main indices, so of their DTI.
            expected[row.unit.pk] = sum(dti[p] for p in preds) / len(preds)
        else:
            expected[row.unit.pk] = dti[row.unit.pk]
        assert row.value == as_published(expected[row.unit.pk]), row.unit.name
    ranks = competition_rank(expected)
    assert {r.unit.pk: r.rank for r in page.rows} == ranks
    assert sum(r.merged for r in page.rows) >= 20


@pytest.mark.django_db
def test_a_reweighting_on_the_real_data_moves_ranks_and_is_labelled(client):
    response = client.get("/xep-hang/2022/trong-so/?HDCQS=0&HDKTS=0&HDXHS=0&HTS=1&OTHER=0")
    assert response.status_code == 200
    page = reweight_page(
        year=2022, params={"HDCQS": "0", "HDKTS": "0", "HDXHS": "0", "HTS": "1", "OTHER": "0"}
    )
    hts = dict(
        Score.objects.published()
        .filter(year=2022, indicator__code="HTS", unit__in=[r.unit for r in page.rows])
        .values_list("unit_id", "value")
    )
    for row in page.rows:  # only HTS counts: the recomputed DTI is the unit's HTS
        assert row.value == as_published(hts[row.unit.pk])
    assert any(r.change != 0 for r in page.rows)
    text = _text(response.content.decode())
    assert "HTS 1.000" in text or "HTS 1000" in text
    assert "ứng dụng tính" in text


@pytest.mark.django_db
def test_the_page_shows_bands_links_presets_and_exports(client):
    response = client.get("/xep-hang/2022/trong-so/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="rank-band"') == 63
    assert 'href="/tinh/bac-giang/"' in html
    for preset in ("official", "equal", "activity", "foundation"):
        assert f'id="preset-{preset}"' in html
    assert "/bao-cao/trong-so/2022.xlsx?pool=63&amp;HDCQS=200" in html
    assert 'hx-push-url="true"' in html
    assert "JRC/COINr" in html


@pytest.mark.django_db
def test_htmx_answers_the_result_and_a_preset_also_the_controls(client):
    response = client.get("/xep-hang/2022/trong-so/?HDCQS=125", headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="reweight-result"') and "<form" not in html
    preset = client.get(
        "/xep-hang/2022/trong-so/?pool=63&HDCQS=125&HDKTS=125&HDXHS=125&HTS=125&OTHER=500",
        headers=HX | {"HX-Trigger": "preset-equal"},
    ).content.decode()
    assert 'id="reweight-controls" class="whatif-levers" hx-swap-oob="true"' in preset
    assert 'id="weight-OTHER" name="OTHER"' in preset and 'value="500"' in preset


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("HDCQS=-1", 400, "HDCQS"),
        ("HTS=abc", 400, "HTS"),
        ("OTHER=1e9", 400, "OTHER"),
        ("OTHER=nan", 400, "OTHER"),
        ("HDCQS=inf", 400, "HDCQS"),
        ("HDCQS=0&HDKTS=0&HDXHS=0&HTS=0&OTHER=0", 400, "bằng 0"),
        ("pool=12", 400, "12"),
        ("pool=x", 400, "pool"),
        ("foo=1&HDCQS=0,8", 200, "foo"),
        ("sort=nope", 200, "nope"),
    ],
)
def test_bad_input_gets_a_message_never_a_500(client, query, status, message):
    response = client.get(f"/xep-hang/2022/trong-so/?{query}")
    assert response.status_code == status
    assert message in _text(response.content.decode())


@pytest.mark.django_db
def test_a_comma_decimal_is_a_weight(client):
    page = reweight_page(
        year=2022,
        params={"HDCQS": "0,8", "HDKTS": "0", "HDXHS": "0", "HTS": "0", "OTHER": "0"},
        bands=False,
    )
    assert not page.errors and page.weights["HDCQS"] == D("0.8")
    assert page.rows[0].value == max(r.value for r in page.rows)


@pytest.mark.django_db
def test_years_without_weights_or_unconfirmed_say_so(client):
    old = client.get("/xep-hang/2020/trong-so/")
    assert old.status_code == 200 and 'data-testid="reweight-reason"' in old.content.decode()
    assert "reweight-table" not in old.content.decode()
    new = client.get("/xep-hang/2024/trong-so/")
    html = new.content.decode()
    assert new.status_code == 200 and 'data-testid="reweight-unconfirmed"' in html
    assert "2021–2023" in html and 'data-testid="reweight-table"' in html
    assert client.get("/xep-hang/1999/trong-so/").status_code == 404
    english = client.get("/en/ranking/2022/weights/")
    assert english.status_code == 200 and "Other weights: DTI 2022" in english.content.decode()


@pytest.mark.django_db
def test_the_exports_hold_the_weights_the_table_and_the_about_sheet(client):
    query = "pool=63&HDCQS=125&HDKTS=125&HDXHS=125&HTS=125&OTHER=500"
    xlsx = client.get(f"/bao-cao/trong-so/2022.xlsx?{query}")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:2] == ["Trọng số", "Kết quả"] and "Thông tin" in book.sheetnames
    result = book["Kết quả"]
    assert result.max_row == 64
    page = reweight_page(
        year=2022, params=dict(p.split("=") for p in query.split("&")), bands=False
    )
    assert result.cell(2, 3).value == page.rows[0].unit.name
    csv = client.get(f"/bao-cao/trong-so/2022.csv?{query}")
    assert csv.content.startswith(b"\xef\xbb\xbf")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 2 * 63 and any("DTI_REWEIGHTED" in line for line in lines)
    assert client.get("/bao-cao/trong-so/2022.csv?HTS=-3").status_code == 400
    assert client.get("/bao-cao/trong-so/2020.xlsx").status_code == 400


@pytest.mark.django_db
def test_the_ranking_page_links_to_the_reweighting(client):
    html = client.get("/xep-hang/2022/?pool=63").content.decode()
    assert 'href="/xep-hang/2022/trong-so/?pool=63"' in html


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(["pool", "HDCQS", "HDKTS", "HDXHS", "HTS", "OTHER", "sort", "dir", "x"]),
        st.one_of(
            st.text(max_size=12),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.integers(-(10**12), 10**12).map(str),
        ),
        max_size=6,
    )
)
def test_random_parameters_never_give_a_500(client, params):
    for url in ("/xep-hang/2022/trong-so/", "/bao-cao/trong-so/2022.csv"):
        response = client.get(url, params)
        assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_the_page_bands_are_repeatable_and_drawn_around_the_official_weights():
    first = reweight_page(year=2022, params={})
    again = reweight_page(year=2022, params={})
    other = reweight_page(year=2022, params={"HTS": "900"})
    bands = {r.unit.pk: (r.low, r.high) for r in first.rows}
    assert bands == {r.unit.pk: (r.low, r.high) for r in again.rows}
    assert bands == {r.unit.pk: (r.low, r.high) for r in other.rows}
    assert all(1 <= r.low <= r.high <= 63 for r in first.rows)
