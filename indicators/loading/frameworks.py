"""Writes the indicator list and the per-year index trees from indicators.rules.reference,
and for which years each derived figure is valid (fixtures/derivations.csv)."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from indicators.models import Derivation, Framework, FrameworkIndicator, Indicator, Source
from indicators.rules.reference import ACTIVITY_PILLAR, FRAMEWORKS, INDICATORS, SHORT_NAMES_EN


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


def derivations_path() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "derivations.csv"


@transaction.atomic
def derivations_load(path: Path | None = None) -> int:
    """Replace the validity table of derived figures with the file's rows; returns
    how many. A year the file does not list is not valid for that figure."""
    rows = []
    with (path or derivations_path()).open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            valid = row["valid"].strip().lower()
            if valid not in ("yes", "no") or row["figure"] not in Derivation.Figure.values:
                raise ValueError(f"derivations.csv:{line_no}: {row}")
            rows.append(
                Derivation(
                    figure=row["figure"],
                    year=int(row["year"]),
                    valid=valid == "yes",
                    evidence=row["evidence_vi"].strip(),
                    evidence_en=row["evidence_en"].strip(),
                )
            )
    Derivation.objects.all().delete()
    Derivation.objects.bulk_create(rows)
    return len(rows)


def derivation_years(figure: str) -> set[int]:
    """The years for which ``figure`` (a Derivation.Figure value) is valid."""
    return set(Derivation.objects.filter(figure=figure, valid=True).values_list("year", flat=True))


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
                "short_name_en": SHORT_NAMES_EN.get(code, short),
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
    derivations_load()
    return indicators
