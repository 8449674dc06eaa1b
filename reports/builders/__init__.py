"""Reports of the scorecard views, built on the indicators' selectors (the same reads
as the pages, so a file holds what the page shows). One module per view:
``ranking.ranking_report``, ``province.province_report``, ``compare.compare_report`` and
``full.full_report``; ``common`` holds what they share.

Query counts do not grow with the number of units: each builder calls the page's
selector once (per year and pool for the full export) and reads the sources of
every cell in two more queries (``cell_sources``).
"""

from reports.builders.compare import compare_report
from reports.builders.full import full_report
from reports.builders.province import province_report
from reports.builders.ranking import ranking_report

__all__ = ["compare_report", "full_report", "province_report", "ranking_report"]
