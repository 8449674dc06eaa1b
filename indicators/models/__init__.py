"""What is measured and how units score, one module per aggregate:

- ``frameworks``: indicators, the framework (tree and weights) of each year, sources;
- ``scores``: scores with provenance and status, published ranks, reference values,
  notes, change sets and editor assignments, the data version;
- ``targets``: resolutions, targets, KPI metrics and observations, responsibilities;
- ``other_indices``: PAPI and PCI values shown beside the DTI.

Everything is re-exported here, so ``from indicators.models import Score`` stays the
one spelling. Models import only provinces.models.
"""

from indicators.models.frameworks import (
    YEAR_MAX,
    YEAR_MIN,
    Derivation,
    Framework,
    FrameworkIndicator,
    FrameworkQuerySet,
    Indicator,
    Source,
)
from indicators.models.other_indices import OtherIndexValue
from indicators.models.scores import (
    ChangeSet,
    DataVersion,
    EditorAssignment,
    Provenance,
    PublishedRank,
    ReferenceValue,
    Score,
    ScoreQuerySet,
    ScoreStatus,
    UnitYearNote,
)
from indicators.models.targets import (
    KpiMetric,
    KpiObservation,
    Resolution,
    Responsibility,
    Target,
)

__all__ = [
    "YEAR_MAX",
    "YEAR_MIN",
    "ChangeSet",
    "DataVersion",
    "Derivation",
    "EditorAssignment",
    "Framework",
    "FrameworkIndicator",
    "FrameworkQuerySet",
    "Indicator",
    "KpiMetric",
    "KpiObservation",
    "OtherIndexValue",
    "Provenance",
    "PublishedRank",
    "ReferenceValue",
    "Resolution",
    "Responsibility",
    "Score",
    "ScoreQuerySet",
    "ScoreStatus",
    "Source",
    "Target",
    "UnitYearNote",
]
