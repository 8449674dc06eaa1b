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


# What reads the environment: the settings and the app server's config (make serve).
ENV_READERS = [BASE_DIR / "dti" / "settings" / "base.py", BASE_DIR / "deploy" / "gunicorn.conf.py"]


def _env_example_values() -> dict[str, str]:
    """The variables .env.example sets (uncommented lines): the production values."""
    example = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", example, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for reader in ENV_READERS:
        source = reader.read_text(encoding="utf-8")
        found = set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))
        assert found, f"no env(...) call found in {reader.name}"
        read |= found
    example = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
    assert listed <= read, f"in .env.example but not read by the code: {sorted(listed - read)}"


def test_check_deploy_is_clean_with_the_production_values_of_env_example():
    values = _env_example_values()
    assert values["DJANGO_DEBUG"] == "false" and "DJANGO_SECRET_KEY" not in values
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**values, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_env_example_production_values_trust_the_proxy_they_are_behind():
    values = _env_example_values()
    assert values["DJANGO_SECURE_PROXY_SSL_HEADER"] == "true"
    assert values["DTI_TRUSTED_PROXY_COUNT"] == "1"  # nginx on the same machine
    assert values["DJANGO_CSRF_TRUSTED_ORIGINS"].startswith("https://")
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.DTI_TRUSTED_PROXY_COUNT)",
        env={**values, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "('HTTP_X_FORWARDED_PROTO', 'https') ['https://dti.example.org'] 1"
    )


def test_without_the_proxy_setting_no_forwarded_header_is_trusted():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.DTI_TRUSTED_PROXY_COUNT)",
        env={"DJANGO_DEBUG": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "None [] 0"


@pytest.mark.django_db
def test_session_database_holds_the_published_units_of_both_pools(published_data):
    assert published_data.units == 86
    assert Unit.objects.real().count() == 86
    assert Unit.objects.in_pool(63).count() == 63
    assert Unit.objects.in_pool(34).count() == 34
    assert Unit.objects.valid_on(datetime.date(2025, 6, 30)).real().count() == 63
    assert Unit.objects.valid_on(datetime.date(2025, 7, 1)).real().count() == 34
