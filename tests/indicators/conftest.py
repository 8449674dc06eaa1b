"""Fixtures for the data-entry tests: users in each role and workbooks built from
the real template."""

import io
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from indicators.entry import roles
from indicators.entry.imports import import_template_build
from indicators.models import EditorAssignment
from tests.indicators.entry_helpers import old_unit


def _user(username: str, group: str | None, *, staff: bool = True):
    user = get_user_model().objects.create_user(
        username=username, password="mat-khau-dai-123", is_staff=staff
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def national_editor():
    return _user("bien-tap-quoc-gia", roles.NATIONAL_EDITOR)


@pytest.fixture
def bac_giang_editor():
    user = _user("bien-tap-bac-giang", roles.PROVINCIAL_EDITOR)
    EditorAssignment.objects.create(user=user, unit=old_unit("24"))
    return user


@pytest.fixture
def publisher():
    return _user("cong-bo", roles.PUBLISHER)


@pytest.fixture
def viewer():
    return _user("nguoi-xem", roles.VIEWER)


@pytest.fixture
def workbook() -> Callable[..., bytes]:
    """Build an upload from the real template: ``workbook(year, pool, edit)`` where
    ``edit(ws)`` fills the data sheet (row 2 is the first unit)."""

    def build(year: int = 2024, pool: int = 63, edit: Callable | None = None) -> bytes:
        wb = load_workbook(io.BytesIO(import_template_build(year=year, pool=pool)))
        ws = wb.worksheets[0]
        if edit:
            edit(ws)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    return build


@pytest.fixture(autouse=True)
def _status_year(settings):
    """Judge target statuses as in 2026 (DTI 2025 not yet published), whatever today is."""
    settings.DTI_STATUS_YEAR = 2026
