"""In-process measurements on a bench database (run by bench.py in a subprocess,
with DJANGO_SETTINGS_MODULE=bench.settings and DATABASE_URL set):

- the server time of a ranking page-cache miss over the crawler's filter walk;
- queries per page, cold (first request after a data change: the catalog is read)
  and warm (every later request: the data version, scores, ranks);
- upload of a full year (2024, pool 63: every unit × every indicator of the year's
  tree) validate and validate+apply, inside a transaction rolled back after;
- the Excel export against a bare openpyxl write, if bench/export_bench.py exists.

Prints one JSON object.
"""

import io
import json
import sys
import time

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from indicators.caching import version as versioning  # noqa: E402
from indicators.entry.imports import (  # noqa: E402
    import_apply,
    import_template_build,
    import_validate,
)  # noqa: E402
from indicators.models import Score  # noqa: E402
from provinces.models import Unit  # noqa: E402

PAGES = {
    "ranking": "/xep-hang/2024/",
    "ranking map": "/xep-hang/2024/?view=map",
    "ranking 34 back-cast": "/xep-hang/2023/?pool=34",
    "ranking filtered": "/xep-hang/2022/?pillar=KTS&region=dong-bang-song-hong&sort=name",
    "province": "/tinh/bac-giang/",
    "compare": "/so-sanh/?units=bac-giang,ha-giang,hai-duong&metric=dti",
    "targets": "/muc-tieu/",
}


def miss_render() -> dict:
    """Server time of a ranking page-cache miss (DTI_PAGE_CACHE is off here): every
    filter combination of bench.CRAWL_PATHS, through the whole middleware stack, after
    one pass that reads each year's table data (kept per data version); and the first
    request after a data change, which reads the catalog and the table again."""
    from bench.bench import CRAWL_PATHS

    client = Client(HTTP_HOST="127.0.0.1")
    for url in CRAWL_PATHS:
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(3):
        for url in CRAWL_PATHS:
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    first = []
    for url in CRAWL_PATHS[:: len(CRAWL_PATHS) // 8]:
        versioning.bump()
        started = time.perf_counter()
        client.get(url)
        first.append((time.perf_counter() - started) * 1000)
    times.sort()
    first.sort()
    return {
        "pages": len(times),
        "median_ms": times[len(times) // 2],
        "p95_ms": times[int(len(times) * 0.95)],
        "first_ms": first[len(first) // 2],
    }


class _Rollback(Exception):
    pass


def queries_per_page() -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for name, url in PAGES.items():
        versioning.bump()
        with CaptureQueriesContext(connection) as cold:
            status = client.get(url).status_code
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        result[name] = {"cold": len(cold), "warm": len(warm), "status": status}
    return result


def upload(year: int = 2024, pool: int = 63) -> dict:
    """Every cell of the year's template set to the unit's DTI (a consistent year:
    all main indices equal to the DTI give that DTI and those pillars)."""
    dti = dict(
        Score.objects.published()
        .filter(year=year, indicator__code="DTI", unit__in=Unit.objects.in_pool(pool))
        .values_list("unit__code", "value")
    )
    wb = load_workbook(io.BytesIO(import_template_build(year=year, pool=pool)))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    cells = 0
    for row in range(2, ws.max_row + 1):
        code = ws.cell(row=row, column=2).value
        if code not in dti:
            continue
        for col in range(4, len(headers) + 1):
            ws.cell(row=row, column=col).value = float(dti[code])
            cells += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()
    started = time.perf_counter()
    preview = import_validate(content=content, file_name="bench.xlsx", year=year, pool=pool)
    validated = time.perf_counter() - started
    applied = None
    try:
        with transaction.atomic():
            started = time.perf_counter()
            import_apply(content=content, file_name="bench.xlsx", year=year, pool=pool)
            applied = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return {
        "units": len(dti),
        "cells": cells,
        "errors": len(preview.errors),
        "validate_s": validated,
        "validate_apply_s": applied,
        "kb": len(content) // 1024,
    }


def export(scale: str) -> dict | str:
    """The full-data export (reports, issue 5) against a bare openpyxl write of the
    same cells, on this database (bench/export_bench.run; scale 1 = the data as is)."""
    try:
        from bench import export_bench
    except ImportError:
        return "n/a (reports not merged)"
    result = export_bench.run(1, memory=True)
    xlsx, bare = result["xlsx write-only"], result["bare openpyxl"]
    return {
        "cells": result["cells"],
        "xlsx_s": xlsx["seconds"],
        "xlsx_normal_s": result["xlsx normal"]["seconds"],
        "bare_s": bare["seconds"],
        "ratio": xlsx["seconds"] / bare["seconds"] if bare["seconds"] else None,
        "xlsx_peak_mb": xlsx.get("peak_mb"),
        "bare_peak_mb": bare.get("peak_mb"),
    }


if __name__ == "__main__":
    scale = sys.argv[1] if len(sys.argv) > 1 else "real"
    out = {
        "queries": queries_per_page(),
        "miss": miss_render(),
        "upload": upload(),
        "units": Unit.objects.real().count(),
    }
    out["export"] = export(scale)
    print(json.dumps(out, default=str))
