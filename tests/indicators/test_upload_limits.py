"""An oversized upload is refused from its XML, before openpyxl loads it: a
768 KB sheet of 400k cells no longer costs seconds and hundreds of MB."""

import io
import tracemalloc

import pytest
from openpyxl import Workbook

from indicators.entry.imports import ImportFileError
from indicators.entry.imports.read import read_table


def _big_workbook(rows: int, cols: int) -> bytes:
    wb = Workbook(write_only=True)  # no <dimension> tag: openpyxl would walk it all
    ws = wb.create_sheet("Dữ liệu")
    for r in range(rows):
        ws.append([r % 7] * cols)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("rows", "cols"), [(4000, 100), (50, 5000)])
def test_an_oversized_sheet_is_refused_cheaply(rows, cols):
    content = _big_workbook(rows, cols)
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as refused:
            read_table(content, "big.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "tối đa 1000 dòng" in refused.value.errors[0].message
    assert peak < 60 * 1024 * 1024  # loading it all took 143 MB


def test_a_sheet_within_the_limits_is_read_whole_in_read_only_mode():
    table = read_table(_big_workbook(1000, 20), "ok.xlsx")
    assert len(table.rows) == 999 and len(table.headers) == 20
    assert all(len(cells) == 20 for _line, cells in table.rows)
