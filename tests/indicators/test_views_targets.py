"""The compare page, the targets overview and the targets on the province page:
both htmx render paths, shareable URLs, bad input (a message, never a 500)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from indicators.models import KpiMetric, KpiObservation, Target

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
EXAMPLE = "/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=dti"


def _figure(html: str, element_id: str) -> dict:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def _table_rows(html: str) -> dict[str, str]:
    """Year → text of that row of the compare table."""
    body = html.split('class="history compare-table"', 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for tr in re.split(r"<tr[^>]*>", body)[2:]:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tr)).strip()
        rows[text[:4]] = text
    return rows


# --- compare page ----------------------------------------------------------------------


def test_compare_page_shows_the_three_units_values_ranks_references_and_targets(client):
    response = client.get(EXAMPLE)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    rows = _table_rows(html)
    assert (
        "0,6440 9/63" in rows["2022"]
        and "0,4790 57/63" in rows["2022"]
        and "0,6383 13/63" in rows["2022"]
    )
    assert "Đà Nẵng 1/63 0,8002" in rows["2022"]
    assert "0,5787 *" in rows["2022"]  # the app's mean of the 63 published values, marked
    assert "Hồ Chí Minh 1/63 0,8373" in rows["2024"]
    assert "đổi phương pháp" in rows["2021"] and "đổi phương pháp" in rows["2024"]
    figure = _figure(html, "compare-chart-data")
    names = [trace["name"] for trace in figure["data"]]
    assert names == [
        "Bắc Giang",
        "Hà Giang",
        "Hải Dương",
        "Trung bình cấp tỉnh",
        "DTI quốc gia (công bố)",
        "Dẫn đầu mỗi năm",
    ]
    assert figure["data"][0]["customdata"][2] == "9/63"  # rank with its pool in the hover
    assert [a["text"] for a in figure["layout"]["annotations"]] == [
        "Đổi phương pháp 2021",
        "Đổi phương pháp 2024",
    ]
    # Each unit's targets, with status (icon + text) and method.
    for unit_id in ("targets-bac-giang", "targets-ha-giang", "targets-hai-duong"):
        assert f'id="{unit_id}"' in html
    assert (
        '<span class="status status-achieved-early"><span aria-hidden="true">✔</span> Đã đạt sớm</span>'
        in html
    )
    assert "Phương pháp: Đường thẳng (UN ECA)" in html
    assert "top 15/63 ≈ top 8/34 (8,1)" in html


def test_compare_htmx_request_swaps_only_the_body(client):
    response = client.get("/so-sanh/?units=bac-giang,ha-giang&metric=cqs", headers=HX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="compare-body"')
    assert "Chính quyền số: Bắc Giang – Hà Giang" in html
    assert "HX-Request" in response.headers["Vary"]


def test_compare_search_swaps_only_the_picker_with_add_links_keeping_the_state(client):
    response = client.get(
        "/so-sanh/?units=bac-giang&metric=dti&q=hai duong",
        headers={**HX, "HX-Target": "compare-picker"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="compare-picker"')
    assert "units=bac-giang,hai-duong&amp;metric=dti" in html
    assert 'hx-target="#compare-body"' in html


def test_compare_search_without_javascript_renders_the_full_page_with_results(client):
    html = client.get("/so-sanh/?units=bac-giang&metric=dti&q=ha giang").content.decode()
    assert "<html" in html and "units=bac-giang,ha-giang&amp;metric=dti" in html


def test_compare_history_restore_gets_the_full_page(client):
    html = client.get(
        EXAMPLE, headers={**HX, "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert "<html" in html


def test_compare_has_an_english_alias(client):
    assert client.get("/compare/?units=bac-giang&metric=dti").status_code == 200
    response = client.get("/en/compare/?units=bac-ninh,hai-phong&metric=hdcqs")
    assert response.status_code == 200 and '<html lang="en"' in response.content.decode()


def test_compare_names_unknown_units_and_shows_the_known_ones(client):
    html = client.get(
        "/so-sanh/?units=bac-giang,khong-co-tinh-nay,<script>x</script>&metric=dti"
    ).content.decode()
    assert "Không tìm thấy đơn vị: khong-co-tinh-nay, &lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x</script>" not in html
    assert 'id="targets-bac-giang"' in html


def test_compare_refuses_more_than_eight_units_with_a_message(client):
    slugs = [
        "ha-noi",
        "bac-giang",
        "ha-giang",
        "hai-duong",
        "bac-ninh",
        "hai-phong",
        "da-nang",
        "hue",
        "can-tho",
        "an-giang",
    ]
    html = client.get(f"/so-sanh/?units={','.join(slugs)}&metric=dti").content.decode()
    assert "Chỉ so sánh được tối đa 8 đơn vị một lúc; đã bỏ: Cần Thơ, An Giang." in html
    # 8 units, the average, the leader, the 34 units' mean (the published 2024 average
    # covers the 63) and the national DTI
    assert len(_figure(html, "compare-chart-data")["data"]) == 8 + 4


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("units=bac-giang&metric=zzz", "Không có chỉ số “zzz”; đang hiển thị DTI."),
        ("units=bac-giang&metric=" + "x" * 50, "không hợp lệ"),
        ("units=" + "a," * 1500, "không hợp lệ"),
        ("units=%00%ff,,,&metric=%00", "không hợp lệ"),
        ("units=%ff%fe,ha-noi&metric=dti", "Không tìm thấy đơn vị"),
        ("units=bac-giang&metric=dti&q=" + "q" * 300, "không hợp lệ"),
    ],
)
def test_compare_bad_parameters_give_a_message_never_a_500(client, query, message):
    for headers in ({}, HX):
        response = client.get(f"/so-sanh/?{query}", headers=headers)
        assert response.status_code == 200
        assert message in response.content.decode()


def test_compare_without_units_offers_the_example(client):
    html = client.get("/so-sanh/").content.decode()
    assert (
        "Chưa chọn đơn vị nào" in html
        and "units=bac-giang,ha-giang,hai-duong&amp;metric=dti" in html
    )


def test_compare_query_count_is_pinned(client, catalog_warm, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get(EXAMPLE)
    with django_assert_num_queries(3):  # same count for other units, metric and the partial
        client.get("/so-sanh/?units=bac-ninh,ha-noi,hai-phong,da-nang&metric=hdxhs", headers=HX)


def test_home_page_has_the_compare_example_first(client):
    html = client.get("/").content.decode()
    examples = html.split('id="examples-title"', 1)[1]
    first_link = re.search(r'<a href="([^"]+)"', examples).group(1)
    assert first_link == "/so-sanh/?units=bac-giang,ha-giang,hai-duong&amp;metric=dti"
    assert "Bắc Giang – Hà Giang – Hải Dương" in examples


# --- targets overview -----------------------------------------------------------------------


def test_targets_overview_lists_every_target_with_counts_per_status(client):
    response = client.get("/muc-tieu/")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert html.count('class="target-row"') == 94
    assert "Tất cả: <strong>94</strong>" in html
    assert '<span aria-hidden="true">✔</span> Đã đạt sớm: <strong>7</strong>' in html
    assert '<span aria-hidden="true">✔</span> Đã đạt: <strong>1</strong>' in html
    assert '<span aria-hidden="true">—</span> Định tính: <strong>11</strong>' in html


def test_targets_overview_filters_and_htmx_partial(client):
    response = client.get("/muc-tieu/?kind=rank&horizon=2025&status=achieved-early", headers=HX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<section id="target-table"')
    assert html.count('class="target-row"') == 3
    assert "HX-Request" in response.headers["Vary"]
    html = client.get("/targets/?unit=bac-ninh").content.decode()
    assert html.count('class="target-row"') == 34 and "Kế thừa từ Bắc Giang" in html


@pytest.mark.parametrize(
    "query", ["unit=khong-co", "kind=zz", "horizon=1999", "status=x", "unit=<b>&kind=%00"]
)
def test_targets_overview_bad_filters_are_dropped_with_a_message(client, query):
    for headers in ({}, HX):
        response = client.get(f"/muc-tieu/?{query}", headers=headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Tham số không hợp lệ đã bị bỏ qua" in html
        assert html.count('class="target-row"') == 94


def test_targets_overview_query_count_is_pinned(client, catalog_warm, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get("/muc-tieu/")
    with django_assert_num_queries(3):
        client.get("/muc-tieu/?kind=kpi&status=not-enough-data", headers=HX)


# --- province page ------------------------------------------------------------------------


def test_province_page_shows_own_targets_with_status_method_and_gap(client):
    html = client.get("/tinh/bac-giang/").content.decode()
    section = html.split('id="targets-title"', 1)[1].split("</section>", 1)[0]
    assert section.count('class="target-row"') == 24
    assert "Đi lùi" in section and "còn 3 bậc đến hạng 10" in section
    assert "⚑ nguồn khác ghi 07/06/2021" in section
    assert "Các nguồn ghi khác nhau" in section


def test_successor_page_shows_inherited_targets_with_their_original_resolution(client):
    html = client.get("/tinh/tuyen-quang/").content.decode()
    section = html.split('id="targets-title"', 1)[1].split("</section>", 1)[0]
    assert "Kế thừa từ Hà Giang" in section and "18-NQ/TU" in section


def test_province_page_without_targets_says_so(client):
    html = client.get("/tinh/ha-noi/").content.decode()
    assert "Chưa ghi nhận mục tiêu nào của đơn vị này." in html


def test_province_page_query_count_does_not_grow_with_targets(
    client, catalog_warm, django_assert_num_queries
):
    with django_assert_num_queries(6):  # 24 targets (+1: PAPI/PCI values)
        client.get("/tinh/bac-giang/")
    with django_assert_num_queries(6):  # 2 targets
        client.get("/tinh/nam-dinh/")


# --- admin: a KPI value entered gives the target a status -----------------------------------


def test_admin_entry_of_kpi_observations_gives_the_target_a_status(client):
    admin = get_user_model().objects.create_superuser("admin4", "a@example.org", "pw")
    client.force_login(admin)
    for model in ("resolution", "target", "kpimetric", "kpiobservation"):
        assert client.get(reverse(f"admin:indicators_{model}_changelist")).status_code == 200
        assert (
            client.get(
                reverse(f"admin:indicators_{model}_changelist"), {"q": "bac giang"}
            ).status_code
            == 200
        )
    target = Target.objects.filter(unit__slug="bac-giang").first()
    assert (
        client.get(
            reverse("admin:indicators_resolution_change", args=[target.resolution_id])
        ).status_code
        == 200
    )
    metric = KpiMetric.objects.get(code="pct_work_records_online_province")
    unit_id = client.get("/tinh/hai-duong/").context["unit"].pk
    for year, value in ((2021, 70), (2022, 82)):
        response = client.post(
            reverse("admin:indicators_kpiobservation_add"),
            {
                "unit": unit_id,
                "metric": metric.pk,
                "year": year,
                "value": value,
                "value_unit": "%",
                "source": "Báo cáo UBND tỉnh Hải Dương",
                "text": "",
                "note": "",
            },
        )
        assert response.status_code == 302
    assert (
        KpiObservation.objects.filter(unit_id=unit_id, metric=metric, imported=False).count() == 2
    )
    html = client.get("/tinh/hai-duong/").content.decode()
    row = html.split("By 2030, all provincial documents processed online", 1)[1].split("</tr>", 1)[
        0
    ]
    # 70 (2021) → 82 (2022) against 100 % by 2030: E(2022) = 70 + 30/9 = 73.3, so on track.
    assert (
        '<span class="status status-on-track"><span aria-hidden="true">↗</span> Đúng tiến độ</span>'
        in row
    )
    # The 2025 reading of the same metric (90 %) is past its year with no 2025 value: never "on track".
    row_2025 = html.split("90% of dossiers at provincial level processed online", 1)[1].split(
        "</tr>", 1
    )[0]
    assert "Năm đích 2025 đã qua, kết quả năm 2025 chưa công bố." in row_2025
