"""Uploaded files waiting for their confirm, kept out of the session: each is a
file under MEDIA_ROOT/uploads named by a random token, with a small JSON beside it
naming its owner and time. Only its owner gets it back, only within UPLOAD_EXPIRY;
``clean_uploads`` removes what expired (a confirm or a new upload removes its own)."""

import json
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

UPLOAD_EXPIRY = 2 * 3600  # seconds an upload waits for its confirm
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads"


def pending_upload_save(*, user, content: bytes) -> str:
    """Keep ``content`` for ``user``; returns the token that fetches it again."""
    token = secrets.token_hex(32)
    folder = _dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{token}.bin").write_bytes(content)
    (folder / f"{token}.json").write_text(json.dumps({"user": user.pk, "at": time.time()}))
    return token


def pending_upload_load(*, user, token: str) -> bytes | None:
    """The file ``user`` uploaded under ``token``; None if it is someone else's,
    expired, removed or the token is malformed."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    folder = _dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        if meta.get("user") != user.pk or time.time() - meta.get("at", 0) > UPLOAD_EXPIRY:
            return None
        return (folder / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None


def pending_upload_drop(*, token: str) -> None:
    if isinstance(token, str) and _TOKEN.match(token):
        for suffix in (".bin", ".json"):
            (_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def pending_uploads_clean(*, max_age: float = UPLOAD_EXPIRY) -> int:
    """Remove the uploads older than ``max_age`` seconds (and strays without their
    JSON); returns how many were removed."""
    folder = _dir()
    if not folder.is_dir():
        return 0
    removed, now = 0, time.time()
    for path in folder.glob("*.bin"):
        token = path.stem
        try:
            at = json.loads((folder / f"{token}.json").read_text()).get("at", 0)
        except (OSError, ValueError):
            at = path.stat().st_mtime
        if now - at > max_age:
            pending_upload_drop(token=token)
            removed += 1
    return removed
