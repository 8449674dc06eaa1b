"""dti.wsgi warms a gunicorn worker up before it takes requests (dti/warmup.py). With
the server tests: it checks what a worker does at start, on no test database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.deploy  # a server start-up check: in one run only

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import dti.wsgi
from django.db import connection
views = ["indicators.scorecard.views", "reports.views", "provinces.views"]
print(all(name in sys.modules for name in views))
print(connection.connection is None)
"""


def test_the_wsgi_module_imports_every_view_and_touches_no_database(tmp_path):
    database = tmp_path / "never-opened.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dti.settings.base",
        "DJANGO_SECRET_KEY": "warm-up-test-key-warm-up-test-key-warm-up-test-key",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_READ_DOT_ENV_FILE": "false",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True"]
    assert not database.exists()  # SQLite creates the file on the first connection
