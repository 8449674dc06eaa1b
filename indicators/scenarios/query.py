"""A what-if scenario read from a query string (?year=2024&hts=0.8&…&n=15&path=1): the
one parser shared by the simulator page and its Excel export (reports), so a file is
exactly the scenario the page shows. Bad values become messages, never exceptions."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Score
from indicators.scenarios import selectors as sc
from indicators.scenarios import whatif
from indicators.scenarios.drivers import OTHER, ROUNDING
from indicators.scenarios.forms import Parsed
from indicators.scorecard import selectors
from indicators.targets import selectors as target_selectors
from provinces.models import Unit
from provinces.pools import default_pool


@dataclass
class ScenarioQuery:
    unit: Unit
    year: int | None
    years: list[int]  # every assessment year, newest first
    sim_years: list[int]  # the years that can be simulated
    errors: list[str] = field(default_factory=list)
    invalid: dict[str, str] = field(default_factory=dict)  # parameter → why its value was refused
    data: sc.YearData | None = None
    names: dict[str, str] = field(default_factory=dict)
    reason: str = ""  # why nothing can be simulated (no weights, no DTI)
    levers: list[whatif.Lever] = field(default_factory=list)
    pools: list[int] = field(default_factory=list)
    path_pool: int | None = None
    path_n: int | None = None
    sim: sc.Simulation | None = None

    @property
    def confirmed(self) -> bool:
        return bool(self.data and self.data.confirmed)

    @property
    def form_values(self) -> dict[str, Decimal]:
        """What the inputs show: the cheapest path's values when one was asked for."""
        if self.sim is None:
            return {}
        values = dict(self.sim.values)
        if self.sim.path is not None and self.sim.path.reachable:
            values |= self.sim.path.values
        return values


def names(data: sc.YearData) -> dict[str, str]:
    result = {code: indicator.label for code, indicator in data.indicators.items()}
    result[OTHER] = _("Các chỉ số nền tảng khác (gộp, tính toán)")
    result[ROUNDING] = _("Phần làm tròn của số liệu công bố")
    return result


def pick_year(
    params: Mapping[str, str], unit: Unit, parsed: Parsed, sim_years: list[int]
) -> tuple[int | None, list[int]]:
    """The year asked for (any assessment year), else the latest of ``sim_years`` with a DTI."""
    published = selectors.available_years()
    year = None
    if published:
        year = parsed.integer(
            params.get("year"), name="year", low=min(published), high=max(published)
        )
        if year is not None and year not in published:
            parsed.errors.append(
                _("Không có dữ liệu DTI năm %(year)s. Các năm có dữ liệu: %(years)s.")
                % {"year": year, "years": ", ".join(map(str, sorted(published)))}
            )
            year = None
    if year is None:
        with_dti = set(
            Score.objects.published()
            .filter(unit=unit, indicator__code="DTI", year__in=sim_years)
            .values_list("year", flat=True)
        )
        candidates = [y for y in sim_years if y in with_dti] or sim_years
        year = candidates[0] if candidates else None
    return year, sorted(set(published), reverse=True)


def no_analysis_reason(data: sc.YearData, unit: Unit) -> str:
    if data.weights is None:
        return _(
            "Năm %(year)s không có trọng số chỉ số chính được công bố (DTI %(year)s tính theo ba trụ cột), "
            "nên không phân tích và không mô phỏng được."
        ) % {"year": data.year}
    if not any(
        data.carrier(unit, p) and data.values.get(data.carrier(unit, p), {}).get("DTI")
        for p in data.pools()
    ):
        return _(
            "%(unit)s không có giá trị DTI năm %(year)s trong bảng xếp hạng nào: chưa công bố."
        ) % {"unit": unit.name, "year": data.year}
    return ""


def default_pool_for(data: sc.YearData, unit: Unit, pools: list[int]) -> int:
    """The unit's own pool (63 for an old unit), the year's headline pool for a unit in both."""
    own = [p for p in pools if data.carrier(unit, p) == unit.pk] or pools
    return default_pool(data.year) if default_pool(data.year) in own else own[0]


def scenario_from_query(unit: Unit, params: Mapping[str, str]) -> ScenarioQuery:
    parsed = Parsed()
    sim_years = sc.simulation_years()
    year, years = pick_year(params, unit, parsed, sim_years)
    query = ScenarioQuery(
        unit=unit,
        year=year,
        years=years,
        sim_years=sim_years,
        errors=parsed.errors,
        invalid=parsed.fields,
    )
    if year is None:
        return query
    data = query.data = sc.year_data(year=year)
    query.names = names(data)
    query.reason = no_analysis_reason(data, unit)
    if not query.reason:
        try:
            query.levers = whatif.levers(data.main_values(unit.pk), data.weights)
        except whatif.NoSimulation as exc:
            query.reason = {
                "dti": _(
                    "%(unit)s không có giá trị DTI năm %(year)s: chưa công bố, không mô phỏng được."
                )
                % {"unit": unit.name, "year": year},
                "combined": _(
                    "Các giá trị công bố của %(unit)s năm %(year)s không khớp với trọng số "
                    "(tổng các chỉ số nền tảng còn lại ngoài khoảng cho phép): không mô phỏng được."
                )
                % {"unit": unit.name, "year": year},
            }.get(str(exc), str(exc))
    if query.reason:
        return query
    values: dict[str, Decimal] = {}
    for lever in query.levers:
        value = parsed.decimal(
            params.get(lever.param),
            name=lever.param,
            label=query.names.get(lever.code, lever.code),
            high=lever.cap,
        )
        if value is not None:
            values[lever.code] = value
    pools = query.pools = [p for p in data.pools() if data.carrier(unit, p) is not None]
    path_pool = (
        parsed.integer(params.get("pool"), name="pool", low=1, high=99)
        if params.get("pool")
        else None
    )
    if path_pool is not None and path_pool not in pools:
        parsed.errors.append(
            _(
                "Không có bảng xếp hạng nhóm %(pool)s cho %(unit)s năm %(year)s; các nhóm có: %(pools)s."
            )
            % {
                "pool": path_pool,
                "unit": unit.name,
                "year": year,
                "pools": ", ".join(map(str, pools)),
            }
        )
        path_pool = None
    query.path_pool = path_pool = path_pool or default_pool_for(data, unit, pools)
    query.path_n = parsed.integer(
        params.get("n"), name="n", low=1, high=len(data.pool_units[path_pool])
    )
    targets = target_selectors.unit_targets(unit=unit)
    if parsed.errors:
        # The levers at their published values, so the form stays usable.
        query.sim = sc.simulate(data, unit, values={}, targets=targets)
        return query
    sim = sc.simulate(data, unit, values=values, targets=targets)
    if params.get("path") and query.path_n is not None:
        # The path starts from the published values; the result shows where it lands.
        sc.cheapest(data, sim, n=query.path_n, pool=path_pool)
        if sim.path is not None and sim.path.reachable and not sim.path.already:
            landed = sc.simulate(data, unit, values=sim.path.values, targets=targets)
            sim = replace(
                landed,
                path=sim.path,
                path_n=sim.path_n,
                path_pool=sim.path_pool,
                path_reference=sim.path_reference,
            )
    elif params.get("path"):
        parsed.errors.append(_("Chọn hạng N (tham số “n”) để tìm đường ít tốn công nhất."))
    query.sim = sim
    return query
