"""The ranking page in a real browser: htmx year switch and back button, sort and
filter, and the map tab with the 63 and 34 unit boundaries."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import csp_violations, wait_for_chart

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

ROWS = "table.ranking tbody tr"


def first_row(page: Page) -> tuple[str, str]:
    row = page.locator(ROWS).first
    return row.locator("td.rank").inner_text().strip(), row.locator("th a").inner_text().strip()


def mark_document(page: Page) -> None:
    """A flag that a full page load would wipe: proves the swaps are htmx partials."""
    page.evaluate("window.__sameDocument = true")


def same_document(page: Page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_year_switch_swaps_the_table_with_htmx_and_back_restores_the_previous_year(
    site, page: Page
):
    page.goto("/xep-hang/2024/")
    expect(page.locator(ROWS)).to_have_count(34)
    assert first_row(page) == ("1/34", "Hà Nội")
    mark_document(page)

    with page.expect_request(lambda r: "/xep-hang/2022/" in r.url) as request_info:
        page.get_by_role("navigation", name="Năm đánh giá").get_by_role("link", name="2022").click()
    assert request_info.value.headers.get("hx-request") == "true"
    expect(page).to_have_url(re.compile(r"/xep-hang/2022/$"))
    expect(page.locator(ROWS)).to_have_count(63)
    assert first_row(page) == ("1/63", "Đà Nẵng")
    expect(page.get_by_role("link", name="2022", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert same_document(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/xep-hang/2024/$"))
    expect(page.locator(ROWS)).to_have_count(34)
    assert first_row(page) == ("1/34", "Hà Nội")
    page.go_forward()
    expect(page).to_have_url(re.compile(r"/xep-hang/2022/$"))
    expect(page.locator(ROWS)).to_have_count(63)
    assert first_row(page) == ("1/63", "Đà Nẵng")


def test_sort_and_region_filter_update_the_table_and_the_address(site, page: Page):
    page.goto("/xep-hang/2022/")
    mark_document(page)
    page.locator("table.ranking thead").get_by_role("link", name="Tỉnh, thành phố").click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(page.locator("table.ranking thead th[aria-sort='ascending']")).to_contain_text(
        "Tỉnh, thành phố"
    )
    names = page.locator(f"{ROWS} th a").all_inner_texts()
    assert len(names) == 63
    assert names[0] == "An Giang"
    assert names == sorted(names)  # the server's order (Python's), kept by the browser

    page.get_by_label("Vùng").select_option(label="Đồng bằng sông Cửu Long")
    expect(page).to_have_url(re.compile(r"region=dong-bang-song-cuu-long"))
    expect(page.locator(ROWS)).to_have_count(13)
    assert "sort=name" in page.url  # the sort survives the filter
    ranks = page.locator(f"{ROWS} td.rank").all_inner_texts()
    assert all(rank.strip().endswith("/63") for rank in ranks)  # national ranks, with the pool
    expect(page.locator(f"{ROWS} th a").first).to_have_text("An Giang")

    page.get_by_label("Trụ cột").select_option("KTS")
    expect(page).to_have_url(re.compile(r"pillar=KTS"))
    expect(page.locator("#table-title")).to_contain_text("Kinh tế số")
    expect(page.locator(ROWS)).to_have_count(13)
    assert same_document(page)


def _map_shapes(page: Page) -> int:
    wait_for_chart(page, "#ranking-map")
    return page.locator("#ranking-map path.choroplethlocation").count()


def _point_in_shape(page: Page, code: str) -> tuple[float, float]:
    """A point of the screen inside the map shape of unit ``code`` (plotly binds each
    path to its location; the westmost inside point, i.e. the mainland, not an island)."""
    point = page.evaluate(
        """(code) => {
          const path = [...document.querySelectorAll('#ranking-map path.choroplethlocation')]
            .find((p) => p.__data__ && p.__data__.loc === code);
          const box = path.getBoundingClientRect();
          const toPath = path.getScreenCTM().inverse();
          for (let i = 1; i < 40; i++) {
            for (let j = 1; j < 40; j++) {
              const x = box.x + box.width * i / 40, y = box.y + box.height * j / 40;
              const local = new DOMPoint(x, y).matrixTransform(toPath);
              if (path.isPointInFill(local)) { return [x, y]; }
            }
          }
          return null;
        }""",
        code,
    )
    assert point, f"no point inside the shape of {code}"
    return point[0], point[1]


def test_map_tab_draws_34_and_63_units_keeps_its_state_in_the_address_and_opens_a_province(
    site, page: Page
):
    page.goto("/xep-hang/2024/")
    mark_document(page)
    page.get_by_role("navigation", name="Cách xem").get_by_role("link", name="Bản đồ").click()
    expect(page).to_have_url(re.compile(r"view=map"))
    assert _map_shapes(page) == 34
    # Served from our static files: plotly's topojson and our boundaries, nothing else.
    assert page.evaluate(
        "performance.getEntriesByType('resource').some(e => e.name.endsWith('/static/vendor/topojson/world_110m.json'))"
    )
    assert page.evaluate(
        "performance.getEntriesByType('resource').some(e => e.name.endsWith('/static/geo/vn34.geojson'))"
    )

    page.get_by_label("Nhóm xếp hạng").select_option("63")
    expect(page).to_have_url(re.compile(r"view=map"))
    expect(page).to_have_url(re.compile(r"pool=63"))
    expect(page.locator("#ranking-map path.choroplethlocation")).to_have_count(63, timeout=20_000)

    # Another year keeps the map and the pool; the colour scale is the same.
    scale = page.locator(".map-block .legend").inner_text()
    page.get_by_role("navigation", name="Năm đánh giá").get_by_role("link", name="2022").click()
    expect(page).to_have_url(re.compile(r"/xep-hang/2022/\?.*view=map"))
    expect(page.locator("#table-title")).to_contain_text("2022")
    expect(page.locator("#ranking-map path.choroplethlocation")).to_have_count(63, timeout=20_000)
    assert page.locator(".map-block .legend").inner_text() == scale
    assert same_document(page)

    # Back and forward restore the maps from htmx's history copy, redrawn, within the CSP.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/xep-hang/2024/\?.*pool=63"))
    expect(page.locator("#ranking-map path.choroplethlocation")).to_have_count(63, timeout=20_000)
    wait_for_chart(page, "#ranking-map")
    page.go_forward()
    expect(page.locator("#table-title")).to_contain_text("2022")
    wait_for_chart(page, "#ranking-map")
    assert page.locator("#ranking-map .main-svg").count() == 3  # redrawn once, not stacked
    assert csp_violations(page) == []

    # A reload of the pushed address gives the same view (state lives in the URL).
    page.reload()
    assert _map_shapes(page) == 63

    # Hover shows value and rank with its pool; a click opens the province page.
    wait_for_chart(page, "#ranking-map")
    page.locator("#ranking-map").evaluate("el => el.scrollIntoView({block: 'center'})")
    x, y = _point_in_shape(page, "48")  # Đà Nẵng, 1/63 in 2022
    page.mouse.move(x, y)
    hover = page.locator("#ranking-map .hoverlayer")
    expect(hover).to_contain_text("Đà Nẵng")
    expect(hover).to_contain_text("0,8002")
    expect(hover).to_contain_text("1/63")
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"/tinh/da-nang-truoc-2025/$"))  # the old unit of the 63
    expect(page.locator("h1")).to_contain_text("Đà Nẵng")
    assert csp_violations(page) == []


def test_map_of_a_year_with_only_published_ranks_greys_the_missing_values(site, page: Page):
    page.goto("/xep-hang/2021/?view=map")
    assert _map_shapes(page) == 63
    data = page.locator("details.map-data")
    expect(data).to_contain_text("chưa công bố")
    # Every unit is listed in the data table that stands in for the map.
    expect(data.locator("tbody tr")).to_have_count(63)


def _focused(page: Page) -> str:
    return page.evaluate(
        "document.activeElement.getAttribute('data-focus-key') || document.activeElement.name || ''"
    )


def test_keyboard_focus_stays_on_the_control_used_and_the_change_is_announced(site, page: Page):
    page.goto("/xep-hang/2022/")
    mark_document(page)
    # Sort by keyboard: the header link keeps the focus; a second Enter reverses.
    page.locator("[data-focus-key='sort-HTS']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=HTS"))
    header = page.locator("table.ranking thead th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(header.locator(".sort-arrow")).to_have_text("▼")
    assert _focused(page) == "sort-HTS"
    expect(page.locator("#live-status")).to_contain_text("HTS, giảm dần")
    expect(page.locator("[data-focus-key='sort-HTS']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=HTS&dir=asc"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(page.locator(f"{ROWS} th a").last).to_have_text("Hồ Chí Minh")
    assert _focused(page) == "sort-HTS"
    # A pillar picked from the keyboard after a sort: focus stays on the select, the
    # next Tab goes to the next filter, and the list is rank 1 first, not worst first.
    page.locator("[data-focus-key='sort-rank']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=rank$"))  # another column: its default order
    # The URL is pushed before the swap settles; Enter goes to the new link once the
    # focus is back on it (a second press before that went nowhere: seed 1).
    expect(page.locator("[data-focus-key='sort-rank']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=rank&dir=desc"))
    assert first_row(page)[0] == "63/63"
    expect(page.locator("[data-focus-key='sort-rank']")).to_be_focused()
    page.get_by_label("Trụ cột").focus()
    page.get_by_label("Trụ cột").select_option("KTS")
    expect(page).to_have_url(re.compile(r"pillar=KTS"))
    expect(page.locator("#table-title")).to_contain_text("Kinh tế số")
    assert "dir=desc" not in page.url
    assert first_row(page)[0] == "1/63"
    assert _focused(page) == "pillar"
    page.keyboard.press("Tab")
    assert _focused(page) == "region"
    expect(page.locator("#live-status")).to_contain_text("Kinh tế số")
    assert same_document(page)
    assert csp_violations(page) == []
