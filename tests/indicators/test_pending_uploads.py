"""An uploaded file waits for its confirm in storage, not in the session: only its
owner gets it back, it expires, and ``clean_uploads`` removes what expired."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from indicators.entry import pending
from indicators.models import ChangeSet
from tests.indicators.entry_helpers import put
from tests.indicators.test_entry_views import _confirm_fields, _upload

pytestmark = pytest.mark.django_db


def _uploads() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "uploads").glob("*.bin"))


def test_the_uploaded_bytes_stay_out_of_the_session(client, national_editor, workbook):
    client.force_login(national_editor)
    content = workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61))
    before = set(_uploads())
    html = _upload(client, content).content.decode()
    waiting = client.session["dti_pending_import"]
    assert "content" not in waiting and len(str(waiting)) < 1000
    stored = set(_uploads()) - before
    assert len(stored) == 1 and stored.pop().read_bytes() == content
    assert client.post("/nhap-lieu/xac-nhan/", _confirm_fields(html)).status_code == 302
    assert ChangeSet.objects.count() == 1 and set(_uploads()) == before  # removed on confirm


def test_only_the_owner_gets_the_file_and_only_before_it_expires(
    national_editor, bac_giang_editor, monkeypatch
):
    token = pending.pending_upload_save(user=national_editor, content=b"abc")
    assert pending.pending_upload_load(user=national_editor, token=token) == b"abc"
    assert pending.pending_upload_load(user=bac_giang_editor, token=token) is None
    assert pending.pending_upload_load(user=national_editor, token="../" + token) is None
    later = time.time() + pending.UPLOAD_EXPIRY + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert pending.pending_upload_load(user=national_editor, token=token) is None


def test_an_expired_upload_cannot_be_confirmed(client, national_editor, workbook, monkeypatch):
    client.force_login(national_editor)
    html = _upload(client, workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61))).content.decode()
    later = time.time() + pending.UPLOAD_EXPIRY + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/nhap-lieu/xac-nhan/", _confirm_fields(html))
    assert response.status_code == 302 and response["Location"].endswith("/nhap-lieu/")
    assert not ChangeSet.objects.exists()


def test_clean_uploads_removes_only_the_expired(national_editor):
    old = pending.pending_upload_save(user=national_editor, content=b"old")
    fresh = pending.pending_upload_save(user=national_editor, content=b"fresh")
    meta = Path(settings.MEDIA_ROOT) / "uploads" / f"{old}.json"
    meta.write_text(meta.read_text().replace('"at": ', '"at": 1, "was": '))
    out = StringIO()
    call_command("clean_uploads", stdout=out)
    assert "1 pending upload(s) removed." in out.getvalue()
    assert pending.pending_upload_load(user=national_editor, token=old) is None
    assert pending.pending_upload_load(user=national_editor, token=fresh) == b"fresh"
    assert not os.path.exists(meta)
