"""Downloads in a real browser: "Tải Excel" on the ranking page after an htmx filter
change saves the workbook of the table on screen; the province page's print view
draws its chart under the CSP."""

import re

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import csp_violations, wait_for_chart

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_tai_excel_saves_the_table_on_screen_after_an_htmx_filter(site, page: Page, tmp_path):
    page.goto("/xep-hang/2022/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Vùng").select_option(label="Đồng bằng sông Cửu Long")
    expect(page).to_have_url(re.compile(r"region=dong-bang-song-cuu-long"))
    expect(page.locator("table.ranking tbody tr")).to_have_count(13)
    assert page.evaluate("window.__sameDocument === true")  # an htmx swap, not a page load
    on_screen = page.locator("table.ranking tbody tr th a").all_inner_texts()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Excel").click()
    download = download_info.value
    assert download.suggested_filename == "dti-xep-hang-2022-63-dong-bang-song-cuu-long.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    wb = openpyxl.load_workbook(path)
    ws = wb["Xếp hạng 2022"]
    names = [row[3] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == on_screen
    frame = pd.read_excel(path, sheet_name="Xếp hạng 2022").set_index("Tỉnh, thành phố")
    assert frame.loc["An Giang", "Nhóm"] == 63
    assert len(frame) == 13

    with page.expect_download() as csv_info:
        page.get_by_role("link", name="Tải CSV").click()
    csv_path = tmp_path / csv_info.value.suggested_filename
    csv_info.value.save_as(csv_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    tidy = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert set(tidy[tidy.indicator == "DTI"].unit_name) == set(on_screen)


def test_the_print_view_draws_the_chart_without_csp_violations(site, page: Page):
    page.goto("/tinh/bac-giang/")
    link = page.get_by_role("link", name="Bản in")
    assert link.locator("svg").count() == 1  # an icon that renders everywhere, no "⎙" box
    link.click()
    expect(page).to_have_url(re.compile(r"/tinh/bac-giang/in/$"))
    wait_for_chart(page, "#history-chart")
    expect(page.get_by_role("button", name="In trang này")).to_be_visible()
    expect(page.get_by_role("link", name="Tải Excel")).to_have_count(0)
    assert page.locator("details:not([open])").count() == 0  # sources open for printing
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="In trang này")).to_be_hidden()
    expect(page.locator("#history-chart svg").first).to_be_visible()
    assert csp_violations(page) == []


def test_the_a4_print_view_fits_the_page_width_and_stays_short(site, page: Page):
    """Issue 17.5: no table runs off the right edge of A4, and a province with 24 targets
    prints on fewer than 10 pages (9 before the print styles were condensed)."""
    page.goto("/tinh/bac-giang/in/")
    wait_for_chart(page, "#history-chart")
    page.emulate_media(media="print")
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll('table'))
              .filter(t => t.scrollWidth > t.parentElement.clientWidth + 2)
              .map(t => t.className)"""
    )
    assert overflowing == []
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 < pages <= 8, pages
