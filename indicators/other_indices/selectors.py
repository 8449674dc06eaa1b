"""Reads of PAPI and PCI values (indicators.models.OtherIndexValue).

Values exist for the 63 units valid before 01/07/2025 only: PAPI and PCI have their
own methods, so nothing is back-cast to a merged unit; its page shows each
predecessor's values, labelled as the predecessor's. A year without a value is
"not published", never 0.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indicators.caching.catalog import catalog
from indicators.models import OtherIndexValue, Provenance, Score
from indicators.rules.correlation import pearson
from indicators.scorecard.compare import CompareCell, Comparison, Reference
from indicators.targets.selectors import units_targets
from provinces.models import Unit
from provinces.pools import POOL_DATES

PAPI = OtherIndexValue.Index.PAPI
PCI = OtherIndexValue.Index.PCI
PAPI_DIMENSIONS = tuple(f"d{i}" for i in range(1, 9))
DIMENSION_LABELS = {
    "d1": _("Tham gia của người dân ở cấp cơ sở"),
    "d2": _("Công khai, minh bạch trong ra quyết định ở địa phương"),
    "d3": _("Trách nhiệm giải trình với người dân"),
    "d4": _("Kiểm soát tham nhũng trong khu vực công"),
    "d5": _("Thủ tục hành chính công"),
    "d6": _("Cung ứng dịch vụ công"),
    "d7": _("Quản trị môi trường"),
    "d8": _("Quản trị điện tử"),
}
ATTRIBUTION = {
    PAPI: ("PAPI, CECODES – RTA – UNDP", "https://papi.org.vn/"),
    PCI: ("PCI, VCCI", "https://pcivietnam.vn/"),
}
# The three provinces the scorecard was first built for, highlighted in the scatter.
SEED_SLUGS = ("bac-giang", "ha-giang", "hai-duong")
D5_CHANGE_YEAR = 2021


def d5_change_note() -> str:
    return str(
        _(
            "Từ 2021 PAPI bỏ một trong bốn nội dung của D5 (thủ tục hành chính công): D5 và điểm "
            "tổng 2021–2024 không hoàn toàn so sánh được với 2020."
        )
    )


@dataclass(frozen=True)
class Reading:
    """One published value (or a rank without a value: PCI rows quoted by rank only)."""

    value: Decimal | None
    rank: int | None
    rank_pool: int | None
    rank_official: bool
    source_url: str
    source_title: str
    note: str

    @property
    def host(self) -> str:
        """The publisher's site as a link text ("papi.org.vn", "pcivietnam.vn")."""
        host = self.source_url.split("//", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")


def _reading(row: OtherIndexValue) -> Reading:
    return Reading(
        row.value,
        row.rank,
        row.rank_pool,
        row.rank_official,
        row.source_url,
        row.source_title,
        row.note,
    )


@dataclass
class PapiYear:
    year: int
    total: Reading | None
    dimensions: dict[str, Reading | None]

    @property
    def any(self) -> Reading | None:
        """The first reading of the year (its source and note), None if none."""
        return self.total or next((r for r in self.dimensions.values() if r), None)

    @property
    def partial(self) -> bool:
        return self.total is None and self.any is not None


@dataclass
class UnitIndices:
    """PAPI and PCI of one pre-merger unit, every year (None: not published)."""

    unit: Unit
    inherited: bool  # shown on a merged unit's page: the predecessor's own values
    papi: list[PapiYear]
    pci: list[tuple[int, Reading | None]]

    @property
    def has_papi(self) -> bool:
        return any(y.any for y in self.papi)


@dataclass
class OtherIndices:
    unit: Unit
    blocks: list[UnitIndices]
    papi_years: list[int]
    pci_years: list[int]
    dimension_labels: dict[str, str] = field(default_factory=dict)

    @property
    def merged(self) -> bool:
        return any(b.inherited for b in self.blocks)


def _years_by_index() -> dict[str, list[int]]:
    """Index → the years it has any value for (from the catalog: no query)."""
    years = catalog().other_index_years
    return {PAPI: years.get(PAPI, []), PCI: years.get(PCI, [])}


def _years(index: str) -> list[int]:
    return _years_by_index()[index]


def _source_units(unit: Unit) -> tuple[list[Unit], bool]:
    """The units whose values a page shows: the unit itself if it existed before the
    merger, else its predecessors (inherited)."""
    if unit.is_valid_on(POOL_DATES[63]):
        return [unit], False
    by_pk = catalog().units_by_pk
    predecessors = [
        by_pk.get(s.predecessor_id, s.predecessor)
        for s in catalog().successions
        if s.successor_id == unit.pk
    ]
    return sorted(predecessors, key=lambda u: u.name), True


def other_indices_for_unit(*, unit: Unit) -> OtherIndices:
    """PAPI (total and 8 dimensions) and PCI of ``unit`` for every year either index
    has data, or of its predecessors for a unit formed on 01/07/2025 (one query)."""
    units, inherited = _source_units(unit)
    years = _years_by_index()
    papi_years, pci_years = years[PAPI], years[PCI]
    found: dict[tuple[int, str, str, int], Reading] = {}
    for row in OtherIndexValue.objects.filter(unit__in=units):
        found[(row.unit_id, row.index, row.measure, row.year)] = _reading(row)
    blocks = [
        UnitIndices(
            unit=u,
            inherited=inherited,
            papi=[
                PapiYear(
                    year=y,
                    total=found.get((u.pk, PAPI, "total", y)),
                    dimensions={d: found.get((u.pk, PAPI, d, y)) for d in PAPI_DIMENSIONS},
                )
                for y in papi_years
            ],
            pci=[(y, found.get((u.pk, PCI, "total", y))) for y in pci_years],
        )
        for u in units
    ]
    return OtherIndices(
        unit=unit,
        blocks=blocks,
        papi_years=papi_years,
        pci_years=pci_years,
        dimension_labels={d: str(label) for d, label in DIMENSION_LABELS.items()},
    )


# ----------------------------------------------------------------------------
# Compare page metrics
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OtherMetric:
    """A compare-page metric that is not a DTI indicator: PAPI, a PAPI dimension, PCI.
    Quacks like an Indicator where the compare page reads one (code, short_name, label)."""

    code: str  # "PAPI", "PAPI_D8", "PCI"; the URL uses it lower-cased
    short_name: str
    label: str
    index: str
    measure: str
    is_other: bool = True

    @property
    def attribution(self) -> tuple[str, str]:
        return ATTRIBUTION[self.index]

    @property
    def scale(self) -> str:
        if self.index == PCI:
            return str(_("thang 100 điểm"))
        return str(_("thang 80 điểm")) if self.measure == "total" else str(_("thang 1–10"))

    def __str__(self) -> str:
        return self.label


def other_metrics() -> list[OtherMetric]:
    """PAPI total, its 8 dimensions (D8, e-governance, is the nearest to the DTI), PCI."""
    return [
        OtherMetric("PAPI", "PAPI", str(_("PAPI – điểm tổng")), PAPI, "total"),
        *[
            OtherMetric(
                f"PAPI_{d.upper()}",
                f"PAPI {d.upper()}",
                f"PAPI {d.upper()} – {label}",
                PAPI,
                d,
            )
            for d, label in DIMENSION_LABELS.items()
        ],
        OtherMetric("PCI", "PCI", str(_("PCI – điểm tổng")), PCI, "total"),
    ]


def other_metric(code: str) -> OtherMetric | None:
    return next((m for m in other_metrics() if m.code.lower() == code.lower()), None)


def other_units_notice(*, units: list[Unit]) -> list[str]:
    """What the compare page says when a unit formed on 01/07/2025 is compared on
    PAPI/PCI: it has no value of its own, its predecessors do."""
    merged = [u.name for u in units if not u.is_valid_on(POOL_DATES[63])]
    if not merged:
        return []
    return [
        str(
            _(
                "PAPI và PCI không tính ngược cho đơn vị hợp nhất (%(names)s): chọn các tỉnh trước "
                "01/07/2025 để so sánh, hoặc xem số liệu của chúng trên trang của đơn vị."
            )
        )
        % {"names": ", ".join(merged)}
    ]


def other_readings(*, units: list[Unit], metric: OtherMetric) -> dict[tuple[int, int], Reading]:
    """(unit id, year) → the published reading of ``metric`` (with its source)."""
    rows = OtherIndexValue.objects.filter(
        index=metric.index, measure=metric.measure, unit__in=units
    )
    return {(r.unit_id, r.year): _reading(r) for r in rows}


def other_comparison(*, units: list[Unit], metric: OtherMetric) -> Comparison:
    """The compare page's data for a PAPI/PCI metric: each unit's published values and
    the rank printed beside them (PCI: VCCI's, among 63; PAPI: by total among the
    provinces with data). A merged unit has none (no back-cast). No provincial
    average (PAPI's national average is not the mean of the provinces); the leader is
    the unit ranked 1st that year."""
    years = _years(metric.index)
    rows = OtherIndexValue.objects.filter(index=metric.index, measure=metric.measure)
    mine = {(r.unit_id, r.year): r for r in rows.filter(unit__in=units)}
    cells = {
        u.pk: {
            y: CompareCell(
                mine[(u.pk, y)].value if (u.pk, y) in mine else None,
                Provenance.PUBLISHED if (u.pk, y) in mine else None,
                [(mine[(u.pk, y)].rank, mine[(u.pk, y)].rank_pool, False)]
                if (u.pk, y) in mine and mine[(u.pk, y)].rank
                else [],
            )
            for y in years
        }
        for u in units
    }
    leaders = {
        r.year: Reference(r.value, unit=r.unit, pool=r.rank_pool)
        for r in rows.filter(rank=1).select_related("unit")
    }
    changes = {}
    if metric.index == PAPI and metric.measure in ("total", "d5") and D5_CHANGE_YEAR in years:
        changes[D5_CHANGE_YEAR] = d5_change_note()
    return Comparison(
        metric=metric,
        units=units,
        years=years,
        method_changes=changes,
        cells=cells,
        averages={},
        leaders=leaders,
        reference_pools=dict.fromkeys(years, 63),
        targets=units_targets(units=units) if units else {},
    )


# ----------------------------------------------------------------------------
# Relationship view: DTI against PAPI
# ----------------------------------------------------------------------------

RELATIONSHIP_METRICS = ("PAPI_D8", "PAPI")


@dataclass(frozen=True)
class Point:
    unit: Unit
    dti: Decimal
    other: Decimal
    highlighted: bool


@dataclass
class Relationship:
    year: int
    metric: OtherMetric
    points: list[Point]
    r: float | None
    years: list[int]  # years with both a DTI and the metric

    @property
    def n(self) -> int:
        return len(self.points)


def relationship_years() -> list[int]:
    """Years with a published DTI and a PAPI value (the relationship view's choices)."""
    dti_years = set(
        Score.objects.published()
        .filter(indicator__code="DTI", provenance=Provenance.PUBLISHED)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return [y for y in _years(PAPI) if y in dti_years]


def relationship(*, year: int, metric: OtherMetric) -> Relationship:
    """One point per pre-merger unit with both a published DTI and the PAPI measure in
    ``year`` (units lacking either are left out, not filled), the seed provinces
    flagged, and Pearson's r over those points."""
    pool = [u.pk for u in catalog().pool_units[63]]
    dti = dict(
        Score.objects.published()
        .filter(
            indicator__code="DTI",
            year=year,
            provenance=Provenance.PUBLISHED,
            unit_id__in=pool,
        )
        .values_list("unit_id", "value")
    )
    other = dict(
        OtherIndexValue.objects.filter(
            index=metric.index, measure=metric.measure, year=year, value__isnull=False
        ).values_list("unit_id", "value")
    )
    by_pk = catalog().units_by_pk
    points = sorted(
        (
            Point(by_pk[pk], dti[pk], other[pk], by_pk[pk].slug in SEED_SLUGS)
            for pk in dti.keys() & other.keys()
            if pk in by_pk
        ),
        key=lambda p: p.unit.name,
    )
    r = pearson([float(p.other) for p in points], [float(p.dti) for p in points])
    return Relationship(year, metric, points, r, relationship_years())
