"""deploy/systemd and deploy/cron: the units a Debian server installs."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"
UNITS = ["dti.socket", "dti.service", "dti-backup.service", "dti-backup.timer"]


def test_systemd_accepts_the_units(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    # The units name /srv/dti; point them at this checkout so every command exists.
    for unit in UNITS:
        text = (SYSTEMD / unit).read_text().replace("/srv/dti", str(ROOT))
        (tmp_path / unit).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / u) for u in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_service_runs_gunicorn_with_the_repositorys_config_on_the_socket():
    service = (SYSTEMD / "dti.service").read_text()
    assert "Requires=dti.socket" in service
    assert (
        "ExecStart=/srv/dti/.venv/bin/gunicorn --config /srv/dti/deploy/gunicorn.conf.py" in service
    )
    assert "ExecStartPre=/srv/dti/scripts/serve.sh --prepare" in service
    assert "ListenStream=/run/dti/gunicorn.sock" in (SYSTEMD / "dti.socket").read_text()


def test_the_nightly_backup_runs_backup_dti_as_timer_or_cron_line():
    assert (
        "manage.py backup_dti --out /var/backups/dti/"
        in (SYSTEMD / "dti-backup.service").read_text()
    )
    assert "OnCalendar=" in (SYSTEMD / "dti-backup.timer").read_text()
    [line] = [
        line
        for line in (ROOT / "deploy" / "cron" / "dti-backup").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    minute, hour, day, month, weekday, user, command = line.split(None, 6)
    assert (minute, hour, user) == ("30", "2", "dti")
    assert "manage.py backup_dti --out" in command
    assert not re.search(r"(?<!\\)%", command), "cron ends the command at an unescaped %"
