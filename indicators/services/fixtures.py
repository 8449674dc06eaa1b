"""Fixtures: the loaded reference and published data as versioned JSON in fixtures/.

`make run` loads them (no CSV folder needed on the server); `load_dti_data
--write-fixtures` rewrites them from the CSVs, and a test checks both paths agree.
"""

import io
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from provinces.models import Alias, Region, Succession, Unit

from ..models import (
    Framework, FrameworkIndicator, Indicator, KpiMetric, KpiObservation, PublishedRank, ReferenceValue, Resolution, Score,
    Source, Target, UnitYearNote,
)  # fmt: skip

FIXTURES = {
    "provinces.json": ["provinces.Region", "provinces.Unit", "provinces.Succession", "provinces.Alias"],
    "indicators.json": [
        "indicators.Source",
        "indicators.Indicator",
        "indicators.Framework",
        "indicators.FrameworkIndicator",
        "indicators.Score",
        "indicators.PublishedRank",
        "indicators.ReferenceValue",
        "indicators.UnitYearNote",
        "indicators.Resolution",
        "indicators.KpiMetric",
        "indicators.Target",
        "indicators.KpiObservation",
    ],
}
# Deleted children first so that PROTECT relations never block a reload.
_MODELS_IN_DELETE_ORDER = [
    KpiObservation, Target, KpiMetric, Resolution, UnitYearNote, ReferenceValue, PublishedRank, Score, FrameworkIndicator, Framework, Indicator, Source,
    Alias, Succession, Unit, Region,
]  # fmt: skip


def fixtures_write(*, directory: Path) -> list[Path]:
    """Dump the reference and published data to ``directory`` (real units only)."""
    written = []
    for filename, labels in FIXTURES.items():
        out = io.StringIO()
        call_command("dumpdata", *labels, indent=1, stdout=out)
        path = Path(directory) / filename
        path.write_text(out.getvalue() + "\n", encoding="utf-8")
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
            model.objects.all().delete()
    call_command("loaddata", *FIXTURES, verbosity=0)
    return True
