"""Reading resolutions.csv and the two KPI observation files into checked rows (no
write): units resolved by name and period, metrics and kinds, disputed figures marked.

kpi_observations_published.csv adds, per row, how the figure was published (a
qualifier: "over", "about", an estimate …), the article date, and national values
("Cả nước", no unit). Its working notes stay admin-only; the public note, the
series (publisher) and whether the definition differs from the target's come from
fixtures/kpi_observation_notes.csv, one row per published row."""

import csv
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from indicators.models import (
    Indicator,
    KpiMetric,
    KpiObservation,
    Resolution,
    Target,
)
from indicators.rules.kpi_reference import KPI_METRICS, QUALITATIVE
from provinces.models import Unit
from provinces.pools import MERGER_DATE, POOL_DATES
from provinces.selectors import UnitNotFound, unit_index_for_date, unit_resolve

RESOLUTIONS = "resolutions.csv"
KPI_OBSERVATIONS = "kpi_observations.csv"
KPI_PUBLISHED = "kpi_observations_published.csv"
KPI_NOTES = "kpi_observation_notes.csv"  # in fixtures/, beside sources/
# A target text whose source cell carries the compiler's remarks: the public text to show
# instead (the cell itself is kept as the target's working note). In fixtures/.
TARGET_TEXTS = "target_public_text.csv"
NATIONAL = "Cả nước"
_NEW_UNIT = re.compile(r"^(.+?)\s*\(new\b.*\)$")
_PERIOD = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")
# How a figure was published → the qualifier shown with the number.
QUALIFIERS: dict[str, str] = {
    "over (lower bound as published)": KpiObservation.Qualifier.OVER,
    "about (as published)": KpiObservation.Qualifier.ABOUT,
    "approximate as published": KpiObservation.Qualifier.ABOUT,
    "nearly (as published)": KpiObservation.Qualifier.NEARLY,
    "estimate as published": KpiObservation.Qualifier.ESTIMATE,
    "7,8–8%, estimate": KpiObservation.Qualifier.RANGE,
    "'tất cả', all": KpiObservation.Qualifier.ALL,
    "period average": KpiObservation.Qualifier.PERIOD_AVERAGE,
}
_INDICATOR_METRIC = re.compile(r"^([a-z]+)_(rank|score)$")
_PARTY = re.compile(r"NQ[/-]TU")
_POOL_UNIT = re.compile(r"rank/(\d+)")

# A disagreement the data README records for a target that has no second row in the
# CSV (no address for the other reading, so it is a note, not a second target).
README_DISPUTES: dict[tuple[str, str, str, int], str] = {
    ("Hải Dương", "06-NQ/TU", "dti_rank", 2025): (
        "Một báo cáo năm 2022 ghi mục tiêu năm 2025 của Hải Dương là “đứng thứ 15”, còn nghị quyết ghi "
        "“nhóm 20” (không có địa chỉ nguồn của cách đọc thứ hai)."
    ),
}


@dataclass
class TargetLoadReport:
    resolutions: int = 0
    targets: int = 0
    text_targets: int = 0
    disputed_targets: int = 0
    disputed_dates: int = 0
    kpi_metrics: int = 0
    kpi_observations: int = 0
    national_observations: int = 0
    rank_rows: int = 0
    manual_kept: int = 0
    disagreements: list[str] = field(default_factory=list)


@dataclass
class _TargetRow:
    where: str
    unit: Unit
    number: str
    issued_on: datetime.date | None
    period: str
    text: str
    metric_code: str
    kind: str
    indicator: Indicator | None
    comparator: str
    value: Decimal | None
    target_year: int | None
    urls: list[str]
    source_note: str
    position: int
    working_note: str = ""
    disputed: bool = False
    dispute_note: str = ""
    other: "_TargetRow | None" = None


@dataclass
class ObservationRow:
    where: str
    unit: Unit | None  # None: the whole country
    metric_code: str
    year: int
    value: Decimal
    value_unit: str
    text: str
    source: str
    indicator: Indicator | None = None
    pool: int | None = None
    period: str = ""
    qualifier: str = ""
    article_date: str = ""
    series: str = ""
    definition_differs: bool = False
    superseded: bool = False
    note: str = ""
    note_en: str = ""
    working_note: str = ""


@dataclass
class TargetRows:
    """Everything read from the two files, checked, not yet written."""

    targets: list[_TargetRow] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            yield f"{path.name}:{line_no}", {k: (v or "").strip() for k, v in row.items()}


def _split_sources(cell: str) -> tuple[list[str], str]:
    parts = [p.strip() for p in cell.split(" | ") if p.strip()]
    urls = [p for p in parts if p.startswith(("http://", "https://"))]
    return urls, " | ".join(p for p in parts if p not in urls)


def _number(cell: str, *, where: str, errors: list[str]) -> Decimal | None:
    if not cell:
        return None
    try:
        return Decimal(cell)
    except InvalidOperation:
        errors.append(f"{where}: '{cell}' không phải số")
        return None


def _year(cell: str, *, where: str, errors: list[str]) -> int | None:
    if not cell:
        return None
    if not cell.isdigit() or not 2015 <= int(cell) <= 2100:
        errors.append(f"{where}: năm '{cell}' không hợp lệ")
        return None
    return int(cell)


def issuer_of(number: str) -> str:
    """The issuing body read from how a document is cited ("111-NQ/TU" is the Party
    committee's; "18/KH-UBND" the People's Committee's); '' when the citation does not say."""
    head = number.split("(", 1)[0]
    if "HĐND" in head:
        return Resolution.Issuer.COUNCIL
    if "UBND" in head:
        return Resolution.Issuer.PEOPLES_COMMITTEE
    if _PARTY.search(head):
        return Resolution.Issuer.PARTY
    if "UBND" in number:
        return Resolution.Issuer.PEOPLES_COMMITTEE
    if "HĐND" in number:
        return Resolution.Issuer.COUNCIL
    return Resolution.Issuer.UNKNOWN


def default_method(*, kind: str, unit_label: str = "") -> str:
    """Linear path for ranks, scores and percentages (bounded, and read as "the share
    expected by now"); required-vs-observed growth for counts (enterprises, stations),
    which grow multiplicatively. An admin can change it per target."""
    if kind == Target.Kind.KPI and not unit_label.startswith("%"):
        return Target.Method.GROWTH
    return Target.Method.LINEAR


class _Units:
    def __init__(self) -> None:
        self._indexes: dict[datetime.date, dict] = {}

    def resolve(
        self, name: str, *, on: datetime.date, where: str, errors: list[str]
    ) -> Unit | None:
        if on not in self._indexes:
            self._indexes[on] = unit_index_for_date(on=on)
        index = self._indexes[on]
        try:
            return unit_resolve(name=name, on=on, index=index)
        except UnitNotFound as exc:
            errors.append(f"{where}: {exc}")
            return None


def _metric_kind(
    code: str, value: Decimal | None, indicators: dict[str, Indicator], known_kpis: set[str]
):
    """(kind, indicator) of a metric code; kind None when the code is unknown."""
    if code in ("", QUALITATIVE) or value is None:
        return Target.Kind.TEXT, None
    match = _INDICATOR_METRIC.match(code)
    if match and match.group(1).upper() in indicators:
        return match.group(2), indicators[match.group(1).upper()]
    if code in known_kpis:
        return Target.Kind.KPI, None
    return None, None


def target_texts_read(path: Path) -> list[tuple[str, str, str]]:
    """(province, start of the source text, public text) of fixtures/target_public_text.csv."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["province"], r["text_starts"], r["public_text"]) for r in csv.DictReader(handle)]


def _public_text(province: str, text: str, overrides) -> tuple[str, str]:
    """(public text, working note) of a target's source cell."""
    for name, start, public in overrides:
        if name == province and text.startswith(start):
            return public, text
    return text, ""


def _read_resolutions(path: Path, rows: TargetRows, units: _Units, indicators, known_kpis) -> None:
    errors = rows.errors
    overrides = target_texts_read(path.parent.parent.parent / TARGET_TEXTS)
    for position, (where, row) in enumerate(_read(path)):
        issued_on = None
        if row["issued_on"]:
            try:
                issued_on = datetime.date.fromisoformat(row["issued_on"])
            except ValueError:
                errors.append(f"{where}: ngày '{row['issued_on']}' không hợp lệ")
        on = issued_on if issued_on and issued_on >= MERGER_DATE else POOL_DATES[63]
        unit = units.resolve(row["province"], on=on, where=where, errors=errors)
        value = _number(row["target_value"], where=where, errors=errors)
        target_year = _year(row["target_year"], where=where, errors=errors)
        kind, indicator = _metric_kind(row["metric"], value, indicators, known_kpis)
        comparator = row["comparator"]
        if kind is None:
            errors.append(
                f"{where}: chỉ tiêu '{row['metric']}' chưa có trong danh mục (indicators/kpi_reference.py)"
            )
        if comparator not in Target.Comparator.values:
            errors.append(f"{where}: phép so sánh '{comparator}' không hợp lệ")
        if kind == Target.Kind.TEXT:
            comparator = ""
        elif not comparator:
            errors.append(f"{where}: mục tiêu có số nhưng thiếu phép so sánh")
        if not row["resolution_number"] or not row["target_text_vi"]:
            errors.append(f"{where}: thiếu số hiệu văn bản hoặc nội dung mục tiêu")
        if unit is None or kind is None:
            continue
        urls, note = _split_sources(row["source_url"])
        text, working_note = _public_text(row["province"], row["target_text_vi"], overrides)
        rows.targets.append(
            _TargetRow(
                where=where,
                unit=unit,
                number=row["resolution_number"],
                issued_on=issued_on,
                period=row["period"],
                text=text,
                working_note=working_note,
                metric_code=row["metric"],
                kind=kind,
                indicator=indicator,
                comparator=comparator,
                value=value if kind != Target.Kind.TEXT else None,
                target_year=target_year,
                urls=urls,
                source_note=note,
                position=position,
            )
        )


def _mark_disputes(targets: list[_TargetRow]) -> None:
    groups: dict[tuple, list[_TargetRow]] = {}
    for row in targets:
        if row.kind != Target.Kind.TEXT:
            groups.setdefault(
                (row.unit.pk, row.number, row.metric_code, row.comparator), []
            ).append(row)
    for group in groups.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                same_value, same_year = (
                    first.value == second.value,
                    first.target_year == second.target_year,
                )
                if same_value == same_year:
                    continue  # two different targets (or an exact repeat)
                for row, other in ((first, second), (second, first)):
                    row.disputed, row.other = True, other
                    if same_value:
                        row.dispute_note = (
                            f"Nguồn khác ghi năm đích {other.target_year or '—'} cho cùng mục tiêu."
                        )
                    else:
                        row.dispute_note = (
                            f"Nguồn khác ghi giá trị {other.value} cho cùng mục tiêu, cùng năm."
                        )
    for row in targets:
        key = (row.unit.name, row.number, row.metric_code, row.target_year)
        if key in README_DISPUTES:
            row.disputed = True
            row.dispute_note = " ".join(filter(None, [row.dispute_note, README_DISPUTES[key]]))


def observation_notes_read(path: Path) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """(province, year, metric, value) → the curated row of kpi_observation_notes.csv
    (series, definition_differs, superseded, public notes); empty without the file."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["province"], r["year"], r["metric"], r["value"]): r for r in csv.DictReader(handle)
        }


def _observation_unit(
    name: str, year: int, *, units: _Units, where: str, errors: list[str]
) -> tuple[Unit | None, bool]:
    """(unit, ok): no unit for the whole country; "Bắc Ninh (new, incl. former Bắc Giang)"
    is the unit formed in 2025; other names are read in the pool of their year."""
    if name == NATIONAL:
        return None, True
    if match := _NEW_UNIT.match(name):
        unit = units.resolve(match.group(1), on=POOL_DATES[34], where=where, errors=errors)
        return unit, unit is not None
    if year < MERGER_DATE.year:
        unit = units.resolve(name, on=POOL_DATES[63], where=where, errors=errors)
        return unit, unit is not None
    # A later year: the unit of that year, or an old unit reported before 01/07/2025
    # (Bắc Giang's first half of 2025).
    for on in (POOL_DATES[34], POOL_DATES[63]):
        tried: list[str] = []
        if unit := units.resolve(name, on=on, where=where, errors=tried):
            return unit, True
    errors.extend(tried)
    return None, False


def _read_observations(
    path: Path, rows: TargetRows, units: _Units, indicators, known_kpis, *, notes=None
) -> None:
    """Read one observation file; ``notes`` (the curated notes) marks the published file,
    whose rows have a qualifier, an address and an article date."""
    errors = rows.errors
    published = notes is not None
    merged = {(o.unit, o.metric_code, o.year, o.value): o for o in rows.observations}
    for where, row in _read(path):
        period, raw_year = "", row["year"]
        if published and (span := _PERIOD.match(raw_year)):
            period = f"{span.group(1)}–{span.group(2)}"
            row = {**row, "year": span.group(2)}  # a period average belongs to its last year
        year = _year(row["year"], where=where, errors=errors)
        value = _number(row["value"], where=where, errors=errors)
        if year is None or value is None:
            if year is not None:
                errors.append(f"{where}: thiếu giá trị")
            continue
        unit, ok = _observation_unit(row["province"], year, units=units, where=where, errors=errors)
        if not ok:
            continue
        qualifier = row.get("qualifier", "")
        if qualifier and qualifier not in QUALIFIERS:
            errors.append(f"{where}: cách ghi số '{qualifier}' chưa có trong QUALIFIERS")
            continue
        key = (row["province"], raw_year, row["metric"], row["value"])
        curated = (notes or {}).get(key, {})
        obs = ObservationRow(
            where=where,
            unit=unit,
            metric_code=row["metric"],
            year=year,
            value=value,
            value_unit=row["unit"],
            text=row["text_vi"],
            source=row["source_url"] if published else row["source"],
            period=period,
            qualifier=QUALIFIERS.get(qualifier, ""),
            article_date=row.get("article_date", "")[:80],
            series=curated.get("series", "")[:120],
            definition_differs=curated.get("definition_differs") == "yes",
            superseded=curated.get("superseded") == "yes",
            note=curated.get("public_note_vi", ""),
            note_en=curated.get("public_note_en", ""),
            working_note=row.get("note", ""),
        )
        if published and not curated and notes:
            errors.append(f"{where}: không có dòng tương ứng trong {KPI_NOTES}")
            continue
        match = _INDICATOR_METRIC.match(row["metric"])
        if match and match.group(1).upper() in indicators and unit is not None:
            obs.indicator = indicators[match.group(1).upper()]
            if match.group(2) == "score":
                # "478.99 points/1000" is the DTI 0.4790: a corroboration of the value.
                if "1000" in row["unit"]:
                    obs.value = value / 1000
                if not 0 <= obs.value <= 1:
                    errors.append(f"{where}: giá trị {value} không hợp lệ cho {row['metric']}")
                    continue
                rows.observations.append(obs)
                continue
            pool_match = _POOL_UNIT.search(row["unit"])
            obs.pool = int(pool_match.group(1)) if pool_match else (63 if year < 2024 else 34)
            if obs.pool not in POOL_DATES or not (value == int(value) and 1 <= value <= obs.pool):
                errors.append(f"{where}: thứ hạng {value} không hợp lệ cho nhóm {row['unit']}")
                continue
        elif row["metric"] not in known_kpis:
            errors.append(
                f"{where}: chỉ tiêu '{row['metric']}' chưa có trong danh mục (indicators/kpi_reference.py)"
            )
            continue
        if not obs.source:
            errors.append(f"{where}: thiếu nguồn")
            continue
        key = (unit, row["metric"], year, value)
        if obs.indicator is None and key in merged:
            # The same figure in a second source: one observation with both addresses.
            first = merged[key]
            if obs.source not in first.source.split(" | "):
                first.source = f"{first.source} | {obs.source}"
            first.working_note = "\n".join(filter(None, [first.working_note, obs.working_note]))
            continue
        merged[key] = obs
        rows.observations.append(obs)


def targets_collect(*, data_dir: Path, indicators: dict[str, Indicator]) -> TargetRows:
    """Read and check every row of both files; nothing is written."""
    rows = TargetRows()
    missing = [name for name in (RESOLUTIONS, KPI_OBSERVATIONS) if not (data_dir / name).exists()]
    if missing:
        rows.errors.extend(f"Không thấy tệp {data_dir / name}" for name in missing)
        return rows
    known_kpis = set(KPI_METRICS) | set(KpiMetric.objects.values_list("code", flat=True))
    units = _Units()
    _read_resolutions(data_dir / RESOLUTIONS, rows, units, indicators, known_kpis)
    _mark_disputes(rows.targets)
    _read_observations(data_dir / KPI_OBSERVATIONS, rows, units, indicators, known_kpis)
    if (data_dir / KPI_PUBLISHED).exists():
        notes = observation_notes_read(data_dir.parent.parent / KPI_NOTES)
        _read_observations(
            data_dir / KPI_PUBLISHED, rows, units, indicators, known_kpis, notes=notes
        )
    return rows
