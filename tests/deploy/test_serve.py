"""scripts/serve.sh (make serve) refuses to start without a secret key."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("debug", ["", "true"], ids=["unset", "debug-asked"])
def test_make_serve_refuses_to_start_without_a_secret_key_and_says_how_to_make_one(debug):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "COV_", "COVERAGE_")) and k != "DATABASE_URL"
    }
    if debug:  # DJANGO_DEBUG=true would allow the dev key: make serve forces DEBUG off
        env["DJANGO_DEBUG"] = debug
    result = subprocess.run(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env={**env, "DJANGO_READ_DOT_ENV_FILE": "false"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert 'python3 -c "import secrets; print(secrets.token_urlsafe(64))"' in result.stderr
    assert "gunicorn" not in result.stdout  # stopped before migrating or serving
