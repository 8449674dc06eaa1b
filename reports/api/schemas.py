"""Response shapes of the data API. Names are stable snake_case; numbers are numbers;
null means not published (or, for a derived figure, not derivable). Drafts never appear."""

import datetime
from enum import IntEnum, StrEnum

from ninja import Schema
from pydantic import Field

from indicators.targets.selectors import TEXT_STATUS
from indicators.targets.status import Status
from reports.tables import TIDY_COLUMNS


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


class Pool(IntEnum):
    OLD = 63
    NEW = 34


# The target statuses (indicators.targets.status) and "text" for a target with no number.
TargetStatus = StrEnum("TargetStatus", {s.name: s.value for s in Status} | {"TEXT": TEXT_STATUS})


class Problem(Schema):
    """RFC 9457 problem details, with the detail in Vietnamese and in English."""

    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str = Field(description="Vietnamese")
    detail_en: str = Field(description="English")
    errors: list[dict[str, str]] = Field(
        default_factory=list, description="One entry per invalid parameter"
    )


class Unit(Schema):
    code: str = Field(description="GSO/NSO code; reused in 2025, so (code, validity) is the key")
    slug: str
    name: str
    full_name_vi: str
    full_name_en: str
    kind: str
    region: str
    region_name_vi: str
    region_name_en: str
    valid_from: datetime.date | None = Field(description="null: since before the data starts")
    valid_to: datetime.date | None = Field(description="null: still valid")
    pools: list[int] = Field(description="Ranking pools the unit belongs to (63, 34 or both)")
    predecessors: list[str] = Field(description="Slugs of the units merged into this one")
    successors: list[str] = Field(description="Slugs of the units this one was merged into")


class HistoryRow(Schema):
    year: int
    pool: int | None
    indicator: str
    value: float | None
    value_status: str | None = Field(description="published or derived; null: no value")
    rank: int | None
    rank_status: str | None = Field(description="published or derived; null: no rank")
    source_url: str | None = Field(description="Source addresses, separated by ' | '")
    note: str | None


class UnitDetail(Unit):
    history: list[HistoryRow]


class RankingRow(Schema):
    rank: int | None = Field(description="Competition rank: ties share a rank")
    pool: int
    unit_code: str
    unit_slug: str
    unit_name: str
    value: float | None
    change: int | None = Field(
        description="Rank change versus the previous year in the same pool (DTI and pillars)"
    )
    rank_published: bool
    derived: bool = Field(description="The value or the rank was computed by the app")
    source_url: str | None
    note: str | None


class Ranking(Schema):
    year: int
    pool: int
    indicator: str
    previous_year: int | None
    backcast: bool = Field(description="A 34-unit ranking of a year before the merger")
    rows: list[RankingRow]


class ValueRow(Schema):
    year: int
    unit_code: str
    unit_name: str
    pool: int | None
    indicator: str
    value: float | None
    rank: int | None
    source_url: str | None
    note: str | None


assert list(ValueRow.model_fields) == TIDY_COLUMNS  # the CSV export's columns


class ValuePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[ValueRow]


class TargetRow(Schema):
    id: int
    unit_slug: str
    unit_name: str
    inherited_from: str | None = Field(description="Slug of the old unit whose target this is")
    resolution: str
    issued_on: datetime.date | None
    text: str = Field(description="As the resolution wrote it")
    kind: str
    indicator: str | None
    kpi_metric: str | None
    comparator: str | None
    target_value: float | None
    target_year: int | None
    baseline_year: int | None
    baseline_value: float | None
    latest_year: int | None
    latest_value: float | None
    status: str
    method: str | None
    expected_value: float | None = Field(description="On the straight line from the baseline")
    gap: float | None = Field(description="Latest minus expected value")
    distance: float | None = Field(description="Target minus latest value (not for ranks)")
    rank_pool: int | None
    rank: int | None
    rank_year: int | None
    rank_gap: int | None = Field(description="Rank minus N: > 0 places still to climb")
    points_gap: float | None = Field(description="Value still needed to rank N")
    share_rank_target: int | None = Field(description="The target as a share of the 34 pool")
    share_rank_gap: int | None
    source_url: str | None


class FrameworkNode(Schema):
    code: str
    name_vi: str
    name_en: str
    kind: str
    parent: str | None
    pillar: str | None
    max_points: float | None = Field(description="Weight: maximum points out of 1,000")


class Framework(Schema):
    year: int
    description_vi: str
    description_en: str
    method_changed: bool
    method_note_vi: str | None
    method_note_en: str | None
    weights_confirmed: bool
    sources: list[str]
    indicators: list[FrameworkNode]
