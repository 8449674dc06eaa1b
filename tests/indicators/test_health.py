"""/healthz: the database and the cache, answered for monitors (indicators.health)."""

import json

import pytest
from django.db import OperationalError

from indicators import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_for_database_and_cache_without_login_or_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response and "Set-Cookie" not in response


def test_healthz_is_outside_the_language_prefix(client):
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/healthz/").status_code in (301, 404)  # never a second address


def test_healthz_answers_503_naming_the_cache_when_it_is_down(client, settings):
    # A Redis cache on a port nothing listens on.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "error"}
    assert response["Cache-Control"] == "no-store"


class _DownConnection:
    """Stands in for the database connection when the server is unreachable."""

    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_answers_503_naming_the_database_when_it_is_down(client, monkeypatch):
    monkeypatch.setattr(health, "connection", _DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "error", "cache": "ok"}


def test_healthz_runs_outside_the_request_transaction(settings):
    # ATOMIC_REQUESTS opens a transaction before the view, which would fail (500)
    # with the database down instead of reaching the 503.
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"]
    assert getattr(health.healthz, "_non_atomic_requests", None) == {"default"}
