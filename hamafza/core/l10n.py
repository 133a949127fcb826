"""The one formatting path for numbers a person reads.

In ``fa``: Persian digits, the Persian thousands separator (٬), decimal separator (٫) and percent
sign (٪). In ``en``: Latin digits, "," "." and "%". Everything a person reads goes through here:

- ``format_number`` / ``format_percent``: a number built in Python (template filters ``num`` and
  ``pct``, messages, alert text, chart labels, PDF and Excel labels);
- ``localize_text``: free text with digits in it (stored text keeps the digits as typed);
- ``localize_html``: a whole page, applied to every HTML response by
  ``core.middleware.LocalizeMiddleware`` and to every PDF by ``core.pdf``. It rewrites the text
  between tags only — never attributes, URLs or form values — and leaves alone whatever is
  marked ``dir="ltr"`` (codes, mobiles, e-mail, usernames), ``<code>``, ``<pre>``, ``<kbd>``,
  ``<textarea>``, ``<script>`` and ``<style>``. In ``en`` it also wraps Persian runs inside
  English text in ``<bdi>``, so "Level: آموزشگر ارشد" keeps its order.
"""

import bisect
import re
from decimal import Decimal

from django.utils.translation import get_language

from hamafza.core.persian import to_latin_digits, to_persian_digits


def is_fa(lang: str | None = None) -> bool:
    return (lang or get_language() or "fa").startswith("fa")


def format_number(value, *, decimals: int | None = None, lang: str | None = None) -> str:
    """``1234567`` → ``۱٬۲۳۴٬۵۶۷`` (fa) or ``1,234,567`` (en); ``4.5`` → ``۴٫۵``. Decimals: as
    given, else up to two with trailing zeros dropped. ``None`` and ``""`` give ``""``; text (a
    code, a name) keeps its form and only its digits follow the language."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = int(value)
    if not isinstance(value, int | float | Decimal):
        return localize_text(value, lang=lang)  # a name or a label with digits in it
    if isinstance(value, int) and decimals is None:
        text = f"{value:,}"
    else:
        places = 2 if decimals is None else decimals
        text = f"{value:,.{places}f}"
        if decimals is None and "." in text:
            text = text.rstrip("0").rstrip(".")
    if text in {"-0", "-0.0"}:
        text = "0"
    if not is_fa(lang):
        return text
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


def join_list(items, *, lang: str | None = None) -> str:
    """Items of a list in a sentence: «الف، ب» in fa, "a, b" in en."""
    return ("، " if is_fa(lang) else ", ").join(str(i) for i in items)


def format_percent(value, *, decimals: int | None = 0, lang: str | None = None) -> str:
    """``45`` → ``۴۵٪`` (fa) or ``45%`` (en). The value is already a percentage."""
    if value is None or value == "":
        return ""
    number = format_number(value, decimals=decimals, lang=lang)
    return f"{number}٪" if is_fa(lang) else f"{number}%"


_LATIN_DECIMAL = re.compile(r"(?<=[۰-۹])\.(?=[۰-۹])")
_LATIN_THOUSANDS = re.compile(r"(?<=[۰-۹]),(?=[۰-۹]{3}(?![۰-۹]))")
_PERSIAN_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "٪": "%"})


def localize_text(text, *, lang: str | None = None) -> str:
    """Digits, percent signs and number separators inside free text, in the page's language."""
    if text is None:
        return ""
    text = str(text)
    if is_fa(lang):
        text = to_persian_digits(text).replace("%", "٪")
        if "." in text:
            text = _LATIN_DECIMAL.sub("٫", text)
        if "," in text:
            text = _LATIN_THOUSANDS.sub("٬", text)
        return text
    return to_latin_digits(text).translate(_PERSIAN_SEPARATORS)


# ---- whole pages -------------------------------------------------------------------------------

_LTR = re.compile(r"""\sdir\s*=\s*["']?ltr\b""", re.I)
_LANG = re.compile(r"""\slang\s*=\s*["']?([a-zA-Z-]+)""", re.I)
_SKIP = {"script", "style", "textarea", "code", "pre", "kbd", "samp"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# No <bdi> where markup is not allowed or not wanted.
_NO_BDI = {"title", "option", "select", "bdi", "bdo"}
_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
# A Persian run inside English text: digits and separators just before it belong to it
# ("1405/ت/12"), so do a closing quote or a full stop after it.
_PERSIAN_RUN = re.compile(
    rf"(?:[0-9][0-9/.\-]*\s?)?[{_ARABIC}](?:[{_ARABIC}\u200c0-9 \-/.«»،؛:]*[{_ARABIC}0-9»])?[.؟!]?"
)
_ARABIC_LETTER = re.compile(rf"[{_ARABIC}]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ENTITY = re.compile(r"(&#?[A-Za-z0-9]+;)")


def _localize_markup_text(text: str, lang: str | None) -> str:
    """``localize_text`` on text taken from HTML, leaving character references (``&#x27;``) whole."""
    if "&" not in text:
        return localize_text(text, lang=lang)
    return "".join(
        part if _ENTITY.fullmatch(part) else localize_text(part, lang=lang)
        for part in _ENTITY.split(text)
    )


def _bdi(text: str) -> str:
    """Persian inside an English page keeps its own order: a text that is Persian data as a
    whole ("منطقه 1", "1405/ت/12", a lesson plan's line) is isolated whole; inside an English
    sentence ("Level: آموزشگر ارشد") each Persian run is."""
    if not _ARABIC_LETTER.search(text):
        return text
    if not _LATIN_LETTER.search(_ENTITY.sub("", text)):
        core = text.strip()
        start = text.index(core)
        return f"{text[:start]}<bdi>{core}</bdi>{text[start + len(core) :]}"
    return _PERSIAN_RUN.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", text)


_CLOSERS: dict[str, re.Pattern] = {}


def _zones(html: str, opener: re.Pattern, wanted) -> list[tuple[int, int]]:
    """(start, end) of every element whose opening tag ``opener`` matches and ``wanted(name,
    attrs)`` accepts, up to its matching closing tag (same-name elements inside are counted)."""
    zones: list[tuple[int, int]] = []
    for match in opener.finditer(html):
        groups = match.groups()  # (name, attrs) pairs, one per alternative of ``opener``
        name = next(g for g in groups[::2] if g).lower()
        attrs = next((g for g in groups[1::2] if g), "")
        if name in _VOID or (zones and match.start() < zones[-1][1]) or not wanted(name, attrs):
            continue
        closer = _CLOSERS.get(name) or _CLOSERS.setdefault(
            name, re.compile(rf"<(/?){name}\b[^>]*>", re.I)
        )
        depth, end = 1, len(html)
        for tag in closer.finditer(html, match.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        zones.append((match.start(), end))
    return zones


# Only the tags that can start a zone are visited: the skipped elements, and any tag with a dir
# or lang attribute.
_SKIP_OPEN = re.compile(
    r"<(?:(script|style|textarea|code|pre|kbd|samp)\b([^>]*)"
    r"|([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*\s(?:dir|lang)\s*=[^>]*))>",
    re.I,
)
_NO_BDI_OPEN = re.compile(r"<(title|option|select|bdi|bdo)\b([^>]*)>", re.I)
_TEXT_FA = re.compile(r"(?<=>)[^<]*[0-9٠-٩%][^<]*")
_TEXT_EN = re.compile(rf"(?<=>)[^<]*[۰-۹٠-٩٫٬٪{_ARABIC}][^<]*")


def localize_html(html: str, *, lang: str | None = None) -> str:
    """The text between tags in the page's language (see the module's docstring). Only text runs
    that hold something to change are visited, so a page costs about one regular-expression scan."""
    fa = is_fa(lang)
    page_lang = "fa" if fa else "en"

    def untouchable(name: str, attrs: str) -> bool:
        if name in {"html", "body"}:
            return False  # the page's own direction and language are not a mark
        if name in _SKIP or _LTR.search(" " + attrs):
            return True
        other = _LANG.search(" " + attrs)
        return bool(other) and name != "html" and other.group(1)[:2].lower() != page_lang

    skip = _zones(html, _SKIP_OPEN, untouchable)
    no_bdi = [] if fa else _zones(html, _NO_BDI_OPEN, lambda name, attrs: True)

    def inside(zones: list[tuple[int, int]], pos: int) -> bool:
        i = bisect.bisect_right(zones, (pos, len(html) + 1)) - 1
        return i >= 0 and zones[i][0] <= pos < zones[i][1]

    def finish(m: re.Match) -> str:
        pos = m.start()
        if inside(skip, pos):
            return m.group(0)
        text = _localize_markup_text(m.group(0), lang)
        if not fa and not inside(no_bdi, pos):
            text = _bdi(text)
        return text

    return (_TEXT_FA if fa else _TEXT_EN).sub(finish, html)
