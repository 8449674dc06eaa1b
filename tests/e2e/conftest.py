"""Browser tests: Debian's Chromium (tests/conftest.py points pytest-playwright at
it) against a live server holding the real published data.

One server for the whole session, and no flush
----------------------------------------------
pytest-django's ``live_server`` makes every test that uses it transactional: the
test ends by flushing every table, and the next one must load the published data
again (measured here: flush + load 1.5–2.6 s a test on either database, so 50–85 s
more for the 33 tests of each run). These tests only
read, so ``site`` starts its own ``LiveServer`` once per session on the test
database that ``django_db_setup`` filled, and the tests are plain
``django_db`` tests (mark them so: pytest-django then sets up the database and
runs them before the transactional tests, while the session's data is intact).
The server thread reads the committed session data (PostgreSQL: its own
connection; in-memory SQLite: the shared test connection). A test that writes
through the browser must use ``live_server`` with ``django_db(transaction=True)``
instead.

Every test also gets, through the ``page`` fixture:
- a console and CSP watch: any "Content Security Policy" message in the console
  or any ``securitypolicyviolation`` event fails the test, on every page visited;
- a request watch: any request that leaves the live server fails the test (the
  app must work offline);
- on failure, a full-page screenshot in test-artifacts/e2e/ (the path is printed).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import BrowserContext, Page

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"

# Registered before any page script runs; survives nothing (one list per document),
# so the console watch below is what spans navigations.
CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to (execute|load|apply|evaluate)", re.I)


@pytest.fixture(scope="session")
def site(django_db_setup):
    """A live server (own thread, session-wide) on the test database with the data."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1")
    server._live_server_modified_settings.enable()  # ALLOWED_HOSTS += its host
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


_test_context_connections: dict[str, object] = {}


@pytest.fixture(scope="session", autouse=True)
def _close_the_test_context_connections(django_db_setup):
    """Playwright's sync API runs the tests in a context of their own, where Django
    (whose connections are context-local) opens a second connection: close it at the
    end, or PostgreSQL refuses to drop the test database ("accessed by other users")."""
    yield
    for connection in _test_context_connections.values():
        connection.close()


@pytest.fixture(autouse=True)
def _e2e_database(request):
    """A test on ``site`` is a ``django_db`` test that sees the published data."""
    if "site" in request.fixturenames:
        assert request.node.get_closest_marker("django_db"), (
            "mark e2e tests on `site` with pytest.mark.django_db"
        )
        request.getfixturevalue("published_data")
    _test_context_connections.update((alias, connections[alias]) for alias in connections)


@pytest.fixture(scope="session")
def base_url(site) -> str:
    """page.goto("/xep-hang/") goes to the live server (replaces pytest-playwright's
    fallback fixture, which pytest deprecates)."""
    return site.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "accept_downloads": True,
    }


class Watch:
    """What the browser saw during one test: CSP messages and requests off the site."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.csp_messages: list[str] = []
        self.external: list[str] = []
        self.console_errors: list[str] = []

    def console(self, message) -> None:
        if CSP_MESSAGE.search(message.text):
            self.csp_messages.append(message.text)
        if message.type == "error":
            self.console_errors.append(message.text)

    def request(self, request) -> None:
        if not request.url.startswith((self.base_url, "data:", "blob:")):
            self.external.append(request.url)


def _django_order(item: pytest.Item) -> int:
    """pytest-django's order: database tests, then transactional ones, then the rest."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if "live_server" in fixtures or "transactional_db" in fixtures:
        return 1
    if marker is not None:
        return (
            1 if marker.kwargs.get("transaction", marker.args[0] if marker.args else False) else 0
        )
    return 0 if "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the transactional browser tests back after every plain database test.

    pytest-django sorts first, but pytest then groups the tests that share the
    session-scoped, parametrized ``browser_name`` ([chromium]), which pulled a
    transactional e2e test (its flush empties the tables) in front of hundreds of
    tests that need the published data. A stable sort keeps the grouping inside
    each kind."""
    items.sort(key=_django_order)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _screenshot(request, page: Page) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])[:120]
    for i, open_page in enumerate(page.context.pages):
        path = ARTIFACTS / f"{name}{'-' + str(i) if i else ''}.png"
        try:
            open_page.screenshot(path=path, full_page=True)
            print(f"e2e failure screenshot: {path}")
            request.config._e2e_screenshots.append(str(path))
        except Exception as exc:  # a crashed page must not hide the test's own error
            print(f"e2e: no screenshot of {open_page.url}: {exc}")


def pytest_configure(config):
    config._e2e_screenshots = []


def pytest_terminal_summary(terminalreporter, config):
    shots = getattr(config, "_e2e_screenshots", [])
    if shots:
        terminalreporter.section("e2e failure screenshots")
        for shot in shots:
            terminalreporter.write_line(shot)


@pytest.fixture
def watch(request) -> Watch:
    """Watching the server the test uses: ``site``, or ``live_server`` for a test that writes."""
    server = "live_server" if "live_server" in request.fixturenames else "site"
    return Watch(request.getfixturevalue(server).url)


@pytest.fixture
def context(context: BrowserContext, watch: Watch) -> BrowserContext:
    context.add_init_script(CSP_WATCH)
    context.on("request", watch.request)
    context.on("console", watch.console)
    # Nothing leaves the machine, whatever a page asks for.
    context.route(
        re.compile(r"^(?!" + re.escape(watch.base_url) + r")https?://"), lambda route: route.abort()
    )
    return context


@pytest.fixture
def page(page: Page, watch: Watch, request):
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        _screenshot(request, page)
        return
    if failed is not None and failed.passed:
        assert not watch.csp_messages, f"CSP messages in the console: {watch.csp_messages}"
        assert not watch.external, f"requests that left the site: {watch.external}"


def csp_violations(page: Page) -> list[str]:
    """securitypolicyviolation events of the document now in ``page``."""
    return page.evaluate("window.__csp || []")


def wait_for_chart(page: Page, selector: str) -> None:
    """Until charts.js has drawn the chart (it sets data-rendered after Plotly.react).
    A chart is drawn when it nears the screen, as a reader scrolls to it."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.locator(f"{selector}[data-rendered='true']").wait_for(state="attached", timeout=20_000)
