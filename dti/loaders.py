"""A template loader that serves compact HTML: it strips each line's leading indentation
and drops blank lines from the template *source* when it is loaded, so the cached
templates render compact markup at no cost per request.

Only whitespace next to a newline goes, and a newline always stays (except after
a line holding only tags such as `{% if %}` or `{% endfor %}`, which is itself
preceded by one), so the page renders the same: HTML collapses a run of whitespace
containing a newline to one space. Left untouched: `<pre>`, `<textarea>` and `<script>` content, and the text of
`{% blocktranslate %}` without `trimmed` (its msgid keeps its exact whitespace).
Templates that are not .html (text, CSV) are passed through as they are.

Configured in dti/settings/base.py around the cached loader's inner loaders:
``("django.template.loaders.cached.Loader", [("dti.loaders.CompactLoader", [...])])``.
"""

import re
from collections.abc import Iterator

from django.template import Origin
from django.template.loaders.base import Loader as BaseLoader

# Spans whose whitespace is content: kept byte for byte.
_KEEP = re.compile(
    r"<(pre|textarea|script)\b.*?</\1\s*>"
    r"|\{%-?\s*blocktrans(?:late)?\b(?:(?!%\}).)*%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S | re.I,
)
_INDENT = re.compile(r"\n[ \t]*(?=\S|\n|$)")  # a newline and the indentation after it
_BLANK = re.compile(r"\n{2,}")
# A line of nothing but tags that output nothing themselves (and comments): its newline
# goes too, as Jinja's trim_blocks does. The line starts after a newline, so what
# follows it is still separated from what came before.
_SILENT = (
    r"(?:if|elif|else|endif|for|empty|endfor|with|endwith|block|endblock|load|extends"
    r"|partialdef|endpartialdef|get_current_language|get_available_languages)\b(?:(?!%\}).)*"
    r"|\w+\b(?:(?!%\}).)*\sas\s+\w+\s*"  # {% url ... as x %}, {% translate "…" as x %}
)
_TAG_LINE = re.compile(rf"^((?:\{{%-?\s*(?:{_SILENT})%\}}|\{{#(?:(?!#\}}).)*#\}}|[ \t])+)\n", re.M)
_HOLE = "\x00{}\x00"  # stands for a kept span while the rest is compacted


def compact(source: str) -> str:
    """The source without leading indentation, blank lines and the newlines of lines
    of silent tags, outside the kept spans."""
    kept: list[str] = []

    def hole(match: re.Match) -> str:
        if "trimmed" in match.group(0).split("%}", 1)[0]:
            return match.group(0)  # {% blocktranslate trimmed %}: Django normalises it anyway
        kept.append(match.group(0))
        return _HOLE.format(len(kept) - 1)

    text = _KEEP.sub(hole, source)
    text = _TAG_LINE.sub(r"\1", _BLANK.sub("\n", _INDENT.sub("\n", "\n" + text)))[1:]
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


class CompactLoader(BaseLoader):
    """Wraps other loaders (``("dti.loaders.CompactLoader", [loaders])``) and
    compacts the .html sources they find."""

    def __init__(self, engine, loaders) -> None:
        super().__init__(engine)
        self.loaders = engine.get_template_loaders(loaders)

    def get_dirs(self) -> Iterator:
        # The template autoreloader (runserver) watches these directories.
        for loader in self.loaders:
            if hasattr(loader, "get_dirs"):
                yield from loader.get_dirs()

    def get_template_sources(self, template_name: str) -> Iterator[Origin]:
        for loader in self.loaders:
            for origin in loader.get_template_sources(template_name):
                wrapped = Origin(name=origin.name, template_name=origin.template_name, loader=self)
                wrapped.inner = origin
                yield wrapped

    def get_contents(self, origin: Origin) -> str:
        source = origin.inner.loader.get_contents(origin.inner)
        return compact(source) if origin.name.endswith(".html") else source

    def reset(self) -> None:
        for loader in self.loaders:
            if hasattr(loader, "reset"):
                loader.reset()
