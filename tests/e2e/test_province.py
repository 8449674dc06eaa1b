"""Search to a province page, its chart, the chart downloads and "copy link"."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import wait_for_chart
from indicators.models import ReferenceValue, Score

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_search_ha_giang_without_accents_reaches_ha_giang(site, page: Page):
    page.goto("/")
    page.get_by_role("searchbox", name="Tìm tỉnh, thành phố (có dấu hoặc không dấu)").fill(
        "ha giang"
    )
    # htmx shows the results as one types (no page load) …
    result = page.locator("#search-results").get_by_role("link", name="Tỉnh Hà Giang")
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(re.compile(r"/tinh/ha-giang/$"))
    expect(page.locator("h1")).to_have_text("Tỉnh Hà Giang")
    # … and the page says where Hà Giang went in 2025.
    expect(page.locator("aside.lineage")).to_contain_text("Tuyên Quang")


def test_province_chart_plots_every_published_and_computed_point(site, page: Page):
    page.goto("/tinh/ha-giang/")
    wait_for_chart(page, "#history-chart")
    codes = ["DTI", "CQS", "KTS", "XHS"]
    values = Score.objects.filter(unit__slug="ha-giang", indicator__code__in=codes).count()
    averages = ReferenceValue.objects.filter(
        indicator__code="DTI", kind=ReferenceValue.Kind.PROVINCIAL_AVERAGE
    ).count()
    assert values == 9  # DTI 2022–2024, the three pillars 2022–2023 (2024: not derivable)
    points = page.locator("#history-chart .scatterlayer .trace .points path.point")
    expect(points).to_have_count(values + averages)
    # Published values are filled, values the app computed are hollow (the legend says so).
    assert page.locator("#history-chart .legend .traces").count() == 5
    # The chart fits its box (a phone test checks the small screen).
    width = page.evaluate(
        "document.querySelector('#history-chart svg.main-svg').getBoundingClientRect().width"
    )
    assert width <= page.locator("#history-chart").bounding_box()["width"] + 1


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_chart_downloads_as_png_and_svg(site, page: Page, fmt, magic, tmp_path):
    page.goto("/tinh/ha-giang/")
    wait_for_chart(page, "#history-chart")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=f"Tải ảnh {fmt.upper()}").click()
    download = download_info.value
    assert download.suggested_filename == f"dti-ha-giang.{fmt}"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    content = path.read_bytes()
    assert content.startswith(magic)
    if fmt == "svg":
        assert "Chính quyền số" in content.decode()  # the legend is in the picture


def test_map_downloads_as_svg_from_the_modebar(site, page: Page, tmp_path):
    page.goto("/xep-hang/2024/?view=map")
    wait_for_chart(page, "#ranking-map")
    page.locator("#ranking-map").hover()
    with page.expect_download() as download_info:
        page.locator("#ranking-map .modebar-btn[data-title='SVG']").click()
    download = download_info.value
    assert download.suggested_filename == "dti-2024-34-dti-ban-do.svg"
    download.save_as(tmp_path / "map.svg")
    svg = (tmp_path / "map.svg").read_text()
    assert svg.startswith("<svg") and svg.count("choroplethlocation") == 34


def test_copy_link_puts_the_current_view_address_on_the_clipboard(site, page: Page, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/xep-hang/2022/")
    page.get_by_label("Vùng").select_option(label="Tây Nguyên")
    expect(page).to_have_url(re.compile(r"region=tay-nguyen"))
    page.get_by_role("button", name="Chép liên kết tới trang này").click()
    expect(page.get_by_role("status").filter(has_text="Đã chép")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert "region=tay-nguyen" in page.url


def test_copy_link_without_clipboard_shows_the_address_to_copy_by_hand(site, page: Page):
    # As on a plain-http intranet address, where browsers give no clipboard API.
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto("/tinh/ha-giang/")
    page.get_by_role("button", name="Chép liên kết tới trang này").click()
    field = page.locator(".copy-link-fallback input")
    expect(field).to_be_visible()
    expect(field).to_have_value(page.url)
    expect(field).to_be_focused()


def test_the_summary_leads_to_every_section_and_phones_see_target_cards(site, page: Page):
    """Issue 17.4: the rank, the targets' statuses and the drivers / what-if links sit at
    the top; section links reach each part; on a phone each target is a card whose
    status is in view, not off-screen in a wide table."""
    page.goto("/tinh/bac-giang/")
    summary = page.locator("section.province-summary")
    expect(summary).to_contain_text("DTI 2024")
    expect(summary).to_contain_text("13/63")
    assert summary.bounding_box()["y"] < 700  # above the fold on a desktop
    summary.get_by_role("link", name="Động lực xếp hạng").click()
    expect(page).to_have_url(re.compile(r"/tinh/bac-giang/dong-luc/"))
    page.go_back()
    nav = page.get_by_role("navigation", name="Các phần của trang")
    for link in nav.get_by_role("link").all():
        target = link.get_attribute("href")
        assert page.locator(target).count() == 1, target
    nav.get_by_role("link", name="Mục tiêu").click()
    expect(page).to_have_url(re.compile(r"#targets-title$"))
    page.set_viewport_size({"width": 375, "height": 812})
    first = page.locator("tr.target-row").first
    status = first.locator("td.status-cell .status")
    expect(status).to_be_visible()
    box, card = status.bounding_box(), first.bounding_box()
    assert box["x"] + box["width"] <= 375 and box["y"] < card["y"] + 60  # first in the card
    # Charts resize after the screen does (plotly's resize handler is debounced; the
    # page's CSP forbids wait_for_function's eval, so poll).
    for _ in range(40):
        if page.evaluate("document.documentElement.scrollWidth") <= 375:
            break
        page.wait_for_timeout(250)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_phone_plotly_runs_only_once_the_chart_is_scrolled_to(site, new_context):
    # Issue 17.12: plotly.js (1.2 MB) was run at load on a phone, 1.3-2 s of blocked main
    # thread under Lighthouse's mobile throttling. Now its file is fetched when the page
    # is idle and run when a fifth of the chart is on the screen.
    page = new_context(viewport={"width": 412, "height": 823}, is_mobile=True).new_page()
    bundles = []
    page.on("request", lambda r: "/vendor/plotly/" in r.url and bundles.append(r.url))
    page.goto("/tinh/bac-giang/", wait_until="load")
    chart = page.locator("#history-chart")
    box = chart.bounding_box()
    shown = (823 - box["y"]) / box["height"]
    assert 0 < shown < 0.2  # the chart starts at the fold: less than a fifth of it shows
    expect(page.locator("link[data-plotly-prefetch]")).to_have_count(1)
    page.wait_for_function(
        "() => performance.getEntriesByType('resource')"
        ".some(e => e.name.includes('/vendor/plotly/') && e.responseEnd > 0)"
    )
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert chart.get_attribute("data-rendered") is None
    page.evaluate("window.scrollBy(0, 400)")  # the reader scrolls: the chart is drawn
    expect(page.locator("#history-chart[data-rendered='true']")).to_have_count(1, timeout=20_000)
    assert len(set(bundles)) == 1  # one file: the prefetched copy is the one that ran


def test_on_a_desktop_the_chart_in_view_is_drawn_without_scrolling(site, new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/tinh/bac-giang/")
    expect(page.locator("#history-chart[data-rendered='true']")).to_have_count(1, timeout=20_000)
    assert page.evaluate("window.scrollY") == 0
