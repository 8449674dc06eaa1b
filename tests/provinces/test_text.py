"""provinces.text: unaccenting, slugs and search keys of Vietnamese names (pure)."""

import re

import pytest
from django.utils.text import slugify
from hypothesis import given, settings
from hypothesis import strategies as st

from provinces.text import search_key, slug_vi, unaccent

# Every letter Vietnamese writes, lower and upper case, with all five tone marks.
_VI_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE_LETTERS = _VI_LOWER + _VI_LOWER.upper()
vietnamese_names = st.text(alphabet=VIETNAMESE_LETTERS + " -.", max_size=40)


def test_django_slugify_alone_loses_the_d_with_stroke():
    # The reason slug_vi exists; if Django ever maps Đ itself this documents it.
    assert slugify("Đà Nẵng") == "a-nang"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Đà Nẵng", "da-nang"),
        ("Đắk Lắk", "dak-lak"),
        ("Đắk Nông", "dak-nong"),
        ("Điện Biên", "dien-bien"),
        ("Đồng Tháp", "dong-thap"),
        ("Bắc Giang", "bac-giang"),
        ("Hà Giang", "ha-giang"),
        ("Hải Dương", "hai-duong"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("Thừa Thiên Huế", "thua-thien-hue"),
        ("Khánh Hòa", "khanh-hoa"),
    ],
)
def test_slug_of_a_vietnamese_name_keeps_every_letter_including_d_with_stroke(name, slug):
    assert slug_vi(name) == slug


def test_unaccent_maps_d_with_stroke_and_strips_every_tone_and_vowel_mark():
    assert unaccent("Đắk Lắk") == "Dak Lak"
    assert unaccent("đường Ưu Ơ Ê Â Ă") == "duong Uu O E A A"
    assert unaccent("Ðà Nẵng") == "Da Nang"  # Icelandic eth, as some sources type Đ


@pytest.mark.parametrize(
    "spelling",
    [
        "ha giang",
        "Hà Giang",
        "HAGIANG",
        "Tỉnh Hà Giang",
        "  HÀ   GIANG ",
        "tỉnh hà giang",
    ],
)
def test_search_key_is_the_same_for_every_spelling_of_ha_giang(spelling):
    assert search_key(spelling) == "hagiang"


@pytest.mark.parametrize("spelling", ["TP HCM", "TP.HCM", "TPHCM", "tp. hcm", "HCM"])
def test_search_key_drops_the_city_prefix_of_hcm_in_every_spelling(spelling):
    assert search_key(spelling) == "hcm"


def test_search_key_drops_the_city_prefix_of_hue_but_keeps_thua_thien():
    # Two different keys: the importer needs both as aliases of the one Huế unit.
    assert (
        search_key("TP.Huế")
        == search_key("TP Huế")
        == search_key("Thành phố Huế")
        == search_key("Huế")
        == "hue"
    )
    assert search_key("Thừa Thiên - Huế") == search_key("Thừa Thiên Huế") == "thuathienhue"


@pytest.mark.parametrize(
    "spelling", ["TP. Đà Nẵng", "Thành phố Đà Nẵng", "Đà Nẵng", "da nang", "DANANG"]
)
def test_search_key_is_the_same_for_every_spelling_of_da_nang(spelling):
    assert search_key(spelling) == "danang"


def test_search_key_does_not_eat_names_that_only_start_like_a_prefix():
    # "Thanh Hóa" begins with "thanh" and "Tiền Giang" with "ti", but neither has a prefix to drop.
    assert search_key("Thanh Hóa") == "thanhhoa"
    assert search_key("Tỉnh Thanh Hóa") == "thanhhoa"
    assert search_key("Tiền Giang") == "tiengiang"
    assert search_key("Tây Ninh") == "tayninh"


def test_search_key_of_punctuation_only_is_empty():
    assert search_key(" - . ") == ""
    assert search_key("") == ""


@settings(max_examples=100)
@given(vietnamese_names)
def test_search_key_is_always_plain_lowercase_ascii_letters_and_digits(name):
    assert re.fullmatch(r"[a-z0-9]*", search_key(name))


@settings(max_examples=100)
@given(vietnamese_names)
def test_search_key_ignores_accents_and_case(name):
    assert search_key(unaccent(name).upper()) == search_key(name)
    assert search_key(name.lower()) == search_key(name)


@settings(max_examples=100)
@given(vietnamese_names)
def test_slug_of_any_vietnamese_name_is_plain_ascii(name):
    assert re.fullmatch(r"[a-z0-9-]*", slug_vi(name))


@settings(max_examples=100)
@given(vietnamese_names)
def test_unaccent_of_vietnamese_text_is_ascii_of_the_same_length(name):
    plain = unaccent(name)
    assert plain.isascii()
    assert len(plain) == len(name)
