"""Write a Report's tidy rows as CSV: UTF-8 with a byte-order mark (so Excel opens
Vietnamese correctly), one row per unit–year–indicator(–pool), empty where nothing
is published, values with the 4 decimals of the published tables; text that a
spreadsheet would run as a formula starts with a quote (reports.formulas)."""

import pandas as pd

from reports.formulas import csv_text
from reports.tables import TIDY_COLUMNS, Report

BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_export(report: Report) -> bytes:
    frame = report.tidy.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):  # text; numbers stay numbers
            frame[column] = frame[column].map(csv_text)
    text = frame.to_csv(
        index=False, columns=TIDY_COLUMNS, float_format="%.4f", lineterminator="\r\n"
    )
    return (BOM + text).encode("utf-8")
