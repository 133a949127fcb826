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

# A tag whose quoted attribute values may hold ">", a comment, or a doctype.
_TOKENS = re.compile(r"""(<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)")
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
_PERSIAN_RUN = re.compile(rf"[{_ARABIC}](?:[{_ARABIC}\u200c0-9 \-/.«»،؛]*[{_ARABIC}0-9»])?")
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
    if not _LATIN_LETTER.search(_ENTITY.sub("", text)):
        return text
    return _PERSIAN_RUN.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", text)


def localize_html(html: str, *, lang: str | None = None) -> str:
    fa = is_fa(lang)
    out: list[str] = []
    skip_tag: str | None = None  # the element we are inside of and must not touch
    skip_depth = 0
    no_bdi = 0
    for token in _TOKENS.split(html):
        if not token:
            continue
        if token[0] == "<" and token[-1] == ">" and len(token) > 2:
            out.append(token)
            match = _TAG.match(token)
            if not match:
                continue
            closing, name = match.group(1), match.group(2).lower()
            self_closing = name in _VOID or token.endswith("/>")
            if skip_tag:
                if name == skip_tag and not self_closing:
                    skip_depth += -1 if closing else 1
                    if skip_depth == 0:
                        skip_tag = None
                continue
            if closing:
                if name in _NO_BDI:
                    no_bdi = max(0, no_bdi - 1)
                continue
            if self_closing:
                continue
            other_lang = (
                name != "html"
                and (m := _LANG.search(token))
                and m.group(1)[:2] != ("fa" if fa else "en")
            )
            if name in _SKIP or _LTR.search(token) or other_lang:
                skip_tag, skip_depth = name, 1
            elif name in _NO_BDI:
                no_bdi += 1
            continue
        if skip_tag or not token.strip():
            out.append(token)
            continue
        text = _localize_markup_text(token, lang)
        if not fa and not no_bdi:
            text = _bdi(text)
        out.append(text)
    return "".join(out)
