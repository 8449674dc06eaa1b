"""The importer (indicators.entry.imports) on the real data: the template, every
kind of bad row and bad file, the preview, and all-or-nothing writes."""

import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from indicators.entry import imports
from indicators.entry.imports import (
    Change,
    ImportFileError,
    ImportRejected,
    import_apply,
    import_validate,
)
from indicators.models import ChangeSet, Score
from tests.indicators.entry_helpers import (
    db_dump,
    old_unit,
    published_value,
    put,
    row_of,
)

pytestmark = pytest.mark.django_db


def _validate(
    content: bytes,
    *,
    name: str = "dti.xlsx",
    year: int = 2024,
    pool: int = 63,
    user=None,
):
    return import_validate(content=content, file_name=name, year=year, pool=pool, user=user)


def _messages(preview) -> list[str]:
    return [e.message for e in preview.errors]


# ----------------------------------------------------------------------------
# The template
# ----------------------------------------------------------------------------


def test_template_has_one_row_per_unit_one_column_per_indicator_and_validation():
    wb = load_workbook(io.BytesIO(imports.import_template_build(year=2024, pool=63)))
    ws = wb["Số liệu"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Năm", "Mã đơn vị", "Tên đơn vị"]
    assert headers[3:] == [
        "DTI",
        "CQS",
        "KTS",
        "XHS",
        "NTS",
        "TCS",
        "HTS",
        "NLS",
        "ATTTM",
        "HDCQS",
        "HDKTS",
        "HDXHS",
    ]
    assert ws.max_row == 64  # header + 63 units
    codes = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value for r in range(2, 65)}
    assert codes["24"] == "Bắc Giang" and codes["30"] == "Hải Dương" and codes["02"] == "Hà Giang"
    assert {ws.cell(row=r, column=1).value for r in range(2, 65)} == {2024}
    [validation] = ws.data_validations.dataValidation
    assert validation.type == "decimal" and (
        validation.formula1,
        validation.formula2,
    ) == ("0", "1")
    assert str(validation.sqref) == "D2:O64"
    help_text = "\n".join(
        str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value
    )
    assert "0 – 1" in help_text and "Hạ tầng số" in help_text and "MÃ" in help_text


def test_template_of_the_34_pool_lists_the_new_units_with_reused_codes():
    ws = load_workbook(io.BytesIO(imports.import_template_build(year=2024, pool=34))).worksheets[0]
    codes = {
        ws.cell(row=r, column=2).value: ws.cell(row=r, column=3).value
        for r in range(2, ws.max_row + 1)
    }
    assert len(codes) == 34
    assert codes["24"] == "Bắc Ninh"  # Bắc Giang's old code, reused on 01/07/2025
    assert "02" not in codes  # Hà Giang went into Tuyên Quang


def test_template_2020_has_only_that_years_indicators():
    ws = load_workbook(io.BytesIO(imports.import_template_build(year=2020, pool=63))).worksheets[0]
    assert [c.value for c in ws[1]][3:] == ["DTI", "CQS", "KTS", "XHS"]


def test_empty_template_is_a_valid_file_with_nothing_to_write(workbook):
    preview = _validate(workbook())
    assert preview.ok and preview.rows == 63 and preview.changes == []
    with pytest.raises(ImportRejected, match="không có gì để ghi"):
        import_apply(
            source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
            content=workbook(),
            file_name="mau.xlsx",
            year=2024,
            pool=63,
        )


# ----------------------------------------------------------------------------
# The preview
# ----------------------------------------------------------------------------


def test_preview_sorts_values_into_added_changed_and_unchanged(workbook):
    bac_giang = old_unit("24")
    dti = published_value(bac_giang, "DTI", 2024)
    hts = published_value(bac_giang, "HTS", 2024)

    def edit(ws):
        put(ws, "24", "DTI", float(dti))  # same as published
        put(ws, "24", "HTS", 0.5)  # differs
        put(ws, "24", "NTS", 0.61)  # never published
        put(ws, "24", "CQS", 0.6)  # no 2024 pillar is derivable, none is published

    preview = _validate(workbook(edit=edit))
    assert preview.ok, preview.errors
    by_code = {c.indicator.code: c for c in preview.changes}
    assert by_code["DTI"].kind == Change.UNCHANGED
    assert (by_code["HTS"].kind, by_code["HTS"].old, by_code["HTS"].new) == (
        Change.CHANGED,
        hts,
        Decimal("0.5"),
    )
    assert (by_code["NTS"].kind, by_code["NTS"].old) == (Change.ADDED, None)
    assert by_code["CQS"].kind == Change.ADDED and by_code["CQS"].old_provenance is None
    assert preview.summary() == {"rows": 63, "added": 2, "changed": 1, "unchanged": 1}


def test_csv_with_semicolons_and_decimal_commas_is_read_like_the_workbook():
    content = "Năm;Mã đơn vị;Tên đơn vị;HTS\n2024;24;Bắc Giang;0,5\n2024;30;Tỉnh Hải Dương;0.25\n".encode()
    preview = _validate(content, name="so-lieu.csv")
    assert preview.ok, preview.errors
    assert sorted((c.unit.name, c.new) for c in preview.changes) == [
        ("Bắc Giang", Decimal("0.5")),
        ("Hải Dương", Decimal("0.25")),
    ]


def test_english_headers_and_numeric_codes_without_leading_zero_are_understood():
    content = b"year,code,name,DTI\n2024,1,Ha Noi,0.83\n"
    preview = _validate(content, name="x.csv")
    assert preview.ok, preview.errors
    assert preview.changes[0].unit.name == "Hà Nội"


def test_codes_match_within_the_pool_not_by_name():
    # 24 is Bắc Giang in the 63 and Bắc Ninh in the 34: the pool decides.
    preview63 = _validate(b"Nam,Ma don vi,DTI\n2024,24,0.7\n", name="a.csv", pool=63)
    preview34 = _validate(b"Nam,Ma don vi,DTI\n2024,24,0.7\n", name="a.csv", pool=34)
    assert preview63.changes[0].unit.name == "Bắc Giang"
    assert preview34.changes[0].unit.name == "Bắc Ninh"


# ----------------------------------------------------------------------------
# Bad rows: every one is reported with its row, column and value
# ----------------------------------------------------------------------------


def test_unknown_unit_code_is_a_row_error(workbook):
    preview = _validate(workbook(edit=lambda ws: ws.append([2024, "99", "Tỉnh Không Có", 0.5])))
    [error] = preview.errors
    assert (error.row, error.column, error.value) == (65, "Mã đơn vị", "99")
    assert "không có trong nhóm 63" in error.message


def test_old_code_is_unknown_in_the_34_pool(workbook):
    preview = _validate(b"Nam,Ma don vi,DTI\n2024,02,0.5\n", name="a.csv", pool=34)  # Hà Giang
    assert "không có trong nhóm 34" in preview.errors[0].message


def test_name_that_does_not_match_the_code_is_refused():
    # Code 24 with Bắc Ninh's name in the 63 pool: a typo in the code would go to another unit.
    preview = _validate(
        "Năm,Mã đơn vị,Tên đơn vị,DTI\n2024,24,Bắc Ninh,0.5\n".encode(), name="a.csv"
    )
    [error] = preview.errors
    assert (error.row, error.column, error.value) == (2, "Tên đơn vị", "Bắc Ninh")
    assert "không khớp với mã 24 (Bắc Giang)" in error.message


def test_known_spellings_of_the_name_pass_the_cross_check():
    content = "Năm,Mã đơn vị,Tên đơn vị,DTI\n2024,46,Thừa Thiên - Huế,0.5\n2024,01,TP. Hà Nội,0.5\n2024,02,ha giang,0.5\n"
    assert _validate(content.encode(), name="a.csv").ok


def test_value_outside_0_1_is_refused(workbook):
    preview = _validate(
        workbook(edit=lambda ws: (put(ws, "30", "DTI", 1.5), put(ws, "30", "HTS", -0.1)))
    )
    assert [(e.column, e.value, e.message) for e in preview.errors] == [
        ("DTI", "1.5", "ngoài khoảng cho phép 0..1"),
        ("HTS", "-0.1", "ngoài khoảng cho phép 0..1"),
    ]
    assert preview.errors[0].row == preview.errors[1].row


def test_text_in_a_number_cell_is_refused(workbook):
    preview = _validate(workbook(edit=lambda ws: put(ws, "24", "HTS", "không rõ")))
    [error] = preview.errors
    assert (error.column, error.value) == ("HTS", "không rõ")
    assert "không phải số" in error.message


def test_percent_and_date_are_not_numbers():
    preview = _validate(b"Nam,Ma don vi,DTI,HTS\n2024,24,73%,NaN\n", name="a.csv")
    assert [e.column for e in preview.errors] == ["DTI", "HTS"]


def test_duplicate_row_is_refused(workbook):
    preview = _validate(workbook(edit=lambda ws: ws.append([2024, "24", "Bắc Giang", 0.5])))
    [error] = preview.errors
    assert (
        error.row == 65
        and "đã có ở dòng" in error.message
        and str(row_of_template("24")) in error.message
    )


def row_of_template(code: str) -> int:
    ws = load_workbook(io.BytesIO(imports.import_template_build(year=2024, pool=63))).worksheets[0]
    return row_of(ws, code)


def test_indicator_not_in_the_years_framework_is_refused():
    # 2020 was scored on the three pillars only: no main indices.
    preview = _validate(b"Nam,Ma don vi,DTI,HTS\n2020,24,0.5,0.5\n", name="a.csv", year=2020)
    [error] = preview.errors
    assert (error.row, error.column) == (1, "HTS")
    assert "không có trong khung chỉ số năm 2020" in error.message


def test_unknown_column_is_refused():
    preview = _validate(b"Nam,Ma don vi,DTI,Diem thuong\n2024,24,0.5,1\n", name="a.csv")
    assert (
        preview.errors[0].column == "Diem thuong"
        and "Cột không nhận ra" in preview.errors[0].message
    )


@pytest.mark.parametrize("header, label", [("Nam,DTI", "Mã đơn vị"), ("Ma don vi,DTI", "Năm")])
def test_missing_required_column_is_refused(header, label):
    preview = _validate(f"{header}\n2024,0.5\n".encode(), name="a.csv")
    assert any(f'Thiếu cột bắt buộc "{label}"' in m for m in _messages(preview))
    assert preview.changes == []


def test_file_without_any_indicator_column_is_refused():
    preview = _validate(b"Nam,Ma don vi\n2024,24\n", name="a.csv")
    assert "Không có cột chỉ số nào" in preview.errors[0].message


def test_wrong_year_is_a_row_error(workbook):
    preview = _validate(
        workbook(
            year=2024,
            edit=lambda ws: (
                setattr(ws["A5"], "value", 2023),
                put(ws, "24", "DTI", 0.5),
            ),
        )
    )
    [error] = preview.errors
    assert (error.row, error.column, error.value) == (5, "Năm", "2023")
    assert "Sai năm" in error.message


def test_a_file_for_another_year_is_refused_on_every_row(workbook):
    preview = _validate(workbook(year=2023), year=2024)
    assert len(preview.errors) == 63 and {e.value for e in preview.errors} == {"2023"}


def test_values_that_contradict_the_weights_are_refused(workbook):
    # Bắc Giang 2023: with its activity indices a DTI of 0.99 needs foundations above their
    # maximum, so its derived pillars would fall outside 0..1.
    preview = _validate(workbook(year=2023, edit=lambda ws: put(ws, "24", "DTI", 0.99)), year=2023)
    [error] = preview.errors
    assert (
        error.column == "DTI"
        and "không khớp theo trọng số" in error.message
        and "ngoài 0..1" in error.message
    )
    assert error.unit.startswith("Bắc Giang (")  # the province named beside the row


def test_the_pillar_range_is_not_applied_to_a_year_whose_pillars_are_not_derived(workbook):
    # 2024 pillars are not derived (issue 14): no pillar can fall outside 0..1.
    preview = _validate(workbook(edit=lambda ws: put(ws, "24", "DTI", 0.99)))
    assert not [e for e in preview.errors if "ngoài 0..1" in e.message]


def test_a_dti_whose_unpublished_main_indices_would_sum_outside_0_to_4_is_flagged(workbook):
    # The same identity as the rank drivers (weights.combined_rest): 1000·0.99 minus the
    # published HTS and activity points leaves more than 4 × 100 for NTS+TCS+NLS+ATTTM.
    preview = _validate(workbook(edit=lambda ws: put(ws, "24", "DTI", 0.99)))
    [warning] = [w for w in preview.warnings if "NTS, TCS, NLS, ATTTM" in w.message]
    assert warning.column == "DTI" and "ngoài khoảng 0..4" in warning.message


def test_main_indices_that_do_not_add_up_to_the_dti_are_flagged():
    content = b"Nam,Ma don vi,DTI,NTS,TCS,HTS,NLS,ATTTM,HDCQS,HDKTS,HDXHS\n2024,24,0.7583,0.5,0.5,0.5,0.5,0.5,0.5553,0.7526,0.6281\n"
    preview = _validate(content, name="a.csv")
    assert preview.ok
    assert "khác DTI 0.7583" in preview.warnings[0].message


def test_every_error_of_a_file_is_listed_at_once(workbook):
    def edit(ws):
        put(ws, "24", "DTI", 2)
        put(ws, "30", "HTS", "abc")
        ws.append([2024, "77x", "", 0.5])

    assert len(_validate(workbook(edit=edit)).errors) == 3


# ----------------------------------------------------------------------------
# Bad files
# ----------------------------------------------------------------------------


def _file_error(content: bytes, name: str = "dti.xlsx") -> str:
    with pytest.raises(ImportFileError) as info:
        _validate(content, name=name)
    return " ".join(e.message for e in info.value.errors)


def test_a_file_that_is_not_excel_at_all_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert "không phải tệp Excel" in _file_error(png, "anh.xlsx")
    assert "Chỉ nhận tệp .xlsx hoặc .csv" in _file_error(png, "anh.png")
    assert "UTF-8" in _file_error("Năm,Mã\n".encode("utf-16"), "a.csv")


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert "Không đọc được tệp Excel" in _file_error(out.getvalue())


def test_old_xls_format_is_refused_with_advice():
    assert ".xls" in _file_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "cu.xls")


def test_an_empty_file_is_refused():
    assert "Tệp rỗng" in _file_error(b"")
    assert "Tệp rỗng" in _file_error(b"\n\n", "a.csv")
    wb = Workbook()
    out = io.BytesIO()
    wb.save(out)
    assert "Tệp rỗng" in _file_error(out.getvalue())


def test_a_header_without_rows_is_refused():
    assert "không có dòng số liệu" in _file_error(b"Nam,Ma don vi,DTI\n", "a.csv")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.DTI_IMPORT_MAX_BYTES = 64 * 1024
    huge = b"Nam,Ma don vi,DTI\n" + b"2024,24,0.5\n" * 10_000
    assert "Tệp quá lớn" in _file_error(huge, "a.csv")


def test_a_workbook_that_unzips_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(imports.read, "MAX_UNZIPPED_BYTES", 10_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 1_000_000)
    assert "giải nén quá lớn" in _file_error(out.getvalue())


def test_formulas_are_refused_with_their_cell(workbook):
    preview = _validate(workbook(edit=lambda ws: put(ws, "24", "DTI", "=0.5+0.2")))
    [error] = preview.errors
    assert error.column == "DTI" and error.value == "=0.5+0.2" and "công thức" in error.message
    csv_preview = _validate(b"Nam,Ma don vi,DTI\n2024,24,=1+1\n", name="a.csv")
    assert "công thức" in csv_preview.errors[0].message


def test_merged_cells_are_refused(workbook):
    preview = _validate(workbook(edit=lambda ws: ws.merge_cells("D2:E2")))
    assert any("ô gộp D2:E2" in m for m in _messages(preview))


# ----------------------------------------------------------------------------
# Writing: drafts, all or nothing
# ----------------------------------------------------------------------------


def test_apply_writes_drafts_only_and_the_published_value_stays(workbook, national_editor):
    bac_giang = old_unit("24")
    before = published_value(bac_giang, "HTS", 2024)
    content = workbook(edit=lambda ws: (put(ws, "24", "HTS", 0.5), put(ws, "24", "NTS", 0.61)))
    change_set, preview = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=content,
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    assert change_set.status == ChangeSet.Status.DRAFT and change_set.created_by == national_editor
    assert change_set.summary == {"rows": 63, "added": 1, "changed": 1, "unchanged": 0}
    drafts = Score.objects.drafts().filter(change_set=change_set)
    assert sorted((s.indicator.code, s.value) for s in drafts) == [
        ("HTS", Decimal("0.5")),
        ("NTS", Decimal("0.61")),
    ]
    assert published_value(bac_giang, "HTS", 2024) == before
    assert published_value(bac_giang, "NTS", 2024) is None
    history = Score.history.filter(change_set_id=change_set.pk)
    assert history.count() == 2 and {h.history_user for h in history} == {national_editor}


def test_a_failed_import_leaves_the_database_byte_for_byte_unchanged(workbook):
    before = db_dump()
    content = workbook(edit=lambda ws: (put(ws, "24", "HTS", 0.5), put(ws, "30", "DTI", 7)))
    with pytest.raises(ImportRejected):
        import_apply(
            source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
            content=content,
            file_name="x.xlsx",
            year=2024,
            pool=63,
        )
    assert db_dump() == before


def test_a_failure_while_writing_rolls_back_everything(workbook, monkeypatch):
    before = db_dump()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports.apply, "bulk_create_with_history", fail)
    with pytest.raises(RuntimeError):
        import_apply(
            source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
            content=workbook(edit=lambda ws: put(ws, "24", "HTS", 0.5)),
            file_name="x.xlsx",
            year=2024,
            pool=63,
        )
    assert db_dump() == before  # the change set written first is gone too


def test_a_cell_with_a_pending_draft_cannot_be_changed_by_a_second_upload(workbook):
    import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=workbook(edit=lambda ws: put(ws, "24", "HTS", 0.5)),
        file_name="a.xlsx",
        year=2024,
        pool=63,
    )
    preview = _validate(workbook(edit=lambda ws: put(ws, "24", "HTS", 0.55)))
    assert "Đã có bản nháp chưa công bố" in preview.errors[0].message


def test_confirm_refuses_when_the_data_moved_since_the_preview(workbook):
    content = workbook(edit=lambda ws: put(ws, "24", "HTS", 0.5))
    digest = _validate(content).digest
    Score.objects.published().filter(unit=old_unit("24"), indicator__code="HTS", year=2024).update(
        value=Decimal("0.4")
    )
    with pytest.raises(ImportRejected, match="đã thay đổi từ lúc xem trước"):
        import_apply(
            source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
            content=content,
            file_name="a.xlsx",
            year=2024,
            pool=63,
            expected_digest=digest,
        )


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------


def test_command_dry_run_prints_the_preview_and_writes_nothing(tmp_path, workbook):
    path = tmp_path / "dti2024.xlsx"
    path.write_bytes(workbook(edit=lambda ws: put(ws, "24", "HTS", 0.5)))
    before = db_dump()
    out = io.StringIO()
    call_command(
        "import_dti",
        str(path),
        "--year",
        "2024",
        "--pool",
        "63",
        "--dry-run",
        "-v",
        "2",
        stdout=out,
    )
    assert (
        "đổi 1" in out.getvalue()
        and "Bắc Giang HTS" in out.getvalue()
        and "→ 0.5000" in out.getvalue()
    )
    assert db_dump() == before


def test_command_refuses_a_bad_csv_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Năm,Mã đơn vị,DTI\n2024,24,1.7\n", encoding="utf-8")
    before = db_dump()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không ghi gì"):
        call_command(
            "import_dti",
            str(path),
            "--year",
            "2024",
            "--pool",
            "63",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "ngoài khoảng" in err.getvalue()
    assert db_dump() == before


def test_command_imports_a_csv_as_a_draft(tmp_path):
    path = tmp_path / "hd.csv"
    path.write_text("Năm,Mã đơn vị,Tên đơn vị,NTS\n2024,30,Hải Dương,0.42\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_dti", str(path), "--year", "2024", "--pool", "63", stdout=out)
    change_set = ChangeSet.objects.get()
    assert change_set.origin == ChangeSet.Origin.COMMAND and change_set.created_by is None
    assert f"#{change_set.pk}" in out.getvalue()
    assert Score.objects.drafts().get().value == Decimal("0.42")


# ----------------------------------------------------------------------------
# A full year: 63 units × every indicator of the framework
# ----------------------------------------------------------------------------


def test_full_year_upload_validates_and_applies_quickly(workbook, publisher, capsys):
    """63 units × 12 indicators = 756 cells. The values are the year's real ones
    (published, or computed where only that exists) plus the DTI in the four
    unpublished main indices: a throwaway load for timing only."""
    values = {
        (s.unit.code, s.indicator.code): s.value
        for s in Score.objects.published()
        .filter(year=2024, unit__in=old_unit("24").__class__.objects.in_pool(63))
        .select_related("unit", "indicator")
    }

    def edit(ws):
        headers = [c.value for c in ws[1]]
        for row in range(2, ws.max_row + 1):
            code = ws.cell(row=row, column=2).value
            for col in range(4, len(headers) + 1):
                value = values.get((code, headers[col - 1]), values[(code, "DTI")])
                ws.cell(row=row, column=col).value = float(value)

    content = workbook(edit=edit)
    started = time.perf_counter()
    preview = _validate(content)
    validated = time.perf_counter()
    assert preview.ok and len(preview.changes) == 756
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=content,
        file_name="full.xlsx",
        year=2024,
        pool=63,
    )
    applied = time.perf_counter()
    count = imports.change_set_publish(change_set=change_set, user=publisher)
    published = time.perf_counter()
    assert count == len(preview.to_write) > 400
    with capsys.disabled():
        print(
            f"\n[full year 2024/63: {len(content) // 1024} KB, 756 cells, {count} written] validate {validated - started:.2f} s, "
            f"validate+apply {applied - validated:.2f} s, publish+recompute {published - applied:.2f} s"
        )
    assert published - started < 30
