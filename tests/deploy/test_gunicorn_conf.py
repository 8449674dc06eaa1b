"""deploy/gunicorn.conf.py: what make serve and the systemd unit run gunicorn with."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"
SERVER_VARIABLES = ("HOST", "PORT", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "DJANGO_CONN_MAX_AGE")


@pytest.fixture
def conf(monkeypatch):
    """The config file's settings, read with the given environment (nothing else set)."""
    monkeypatch.setenv("DJANGO_READ_DOT_ENV_FILE", "false")
    for name in SERVER_VARIABLES:
        # Set, then removed: monkeypatch then puts back the original state, even for a
        # variable the file itself sets (DJANGO_CONN_MAX_AGE).
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)

    def load(**env: str) -> dict:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(CONF))

    return load


def test_workers_follow_the_cpu_count_unless_web_concurrency_says(conf):
    cores = len(os.sched_getaffinity(0))
    assert conf()["workers"] == 2 * cores + 1
    assert conf(WEB_CONCURRENCY="3")["workers"] == 3


def test_the_address_and_the_trusted_proxies_come_from_the_environment(conf):
    default = conf()
    assert default["bind"] == ["127.0.0.1:8000"]
    assert default["forwarded_allow_ips"] == "127.0.0.1,::1"
    custom = conf(HOST="0.0.0.0", PORT="9001", FORWARDED_ALLOW_IPS="10.0.0.2")
    assert custom["bind"] == ["0.0.0.0:9001"]
    assert custom["forwarded_allow_ips"] == "10.0.0.2"


def test_workers_keep_their_database_connection_unless_told_not_to(conf):
    conf()
    assert os.environ["DJANGO_CONN_MAX_AGE"] == "600"  # inherited by the workers
    conf(DJANGO_CONN_MAX_AGE="0")
    assert os.environ["DJANGO_CONN_MAX_AGE"] == "0"


def test_timeouts_access_log_and_no_shared_control_socket(conf):
    settings = conf()
    assert settings["timeout"] == 60 and settings["graceful_timeout"] == 30
    assert settings["accesslog"] == "-" and "%(s)s" in settings["access_log_format"]
    assert settings["wsgi_app"] == "dti.wsgi"
    assert settings["control_socket_disable"] is True


@pytest.mark.deploy  # starts gunicorn: in one run only
def test_gunicorn_accepts_the_file_as_it_is(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in SERVER_VARIABLES},
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "WEB_CONCURRENCY": "4",
        "FORWARDED_ALLOW_IPS": "10.0.0.2",
    }
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "--print-config", "-c", str(CONF)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    printed = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert printed["workers"] == "4"
    assert printed["forwarded_allow_ips"] == "['10.0.0.2']"
    assert printed["chdir"] == str(ROOT)
    assert printed["accesslog"] == "-"
