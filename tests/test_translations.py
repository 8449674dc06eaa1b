"""The English catalogue (locale/en/LC_MESSAGES) is complete, compiled and used.

The msgids are Vietnamese (LANGUAGE_CODE = "vi"); English pages live under /en/.
After ``makemessages -l en`` adds new strings these tests fail until they are
translated and ``compilemessages -l en`` is re-run.
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

# Interface strings (from templates) that must not survive on an English page. Data such
# as unit names and score notes stays Vietnamese in both languages, so the list keeps to
# strings that occur on the 2022 ranking page only as interface text.
VIETNAMESE_UI = [
    "chưa công bố",
    "Xếp hạng",
    "Tìm",
    "Nhóm xếp hạng",
    "Bỏ qua, tới nội dung chính",
    "Trụ cột",
]
ENGLISH_UI = [
    "not published",
    "Ranking",
    "Search",
    "Ranking pool",
    "Skip to main content",
    "Pillar",
]


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index -> text; 0 for a singular msgstr
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file, header included (msgid ""), obsolete (#~) ones marked.

    Handles flags (``#, fuzzy, python-format``), msgctxt, strings continued over
    several lines and msgid_plural/msgstr[n]. Strings are unescaped as C strings.
    """
    entries: list[Entry] = []
    entry: Entry | None = None  # the entry being read
    target: str | None = None  # the keyword a continuation line ("...") adds to

    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#"):  # comments come before their msgid: they open the next entry
            if entry is None or target is not None:
                entry, target = Entry(line=lineno), None
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith('"'):
            keyword, value = None, _unquote(line, lineno)
        else:
            keyword, _, rest = line.partition(" ")
            value = _unquote(rest.strip(), lineno)
        if keyword in ("msgctxt", "msgid") and (entry is None or target not in (None, "msgctxt")):
            entry = Entry(line=lineno)
            entries.append(entry)
        assert entry is not None, f"line {lineno}: a string outside any entry"
        entry.obsolete = entry.obsolete or obsolete
        if keyword is not None:
            target = keyword
        if target == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif target == "msgid":
            entry.msgid += value
        elif target == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif target is not None and target.startswith("msgstr"):
            index = int(target[len("msgstr[") : -1]) if target.startswith("msgstr[") else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
    return entries


def _unquote(text: str, lineno: int) -> str:
    assert text.startswith('"') and text.endswith('"') and len(text) >= 2, (
        f"line {lineno}: not a quoted string"
    )
    # A .po string is a C string literal; Python reads its escapes (\" \\ \n \t) the same way.
    return ast.literal_eval(text)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [e for e in parse_po(PO.read_text(encoding="utf-8")) if not e.obsolete]


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    return [e for e in entries if e.msgid]


def test_the_parser_reads_multi_line_strings_plurals_flags_and_escapes():
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"a %(n)s "\n"b"\nmsgstr "x \\"y\\""\n\n'
        'msgctxt "ctx"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "1"\nmsgstr[1] ""\n"2"\n\n'
        '#~ msgid "old"\n#~ msgstr "gone"\n'
    )
    header, multi, plural, old = parse_po(text)
    assert header.msgid == "" and header.msgstr == {0: "Language: en\n"}
    assert (
        multi.msgid == "a %(n)s b"
        and multi.msgstr == {0: 'x "y"'}
        and multi.flags == {"fuzzy", "python-format"}
    )
    assert (
        plural.msgctxt == "ctx"
        and plural.msgid_plural == "many"
        and plural.msgstr == {0: "1", 1: "2"}
    )
    assert old.obsolete and old.msgid == "old"


def test_the_catalogue_declares_english_and_two_plural_forms(entries):
    header = next(e for e in entries if e.msgid == "")
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_every_entry_has_an_english_translation(messages):
    assert len(messages) > 150
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in messages
        if not e.msgstr or any(not s.strip() for s in e.msgstr.values())
    ]
    assert untranslated == []


def test_plural_entries_have_both_english_forms(messages):
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert plurals
    assert [e.msgid for e in plurals if sorted(e.msgstr) != [0, 1]] == []


def test_no_entry_is_marked_fuzzy(entries):
    assert [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags] == []


def test_translations_keep_the_placeholders_of_their_msgid(messages):
    placeholder = re.compile(r"%\([^)]+\)[sd]|%[sd]")
    wrong = []
    for e in messages:
        wanted = sorted(placeholder.findall(e.msgid))
        for index, text in e.msgstr.items():
            if sorted(placeholder.findall(text)) != wanted:
                wrong.append(f"line {e.line}: {e.msgid!r} -> msgstr[{index}] {text!r}")
    assert wrong == []


def test_the_compiled_catalogue_translates_every_msgid_of_the_po(messages):
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in messages:
        if e.msgid_plural is None:
            found = [
                catalogue.gettext(e.msgid)
                if e.msgctxt is None
                else catalogue.pgettext(e.msgctxt, e.msgid)
            ]
        else:
            found = [
                catalogue.ngettext(e.msgid, e.msgid_plural, n)
                if e.msgctxt is None
                else catalogue.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                for n in (1, 2)
            ]
        if found != [e.msgstr[i] for i in sorted(e.msgstr)]:
            stale.append(e.msgid)
    assert stale == [], "django.mo is older than django.po: run compilemessages -l en"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_the_compiled_catalogue_holds_what_msgfmt_makes_of_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh), str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Compare contents, not bytes: another msgfmt version may lay the same catalogue out differently.
    with fresh.open("rb") as handle:
        expected = gettext.GNUTranslations(handle)._catalog
    with MO.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog
    assert committed == expected, "django.mo is older than django.po: run compilemessages -l en"


@pytest.mark.django_db
def test_the_english_ranking_page_shows_english_interface_strings(client):
    html = client.get("/en/xep-hang/2022/").content.decode()
    assert [word for word in ENGLISH_UI if word not in html] == []
    assert [word for word in VIETNAMESE_UI if word in html] == []
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_the_vietnamese_ranking_page_keeps_the_vietnamese_strings(client):
    response = client.get("/xep-hang/2022/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [word for word in VIETNAMESE_UI if word not in html] == []
    assert [
        word for word in ["not published", "Ranking pool", "Skip to main content"] if word in html
    ] == []
    assert '<html lang="vi">' in html
