"""Persian text: what is stored, and what is compared.

Two sides, never mixed:

clean_typed()  what is **stored and shown**: the text as the person typed it. Only unambiguous
               keyboard artefacts are fixed: Arabic ي/ك → Persian ی/ک, the invisible marks people
               type in place of a ZWNJ (zero-width space/joiner, soft hyphen, BOM, word joiner) →
               ZWNJ, repeated or stray ZWNJs, and runs of spaces (line breaks are kept). Hamza
               forms (ئ أ ؤ إ ۀ), tanwin and other diacritics, tatweel and the digits stay as typed.
search_key()   what is **compared** when searching: every variant folded — hamza forms to their
               base letter, diacritics and tatweel removed, digits to Latin, ZWNJ removed,
               casefolded.
dedupe_key()   search_key() without spaces, so "کتاب‌خانه", "کتاب خانه" and "کتابخانه" collide;
               the key of a unique constraint against duplicates.
"""

import re

ZWNJ = "\u200c"

# Keyboard artefacts: an Arabic keyboard layout's yeh and kaf.
_KEYBOARD = {"ي": "ی", "ك": "ک"}
# Letter variants folded for comparison only.
_FOLD_LETTERS = {
    **_KEYBOARD,
    "ى": "ی",  # alef maksura
    "ئ": "ی",
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "آ": "ا",
    "ؤ": "و",
}
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_LATIN = str.maketrans(
    {
        **{p: str(i) for i, p in enumerate(_PERSIAN_DIGITS)},
        **{a: str(i) for i, a in enumerate(_ARABIC_DIGITS)},
    }
)
_TO_PERSIAN = str.maketrans(
    {
        **{str(i): p for i, p in enumerate(_PERSIAN_DIGITS)},
        **{a: _PERSIAN_DIGITS[i] for i, a in enumerate(_ARABIC_DIGITS)},
    }
)
# Harakat, tanwin, shadda, sukun, superscript alef, hamza above/below, tatweel.
_DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]
_ZW_VARIANTS = ["\u200b", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u2060"]
_CLEAN_TABLE = str.maketrans({**_KEYBOARD, **dict.fromkeys(_ZW_VARIANTS, ZWNJ)})
_FOLD_TABLE = str.maketrans(
    {
        **_FOLD_LETTERS,
        **{p: str(i) for i, p in enumerate(_PERSIAN_DIGITS)},
        **{a: str(i) for i, a in enumerate(_ARABIC_DIGITS)},
        **dict.fromkeys(_DIACRITICS),
        **dict.fromkeys([*_ZW_VARIANTS, ZWNJ]),
    }
)
_ZWNJ_RUNS = re.compile(f"{ZWNJ}+")
_ZWNJ_AT_SPACE = re.compile(f" ?{ZWNJ} ?")


def to_latin_digits(text: str) -> str:
    return str(text).translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    return str(text).translate(_TO_PERSIAN)


def _clean_line(line: str) -> str:
    # str.split() splits on every Unicode space (NBSP, thin spaces …), so this also unifies them.
    line = " ".join(line.split())
    if ZWNJ in line:
        line = _ZWNJ_RUNS.sub(ZWNJ, line)
        # A ZWNJ next to a space is meaningless: "کتاب ‌ها" → "کتاب ها".
        line = _ZWNJ_AT_SPACE.sub(lambda m: " " if " " in m.group(0) else ZWNJ, line)
        line = line.strip(f" {ZWNJ}")
    return line


def clean_typed(text: str | None) -> str:
    """The text to store: as typed, with only unambiguous keyboard artefacts fixed. Line breaks
    are kept (trailing spaces and blank lines at the ends are not)."""
    if not text:
        return ""
    text = str(text).translate(_CLEAN_TABLE)
    if "\n" not in text and "\r" not in text:
        return _clean_line(text)
    lines = [
        _clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return "\n".join(lines).strip("\n")


def clean_code(text: str | None) -> str:
    """An identifier a person types (school or program code, class label "۵/۲"): as
    ``clean_typed`` but with Latin digits, so one code has one stored form and exact comparisons
    in the database hold. Shown with the page's digits like any other text."""
    return to_latin_digits(clean_typed(text))


def search_key(text: str | None) -> str:
    """The folded form of ``text`` for comparison: every spelling of a word gives one key."""
    if not text:
        return ""
    return " ".join(str(text).translate(_FOLD_TABLE).casefold().split())


def dedupe_key(text: str | None) -> str:
    return search_key(text).replace(" ", "")


def search_terms(query: str | None) -> list[str]:
    """Split a user's query into folded terms; every term must match (AND)."""
    return [t for t in search_key(query).split(" ") if t]


def localize_digits(text) -> str:
    """Digits (and percent and decimal signs) in the active language: Persian in fa, Latin in en.
    For display only: stored text keeps the digits as typed. The rule lives in
    ``core.l10n.localize_text``; this name stays for the callers that build labels in Python."""
    from hamafza.core.l10n import localize_text  # lazy: l10n imports this module

    return localize_text(text)
