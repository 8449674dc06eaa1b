"""The re-weighting page of one year and pool (/xep-hang/<year>/trong-so/): the query
string read into weights, every unit's recomputed DTI and rank next to its official
rank, and each unit's rank band under random weights (arithmetic in reweight.py).

Read by the page and by its exports (reports), so a file is exactly what the page shows.
Bad values become messages (the view answers 400); unknown parameters are ignored
with a notice. A year without main-index weights (2020) offers nothing and says why;
a year whose weights no source confirms (2024) is an exploration, labelled as such.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

from indicators.models import Provenance, PublishedRank
from indicators.rules.ranking import as_published, competition_rank
from indicators.scenarios import reweight
from indicators.scenarios import selectors as sc
from indicators.scenarios.forms import Parsed, weight
from indicators.scenarios.query import names
from provinces.models import Unit
from provinces.pools import default_pool

PLAIN = {"pool", "sort", "dir"}
MERGED = {Provenance.MERGER_RULE, Provenance.MERGER_BACKCAST}
SORTS = ("rank", "name", "official", "change", "value", "band")
PRESETS = ("official", "equal", "activity", "foundation")


@dataclass
class Row:
    unit: Unit
    value: Decimal  # recomputed DTI (computed, 4 decimals)
    rank: int  # its competition rank
    official_value: Decimal  # the published DTI (or the merger-rule back-cast)
    official_rank: int  # rank of the published values (competition)
    published_rank: int | None  # as published, where a source gives it
    merged: bool  # the value is the mean of the predecessors' (merger rule)
    low: int = 0  # 5th percentile rank under random weights
    high: int = 0  # 95th percentile rank
    size: int = 1  # units in the pool (to draw the band)

    @property
    def bar_x(self) -> float:
        """Left edge of the band, percent of the pool's width."""
        return 100 * (self.low - 1) / self.size

    @property
    def bar_width(self) -> float:
        return 100 * (self.high - self.low + 1) / self.size

    @property
    def change(self) -> int:
        """Places gained (positive) against the official rank."""
        return self.official_rank - self.rank


@dataclass
class Page:
    year: int
    pool: int | None = None
    pools: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    reason: str = ""  # why nothing is offered (2020)
    confirmed: bool = True
    backcast: bool = False
    official: dict[str, Decimal] = field(default_factory=dict)
    weights: dict[str, Decimal] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    sort: str = "rank"
    descending: bool = False
    draws: int = reweight.DRAWS
    seed: int = reweight.SEED
    framework: object = None

    @property
    def normalised(self) -> dict[str, Decimal]:
        return reweight.normalised(self.weights) if self.total else {}

    @property
    def total(self) -> Decimal:
        return sum(self.weights.values(), Decimal(0))

    @property
    def is_official(self) -> bool:
        return self.normalised == reweight.normalised(self.official)

    def preset_weights(self) -> dict[str, dict[str, Decimal]]:
        return reweight.presets(self.official) if self.official else {}

    @property
    def preset_links(self) -> list[dict]:
        labels = {
            "official": _("Chính thức"),
            "equal": _("Bằng nhau (125 mỗi chỉ số)"),
            "activity": _("Chỉ các chỉ số hoạt động"),
            "foundation": _("Chỉ các chỉ số nền tảng"),
        }
        return [
            {
                "name": name,
                "label": labels[name],
                "query": self.query(weights),
                "current": self.normalised == reweight.normalised(weights),
            }
            for name, weights in self.preset_weights().items()
        ]

    @property
    def sort_columns(self) -> list[tuple[str, str]]:
        return [
            ("rank", _("Hạng tính lại")),
            ("name", _("Tỉnh, thành phố")),
            ("value", _("DTI tính lại")),
            ("official", _("Hạng chính thức")),
            ("change", _("Thay đổi")),
            ("band", _("Dải hạng 5–95%")),
        ]

    def query(self, weights: Mapping[str, Decimal]) -> str:
        """The query string of this pool with ``weights`` (preset links, exports)."""
        parts = [f"pool={self.pool}"] + [f"{c}={weights[c].normalize():f}" for c in reweight.CODES]
        return "&".join(parts)


def _weights(params: Mapping[str, str], page: Page, parsed: Parsed) -> None:
    chosen = dict(page.official)
    upper = {k.upper(): v for k, v in params.items()}
    for code in reweight.CODES:
        value = weight(parsed, upper.get(code), name=code)
        if value is not None:
            chosen[code] = value
    if not parsed.errors and sum(chosen.values(), Decimal(0)) == 0:
        parsed.errors.append(_("Tổng các trọng số bằng 0: cần ít nhất một trọng số dương."))
    page.weights = page.official if parsed.errors else chosen


def _sort(params: Mapping[str, str], page: Page) -> None:
    sort = params.get("sort") or "rank"
    page.sort = sort if sort in SORTS else "rank"
    page.descending = params.get("dir") == "desc"
    if sort not in SORTS:
        page.notices.append(
            _("Cách sắp xếp “%(s)s” không có; bảng xếp theo hạng.") % {"s": sort[:40]}
        )


def _published_ranks(year: int, pool: int) -> dict[int, int]:
    return dict(
        PublishedRank.objects.filter(year=year, pool=pool, indicator__code="DTI").values_list(
            "unit_id", "rank"
        )
    )


def _rows(data: sc.YearData, page: Page, *, bands: bool) -> list[Row]:
    pool = page.pool
    units = data.pool_units[pool]
    inputs = {u: reweight.unit_inputs(data.main_values(u), data.weights) for u in units}
    inputs = {u: x for u, x in inputs.items() if x is not None}
    result = reweight.reweight(inputs, page.weights)
    official = {u: data.values[u]["DTI"] for u in inputs}
    official_ranks = competition_rank(official)
    published = _published_ranks(page.year, pool)
    rows = [
        Row(
            unit=data.units[u],
            value=result.values[u],
            rank=result.ranks[u],
            official_value=as_published(official[u]),
            official_rank=official_ranks[u],
            published_rank=published.get(u),
            merged=data.provenance.get((u, "DTI")) in MERGED,
            size=len(inputs),
        )
        for u in inputs
    ]
    if bands and rows:
        x = reweight.matrix([inputs[r.unit.pk] for r in rows])
        w = np.array([float(page.official[c]) for c in reweight.CODES])  # official × U(…)
        found = reweight.stability(x, w, draws=page.draws, seed=page.seed)
        for row, low, high in zip(rows, found.low, found.high, strict=True):
            row.low, row.high = int(low), int(high)
    return rows


def _ordered(rows: list[Row], page: Page) -> list[Row]:
    keys = {
        "rank": lambda r: (r.rank, r.unit.name),
        "name": lambda r: r.unit.name,
        "official": lambda r: (r.official_rank, r.unit.name),
        "change": lambda r: (-r.change, r.rank),
        "value": lambda r: (-r.value, r.unit.name),
        "band": lambda r: (r.high - r.low, r.rank),
    }
    return sorted(rows, key=keys[page.sort], reverse=page.descending)


def reweight_page(*, year: int, params: Mapping[str, str], bands: bool = True) -> Page:
    """Everything the page (and its exports) show for ``year`` and the query string."""
    parsed = Parsed()
    page = Page(year=year, errors=parsed.errors)
    data = sc.year_data(year=year)
    page.framework = data.framework
    official = reweight.official_weights(data.weights)
    if data.framework is None or official is None:
        page.reason = _(
            "Năm %(year)s không có trọng số các chỉ số chính (DTI %(year)s tính theo phương pháp khác, "
            "trên ba trụ cột), nên không tính lại được với trọng số khác."
        ) % {"year": year}
        return page
    page.official, page.confirmed, page.names = official, data.confirmed, names(data)
    page.pools = data.pools()
    raw_pool = params.get("pool")
    pool = parsed.integer(raw_pool, name="pool", low=1, high=99) if raw_pool else None
    if pool is not None and pool not in page.pools:
        parsed.errors.append(
            _("Năm %(year)s không có bảng xếp hạng đủ cho nhóm %(pool)s; các nhóm có: %(pools)s.")
            % {"year": year, "pool": pool, "pools": ", ".join(map(str, page.pools)) or "—"}
        )
        pool = None
    if pool is None and page.pools:
        pool = default_pool(year) if default_pool(year) in page.pools else page.pools[0]
    page.pool = pool
    unknown = sorted(k for k in params if k.upper() not in reweight.CODES and k not in PLAIN)
    if unknown:
        page.notices.append(
            _("Bỏ qua tham số không dùng: %(names)s.")
            % {"names": ", ".join(k[:40] for k in unknown)}
        )
    _weights(params, page, parsed)
    _sort(params, page)
    if pool is None:
        page.reason = _("Năm %(year)s không có bảng xếp hạng đủ giá trị DTI.") % {"year": year}
        return page
    page.backcast = data.is_backcast(pool)
    page.rows = _ordered(_rows(data, page, bands=bands), page)
    return page
