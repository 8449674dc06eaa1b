"""Who may enter and publish figures (reads only; no writes here).

Rights come from Django groups (see ``services/roles.py``): a national editor has
``indicators.edit_all_units``; a provincial editor may touch only the units of
their EditorAssignment rows; publishing needs ``indicators.publish_changeset``.
Every route (admin, upload, confirm, publish) asks these functions, so a crafted
request meets the same rule as the form.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from provinces.models import Unit

User = AbstractBaseUser | AnonymousUser


def can_edit_all_units(user: User) -> bool:
    """True for superusers and national editors."""
    return bool(user.is_active and user.has_perm("indicators.edit_all_units"))


def editable_units(user: User) -> QuerySet[Unit]:
    """The units whose figures ``user`` may enter: all for national editors, the
    assigned ones for provincial editors, none for anybody else."""
    if not (user.is_authenticated and user.is_active):
        return Unit.objects.none()
    if can_edit_all_units(user):
        return Unit.objects.all()
    return Unit.objects.filter(editor_assignments__user=user)


def editable_unit_ids(user: User) -> set[int] | None:
    """Ids of the units ``user`` may edit; None means every unit (one query at most)."""
    if can_edit_all_units(user):
        return None
    return set(editable_units(user).values_list("pk", flat=True))


def can_edit_unit(user: User, unit_id: int | None) -> bool:
    """Whether ``user`` may enter figures of the unit ``unit_id``."""
    if unit_id is None:
        return False
    allowed = editable_unit_ids(user)
    return allowed is None or unit_id in allowed


def can_import(user: User) -> bool:
    """Whether ``user`` may upload a file of figures (any editor)."""
    return bool(user.is_active and user.is_staff and user.has_perm("indicators.add_changeset"))


def can_publish(user: User) -> bool:
    """Whether ``user`` may publish a change set (publishers and superusers)."""
    return bool(user.is_active and user.is_staff and user.has_perm("indicators.publish_changeset"))
