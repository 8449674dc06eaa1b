"""The four roles as Django groups, with their permissions.

Synced after every ``migrate`` (indicators.apps) and by ``python manage.py
sync_roles``; a group's permissions are set to exactly this list each time.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

NATIONAL_EDITOR = "Biên tập viên toàn quốc"
PROVINCIAL_EDITOR = "Biên tập viên cấp tỉnh"
PUBLISHER = "Người công bố"
VIEWER = "Người xem"

_VIEW = [
    f"{app}.view_{model}"
    for app, models in {
        "indicators": [
            "score",
            "publishedrank",
            "changeset",
            "framework",
            "frameworkindicator",
            "indicator",
            "source",
            "referencevalue",
            "unityearnote",
            "editorassignment",
            "resolution",
            "target",
            "kpimetric",
            "kpiobservation",
        ],
        "provinces": ["unit", "region", "succession", "alias"],
    }.items()
    for model in models
]
# Yearly KPI values behind the resolution targets, entered like scores (unit-scoped).
_KPI = [
    "indicators.add_kpiobservation",
    "indicators.change_kpiobservation",
    "indicators.delete_kpiobservation",
]
_ENTER = [
    "indicators.add_changeset",
    "indicators.add_score",
    "indicators.change_score",
    "indicators.delete_score",
]

ROLES: dict[str, list[str]] = {
    VIEWER: _VIEW,
    # Only the units of their EditorAssignment rows (indicators.entry.rights).
    PROVINCIAL_EDITOR: [*_VIEW, *_ENTER, *_KPI],
    NATIONAL_EDITOR: [
        *_VIEW,
        *_ENTER,
        "indicators.edit_all_units",
        "indicators.add_publishedrank",
        "indicators.change_publishedrank",
        "indicators.delete_publishedrank",
        "indicators.add_unityearnote",
        "indicators.change_unityearnote",
        "indicators.delete_unityearnote",
        "indicators.add_source",
        "indicators.change_source",
        "provinces.change_unit",
        "provinces.add_alias",
        "provinces.change_alias",
    ],
    # Publishing decides what the public sees: a publisher may also correct or
    # revert a published value directly (every change is in the history).
    PUBLISHER: [
        *_VIEW,
        "indicators.publish_changeset",
        "indicators.change_changeset",
        "indicators.edit_all_units",
        "indicators.change_score",
        "indicators.change_publishedrank",
    ],
}


def _permissions(names: list[str]) -> list[Permission]:
    query = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query))
    if len(found) != len(set(names)):
        have = {f"{p.content_type.app_label}.{p.codename}" for p in found}
        raise LookupError(f"Permissions not found: {sorted(set(names) - have)}")
    return found


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the four groups (if missing) and set their permissions; returns
    group name → number of permissions."""
    counts = {}
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(perms))
        counts[name] = len(perms)
    return counts
