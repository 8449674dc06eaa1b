"""Writes to the unit register: the 63 old units, the 34 new units, the merger table."""

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from provinces.models import Alias, Region, Succession, Unit
from provinces.pools import MERGER_DATE
from provinces.reference import EXTRA_ALIASES, REGIONS
from provinces.text import search_key, slug_vi

_CODES = re.compile(r"new code (\d+), old code (\d+)")
_KIND_PREFIXES = (("Thành phố ", Unit.Kind.CITY), ("Tỉnh ", Unit.Kind.PROVINCE))
OLD_SLUG_SUFFIX = "truoc-2025"


class ReferenceDataError(ValueError):
    """A row of the reference data cannot be understood; nothing was written."""


@dataclass(frozen=True)
class MergerRow:
    new_name: str
    new_kind: str
    new_code: str
    old_name: str
    old_kind: str
    old_code: str
    unchanged: bool
    effective_date: datetime.date
    source_url: str
    note: str


@dataclass(frozen=True)
class UnitLoadReport:
    regions: int
    units: int
    old_units: int
    new_units: int
    unchanged_units: int
    successions: int
    aliases: int


def _split_kind(full_name: str) -> tuple[str, str]:
    for prefix, kind in _KIND_PREFIXES:
        if full_name.startswith(prefix):
            return full_name.removeprefix(prefix).strip(), kind
    raise ReferenceDataError(f"Tên không có 'Tỉnh'/'Thành phố' ở đầu: {full_name!r}")


def merger_rows_parse(*, path: Path) -> list[MergerRow]:
    """Parse merger_2025.csv: one row per old unit with the new unit it went into.

    The codes are read from the note ("new code 24, old code 27"); a row without
    them is refused.
    """
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line_no, raw in enumerate(csv.DictReader(handle), start=2):
            match = _CODES.search(raw["note"])
            if not match:
                raise ReferenceDataError(
                    f"{path.name} dòng {line_no}: không thấy 'new code …, old code …' trong ghi chú"
                )
            new_name, new_kind = _split_kind(raw["new_province"].strip())
            old_name, old_kind = _split_kind(raw["old_province"].strip())
            rows.append(
                MergerRow(
                    new_name=new_name,
                    new_kind=new_kind,
                    new_code=match.group(1).zfill(2),
                    old_name=old_name,
                    old_kind=old_kind,
                    old_code=match.group(2).zfill(2),
                    unchanged=raw["note"].strip().lower().startswith("không sáp nhập"),
                    effective_date=datetime.date.fromisoformat(raw["effective_date"].strip()),
                    source_url=raw["source_url"].strip(),
                    note=raw["note"].strip(),
                )
            )
    return rows


def _check_merger_table(rows: list[MergerRow]) -> None:
    old_codes = [r.old_code for r in rows]
    if len(set(old_codes)) != len(old_codes):
        raise ReferenceDataError("Bảng sáp nhập có mã tỉnh cũ lặp lại")
    for row in rows:
        if row.effective_date != MERGER_DATE:
            raise ReferenceDataError(f"Ngày hiệu lực khác {MERGER_DATE}: {row.old_name}")
        if row.unchanged and (row.old_code != row.new_code or row.old_name != row.new_name):
            raise ReferenceDataError(f"Đơn vị 'không sáp nhập' đổi mã hoặc tên: {row.old_name}")


@transaction.atomic
def reference_units_load(*, merger_csv: Path) -> UnitLoadReport:
    """Create (or replace) the regions, the 63 old and 34 new units, the successions
    and the aliases, from the merger table. All-or-nothing."""
    rows = merger_rows_parse(path=merger_csv)
    _check_merger_table(rows)
    region_by_old_code: dict[str, Region] = {}
    Alias.objects.all().delete()
    Succession.objects.all().delete()
    for order, (code, name, name_en, old_codes) in enumerate(REGIONS, start=1):
        region = Region.objects.filter(code=code).first() or Region(code=code)
        region.name, region.name_en, region.order = name, name_en, order
        region.full_clean()
        region.save()
        region_by_old_code.update(dict.fromkeys(old_codes, region))
    missing = {r.old_code for r in rows} - set(region_by_old_code)
    if missing:
        raise ReferenceDataError(f"Không có vùng cho mã: {sorted(missing)}")

    new_names = {r.new_name for r in rows if not r.unchanged}
    end_of_old = MERGER_DATE - datetime.timedelta(days=1)
    units: dict[tuple[str, str], Unit] = {}  # ("old"|"new", code) → unit

    def upsert(*, code, name, kind, slug, valid_from, valid_to, region, note, source_url) -> Unit:
        unit = Unit.objects.filter(
            code=code, valid_from=valid_from, valid_to=valid_to
        ).first() or Unit(code=code)
        for field, value in {
            "name": name,
            "kind": kind,
            "slug": slug,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "region": region,
            "note": note,
            "source_url": source_url,
        }.items():
            setattr(unit, field, value)
        try:
            unit.full_clean()
        except ValidationError as exc:
            raise ReferenceDataError(f"{name}: {exc.messages}") from exc
        unit.save()
        return unit

    for row in rows:
        region = region_by_old_code[row.old_code]
        if row.unchanged:
            unit = upsert(
                code=row.old_code,
                name=row.old_name,
                kind=row.old_kind,
                slug=slug_vi(row.old_name),
                valid_from=None,
                valid_to=None,
                region=region,
                note="Không sáp nhập năm 2025 (giữ nguyên). " + row.note,
                source_url=row.source_url,
            )
            units[("old", row.old_code)] = units[("new", row.new_code)] = unit
            continue
        slug = slug_vi(row.old_name)
        if row.old_name in new_names:
            slug = f"{slug}-{OLD_SLUG_SUFFIX}"
        units[("old", row.old_code)] = upsert(
            code=row.old_code,
            name=row.old_name,
            kind=row.old_kind,
            slug=slug,
            valid_from=None,
            valid_to=end_of_old,
            region=region,
            note=row.note,
            source_url=row.source_url,
        )

    for row in rows:
        if row.unchanged or ("new", row.new_code) in units:
            continue
        keeper = next((r for r in rows if r.old_code == row.new_code), row)
        units[("new", row.new_code)] = upsert(
            code=row.new_code,
            name=row.new_name,
            kind=row.new_kind,
            slug=slug_vi(row.new_name),
            valid_from=MERGER_DATE,
            valid_to=None,
            region=region_by_old_code[keeper.old_code],
            note=(
                f"Thành lập {MERGER_DATE:%d/%m/%Y} do hợp nhất. Vùng: theo đơn vị cũ giữ mã {row.new_code} "
                f"({keeper.old_name}) – do ứng dụng gán."
            ),
            source_url=row.source_url,
        )

    successions = 0
    for row in rows:
        if row.unchanged:
            continue
        succession = Succession(
            predecessor=units[("old", row.old_code)],
            successor=units[("new", row.new_code)],
            effective_date=row.effective_date,
            source_url=row.source_url,
            note=row.note,
        )
        succession.full_clean()
        succession.save()
        successions += 1

    aliases = 0
    # full_name follows the active language: record the official Vietnamese one
    # whatever language the caller (a request, a test) left active.
    with translation.override("vi"):
        # Sorted, so the same table always gives the same rows in the same order.
        for unit in sorted(
            set(units.values()), key=lambda u: (u.code, u.valid_from or datetime.date.min)
        ):
            for name in sorted({unit.name, unit.full_name, *EXTRA_ALIASES.get(unit.name, [])}):
                aliases += int(alias_add(unit=unit, name=name))
    all_units = set(units.values())
    return UnitLoadReport(
        regions=Region.objects.count(),
        units=len(all_units),
        old_units=sum(1 for u in all_units if u.valid_to is not None),
        new_units=sum(1 for u in all_units if u.valid_from is not None),
        unchanged_units=sum(1 for u in all_units if u.valid_from is None and u.valid_to is None),
        successions=successions,
        aliases=aliases,
    )


def alias_add(*, unit: Unit, name: str) -> bool:
    """Record a spelling of a unit's name; returns False if it was already known."""
    name = " ".join(name.split())
    if not search_key(name) or Alias.objects.filter(unit=unit, name=name).exists():
        return False
    alias = Alias(unit=unit, name=name)
    alias.full_clean()
    alias.save()
    return True
