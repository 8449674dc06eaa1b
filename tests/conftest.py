"""Shared fixtures for the whole suite.

The real published data is in every test database
-------------------------------------------------
The session-scoped ``django_db_setup`` below creates the test database as usual
and then loads the real published figures once (``published_data_load`` from
``settings.DTI_DATA_DIR`` = fixtures/sources/dti, about 1 s). So every test marked
``pytest.mark.django_db`` sees the 86 units, the frameworks and every published
value, and its own changes are rolled back after it: there is nothing to load per
test and no synthetic stand-in for the published data.

Transactional tests (``django_db(transaction=True)``, ``transactional_db``,
``live_server``, i.e. the e2e tests) end by flushing every table. pytest-django
runs them after all the other database tests, and ``_published_data_after_flush``
reloads the data before each one that finds the tables empty, so they see the
same data too. (``serialized_rollback`` is therefore not needed, and refused.)

Ask for the ``published_data`` fixture to get the load's ``LoadReport`` (counts,
disagreements between sources) or to state that a test relies on that data.

Markers (registered here because pyproject.toml is not ours to edit):
``e2e`` marks browser tests (tests/e2e), deselect them with ``-m "not e2e"``;
``deploy`` the tests that start servers (tests/deploy), ``-m "not deploy"``.
"""

import os
import traceback
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would then
# refuse every ORM call in a test that uses ``page``.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Debian's Chromium off the network (the machines have none beyond
# the package registries) and working as root in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_report = None  # the LoadReport of the session's load


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "e2e: browser test in headless Chromium against live_server (tests/e2e)",
    )
    config.addinivalue_line(
        "markers",
        "deploy: starts app servers, nginx, a database of its own (tests/deploy)",
    )


def _load_published_data():
    from django.conf import settings

    from indicators.loading.published import published_data_load

    global _report
    _report = published_data_load(data_dir=settings.DTI_DATA_DIR)
    return _report


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database, holding the real published data (loaded once per session).

    If the load fails, the run stops with its traceback printed once, instead of
    the same error repeated for every database test."""
    with django_db_blocker.unblock():
        try:
            _load_published_data()
        except Exception as exc:
            capture = request.config.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():
                traceback.print_exc()
            pytest.exit(
                f"the published data did not load into the test database: {exc!r}",
                returncode=1,
            )


def _ensure_published_data(django_db_blocker):
    from provinces.models import Unit

    with django_db_blocker.unblock():
        if not Unit.objects.exists():
            _load_published_data()
    return _report


def _is_transactional(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: serialized_rollback is not used in this suite. The "
                "published data is reloaded before each transactional test "
                "(tests/conftest.py), and Django's restore collides with the content "
                "types that an earlier transactional test's flush recreated."
            )


@pytest.fixture(autouse=True)
def _cold_caches() -> None:
    """Each test starts with every process-level cache empty: the catalog
    (indicators.caching.catalog), the page cache and anything else in Django's cache.
    Without this a query count depends on whether an earlier test happened to
    warm the catalog (seed 934514997: 22 queries cold, 9 warm). A test that
    measures the warm path asks for ``catalog_warm`` (or warms it itself)."""
    from django.core.cache import caches

    from indicators.caching import catalog

    catalog._memo.clear()
    for alias in caches:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _vietnamese_first() -> None:
    """Each test starts in Vietnamese, as a request without /en/ does: a test client
    request to an /en/ page leaves English active in the thread, and Unit.full_name
    follows the active language (seed 713972364 failed on that)."""
    from django.utils import translation

    translation.activate("vi")


@pytest.fixture(autouse=True)
def _published_data_after_flush(request: pytest.FixtureRequest) -> None:
    """Before a transactional test, reload the published data if an earlier
    transactional test flushed it. Other tests are left alone (no query)."""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("django_db_setup")
    _ensure_published_data(request.getfixturevalue("django_db_blocker"))


@pytest.fixture
def published_data(django_db_setup, django_db_blocker):
    """The ``LoadReport`` of the real published data that the test database holds
    (86 units, the frameworks, every published value and rank, with sources)."""
    return _ensure_published_data(django_db_blocker)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright drives Debian's Chromium (scripts/setup.sh --browser
    installs it); Playwright's own browser download is not reachable here."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """``--base-url`` for pytest-playwright. Replaces the plugin's own fixture,
    which pytest 9 reports as deprecated (a session fixture defined as a method),
    an error under this suite's warnings-as-errors."""
    return pytestconfig.getoption("--base-url", default=None)


@pytest.fixture
def catalog_warm(db):
    """The catalog of small tables read (as after a site's first request): query
    counts then show what each page reads per request (indicators.caching.catalog)."""
    from indicators.caching.catalog import catalog

    return catalog()
