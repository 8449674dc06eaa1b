"""The re-weighting page in a real browser: typing a weight or moving a slider re-ranks
through htmx (no reload, focus kept, URL shareable), a preset fills the inputs, and the
page fits a 375 px screen; no CSP violation."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import csp_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_typing_a_weight_reranks_without_reload_and_keeps_focus(site, page: Page):
    page.goto("/xep-hang/2022/trong-so/")
    page.evaluate("window.__sameDocument = true")
    first = page.locator("[data-testid=reweight-table] tbody tr").first
    before = first.inner_text()
    field = page.locator("#weight-HTS")
    field.click()
    field.fill("900")
    expect(page).to_have_url(re.compile(r"HTS=900"))
    expect(first).not_to_have_text(before)
    assert page.evaluate("document.activeElement.id") == "weight-HTS"
    assert page.evaluate("window.__sameDocument === true")
    assert page.locator("[data-weight-range='weight-HTS']").input_value() == "900"
    SHOTS.mkdir(exist_ok=True)
    expect(page.locator("#preset-official")).not_to_have_class(re.compile("active"))
    page.locator("[data-testid=reweight-table]").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "reweight-desktop.png"), full_page=False)
    assert csp_violations(page) == []


def test_keyboard_on_a_slider_and_a_preset_fill_the_inputs(site, page: Page):
    page.goto("/xep-hang/2022/trong-so/")
    slider = page.locator("[data-weight-range='weight-HDCQS']")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#weight-HDCQS")).to_have_value("201")
    expect(page).to_have_url(re.compile(r"HDCQS=201"))
    assert page.evaluate("document.activeElement.dataset.weightRange") == "weight-HDCQS"
    page.locator("#preset-equal").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#weight-OTHER")).to_have_value("500")
    expect(page.locator("#weight-HDCQS")).to_have_value("125")
    assert page.evaluate("document.activeElement.id") == "preset-equal"
    assert csp_violations(page) == []


def test_a_bad_weight_shows_a_message_in_place_and_the_page_fits_375px(site, page: Page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/xep-hang/2022/trong-so/")
    page.locator("#weight-HTS").fill("-5")
    expect(page.locator("#reweight-result .notice")).to_contain_text("HTS")
    page.goto("/xep-hang/2022/trong-so/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("[data-testid=reweight-table]").scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "reweight-375.png"), full_page=False)
    assert csp_violations(page) == []
