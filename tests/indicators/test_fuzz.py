"""Robustness: random and malformed input never gives a 500, never a partial write.

- every public page (ranking, its map and filters, province, compare, targets,
  search, home, the English aliases) with random paths and query parameters;
- the upload with random bytes and with mutated real workbooks (the template of a
  year filled with its published values, then cells, zip bytes or headers changed):
  a clear 400 or a preview, and the database exactly as before; the service's
  apply either writes a whole change set or nothing.

The normal suite runs 50 examples of each; `make fuzz` (HYPOTHESIS_PROFILE=fuzz)
runs FUZZ_EXAMPLES (default 400) of each of the tests below, over 1,000 cases in
all, and prints the count. The settings are each test's own: no profile is loaded
for the whole run, so the property tests elsewhere keep their own example counts.
"""

import io
import os
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from indicators.entry.imports import (
    ImportFileError,
    ImportRejected,
    import_apply,
    import_template_build,
)
from indicators.models import ChangeSet, Score
from tests.indicators.entry_helpers import db_dump

pytestmark = pytest.mark.django_db

FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
# Each example is a request (or an upload and an import) against the database,
# so the health checks about slow, function-scoped fixtures do not apply.
fuzz_settings = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 400)) if FUZZING else 50,
    deadline=None,
    derandomize=not FUZZING,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CASES = {"count": 0}

PATHS = [
    "/",
    "/xep-hang/",
    "/xep-hang/2024/",
    "/xep-hang/2023/",
    "/xep-hang/2020/",
    "/xep-hang/1999/",
    "/xep-hang/99999/",
    "/tinh/bac-giang/",
    "/tinh/ha-noi/",
    "/tinh/khong-co/",
    "/so-sanh/",
    "/muc-tieu/",
    "/tim-kiem/",
    "/en/ranking/2024/",
    "/en/province/bac-ninh/",
    "/en/compare/",
    "/en/targets/",
    "/en/search/",
]
PARAMS = [
    "pool",
    "pillar",
    "region",
    "sort",
    "dir",
    "view",
    "units",
    "metric",
    "q",
    "unit",
    "kind",
    "horizon",
    "status",
    "page",
    "format",
    "year",
]
NASTY = [
    "",
    "0",
    "-1",
    "63",
    "34",
    "99999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "map",
    "asc",
    "desc",
    "DTI",
    "dti",
    "cqs",
    "HDXHS",
    "bac-giang,ha-giang",
    ",,,",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\x00",
    "Hà Giang",
    "ha giang",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "a" * 5000,
    "achieved",
    "2030",
    "other",
    "rank",
    "kpi",
    "dong-bang-song-hong",
    "gia-lap-0001",
]

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
values = st.one_of(st.sampled_from(NASTY), text)
query = st.lists(st.tuples(st.one_of(st.sampled_from(PARAMS), text), values), max_size=6)


@fuzz_settings
@given(
    path=st.one_of(st.sampled_from(PATHS), text.map(lambda t: "/tinh/" + t + "/")),
    params=query,
    htmx=st.booleans(),
    target=st.sampled_from(["", "compare-picker", "compare-body", "score-table"]),
)
def test_public_pages_never_fail_on_any_query(client, path, params, htmx, target):
    CASES["count"] += 1
    headers = {"HX-Request": "true", "HX-Target": target} if htmx else {}
    data: dict[str, list[str]] = {}
    for name, value in params:
        data.setdefault(name, []).append(value)
    response = client.get(path, data, headers=headers)
    assert response.status_code < 500, (path, params)
    assert response.status_code in (200, 301, 302, 400, 404), (
        path,
        params,
        response.status_code,
    )


@pytest.fixture(scope="module")
def real_workbook(django_db_setup, django_db_blocker) -> bytes:
    """The 2024 template of the 63 filled with the units' published DTI in every cell
    (a consistent, valid year: all main indices equal to the DTI). It needs the test
    database: module-scoped, it is set up before the test's own database fixtures, and
    as the run's first database test it met no tables (seed 20261208)."""
    with django_db_blocker.unblock():
        dti = dict(
            Score.objects.published()
            .filter(year=2024, indicator__code="DTI")
            .values_list("unit__code", "value")
        )
        wb = load_workbook(io.BytesIO(import_template_build(year=2024, pool=63)))
    ws = wb.worksheets[0]
    for row in range(2, ws.max_row + 1):
        code = ws.cell(row=row, column=2).value
        for col in range(4, ws.max_column + 1):
            ws.cell(row=row, column=col).value = float(dti.get(code, 0.5))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _mutate_cells(content: bytes, rng: random.Random, n: int) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[rng.randrange(len(wb.worksheets))]
    junk = [
        None,
        "",
        "abc",
        -1,
        2,
        1e309,
        "=1+1",
        "0,5",
        "  0.3  ",
        "NaN",
        "99",
        "Hà Nội",
        0.123456789,
        True,
        "24",
        "x" * 300,
    ]
    for _ in range(n):
        row, col = (
            rng.randint(1, max(ws.max_row, 1) + 2),
            rng.randint(1, max(ws.max_column, 1) + 2),
        )
        ws.cell(row=row, column=col).value = rng.choice(junk)
    if rng.random() < 0.2:
        ws.delete_rows(rng.randint(1, 3))
    if rng.random() < 0.1:
        ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _mutate_bytes(content: bytes, rng: random.Random, n: int) -> bytes:
    data = bytearray(content)
    for _ in range(n):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data[: rng.randint(len(data) // 2, len(data))] if rng.random() < 0.3 else data)


upload_kind = st.sampled_from(["random", "cells", "bytes", "csv"])


@fuzz_settings
@given(
    kind=upload_kind,
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 30),
    blob=st.binary(max_size=2000),
    name=st.sampled_from(["dti.xlsx", "dti.csv", "dti.xls", "dti", "../x.xlsx"]),
)
def test_uploads_of_broken_files_are_refused_cleanly_and_write_nothing(
    client, national_editor, real_workbook, kind, seed, n, blob, name
):
    CASES["count"] += 1
    rng = random.Random(seed)
    content = {
        "random": blob,
        "cells": lambda: _mutate_cells(real_workbook, rng, n),
        "bytes": lambda: _mutate_bytes(real_workbook, rng, n),
        "csv": lambda: (
            "Năm,Mã đơn vị,DTI\n"
            + "\n".join(
                f"{rng.choice(['2024', '2023', 'x', ''])},{rng.choice(['24', '01', 'S0001', '', '999'])},"
                f"{rng.choice(['0.5', '1.5', '-0', 'abc', '', '0,4'])}"
                for _ in range(n)
            )
        ).encode(),
    }[kind]
    content = content() if callable(content) else content
    client.force_login(national_editor)
    before = db_dump()
    response = client.post(
        "/nhap-lieu/",
        {
            "year": 2024,
            "pool": 63,
            "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
            "source_url": "https://dti.gov.vn/xep-hang-2024-63-tinh",
        },
    )
    assert response.status_code in (200, 400), response.status_code
    assert db_dump() == before  # the preview writes nothing
    sets, drafts = ChangeSet.objects.count(), Score.objects.drafts().count()
    try:
        change_set, preview = import_apply(
            source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
            content=content,
            file_name=name,
            year=2024,
            pool=63,
        )
    except (ImportFileError, ImportRejected):
        assert (ChangeSet.objects.count(), Score.objects.drafts().count()) == (
            sets,
            drafts,
        )
    else:  # a valid mutation: the whole change set, not part of it
        assert (
            change_set.scores.drafts().count()
            == len(preview.to_write)
            == Score.objects.drafts().count() - drafts
        )


@pytest.fixture(scope="module", autouse=True)
def _report_count():
    yield
    print(f"\nfuzz: {CASES['count']} cases run ({'fuzz' if FUZZING else 'normal'} run)")
