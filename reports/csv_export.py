"""Write a Report's tidy rows as CSV: UTF-8 with a byte-order mark (so Excel opens
Vietnamese correctly), one row per unit–year–indicator(–pool), empty where nothing
is published, values with the 4 decimals of the published tables."""

from reports.tables import TIDY_COLUMNS, Report

BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_export(report: Report) -> bytes:
    text = report.tidy.to_csv(
        index=False, columns=TIDY_COLUMNS, float_format="%.4f", lineterminator="\r\n"
    )
    return (BOM + text).encode("utf-8")
