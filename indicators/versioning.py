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
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import DataVersion

SINGLETON_PK = 1


@dataclass(frozen=True)
class Version:
    token: str | None  # None: no version row (flushed database): nothing may be cached
    changed_at: datetime.datetime

    @property
    def cacheable(self) -> bool:
        return self.token is not None


_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# Inside a request: a dict holding the version once read ({} until then).
_scope: contextvars.ContextVar[dict | None] = contextvars.ContextVar("dti_data_version", default=None)


def read() -> Version:
    """The version in the database (one query)."""
    row = DataVersion.objects.filter(pk=SINGLETON_PK).values_list("token", "changed_at").first()
    return Version(*row) if row else Version(None, _EPOCH)


def current() -> Version:
    """The request's version (read once per request), else the database's (one query)."""
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
        updated = DataVersion.objects.filter(pk=SINGLETON_PK).update(token=version.token, changed_at=version.changed_at)
        if not updated:
            DataVersion.objects.create(pk=SINGLETON_PK, token=version.token, changed_at=version.changed_at)
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


_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("dti_data_version_deferred", default=False)


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
        post_save.connect(_changed, sender=model, dispatch_uid=f"dti-version-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dti-version-delete-{model._meta.label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_changed, sender=field.remote_field.through, dispatch_uid=f"dti-version-m2m-{field.remote_field.through._meta.label}")


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
