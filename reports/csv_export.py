"""Write a Report's tidy rows as CSV: UTF-8 with a byte-order mark (so Excel opens
Vietnamese correctly), one row per unit–year–indicator(–pool), empty where nothing
is published, values with the 4 decimals of the published tables; text that a
spreadsheet would run as a formula starts with a quote (reports.formulas)."""

import pandas as pd

from reports.formulas import csv_text
from reports.tables import TIDY_COLUMNS, Report

BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


# Whole numbers: they stay "10", not "10.0000", in a column with missing values.
INTEGER_COLUMNS = ("year", "pool", "rank")


def csv_export(report: Report) -> bytes:
    frame = report.tidy.copy()
    for column in INTEGER_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):  # text; numbers stay numbers
            frame[column] = frame[column].map(csv_text)
    text = frame.to_csv(
        index=False, columns=TIDY_COLUMNS, float_format="%.4f", lineterminator="\r\n"
    )
    return (BOM + text).encode("utf-8")
