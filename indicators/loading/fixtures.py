"""Fixtures: the loaded reference and published data as versioned JSON in fixtures/.

`make run` loads them (no CSV folder needed on the server); `load_dti_data
--write-fixtures` rewrites them from the CSVs, and a test checks both paths agree.
"""

from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from indicators.caching import version as versioning
from indicators.models import (
    ChangeSet,
    Derivation,
    Framework,
    FrameworkIndicator,
    Indicator,
    KpiMetric,
    KpiObservation,
    OtherIndexValue,
    PublishedRank,
    ReferenceValue,
    Resolution,
    Score,
    Source,
    Target,
    UnitYearNote,
)
from provinces.history import delete_without_history
from provinces.models import Alias, Region, Succession, Unit

# File → (model, how to keep only real, published-data rows). Synthetic benchmark
# units and everything hanging off them never reach the fixtures `make run` loads.
FIXTURES = {
    "provinces.json": [
        (Region, {}),
        (Unit, {"is_synthetic": False}),
        (Succession, {"predecessor__is_synthetic": False, "successor__is_synthetic": False}),
        (Alias, {"unit__is_synthetic": False}),
    ],
    "indicators.json": [
        (Source, {}),
        (Indicator, {}),
        (Framework, {}),
        (FrameworkIndicator, {}),
        (Derivation, {}),
        (
            Score,
            {"unit__is_synthetic": False, "status": "published"},
        ),  # drafts are not published data
        (PublishedRank, {"unit__is_synthetic": False}),
        (ReferenceValue, {}),
        (UnitYearNote, {"unit__is_synthetic": False}),
        (Resolution, {"unit__is_synthetic": False}),
        (KpiMetric, {}),
        (Target, {"unit__is_synthetic": False}),
        # National observations have no unit.
        (KpiObservation, Q(unit__isnull=True) | Q(unit__is_synthetic=False)),
        (OtherIndexValue, {"unit__is_synthetic": False}),
    ],
}
# Deleted children first so that PROTECT relations never block a reload.
_MODELS_IN_DELETE_ORDER = [
    ChangeSet,
    OtherIndexValue,
    KpiObservation,
    Target,
    KpiMetric,
    Resolution,
    UnitYearNote,
    ReferenceValue,
    PublishedRank,
    Score,
    FrameworkIndicator,
    Derivation,
    Framework,
    Indicator,
    Source,
    Alias,
    Succession,
    Unit,
    Region,
]


def fixtures_write(*, directory: Path) -> list[Path]:
    """Dump the reference and published data to ``directory`` (real units only)."""
    written = []
    for filename, models in FIXTURES.items():
        objects = [
            obj
            for model, real in models
            for obj in model._default_manager.filter(
                real if isinstance(real, Q) else Q(**real)
            ).order_by("pk")
        ]
        path = Path(directory) / filename
        path.write_text(serializers.serialize("json", objects, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


@transaction.atomic
def fixtures_load(*, replace: bool = False) -> bool:
    """Load fixtures/*.json into an empty database; returns False if data was already
    there and ``replace`` is not set (nothing is touched then)."""
    if Unit.objects.exists():
        if not replace:
            return False
        for model in _MODELS_IN_DELETE_ORDER:
            if model in (Score, PublishedRank):  # thousands of rows: no history row each
                delete_without_history(model.objects.all())
            else:
                model.objects.all().delete()
    call_command("loaddata", *FIXTURES, verbosity=0)
    versioning.bump()  # loaddata saves raw (no signal): one new data version for the load
    return True
