"""The what-if simulator and the rank drivers in a real browser: moving a slider or typing
a value updates the rank through htmx (no reload), the cheapest path fills the inputs,
the province page loads its drivers section when scrolled to; no CSP violation."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import csp_violations, wait_for_chart

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_typing_a_value_updates_the_dti_and_rank_without_reload(site, page: Page):
    page.goto("/tinh/ha-giang/mo-phong/?year=2022")
    page.evaluate("window.__sameDocument = true")
    expect(page.get_by_test_id("rank-63")).to_have_text("57/63")
    page.locator("#lever-hdcqs").fill("0.9")
    expect(page.get_by_test_id("new-dti")).to_have_text(
        "0,5709"
    )  # 0.4790 + 200 × (0.9 − 0.4404) / 1000
    expect(page.get_by_test_id("rank-63")).not_to_have_text("57/63")
    expect(page).to_have_url(re.compile(r"hdcqs=0\.9"))  # shareable
    assert page.evaluate("window.__sameDocument === true")
    # The slider follows the number.
    assert page.locator("[data-lever-range='lever-hdcqs']").input_value() == "0.9"
    assert csp_violations(page) == []


def test_moving_a_slider_updates_the_rank(site, page: Page):
    page.goto("/tinh/ha-giang/mo-phong/?year=2022")
    page.evaluate("window.__sameDocument = true")
    slider = page.locator("[data-lever-range='lever-hdxhs']")
    slider.focus()
    slider.evaluate(
        "(el) => { el.value = '1'; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    expect(page.locator("#lever-hdxhs")).to_have_value("1")
    expect(page.get_by_test_id("new-dti")).to_have_text(
        "0,5903"
    )  # 0.4790 + 150 × (1 − 0.2581) / 1000
    expect(page.get_by_test_id("rank-63")).not_to_have_text("57/63")
    assert page.evaluate("window.__sameDocument === true")
    assert csp_violations(page) == []


def test_an_out_of_range_value_shows_a_message_in_place(site, page: Page):
    page.goto("/tinh/ha-giang/mo-phong/?year=2022")
    page.evaluate("window.__sameDocument = true")
    page.locator("#lever-hdcqs").fill("0.9")
    expect(page.get_by_test_id("new-dti")).to_have_text("0,5709")
    page.locator("#lever-hts").fill("1,5")
    message = page.locator("#whatif-error-hts")
    expect(message).to_contain_text("cần một số từ 0 đến 1")
    # Beside its input, which is marked; the page around it is whole.
    expect(page.locator("#lever-hts")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#lever-hts")).to_have_attribute("aria-describedby", "whatif-error-hts")
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.locator("#whatif-form")).to_be_visible()
    expect(page.get_by_test_id("new-dti")).to_have_text("0,5709")  # the last good result stays
    expect(page).to_have_url(re.compile(r"hdcqs=0\.9"))  # the refused value is not pushed
    assert "hts=1" not in page.url
    # Corrected with the Vietnamese decimal comma: accepted, the mark goes away.
    page.locator("#lever-hts").fill("0,8")
    expect(page.get_by_test_id("new-dti")).to_have_text("0,5989")  # + 100 × (0.8 − 0.5199) / 1000
    expect(message).to_have_count(0)
    expect(page.locator("#lever-hts")).not_to_have_attribute("aria-invalid", "true")
    assert page.locator("[data-lever-range='lever-hts']").input_value() == "0.8"
    assert page.evaluate("window.__sameDocument === true")
    assert csp_violations(page) == []


def test_cheapest_path_fills_the_inputs_and_reaches_the_rank(site, page: Page):
    page.goto("/tinh/ha-giang/mo-phong/?year=2023")
    page.get_by_label("Hạng N").fill("20")
    page.get_by_role("button", name="Đường ít tốn công nhất tới hạng N").click()
    expect(
        page.locator("#whatif-result h2").filter(has_text="Đường ít tốn công nhất")
    ).to_be_visible()
    rank = page.get_by_test_id("rank-63").inner_text()
    assert int(rank.split("/")[0]) <= 20
    assert page.locator("#lever-hdxhs").input_value() != "0.4403"  # filled by the out-of-band swap
    expect(page).to_have_url(re.compile(r"path=1"))
    assert csp_violations(page) == []


def test_province_page_loads_the_drivers_section_and_draws_its_waterfall(site, page: Page):
    page.goto("/tinh/ha-giang/")
    page.locator("#drivers-title").scroll_into_view_if_needed()
    chart = page.locator(".drivers-embed .chart-drivers").first
    expect(chart).to_be_attached(timeout=20_000)
    chart_id = chart.get_attribute("id")
    wait_for_chart(page, f"#{chart_id}")
    assert page.locator(f"#{chart_id} .barlayer .point").count() >= 5
    expect(page.locator(".drivers-embed .drivers-table").first).to_contain_text("Hạ tầng số")
    assert csp_violations(page) == []


def test_the_excel_download_holds_the_scenario_on_screen(site, page: Page, tmp_path):
    import openpyxl

    page.goto("/tinh/ha-giang/mo-phong/?year=2022")
    page.locator("#lever-hdcqs").fill("0.9")
    expect(page.get_by_test_id("new-dti")).to_have_text("0,5709")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải kịch bản (Excel)").click()
    download = download_info.value
    assert download.suggested_filename == "mo-phong-ha-giang-2022.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    wb = openpyxl.load_workbook(path)
    rows = list(wb["Đầu vào"].iter_rows(min_row=2, values_only=True))
    assert ["HDCQS", 0.9] in [[r[1], r[4]] for r in rows]
    assert csp_violations(page) == []


def test_on_a_phone_the_result_stays_in_view_while_sliding(site, page: Page):
    """Issue 17.8: at 375 px the simulated DTI and rank are on screen while the last
    slider is used, and they follow it."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/tinh/ha-giang/mo-phong/?year=2022")
    slider = page.locator("[data-lever-range='lever-hdxhs']")
    slider.scroll_into_view_if_needed()
    slider.evaluate(
        "(el) => { el.value = '1'; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    result = page.get_by_test_id("new-dti")
    expect(result).to_have_text("0,5903")
    box = result.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740  # in the viewport
    assert slider.bounding_box()["y"] < 740  # with the slider still on screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
