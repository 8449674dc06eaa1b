"""Settings, migrations and the session's data: the checks a deploy relies on.

The settings checks run ``manage.py`` in a subprocess with a clean environment,
because settings are read once, at import, from the environment.
"""

import datetime
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from provinces.models import Unit

BASE_DIR = settings.BASE_DIR


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py with only ``env`` on top of the non-Django environment."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "dti.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_system_checks_pass_under_test_settings():
    call_command("check", fail_level="WARNING", verbosity=0)


@pytest.mark.django_db
def test_models_have_no_missing_migrations():
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=1)
    except SystemExit as exc:  # raised with code 1 when a migration is missing
        pytest.fail(
            f"makemigrations --check found model changes without a migration (exit {exc.code})"
        )


def test_development_settings_pass_checks():
    """What `make run` starts: base settings with DEBUG on and nothing else set."""
    result = _manage("check", "--fail-level", "WARNING", env={"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_pass_deploy_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "dti.example.org",
            "DJANGO_SECURE_SSL_REDIRECT": "true",
            "DJANGO_SECURE_COOKIES": "true",
            "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage("check", env={"DJANGO_DEBUG": "false"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (BASE_DIR / "dti" / "settings" / "base.py").read_text(encoding="utf-8")
    read = set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", settings_source))
    example = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert read, "no env(...) call found in base.py"
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
    assert listed <= read, f"in .env.example but not read by base.py: {sorted(listed - read)}"


@pytest.mark.django_db
def test_session_database_holds_the_published_units_of_both_pools(published_data):
    assert published_data.units == 86
    assert Unit.objects.real().count() == 86
    assert Unit.objects.in_pool(63).count() == 63
    assert Unit.objects.in_pool(34).count() == 34
    assert Unit.objects.valid_on(datetime.date(2025, 6, 30)).real().count() == 63
    assert Unit.objects.valid_on(datetime.date(2025, 7, 1)).real().count() == 34
