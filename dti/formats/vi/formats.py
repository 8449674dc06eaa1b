"""Vietnamese input formats Django's "vi" locale lacks.

Without them dates typed as Vietnamese write them (30/06/2025) are parsed with
the US default "%m/%d/%Y": 30/06/2025 is refused and 01/07/2025 (the merger day)
silently becomes 7 January. The first format is also how date inputs are shown.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
