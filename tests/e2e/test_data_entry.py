"""Data entry in a real browser: an admin logs in, uploads a file, checks the
preview, writes a draft, publishes it, and the public ranking shows the new value.

This test writes through the server, so it uses pytest-django's ``live_server``
with a transactional database (flushed afterwards; tests/conftest.py reloads the
published data for the next transactional test)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from indicators.models import ChangeSet, Score

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = "Năm;Mã đơn vị;Tên đơn vị;HTS\n2024;24;Bắc Giang;0,5\n"


def _hts_cell(page: Page) -> str:
    """Bắc Giang's HTS value as the 2024 ranking of the 63 shows it."""
    # A header is the short name and its sort arrow (▲ ▼ ↕).
    headers = [
        h.strip().rstrip("▲▼↕").strip()
        for h in page.locator("table.ranking thead th").all_inner_texts()
    ]
    row = page.locator("table.ranking tbody tr").filter(
        has=page.get_by_role("rowheader", name="Bắc Giang", exact=True)
    )
    # Cells after the rank (td.num), the name (th) and the change (td): one per index column.
    # The value is the cell's first line; its rank, if any, follows on its own line.
    cell = row.locator("td.num").nth(headers.index("HTS") - 2)
    return cell.inner_text().split()[0]


def test_admin_uploads_a_file_previews_writes_a_draft_and_publishes_it(
    live_server, admin_user, page: Page
):
    published = Score.objects.get(
        unit__code="24", unit__valid_to__isnull=False, indicator__code="HTS", year=2024
    )
    assert published.value != 0.5

    page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/?next=/nhap-lieu/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nhap-lieu/$"))

    page.locator("#id_year").select_option("2024")
    page.locator("#id_pool").select_option("63")
    upload = [{"name": "so-lieu.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    page.locator("#id_file").set_input_files(files=upload)
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    # No source given: nothing can go further, and the page says what is missing.
    expect(page.locator("form.entry-form")).to_contain_text("Cần nguồn công bố")
    expect(page.get_by_role("button", name=re.compile(r"Xác nhận ghi"))).to_have_count(0)
    assert not ChangeSet.objects.exists()
    # A document number and a date typed the Vietnamese way are a source.
    page.locator("#id_source_document").fill("405/QĐ-BKHCN")
    page.locator("#id_source_date").fill("03/04/2025")
    page.locator("#id_file").set_input_files(files=upload)
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    confirm = page.get_by_role("button", name=re.compile(r"Xác nhận ghi 1 giá trị"))
    expect(confirm).to_be_visible()
    assert not ChangeSet.objects.exists()  # nothing written before the confirmation

    confirm.click()
    expect(page).to_have_url(re.compile(r"/nhap-lieu/dot/\d+/$"))
    expect(page.locator("p.notice[role=status]")).to_contain_text("Đã ghi bản nháp")
    change_set = ChangeSet.objects.get()
    assert change_set.is_draft
    assert (change_set.source_document, f"{change_set.source_date:%d/%m/%Y}") == (
        "405/QĐ-BKHCN",
        "03/04/2025",
    )

    # A draft is not public.
    public = page.context.new_page()
    public.goto(f"{live_server.url}/xep-hang/2024/?pool=63")
    assert _hts_cell(public) == f"{published.value:.4f}".replace(".", ",")

    page.locator("input[name=confirm]").check()  # the confirm step: what will change was shown
    page.get_by_role("button", name="Công bố đợt này").click()
    expect(page.locator("p.notice[role=status]")).to_contain_text(f"#{change_set.pk}")
    public.reload()
    assert _hts_cell(public) == "0,5000"
