"""The data API (/api/v1/): what each operation answers on the real published data,
its CSV twin, problem details, conditional requests, CORS and the docs page."""

import io
import json

import pandas as pd
import pytest
from django.contrib.staticfiles import finders

from indicators.models import Indicator, Score, ScoreStatus
from provinces.models import Unit
from reports.tables import TIDY_COLUMNS
from tests.reports.helpers import csv_frame, published

pytestmark = pytest.mark.django_db


def _json(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def _csv(response) -> pd.DataFrame:
    return csv_frame(response)  # 200, text/csv; charset=utf-8, starts with a BOM


def test_units_lists_every_real_unit_with_pools_and_lineage(client):
    units = {u["slug"]: u for u in _json(client.get("/api/v1/units"))}
    assert len(units) == Unit.objects.real().count() == 86
    bac_giang = units["bac-giang"]
    assert bac_giang["code"] == "24" and bac_giang["name"] == "Bắc Giang"
    assert bac_giang["full_name_vi"] == "Tỉnh Bắc Giang"
    assert bac_giang["full_name_en"] == "Bắc Giang Province"
    assert bac_giang["valid_from"] is None and bac_giang["valid_to"] == "2025-06-30"
    assert bac_giang["pools"] == [63] and bac_giang["successors"] == ["bac-ninh"]
    bac_ninh = units["bac-ninh"]  # the new unit reuses Bắc Giang's code
    assert bac_ninh["code"] == "24" and bac_ninh["valid_from"] == "2025-07-01"
    assert bac_ninh["pools"] == [34]
    assert set(bac_ninh["predecessors"]) == {"bac-giang", "bac-ninh-truoc-2025"}
    assert units["ha-noi"]["pools"] == [63, 34]


def test_a_unit_carries_its_history_with_sources_and_statuses(client):
    unit = _json(client.get("/api/v1/units/bac-giang"))
    assert unit["successors"] == ["bac-ninh"]
    dti_2022 = next(
        r for r in unit["history"] if (r["year"], r["indicator"], r["pool"]) == (2022, "DTI", 63)
    )
    assert dti_2022["value"] == published("bac-giang", "DTI", 2022) == 0.644
    assert dti_2022["rank"] == 9 and isinstance(dti_2022["rank"], int)
    assert dti_2022["value_status"] == "published" and dti_2022["rank_status"] == "published"
    assert dti_2022["source_url"].startswith("http")
    # Pillars of 2023 were not published: computed from the main indices, said so.
    cqs_2023 = next(r for r in unit["history"] if (r["year"], r["indicator"]) == (2023, "CQS"))
    assert cqs_2023["value_status"] == "derived" and "Tính từ DTI" in cqs_2023["note"]
    # 2024 pillars are not derivable and none was published: no row, no invented value.
    assert not [r for r in unit["history"] if (r["year"], r["indicator"]) == (2024, "CQS")]
    # No working note reaches the API.
    assert not any("github" in (r["note"] or "") for r in unit["history"])


def test_the_2022_ranking_shares_tied_ranks(client):
    ranking = _json(client.get("/api/v1/rankings/2022"))
    assert (ranking["year"], ranking["pool"], ranking["indicator"]) == (2022, 63, "DTI")
    rows = {r["unit_name"]: r for r in ranking["rows"]}
    assert len(ranking["rows"]) == 63
    assert rows["Thanh Hóa"]["rank"] == rows["Yên Bái"]["rank"] == 15
    assert rows["Hậu Giang"]["rank"] == 17
    assert rows["Đà Nẵng"]["rank"] == 1 and rows["Đà Nẵng"]["value"] == 0.8002
    assert rows["Bắc Giang"]["value"] == 0.644 and rows["Bắc Giang"]["rank_published"]
    assert not rows["Bắc Giang"]["derived"]
    assert rows["Đà Nẵng"]["change"] == 0  # first in 2021 too
    assert rows["Bắc Giang"]["change"] is None  # no 2021 rank published: no change invented
    assert [r["rank"] for r in ranking["rows"]] == sorted(r["rank"] for r in ranking["rows"])


def test_a_back_cast_ranking_is_marked_derived(client):
    ranking = _json(client.get("/api/v1/rankings/2023?pool=34"))
    assert ranking["backcast"] is True and len(ranking["rows"]) == 34
    assert all(r["derived"] and not r["rank_published"] for r in ranking["rows"])


def test_the_ranking_csv_holds_the_json_rows(client):
    rows = _json(client.get("/api/v1/rankings/2023?pool=34&indicator=CQS"))["rows"]
    frame = _csv(client.get("/api/v1/rankings/2023?pool=34&indicator=CQS&format=csv"))
    assert list(frame.columns) == list(rows[0])
    assert frame["unit_slug"].tolist() == [r["unit_slug"] for r in rows]
    assert frame["value"].tolist() == [r["value"] for r in rows]
    assert frame["rank"].tolist() == [r["rank"] for r in rows]


def test_values_are_the_full_exports_csv_rows(client):
    api = _csv(client.get("/api/v1/values?year=2024&format=csv"))
    export = _csv(client.get("/bao-cao/toan-bo.csv?year=2024"))
    assert list(api.columns) == TIDY_COLUMNS
    pd.testing.assert_frame_equal(api, export)
    page = _json(client.get("/api/v1/values?year=2024&page_size=300"))
    assert page["count"] == len(api) and page["pages"] == -(-len(api) // 300)
    rows = [r for n in range(1, page["pages"] + 1) for r in _page(client, n)]
    assert pd.DataFrame(rows, columns=TIDY_COLUMNS)["value"].tolist() == pytest.approx(
        api["value"].tolist(), nan_ok=True
    )


def _page(client, number: int) -> list[dict]:
    return _json(client.get(f"/api/v1/values?year=2024&page_size=300&page={number}"))["results"]


def test_values_filter_by_unit_indicator_and_pool(client):
    rows = _json(client.get("/api/v1/values?unit=ha-giang&indicator=DTI&pool=63"))["results"]
    assert {r["year"] for r in rows} == {2022, 2023, 2024}
    assert {(r["unit_code"], r["indicator"], r["pool"]) for r in rows} == {("02", "DTI", 63)}
    assert all(isinstance(r["value"], float) and isinstance(r["rank"], int) for r in rows)


def test_drafts_never_reach_the_api(client):
    unit = Unit.objects.get(slug="bac-giang")
    dti = Indicator.objects.get(code="DTI")
    Score.objects.create(
        unit=unit, indicator=dti, year=2022, value="0.123456", status=ScoreStatus.DRAFT
    )
    Score.objects.create(unit=unit, indicator=dti, year=2031, value="0.5", status=ScoreStatus.DRAFT)
    body = b"".join(
        client.get(url).content
        for url in (
            "/api/v1/rankings/2022",
            "/api/v1/units/bac-giang",
            "/api/v1/values?unit=bac-giang",
            "/api/v1/values?year=2022&format=csv",
        )
    )
    assert b"0.1235" not in body and b"2031" not in body
    assert client.get("/api/v1/rankings/2031").status_code == 404


def test_targets_carry_status_method_and_gap(client):
    rows = _json(client.get("/api/v1/targets"))
    assert rows and {r["status"] for r in rows} >= {"achieved-early", "text"}
    rank_target = next(r for r in rows if r["kind"] == "rank" and r["rank_gap"] is not None)
    assert isinstance(rank_target["rank_gap"], int) and rank_target["rank_pool"] in (63, 34)
    achieved = _json(client.get("/api/v1/targets?status=achieved-early"))
    assert achieved and all(r["status"] == "achieved-early" for r in achieved)
    ha_giang = _json(client.get("/api/v1/targets?unit=ha-giang"))
    assert ha_giang and all(r["unit_slug"] == "ha-giang" for r in ha_giang)
    frame = _csv(client.get("/api/v1/targets?format=csv"))
    assert frame["id"].tolist() == [r["id"] for r in rows]


def test_frameworks_give_the_tree_weights_and_sources(client):
    frameworks = {f["year"]: f for f in _json(client.get("/api/v1/frameworks"))}
    assert list(frameworks) == [2020, 2021, 2022, 2023, 2024]
    points = {n["code"]: n["max_points"] for n in frameworks[2020]["indicators"]}
    assert (points["CQS"], points["KTS"], points["XHS"]) == (400, 300, 300)
    nodes_2022 = {n["code"]: n for n in frameworks[2022]["indicators"]}
    assert nodes_2022["HDCQS"]["max_points"] == 200 and nodes_2022["HDCQS"]["pillar"] == "CQS"
    assert nodes_2022["CQS"]["parent"] == "DTI"
    assert all(f["sources"] for f in frameworks.values())
    frame = _csv(client.get("/api/v1/frameworks?format=csv"))
    assert len(frame) == sum(len(f["indicators"]) for f in frameworks.values())


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/api/v1/rankings/1999", 400, "year"),
        ("/api/v1/rankings/abc", 400, "year"),
        ("/api/v1/rankings/2019", 404, None),
        ("/api/v1/rankings/2022?pool=99", 400, "pool"),
        ("/api/v1/rankings/2020?pool=34", 400, None),
        ("/api/v1/rankings/2022?indicator=XYZ", 400, None),
        ("/api/v1/values?page=-1", 400, "page"),
        ("/api/v1/values?page=99", 404, None),
        ("/api/v1/values?year=2024&format=xml", 400, "format"),
        ("/api/v1/values?indicator=XYZ", 400, None),
        ("/api/v1/values?unit=khong-co", 404, None),
        ("/api/v1/targets?status=tot", 400, "status"),
        ("/api/v1/units/khong-co", 404, None),
        ("/api/v1/units?format=xml", 400, "format"),
    ],
)
def test_errors_are_bilingual_problem_details(client, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["type"] == "about:blank" and problem["title"]
    assert problem["detail"] and problem["detail_en"] and problem["detail"] != problem["detail_en"]
    if parameter:
        assert [e["parameter"] for e in problem["errors"]] == [parameter]


def test_a_conditional_request_gets_304(client):
    first = client.get("/api/v1/rankings/2022")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/rankings/2022", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(
        "/api/v1/rankings/2022", headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert since.status_code == 304
    assert client.get("/api/v1/rankings/2022?format=csv")["ETag"] != first["ETag"]


def test_cors_is_read_only(client):
    response = client.get("/api/v1/units")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/units",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Origin"] == "*"
    refused = client.post("/api/v1/units")
    assert refused.status_code in (403, 405) and "Access-Control-Allow-Origin" not in refused
    head = client.head("/api/v1/units")
    assert head.status_code == 200 and head.content == b""
    assert head["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/xep-hang/2022/")


def test_the_docs_page_loads_swagger_from_our_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower() and "https://" not in html
    settings = json.loads(html.split('id="swagger-settings">')[1].split("</script>")[0])
    assert settings["url"] == "/api/v1/openapi.json"
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name


def test_json_is_utf8_and_names_stay_vietnamese(client):
    response = client.get("/api/v1/units/ha-giang")
    assert "Hà Giang".encode() in response.content
    assert json.load(io.BytesIO(response.content))["name"] == "Hà Giang"
