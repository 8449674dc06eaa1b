"""Vietnamese text helpers for slugs and search (pure, no ORM).

"Đ/đ" has no Unicode decomposition, so NFKD alone (and Django's ``slugify``) turns
"Đà Nẵng" into "a-nang". Map it by hand before anything else.
"""

import re
import unicodedata

from django.utils.text import slugify

# Administrative prefixes that the sources put in front of a name in many
# spellings ("TP. Đà Nẵng", "Thành phố Huế", "Tỉnh Hà Giang", "TP.HCM").
_PREFIX = re.compile(r"^(thanh pho|tinh|tp)(\b|(?=[a-z]))[\s.]*", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def unaccent(text: str) -> str:
    """Return ``text`` without Vietnamese diacritics ("Đắk Lắk" → "Dak Lak")."""
    text = (
        text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    )  # Ð: Icelandic eth, seen in sources
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug_vi(text: str) -> str:
    """Return a URL slug of a Vietnamese name: "Bắc Giang" → "bac-giang", "Đà Nẵng" → "da-nang"."""
    return slugify(unaccent(text))


def search_key(text: str) -> str:
    """Return the key two spellings of one name share.

    Accents, case, spaces, punctuation and a leading "Tỉnh"/"Thành phố"/"TP." are
    ignored: "HAGIANG", "ha giang", "Tỉnh Hà Giang" all give "hagiang";
    "Thừa Thiên - Huế" gives "thuathienhue".
    """
    plain = unaccent(text).lower().strip()
    plain = _PREFIX.sub("", plain, count=1)
    return _NON_ALNUM.sub("", plain)
