"""The data version: one cheap read per request, one write per change.

``current()`` returns (token, changed_at) of the single DataVersion row, read at
most once per request (DataVersionMiddleware keeps it for the request) and once
per call elsewhere. ``bump()`` writes a new random token inside the caller's
transaction, so readers see the new token exactly when they see the new data.
A random token (not a counter) keeps a rolled-back change from reusing a token
that cached data was built on.
"""

import contextvars
import datetime
import functools
import os
import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.http import http_date

from indicators.models import DataVersion

SINGLETON_PK = 1


@dataclass(frozen=True)
class Version:
    token: str | None  # None: no version row (flushed database): nothing may be cached
    changed_at: datetime.datetime

    @property
    def cacheable(self) -> bool:
        return self.token is not None

    @functools.cached_property
    def http_date(self) -> str:
        return http_date(self.changed_at.timestamp())


_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# Inside a request: a dict holding the version once read ({} until then).
_scope: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "dti_data_version", default=None
)


def read() -> Version:
    """The version in the database: one indexed single-row query, in plain SQL (it
    runs on every page request, also when the page comes from the cache)."""
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL, [SINGLETON_PK])
        row = cursor.fetchone()
    if not row:
        return Version(None, _EPOCH)
    token, changed_at = row
    if isinstance(changed_at, str):  # SQLite returns text
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return Version(token, changed_at)


_READ_SQL = f"SELECT token, changed_at FROM {DataVersion._meta.db_table} WHERE id = %s"


def current() -> Version:
    """The request's version (read once per request), else the database's (one query).
    With DTI_VERSION_LISTEN on PostgreSQL, the version pushed by NOTIFY (no query)."""
    pushed = listener_version()
    if pushed is not None:
        return pushed
    scope = _scope.get()
    if scope is None:
        return read()
    if "version" not in scope:
        scope["version"] = read()
    return scope["version"]


def bump() -> Version:
    """A new token, written in the current transaction (visible with its data)."""
    version = Version(uuid.uuid4().hex, timezone.now())
    with transaction.atomic():
        updated = DataVersion.objects.filter(pk=SINGLETON_PK).update(
            token=version.token, changed_at=version.changed_at
        )
        if not updated:
            DataVersion.objects.create(
                pk=SINGLETON_PK, token=version.token, changed_at=version.changed_at
            )
        if connection.vendor == "postgresql":
            # Delivered to every listening app server when (and only if) the transaction commits.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, version.token])
        transaction.on_commit(lambda: _listener.push(version))
    scope = _scope.get()
    if scope is not None:
        scope["version"] = version
    return version


class DataVersionMiddleware:
    """Gives each request one read of the data version, shared by the page cache,
    the conditional-request check and the selectors' catalog."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _scope.set({})
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)


_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "dti_data_version_deferred", default=False
)


class deferred:
    """Inside: saves do not bump one by one; one bump at the end (bulk loads)."""

    def __enter__(self):
        self._token = _deferred.set(True)
        return self

    def __exit__(self, exc_type, exc, tb):
        _deferred.reset(self._token)
        if exc_type is None:
            bump()
        return False


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw") or _deferred.get():
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return
    bump()


def _watched(model) -> bool:
    return (
        model._meta.app_label in WATCHED_APPS
        and model is not DataVersion
        and not model.__name__.startswith("Historical")
        and not model._meta.auto_created
    )


WATCHED_APPS = ("provinces", "indicators")


def connect_signals() -> None:
    """Any save or delete of a unit, score, target … (and their m2m sources) bumps the version."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models(include_auto_created=False):
        if not _watched(model):
            continue
        post_save.connect(
            _changed, sender=model, dispatch_uid=f"dti-version-save-{model._meta.label}"
        )
        post_delete.connect(
            _changed,
            sender=model,
            dispatch_uid=f"dti-version-delete-{model._meta.label}",
        )
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _changed,
                sender=field.remote_field.through,
                dispatch_uid=f"dti-version-m2m-{field.remote_field.through._meta.label}",
            )


def scoped(function):
    """Outside a request, one version read for the whole call (a selector that asks
    the catalog many times); inside a request, the request's read."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _scope.get() is not None:
            return function(*args, **kwargs)
        token = _scope.set({})
        try:
            return function(*args, **kwargs)
        finally:
            _scope.reset(token)

    return wrapper


# --- Pushed version (PostgreSQL LISTEN/NOTIFY) ---------------------------------------------
#
# Reading the version costs one round trip to the database per request, also for a
# cached page or a 304. With DTI_VERSION_LISTEN=true on PostgreSQL, each app process
# keeps the version in memory instead: a thread LISTENs on CHANNEL on a connection of
# its own and re-reads the row whenever bump() NOTIFYs (at commit). While the
# listener is not connected, requests read the row as before. A page asked within
# the notification's delay (about a millisecond) of a publish may still be the
# previous version, as if it had been asked a moment earlier.

CHANNEL = "dti_data_version"


class _Listener:
    def __init__(self) -> None:
        self.version: Version | None = None
        self.thread: threading.Thread | None = None
        self.pid: int | None = None
        self.lock = threading.Lock()
        self.stopping = False

    def push(self, version: Version) -> None:
        if self.version is not None:
            self.version = version

    def start(self) -> None:
        with self.lock:
            if self.thread is not None and self.thread.is_alive() and self.pid == os.getpid():
                return
            self.version, self.pid, self.stopping = (
                None,
                os.getpid(),
                False,
            )  # a forked worker starts its own
            self.thread = threading.Thread(
                target=self._run, name="dti-version-listener", daemon=True
            )
            self.thread.start()

    def _run(self) -> None:
        import psycopg

        params = connection.get_connection_params()
        while not self.stopping:
            try:
                with psycopg.connect(**params, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.version = self._read(conn)
                    while not self.stopping:
                        if any(True for _notify in conn.notifies(timeout=0.5)):
                            self.version = self._read(conn)
            except Exception:  # noqa: BLE001 - reconnect; meanwhile requests read the row
                self.version = None
                time.sleep(1)
        self.version = None

    def stop(self) -> None:
        """Stop listening (tests: the connection must close before the database is dropped)."""
        self.stopping = True
        if self.thread is not None:
            self.thread.join(timeout=5)
        self.thread, self.pid = None, None

    @staticmethod
    def _read(conn) -> Version:
        row = conn.execute(_READ_SQL, [SINGLETON_PK]).fetchone()
        return Version(row[0], row[1]) if row else Version(None, _EPOCH)


_listener = _Listener()


def listener_version() -> Version | None:
    """The pushed version, or None (listening off, not PostgreSQL, not connected yet)."""
    if not getattr(settings, "DTI_VERSION_LISTEN", False) or connection.vendor != "postgresql":
        return None
    if _listener.pid != os.getpid() or _listener.thread is None or not _listener.thread.is_alive():
        _listener.start()
    return _listener.version
