"""python manage.py export_dti: the full-data export as a file, same service as the download."""

import io

import openpyxl
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_export_dti_writes_the_same_workbook_as_the_download(tmp_path, client):
    out = tmp_path / "dti.xlsx"
    stdout = io.StringIO()
    call_command(
        "export_dti",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--year",
        "2022",
        stdout=stdout,
    )
    assert f"{out}:" in stdout.getvalue() and "(xlsx)" in stdout.getvalue()
    download = io.BytesIO(client.get("/bao-cao/toan-bo.xlsx?year=2022").content)
    assert (
        openpyxl.load_workbook(out, read_only=True).sheetnames
        == openpyxl.load_workbook(download, read_only=True).sheetnames
    )
    from_file = pd.read_excel(out, sheet_name="Dữ liệu")
    pd.testing.assert_frame_equal(from_file, pd.read_excel(download, sheet_name="Dữ liệu"))
    row = from_file[
        (from_file.unit_name == "Bắc Giang")
        & (from_file.pool == 63)
        & (from_file.indicator == "DTI")
    ]
    assert row.iloc[0].value == pytest.approx(0.644)
    assert out.stat().st_mode & 0o777 != 0o600  # not left private by the temporary file


def test_export_dti_writes_every_year_by_default(tmp_path):
    out = tmp_path / "dti.xlsx"
    call_command("export_dti", "--out", str(out), stdout=io.StringIO())
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[:3] == [
        "2020 – 63",
        "2021 – 63",
        "2022 – 63",
    ]


def test_export_dti_writes_one_year_as_csv(tmp_path):
    out = tmp_path / "dti-2022.csv"
    stdout = io.StringIO()
    call_command(
        "export_dti", "--out", str(out), "--year", "2022", stdout=stdout
    )  # format from the extension
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    tidy = pd.read_csv(out, encoding="utf-8-sig")
    assert set(tidy.year) == {2022}
    assert "Bắc Giang" in set(tidy.unit_name)
    assert f"{len(tidy)} dòng dữ liệu" in stdout.getvalue()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", "x.pdf"], "Định dạng không hỗ trợ “pdf”"),
        (["--out", "x.csv", "--year", "1999"], "Không có dữ liệu DTI năm 1999"),
        (["--out", "/khong/co/thu-muc/x.csv"], "Không có thư mục /khong/co/thu-muc"),
    ],
)
def test_export_dti_refuses_bad_arguments_and_writes_nothing(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("export_dti", *args)
    assert list(tmp_path.iterdir()) == []
