"""Reads of the unit register: lookup by spelling, search, lineage."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from provinces.models import Alias, Region, Succession, Unit
from provinces.text import search_key


class UnitNotFound(LookupError):
    """No unit valid on the date has that name (or several do)."""


def unit_index_for_date(*, on: datetime.date) -> dict[str, list[Unit]]:
    """Map search key → units valid on ``on``, for resolving many names in one query."""
    index: dict[str, list[Unit]] = {}
    aliases = Alias.objects.filter(unit__in=Unit.objects.valid_on(on).real()).select_related("unit")
    for alias in aliases:
        bucket = index.setdefault(alias.key, [])
        if alias.unit not in bucket:
            bucket.append(alias.unit)
    return index


def unit_resolve(
    *, name: str, on: datetime.date, index: dict[str, list[Unit]] | None = None
) -> Unit:
    """The one unit valid on ``on`` that a published spelling names.

    Raises UnitNotFound when no unit or more than one matches: the importer
    refuses such a row rather than guessing.
    """
    index = index if index is not None else unit_index_for_date(on=on)
    matches = index.get(search_key(name), [])
    if len(matches) != 1:
        found = ", ".join(str(u) for u in matches) or "—"
        raise UnitNotFound(f"'{name}' ({on:%d/%m/%Y}): {len(matches)} đơn vị khớp ({found})")
    return matches[0]


def unit_search(*, query: str, limit: int = 20) -> list[Unit]:
    """Units whose name or any known spelling contains the query, ignoring accents,
    case, spaces and "Tỉnh/TP." ("ha giang", "HAGIANG", "TP HCM").

    Exact matches come first, then current units before old ones, then by name.
    """
    key = search_key(query)
    if not key:
        return []
    hits = (
        Alias.objects.filter(key__contains=key, unit__is_synthetic=False)
        .select_related("unit", "unit__region")
        .order_by("unit__name")
    )
    best: dict[int, tuple[int, Unit]] = {}
    for alias in hits:
        score = 0 if alias.key == key else (1 if alias.key.startswith(key) else 2)
        previous = best.get(alias.unit_id)
        if previous is None or score < previous[0]:
            best[alias.unit_id] = (score, alias.unit)
    ranked = sorted(
        best.values(), key=lambda item: (item[0], item[1].valid_to is not None, item[1].name)
    )
    return [unit for _, unit in ranked[:limit]]


@dataclass(frozen=True)
class Lineage:
    """A unit's place in the 2025 merger: what it became, or what it was made of."""

    successors: list[Succession]
    predecessors: list[Succession]


def predecessors_by_successor(*, successors: QuerySet[Unit] | list[Unit]) -> dict[int, list[int]]:
    """New unit id → ids of the old units it replaced (one query)."""
    mapping: dict[int, list[int]] = {}
    for succession in Succession.objects.filter(successor__in=successors).order_by(
        "predecessor__code"
    ):
        mapping.setdefault(succession.successor_id, []).append(succession.predecessor_id)
    return mapping


def region_list() -> QuerySet[Region]:
    """All regions in their display order."""
    return Region.objects.all()
