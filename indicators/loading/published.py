"""Load the published DTI figures (fixtures/sources/dti/*.csv) into the database.

Every published spelling is mapped to the official unit valid in the period the
row speaks of (the 63 old units, or the 34 new units for "nhóm 34" rows of 2024).
A row that cannot be mapped is refused and nothing at all is written. Values that
two sources give are stored once with both sources; where sources disagree the
first reading (the official table first) is kept and the other is written in the
working note, and the report lists the disagreement.

The source files' notes are working notes (how a figure was read, cross-checks):
they go to ``working_note``, which only admins see. The public notes officials read
come from fixtures/dti_public_notes.csv, short and in both languages.
"""

import csv
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from indicators.loading.derived import derived_scores_recompute
from indicators.loading.frameworks import frameworks_load, source_get_or_create
from indicators.loading.other_indices import (
    OtherIndexLoadError,
    OtherIndexLoadReport,
    other_indices_available,
    other_indices_load,
)
from indicators.loading.target_rows import TargetLoadReport, targets_collect
from indicators.loading.targets import targets_write
from indicators.models import PublishedRank, ReferenceValue, Score, Source, UnitYearNote
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.rules.ranking import as_published
from provinces.models import Unit
from provinces.pools import POOL_DATES
from provinces.selectors import UnitNotFound, unit_index_for_date, unit_resolve
from provinces.services import alias_add, reference_units_load

# Read in this order: the official complete table first, so it wins a disagreement.
FILES = (
    "dti_main_indices_2022_2024.csv",
    "provincial_dti.csv",
    "provincial_main_indices.csv",
    "national_summary.csv",
)
_SOURCE_LINE = re.compile(r"^- (https?://\S+) — (.+)$")
PUBLIC_NOTES = "dti_public_notes.csv"  # in fixtures/, beside sources/


class DataLoadError(ValueError):
    """The data cannot be loaded as it is; ``errors`` lists every bad row."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} lỗi / errors:\n" + "\n".join(errors))
        self.errors = errors


@dataclass
class LoadReport:
    units: int = 0
    successions: int = 0
    aliases: int = 0
    sources: int = 0
    published_scores: int = 0
    computed_scores: int = 0
    published_ranks: int = 0
    reference_values: int = 0
    notes: int = 0
    disagreements: list[str] = field(default_factory=list)
    seconds: float = 0.0
    targets: TargetLoadReport | None = None
    other_indices: OtherIndexLoadReport | None = None  # PAPI and PCI, when their folders exist


@dataclass
class _Entry:
    value: Decimal | int
    urls: list[str]
    notes: list[str]


def _urls(cell: str) -> list[str]:
    return [u.strip() for u in cell.split("|") if u.strip().startswith("http")]


def _decimal(cell: str, *, where: str, errors: list[str]) -> Decimal | None:
    cell = cell.strip()
    if not cell:
        return None
    try:
        value = Decimal(cell)
    except InvalidOperation:
        errors.append(f"{where}: '{cell}' không phải số")
        return None
    if not value.is_finite():  # "NaN", "Infinity" parse as Decimals but are no published value
        errors.append(f"{where}: '{cell}' không phải số")
        return None
    if not 0 <= value <= 1:
        errors.append(f"{where}: {value} ngoài khoảng 0..1")
        return None
    return value


def _rank(cell: str, *, pool: int, where: str, errors: list[str]) -> int | None:
    cell = cell.strip()
    if not cell:
        return None
    if not cell.isdigit() or not 1 <= int(cell) <= pool:
        errors.append(f"{where}: thứ hạng '{cell}' không hợp lệ cho nhóm {pool}")
        return None
    return int(cell)


class _Collector:
    """Gathers values, ranks and notes keyed by what the DB keeps unique."""

    def __init__(self, public_notes: dict[tuple[str, str, str], tuple[str, str]]) -> None:
        self.public_notes = public_notes
        self.errors: list[str] = []
        self.disagreements: list[str] = []
        self.scores: dict[tuple[int, str, int], _Entry] = {}
        self.ranks: dict[tuple[int, str, int, int], _Entry] = {}
        # unit id, year, pool, public note (vi, en), working note, urls
        self.notes: list[tuple[int, int, int, tuple[str, str], str, list[str]]] = []
        self.units: dict[int, Unit] = {}
        self._indexes = {pool: unit_index_for_date(on=day) for pool, day in POOL_DATES.items()}
        self.spellings: list[tuple[Unit, str]] = []

    def unit(self, name: str, *, pool: int, where: str) -> Unit | None:
        try:
            unit = unit_resolve(name=name, on=POOL_DATES[pool], index=self._indexes[pool])
        except UnitNotFound as exc:
            self.errors.append(f"{where}: {exc}")
            return None
        self.units[unit.pk] = unit
        self.spellings.append((unit, name))
        return unit

    def _merge(
        self, store: dict, key: tuple, value, urls: list[str], note: str, label: str
    ) -> None:
        entry = store.get(key)
        if entry is None:
            store[key] = _Entry(value=value, urls=list(urls), notes=[note] if note else [])
            return
        same = (
            as_published(entry.value) == as_published(value)
            if isinstance(value, Decimal)
            else entry.value == value
        )
        if not same:
            other = f"Nguồn khác ghi {value} ({' | '.join(urls)})"
            entry.notes.append(other)
            self.disagreements.append(f"{label}: giữ {entry.value}, nguồn khác ghi {value}")
        entry.urls.extend(u for u in urls if u not in entry.urls)
        if note and note not in entry.notes:
            entry.notes.append(note)

    def score(
        self, unit: Unit, code: str, year: int, value: Decimal, urls: list[str], note: str
    ) -> None:
        self._merge(
            self.scores, (unit.pk, code, year), value, urls, note, f"{unit.name} {year} {code}"
        )

    def rank(
        self, unit: Unit, code: str, year: int, pool: int, rank: int, urls: list[str], note: str
    ) -> None:
        self._merge(
            self.ranks,
            (unit.pk, code, year, pool),
            rank,
            urls,
            note,
            f"{unit.name} {year} {code} hạng/{pool}",
        )


def _read(path: Path) -> Iterable[tuple[str, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            yield f"{path.name}:{line_no}", row


def _year(row: dict[str, str], where: str, errors: list[str]) -> int | None:
    cell = row.get("year", "").strip()
    if not cell.isdigit() or not 2015 <= int(cell) <= 2100:
        errors.append(f"{where}: năm '{cell}' không hợp lệ")
        return None
    return int(cell)


def _pool_of(year: int, note: str) -> int:
    """The pool a row speaks of: DTI 2024 has two rankings and its rows say which
    ("nhóm 34 …" / "nhóm 63 …"); earlier years ranked the 63, later ones the 34."""
    if year != OFFICIAL_MERGER_YEAR:
        return 34 if year > OFFICIAL_MERGER_YEAR else 63
    return 34 if note.strip().lower().startswith("nhóm 34") else 63


def _read_complete_table(c: _Collector, path: Path) -> None:
    for where, row in _read(path):
        year = _year(row, where, c.errors)
        if year is None:
            continue
        unit = c.unit(row["province_name_as_published"], pool=63, where=where)
        if unit is None:
            continue
        note = (
            f"Bảng chi tiết chính thức, tổng hợp trong {row['compiled_in']}"
            if row.get("compiled_in")
            else ""
        )
        for column, code in (
            ("dti", "DTI"),
            ("hdcqs", "HDCQS"),
            ("hdkts", "HDKTS"),
            ("hdxhs", "HDXHS"),
            ("hts", "HTS"),
        ):
            value = _decimal(row[column], where=f"{where} {column}", errors=c.errors)
            if value is not None:
                c.score(unit, code, year, value, _urls(row["source_url"]), note)


def _read_provincial_dti(c: _Collector, path: Path) -> None:
    for where, row in _read(path):
        year = _year(row, where, c.errors)
        if year is None:
            continue
        note = row["note"].strip()
        pool = _pool_of(year, note)
        unit = c.unit(row["province_name_as_published"], pool=pool, where=where)
        if unit is None:
            continue
        urls = _urls(row["source_url"])
        for code in ("DTI", "CQS", "KTS", "XHS"):
            value = _decimal(row[code.lower()], where=f"{where} {code.lower()}", errors=c.errors)
            if value is not None:
                c.score(unit, code, year, value, urls, note)
            rank = _rank(
                row[f"rank_{code.lower()}"],
                pool=pool,
                where=f"{where} rank_{code.lower()}",
                errors=c.errors,
            )
            if rank is not None:
                c.rank(unit, code, year, pool, rank, urls, note)
        if note:
            group = str(pool) if year == OFFICIAL_MERGER_YEAR else ""
            public = c.public_notes.get(
                (str(year), row["province_name_as_published"].strip(), group), ("", "")
            )
            c.notes.append((unit.pk, year, pool, public, note, urls))


def _read_main_indices(c: _Collector, path: Path) -> None:
    for where, row in _read(path):
        year = _year(row, where, c.errors)
        if year is None:
            continue
        # The 2024 rows come from articles on the 34-unit ranking (Hà Nội 1st, Hải Phòng 3rd).
        pool = 34 if year >= OFFICIAL_MERGER_YEAR else 63
        unit = c.unit(row["province_name_as_published"], pool=pool, where=where)
        code = row["index_code"].strip().upper()
        if unit is None:
            continue
        urls = _urls(row["source_url"])
        value = _decimal(row["value"], where=f"{where} value", errors=c.errors)
        if value is not None:
            c.score(unit, code, year, value, urls, "")
        rank = _rank(row["rank"], pool=pool, where=f"{where} rank", errors=c.errors)
        if rank is not None:
            c.rank(unit, code, year, pool, rank, urls, "")


def public_notes_read(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(year, name as published, group) → the public note (vi, en) of a provincial_dti row;
    empty when the file is not there (a test data folder)."""
    if not path.exists():
        return {}
    notes = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            vi, en = row["public_note_vi"].strip(), row["public_note_en"].strip()
            if vi:
                key = (row["year"].strip(), row["province_name_as_published"].strip())
                notes[(*key, row["group"].strip())] = (vi, en)
    return notes


def _source_titles(path: Path) -> dict[str, str]:
    titles = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _SOURCE_LINE.match(line.strip())
            if match:
                titles[match.group(1)] = match.group(2)
    return titles


def _write(c: _Collector, indicators: dict, titles: dict[str, str]) -> dict[str, Source]:
    sources: dict[str, Source] = {}

    def source_ids(urls: list[str]) -> list[int]:
        for url in urls:
            if url not in sources:
                sources[url] = source_get_or_create(url=url, title=titles.get(url, ""))
        return [sources[u].pk for u in urls]

    score_objs = []
    for (unit_id, code, year), entry in c.scores.items():
        score_objs.append(
            (
                Score(
                    unit_id=unit_id,
                    indicator=indicators[code],
                    year=year,
                    value=entry.value,
                    working_note="\n".join(entry.notes),
                ),
                entry.urls,
            )
        )
    Score.objects.bulk_create([s for s, _ in score_objs])
    Score.sources.through.objects.bulk_create(
        [
            Score.sources.through(score_id=s.pk, source_id=sid)
            for s, urls in score_objs
            for sid in source_ids(urls)
        ]
    )
    rank_objs = []
    for (unit_id, code, year, pool), entry in c.ranks.items():
        rank_objs.append(
            (
                PublishedRank(
                    unit_id=unit_id,
                    indicator=indicators[code],
                    year=year,
                    pool=pool,
                    rank=entry.value,
                    working_note="\n".join(entry.notes),
                ),
                entry.urls,
            )
        )
    PublishedRank.objects.bulk_create([r for r, _ in rank_objs])
    PublishedRank.sources.through.objects.bulk_create(
        [
            PublishedRank.sources.through(publishedrank_id=r.pk, source_id=sid)
            for r, urls in rank_objs
            for sid in source_ids(urls)
        ]
    )
    for unit_id, year, pool, (text, text_en), working, urls in c.notes:
        note = UnitYearNote.objects.create(
            unit_id=unit_id, year=year, pool=pool, text=text, text_en=text_en, working_note=working
        )
        note.sources.set(source_ids(urls))
    return sources


def _load_national(path: Path, indicators: dict, titles: dict[str, str], errors: list[str]) -> int:
    count = 0
    for where, row in _read(path):
        year = _year(row, where, errors)
        if year is None:
            continue
        above = row["count_above_average"].strip()
        for column, kind in (
            ("provincial_average_dti", "provincial-average"),
            ("national_dti", "national"),
        ):
            value = _decimal(row[column], where=f"{where} {column}", errors=errors)
            if value is None:
                continue
            ref = ReferenceValue.objects.create(
                year=year,
                indicator=indicators["DTI"],
                kind=kind,
                value=value,
                count_above_average=int(above)
                if above.isdigit() and kind == "provincial-average"
                else None,
                working_note=row["note"].strip(),
            )
            ref.sources.set(
                [
                    source_get_or_create(url=u, title=titles.get(u, ""))
                    for u in _urls(row["source_url"])
                ]
            )
            count += 1
    return count


PILLAR_AVERAGES = "pillar_averages.csv"  # in fixtures/: read from national_summary.csv's notes


def _load_pillar_averages(path: Path, indicators: dict, titles: dict[str, str]) -> int:
    """The provincial pillar averages the sources published (national_summary.csv gives
    them only in its notes): one ReferenceValue each, with its source and a public note."""
    if not path.exists():
        return 0
    count = 0
    for where, row in _read(path):
        errors: list[str] = []
        value = _decimal(row["value"], where=where, errors=errors)
        if errors or value is None or row["indicator"] not in ("CQS", "KTS", "XHS"):
            raise DataLoadError(errors or [f"{where}: {row}"])
        ref = ReferenceValue.objects.create(
            year=int(row["year"]),
            indicator=indicators[row["indicator"]],
            kind=ReferenceValue.Kind.PROVINCIAL_AVERAGE,
            value=value,
            note=row["note_vi"].strip(),
            note_en=row["note_en"].strip(),
        )
        ref.sources.set(
            [source_get_or_create(url=u, title=titles.get(u, "")) for u in _urls(row["source_url"])]
        )
        count += 1
    return count


def _published_data_load(*, data_dir: Path) -> LoadReport:
    """Replace the units and all published figures with what ``data_dir`` holds,
    then recompute the derived values (pillars, merged units), then load the
    resolutions' targets and the KPI observations (services.targets_data). All or nothing."""
    started = time.perf_counter()
    missing = [name for name in ("merger_2025.csv", *FILES) if not (data_dir / name).exists()]
    if missing:
        raise DataLoadError([f"Không thấy tệp {data_dir / name}" for name in missing])
    report = LoadReport()
    unit_report = reference_units_load(merger_csv=data_dir / "merger_2025.csv")
    indicators = frameworks_load()
    for model in (Score, PublishedRank, ReferenceValue, UnitYearNote):
        model.objects.all().delete()

    collector = _Collector(public_notes_read(data_dir.parent.parent / PUBLIC_NOTES))
    _read_complete_table(collector, data_dir / FILES[0])
    _read_provincial_dti(collector, data_dir / FILES[1])
    _read_main_indices(collector, data_dir / FILES[2])
    unknown = {code for (_, code, _) in collector.scores} | {
        code for (_, code, _, _) in collector.ranks
    }
    unknown -= set(indicators)
    if unknown:
        collector.errors.append(f"Mã chỉ số không có trong khung: {sorted(unknown)}")
    titles = _source_titles(data_dir / "SOURCES.md")
    errors = list(collector.errors)
    report.reference_values = _load_national(data_dir / FILES[3], indicators, titles, errors)
    report.reference_values += _load_pillar_averages(
        data_dir.parent.parent / PILLAR_AVERAGES, indicators, titles
    )
    target_rows = targets_collect(data_dir=data_dir, indicators=indicators)
    errors += target_rows.errors
    if errors:
        raise DataLoadError(errors)

    for unit, spelling in collector.spellings:
        report.aliases += int(alias_add(unit=unit, name=spelling))
    _write(collector, indicators, titles)
    report.units = unit_report.units
    report.successions = unit_report.successions
    report.aliases += unit_report.aliases
    report.published_scores = len(collector.scores)
    report.published_ranks = len(collector.ranks)
    report.notes = len(collector.notes)
    report.disagreements = collector.disagreements
    report.computed_scores = derived_scores_recompute()
    report.targets = targets_write(target_rows, titles=titles)
    report.disagreements += report.targets.disagreements
    if other_indices_available(sources_dir=data_dir.parent):  # ../papi and ../pci beside dti/
        try:
            report.other_indices = other_indices_load(sources_dir=data_dir.parent)
        except OtherIndexLoadError as exc:
            raise DataLoadError(exc.errors) from exc
    report.sources = Source.objects.count()
    report.seconds = time.perf_counter() - started
    return report


@transaction.atomic
def published_data_load(*, data_dir: Path) -> LoadReport:
    """Load every published figure (see the module docstring); one new data version
    at the end, instead of one per row saved."""
    from indicators.caching import version as versioning

    with versioning.deferred():
        return _published_data_load(data_dir=data_dir)
