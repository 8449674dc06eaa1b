"""Benchmark of the full-data export (not a test): time and peak memory.

    .venv/bin/python bench/export_bench.py            # real data, then synthetic ×20
    .venv/bin/python bench/export_bench.py --scale 5  # another synthetic size

What it measures, for the same cells:
- ``build``: the selectors and shaping (reports.builders.full_report), real data only;
- ``xlsx write-only`` / ``xlsx normal``: reports.workbook.workbook_export in either
  openpyxl mode (tables, formats, colour scales, charts, About sheet);
- ``csv``: reports.csv_export.csv_export;
- ``bare openpyxl``: the same cell values appended to a write-only workbook with no
  formats, tables, charts or About sheet: the floor any workbook writer pays.

Data: the real published data, loaded into a throwaway in-memory SQLite database
(the test settings; nothing is written to db.sqlite3 or fixtures/). The SYNTHETIC
dataset is the real report with every unit repeated ``scale`` times in memory
("Bắc Giang [giả lập 7]", code "SYN7-24"): labelled synthetic, never saved, and
only the writers run on it (no database holds it).

Time is wall-clock without tracemalloc (the best of 3 runs on the real data); peak memory is a second run under
tracemalloc (Python allocations, MB; on the synthetic data for the two workbook
modes only). The whole run takes about 3 minutes on 2 cores (--no-memory: 1). Issue 8's bench/bench.py may import
``run(scale)`` once Django is set up with the data (``setup()`` does that).
"""

import argparse
import copy
import dataclasses
import gc
import io
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC_COLUMNS = {
    "Mã": "code",
    "unit_code": "code",
    "Tỉnh, thành phố": "name",
    "unit_name": "name",
}

_database = None


def setup() -> None:
    """Django with the test settings, and a throwaway in-memory database holding the
    real published data. Idempotent."""
    global _database
    if _database is not None:
        return
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dti.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import translation

    from indicators.loading.published import published_data_load

    translation.activate("vi")
    _database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    published_data_load(data_dir=settings.DTI_DATA_DIR)


def _synthetic(report, scale: int):
    """The report with every row repeated ``scale`` times, units renamed as synthetic."""
    import pandas as pd

    if scale == 1:
        return report
    fake = copy.copy(report)
    fake.title = f"[SYNTHETIC ×{scale}] {report.title}"
    fake.sheets = []
    for sheet in report.sheets:
        marks = {
            i: SYNTHETIC_COLUMNS[c.header]
            for i, c in enumerate(sheet.columns)
            if c.header in SYNTHETIC_COLUMNS
        }
        rows = []
        for k in range(1, scale + 1):
            for row in sheet.rows:
                row = list(row)
                for i, what in marks.items():
                    if row[i] is not None:
                        row[i] = f"SYN{k}-{row[i]}" if what == "code" else f"{row[i]} [giả lập {k}]"
                rows.append(row)
        fake.sheets.append(dataclasses.replace(sheet, rows=rows))
    frames = []
    for k in range(1, scale + 1):
        part = report.tidy.copy()
        part["unit_code"] = f"SYN{k}-" + part["unit_code"].astype(str)
        part["unit_name"] = part["unit_name"] + f" [giả lập {k}]"
        frames.append(part)
    fake.tidy = pd.concat(frames, ignore_index=True)
    fake.targets = (report.targets or []) * scale
    return fake


def _bare(report) -> bytes:
    """The same cell values, in a write-only workbook, with nothing else."""
    from openpyxl import Workbook

    from reports.workbook import tidy_sheet

    wb = Workbook(write_only=True)
    for sheet in [*report.sheets, tidy_sheet(report)]:
        ws = wb.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for row in sheet.rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _measure(
    name: str, step: Callable[[], object], *, memory: bool = True, repeat: int = 1
) -> dict:
    print(f"  {name} …", file=sys.stderr, flush=True)
    seconds = float("inf")
    for _ in range(repeat):  # the best of ``repeat`` runs: the machine is shared
        gc.collect()
        started = time.perf_counter()
        result = step()
        seconds = min(seconds, time.perf_counter() - started)
    peak = None
    if memory:
        gc.collect()
        tracemalloc.start()
        step()
        peak = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    size = len(result) if isinstance(result, bytes) else None
    return {"seconds": round(seconds, 3), "peak_mb": peak, "bytes": size}


def run(scale: int = 1, *, memory: bool = True) -> dict:
    """Time and peak memory of each step of the full export on the real data
    (``scale`` 1) or the synthetic ×``scale`` dataset. Needs ``setup()`` first.
    Peak memory costs a second, slower run of each step (tracemalloc); on a synthetic
    dataset it is taken for the two workbook modes only, where it differs."""
    from reports.builders import full_report
    from reports.csv_export import csv_export
    from reports.workbook import workbook_export

    print(
        f"{'real data' if scale == 1 else f'synthetic ×{scale}'}:",
        file=sys.stderr,
        flush=True,
    )
    results: dict = {"scale": scale, "synthetic": scale != 1}
    real = full_report()
    if scale == 1:
        results["build"] = _measure("build", full_report, memory=memory, repeat=3)
    report = _synthetic(real, scale)
    repeat = 3 if scale == 1 else 1
    results["rows"] = len(report.tidy)
    results["cells"] = sum(len(s.rows) * len(s.columns) for s in report.sheets) + report.tidy.size
    results["xlsx write-only"] = _measure(
        "xlsx write-only",
        lambda: workbook_export(report, write_only=True),
        memory=memory,
        repeat=repeat,
    )
    results["xlsx normal"] = _measure(
        "xlsx normal",
        lambda: workbook_export(report, write_only=False),
        memory=memory,
        repeat=repeat,
    )
    small = memory and scale == 1
    results["csv"] = _measure("csv", lambda: csv_export(report), memory=small, repeat=repeat)
    results["bare openpyxl"] = _measure(
        "bare openpyxl", lambda: _bare(report), memory=small, repeat=repeat
    )
    return results


def _print(results: list[dict]) -> None:
    steps = ["build", "xlsx write-only", "xlsx normal", "csv", "bare openpyxl"]
    print(f"{'dataset':<28} {'step':<16} {'time s':>8} {'peak MB':>8} {'file KB':>9}")
    for result in results:
        label = f"synthetic ×{result['scale']}" if result["synthetic"] else "real"
        label += f" ({result['rows']:,} rows)"
        for step in steps:
            if step in result:
                m = result[step]
                kb = f"{m['bytes'] / 1024:,.0f}" if m["bytes"] else ""
                peak = f"{m['peak_mb']:.1f}" if m["peak_mb"] is not None else "–"
                print(f"{label:<28} {step:<16} {m['seconds']:>8.2f} {peak:>8} {kb:>9}")
                label = ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=int,
        default=20,
        help="size of the synthetic dataset (default 20×)",
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="time only (skip the tracemalloc runs)"
    )
    args = parser.parse_args()
    setup()
    _print([run(1, memory=not args.no_memory), run(args.scale, memory=not args.no_memory)])


if __name__ == "__main__":
    main()
