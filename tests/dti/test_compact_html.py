"""Compact HTML (dti/loaders.py): template sources lose their indentation and blank
lines when loaded, and the pages still render the same apart from whitespace."""

import copy
import re

import pytest
from django.test import override_settings

from dti.loaders import compact

PAGES = [
    "/xep-hang/2024/",
    "/tinh/bac-giang/",
    "/so-sanh/?units=bac-giang,hai-duong&metric=dti",
    "/en/ranking/2022/?pool=63",
]


def _plain_templates(templates: list[dict]) -> list[dict]:
    """The same TEMPLATES with the cached loader's inner loaders unwrapped."""
    plain = copy.deepcopy(templates)
    [(cached, [(_compact, inner)])] = plain[0]["OPTIONS"]["loaders"]
    plain[0]["OPTIONS"]["loaders"] = [(cached, inner)]
    return plain


def _normalised(html: str) -> str:
    """Whitespace runs as one space; the per-request CSP nonce and CSRF token blanked."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    html = re.sub(
        r"(csrfmiddlewaretoken\" value=\"|X-CSRFToken&quot;: &quot;|X-CSRFToken\": \")[^\"&]*",
        r"\1",
        html,
    )
    return re.sub(r"\s+", " ", html)


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", c).strip()
        for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", html, re.S)
    ]


@pytest.mark.django_db
def test_the_2024_ranking_page_is_under_90_kb(client):
    # 159,500 bytes before the compact loader, 73,800 after.
    assert len(client.get("/xep-hang/2024/").content) < 90_000


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_render_the_same_apart_from_whitespace(client, settings, url):
    compact_html = client.get(url).content.decode()
    with override_settings(TEMPLATES=_plain_templates(settings.TEMPLATES)):
        plain_html = client.get(url).content.decode()
    # The ranking table's rows are written in Python (indicators.scorecard.ranking_html),
    # with no indentation to strip: there the loader saves less than a fifth.
    rows_in_python = "/xep-hang/" in url or "/ranking/" in url
    assert len(compact_html) < (0.99 if rows_in_python else 0.8) * len(plain_html)
    assert _cells(compact_html) == _cells(plain_html) and _cells(plain_html)
    assert _normalised(compact_html) == _normalised(plain_html)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/xep-hang/2024/", "/quan-tri/indicators/score/"])
def test_compact_pages_have_no_indented_tags_outside_scripts(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    # Form widgets (<select>) come from the form renderer's own engine, not these loaders.
    outside = re.sub(
        r"<(script|pre|textarea|select)\b.*?</\1>", "", response.content.decode(), flags=re.S
    )
    assert not re.search(r"\n[ \t]+<", outside)


def test_compact_strips_indentation_and_blank_lines_and_lines_of_silent_tags():
    source = "{% load i18n %}\n<ul>\n    {% for x in xs %}\n\n      <li>{{ x }}</li>\n    {% endfor %}\n  </ul>\n"
    assert (
        compact(source)
        == "{% load i18n %}<ul>\n{% for x in xs %}<li>{{ x }}</li>\n{% endfor %}</ul>\n"
    )


def test_compact_keeps_the_newline_after_a_tag_that_outputs_text():
    source = '<p>\n  {% translate "Hạng" %}\n  <b>1</b>\n  {% include "x.html" %}\n  {{ v }}\n</p>'
    assert (
        compact(source)
        == '<p>\n{% translate "Hạng" %}\n<b>1</b>\n{% include "x.html" %}\n{{ v }}\n</p>'
    )


@pytest.mark.parametrize(
    "kept",
    [
        "<pre>\n    a\n\n  b\n</pre>",
        "<textarea name=t>\n  x\n</textarea>",
        '<script type="application/json">\n  {"a":\n    1}\n</script>',
        "{% blocktranslate %}\n    Hai dòng\n    văn bản\n  {% endblocktranslate %}",
    ],
)
def test_compact_leaves_pre_textarea_script_and_untrimmed_blocktranslate_alone(kept):
    assert compact(f"<div>\n  {kept}\n  </div>") == f"<div>\n{kept}\n</div>"


def test_compact_squeezes_a_trimmed_blocktranslate():
    source = "<p>\n  {% blocktranslate trimmed %}\n    Hai dòng\n  {% endblocktranslate %}\n</p>"
    assert (
        compact(source)
        == "<p>\n{% blocktranslate trimmed %}\nHai dòng\n{% endblocktranslate %}\n</p>"
    )
