"""The compare page in a real browser: three units picked by typing, one line each."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import csp_violations, wait_for_chart
from indicators.models import Score

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def _add(page: Page, typed: str, name: str) -> None:
    page.get_by_role("searchbox", name=re.compile("Thêm tỉnh, thành phố")).fill(typed)
    page.locator("#compare-picker").get_by_role("link", name=f"+ {name}").click()
    expect(page.locator(".chips")).to_contain_text(name.split(" ", 1)[1])


def test_compare_three_units_picked_by_typing_draws_a_line_for_each(site, page: Page):
    page.goto("/so-sanh/")
    page.evaluate("window.__sameDocument = true")
    _add(page, "bac giang", "Tỉnh Bắc Giang")
    _add(page, "ha giang", "Tỉnh Hà Giang")
    _add(page, "hai duong", "Tỉnh Hải Dương")
    expect(page).to_have_url(re.compile(r"units=bac-giang(%2C|,)ha-giang(%2C|,)hai-duong"))
    assert page.evaluate("window.__sameDocument === true")  # htmx swaps, no reload

    wait_for_chart(page, "#compare-chart")
    legend = page.locator("#compare-chart .legend .traces")
    for name in ("Bắc Giang", "Hà Giang", "Hải Dương"):
        expect(legend.filter(has_text=name)).to_have_count(1)
    # One marker per published or computed DTI value of the three units.
    values = Score.objects.filter(
        unit__slug__in=["bac-giang", "ha-giang", "hai-duong"], indicator__code="DTI"
    ).count()
    unit_points = (
        page.locator("#compare-chart .scatterlayer .trace").nth(0).locator("path.point").count()
    )
    unit_points += (
        page.locator("#compare-chart .scatterlayer .trace").nth(1).locator("path.point").count()
    )
    unit_points += (
        page.locator("#compare-chart .scatterlayer .trace").nth(2).locator("path.point").count()
    )
    assert unit_points == values
    expect(page.locator(".compare-table thead th")).to_contain_text(
        ["Năm", "Bắc Giang", "Hà Giang", "Hải Dương"]
    )

    # The address reopens the same comparison, on another metric too.
    page.locator("#compare-body select[name=metric]").select_option("kts")
    expect(page).to_have_url(re.compile(r"metric=kts"))
    wait_for_chart(page, "#compare-chart")
    page.reload()
    wait_for_chart(page, "#compare-chart")
    expect(page.locator("#compare-title")).to_contain_text("Kinh tế số")
    assert csp_violations(page) == []
