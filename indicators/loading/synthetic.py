"""Synthetic units for load tests: ``python manage.py make_synthetic --units 700 --years 10``.

Every unit made here carries ``is_synthetic=True``: real pages, searches, exports
and fixtures leave them out (Unit.objects.real(), in_pool(), the catalog), unless a
server is started for the benchmark with DTI_INCLUDE_SYNTHETIC=true (a banner then
says so). Their values are random numbers, never published figures.

The set: one synthetic province-level unit in every eleven, the rest district
level (the real world has 696 districts that some provinces score the same way),
codes S0001…, valid in both pools; the full index tree of the 2024 method (DTI,
3 pillars, 8 main indices, 47 component indices SYNC01…, the components added to
the frameworks of the years made); every indicator valued every year, published.
Years end with the newest framework; missing earlier years get a framework whose
description says it is synthetic (no real score exists for them, so real pages
never list them).
"""

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from indicators.caching import version as versioning
from indicators.caching.catalog import SYNTHETIC_PREFIX
from indicators.models import (
    YEAR_MIN,
    Framework,
    FrameworkIndicator,
    Indicator,
    Provenance,
    Score,
    ScoreStatus,
)
from indicators.rules.reference import ACTIVITY_PILLAR, INDICATORS, MAIN_POINTS_2021
from indicators.rules.weights import Weights, pillars_from_dti, weighted_total
from provinces.models import Region, Unit

COMPONENTS = 47
MAIN_CODES = [code for code, *_rest, kind in INDICATORS if kind == "main"]
SYNTHETIC_NOTE = "Dữ liệu giả lập để thử tải – không phải số liệu công bố / synthetic load-test data, not published"
BATCH = 5000


@dataclass
class SyntheticReport:
    units: int
    years: list[int]
    scores: int
    components: int


def _component_indicators() -> list[Indicator]:
    base = Indicator.objects.order_by("-order").values_list("order", flat=True).first() or 0
    made = []
    for n in range(1, COMPONENTS + 1):
        code = f"{SYNTHETIC_PREFIX}{n:02d}"
        indicator, _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": f"Chỉ số thành phần giả lập {n:02d}",
                "name_en": f"Synthetic component index {n:02d}",
                "short_name": f"C{n:02d}",
                "kind": Indicator.Kind.COMPONENT,
                "order": base + n,
            },
        )
        made.append(indicator)
    return made


def _framework(year: int, template: Framework | None) -> Framework:
    framework = Framework.objects.filter(year=year).first()
    if framework is not None:
        return framework
    framework = Framework.objects.create(
        year=year,
        description=f"GIẢ LẬP – {SYNTHETIC_NOTE}",
        description_en=f"SYNTHETIC – {SYNTHETIC_NOTE}",
    )
    indicators = {i.code: i for i in Indicator.objects.filter(kind__in=["total", "pillar", "main"])}
    root = FrameworkIndicator.objects.create(
        framework=framework, indicator=indicators["DTI"], max_points=1000
    )
    for code in ("CQS", "KTS", "XHS"):
        FrameworkIndicator.objects.create(
            framework=framework, indicator=indicators[code], parent=root
        )
    for code, points in MAIN_POINTS_2021.items():
        pillar = ACTIVITY_PILLAR.get(code)
        FrameworkIndicator.objects.create(
            framework=framework,
            indicator=indicators[code],
            parent=root,
            max_points=points,
            pillar=indicators[pillar] if pillar else None,
        )
    return framework


def _add_components(framework: Framework, components: list[Indicator]) -> None:
    nodes = {n.indicator.code: n for n in framework.nodes.select_related("indicator")}
    missing = [c for c in components if c.code not in nodes]
    mains = [nodes[code] for code in MAIN_CODES if code in nodes]
    FrameworkIndicator.objects.bulk_create(
        [
            FrameworkIndicator(
                framework=framework,
                indicator=c,
                parent=mains[i % len(mains)] if mains else None,
            )
            for i, c in enumerate(missing)
        ]
    )


def _value(rng: random.Random, level: float) -> Decimal:
    return Decimal(f"{min(1.0, max(0.0, rng.gauss(level, 0.08))):.4f}")


@transaction.atomic
def synthetic_make(*, units: int, years: int, seed: int = 2025) -> SyntheticReport:
    """Replace the synthetic set with ``units`` units over the newest ``years`` years."""
    if units < 1 or years < 1:
        raise ValueError("units and years must be at least 1")
    rng = random.Random(seed)
    with versioning.deferred():
        Score.objects.filter(unit__is_synthetic=True).delete()
        Unit.objects.filter(is_synthetic=True).delete()
        newest = Framework.objects.order_by("-year").first()
        last = newest.year if newest else 2024
        first = max(YEAR_MIN, last - years + 1)
        year_list = list(range(first, first + years))
        components = _component_indicators()
        components_by_code = {c.code: c for c in components}
        frameworks = [_framework(y, newest) for y in year_list]
        for framework in frameworks:
            _add_components(framework, components)
        regions = list(Region.objects.order_by("order"))
        Unit.objects.bulk_create(
            [
                Unit(
                    code=f"S{n:04d}",
                    name=f"Đơn vị giả lập {n:04d}",
                    kind=Unit.Kind.PROVINCE,
                    level=Unit.Level.PROVINCE if n % 11 == 1 else Unit.Level.DISTRICT,
                    slug=f"gia-lap-{n:04d}",
                    region=regions[n % len(regions)],
                    is_synthetic=True,
                    note=SYNTHETIC_NOTE,
                )
                for n in range(1, units + 1)
            ]
        )
        made = list(Unit.objects.filter(is_synthetic=True).order_by("code"))
        indicators = {
            i.code: i for i in Indicator.objects.filter(kind__in=["total", "pillar", "main"])
        }
        weights = Weights(points=MAIN_POINTS_2021, activity_pillar=ACTIVITY_PILLAR)
        batch: list[Score] = []
        count = 0
        for unit in made:
            level = rng.uniform(0.25, 0.75)
            for year in year_list:
                level = min(0.95, level + rng.uniform(-0.02, 0.05))
                # Main indices at random; DTI and pillars follow from the weights (DESIGN §2),
                # so a synthetic year passes the upload's weight check like a real one.
                values = {code: _value(rng, level) for code in MAIN_POINTS_2021}
                values["DTI"] = weighted_total(values, weights).quantize(Decimal("0.0001"))
                values |= {
                    p: v.quantize(Decimal("0.0001"))
                    for p, v in pillars_from_dti(values["DTI"], values, weights).items()
                }
                values |= {c.code: _value(rng, level) for c in components}
                for code, value in values.items():
                    batch.append(
                        Score(
                            unit=unit,
                            indicator=indicators.get(code) or components_by_code[code],
                            year=year,
                            value=value,
                            provenance=Provenance.PUBLISHED,
                            status=ScoreStatus.PUBLISHED,
                            note=SYNTHETIC_NOTE[:200],
                        )
                    )
                if len(batch) >= BATCH:
                    Score.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
        Score.objects.bulk_create(batch)
        count += len(batch)
    return SyntheticReport(
        units=len(made), years=year_list, scores=count, components=len(components)
    )
