"""The compare page in a real browser (Debian's Chromium, strict CSP): the search
adds a unit through htmx, the URL follows, the chart is redrawn."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_adds_a_unit_updates_the_url_and_redraws_the_chart(live_server, page: Page):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=dti")
    chart = page.locator('[data-chart="compare-chart-data"]')
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator(".scatterlayer .trace")).to_have_count(5)  # 3 units, average, leader

    page.locator("#compare-q").fill("ha noi")
    add = page.locator("#compare-picker a", has_text="Hà Nội")
    expect(add).to_be_visible()
    add.click()
    expect(page).to_have_url(re.compile(r"units=bac-giang,ha-giang,hai-duong,ha-noi&metric=dti$"))
    chart = page.locator('[data-chart="compare-chart-data"]')
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator(".scatterlayer .trace")).to_have_count(6)
    expect(page.locator("#targets-ha-noi")).to_be_visible()

    page.select_option('select[name="metric"]', "cqs")
    expect(page).to_have_url(re.compile(r"metric=cqs$"))
    expect(page.locator("#compare-title")).to_contain_text("Chính quyền số")
    assert errors == []
