"""Writes the indicator list and the per-year index trees from indicators.rules.reference."""

from django.db import transaction

from indicators.models import Framework, FrameworkIndicator, Indicator, Source
from indicators.rules.reference import ACTIVITY_PILLAR, FRAMEWORKS, INDICATORS


def source_get_or_create(*, url: str, title: str = "") -> Source:
    """The Source row of an address (created, validated, on first use)."""
    source = Source.objects.filter(url=url).first()
    if source is None:
        source = Source(url=url, title=title[:500])
        source.full_clean()
        source.save()
    elif title and not source.title:
        source.title = title[:500]
        source.save(update_fields=["title"])
    return source


@transaction.atomic
def frameworks_load() -> dict[str, Indicator]:
    """Create or update the indicators and every year's tree; returns code → Indicator."""
    indicators: dict[str, Indicator] = {}
    for order, (code, name, name_en, short, kind) in enumerate(INDICATORS):
        indicator, _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "short_name": short,
                "kind": kind,
                "order": order,
            },
        )
        indicators[code] = indicator
    for spec in FRAMEWORKS:
        framework, _ = Framework.objects.update_or_create(
            year=spec.year,
            defaults={
                "description": spec.description,
                "description_en": spec.description_en,
                "method_changed": spec.method_changed,
                "method_note": spec.method_note,
                "method_note_en": spec.method_note_en,
                "weights_confirmed": spec.weights_confirmed,
                "published_on": spec.published_on,
            },
        )
        framework.full_clean()
        framework.sources.set([source_get_or_create(url=url) for url in spec.sources])
        framework.nodes.all().delete()
        root = FrameworkIndicator.objects.create(
            framework=framework, indicator=indicators["DTI"], max_points=1000
        )
        for code in ("CQS", "KTS", "XHS"):
            FrameworkIndicator.objects.create(
                framework=framework,
                indicator=indicators[code],
                parent=root,
                max_points=spec.pillar_points.get(code),
            )
        for code, points in spec.main_points.items():
            pillar = ACTIVITY_PILLAR.get(code)
            FrameworkIndicator.objects.create(
                framework=framework,
                indicator=indicators[code],
                parent=root,
                max_points=points,
                pillar=indicators[pillar] if pillar else None,
            )
    return indicators
