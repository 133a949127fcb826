"""Persian text normalisation: the one normaliser used wherever text is compared or searched.

normalize()   canonical form for storage and display: Arabic letter forms → Persian, diacritics
              and tatweel removed, ZWNJ and spacing unified, digits unified to Latin.
search_key()  folded form for comparison: normalize() + casefold, ZWNJ removed.
dedupe_key()  search_key() without spaces, so "کتاب‌خانه", "کتاب خانه" and "کتابخانه" collide.
"""

import re

ZWNJ = "\u200c"

_LETTERS = {
    "ي": "ی",  # Arabic yeh
    "ى": "ی",  # alef maksura
    "ئ": "ی",
    "ك": "ک",  # Arabic kaf
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
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
_TO_PERSIAN = str.maketrans({str(i): p for i, p in enumerate(_PERSIAN_DIGITS)})
# One translation table does letters, digits, diacritics (harakat, tanwin, shadda, sukun,
# superscript alef, tatweel: removed) and the invisible marks people type in place of a ZWNJ.
_DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]
_ZW_VARIANTS = ["\u200b", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u2060"]
_NORMALIZE_TABLE = str.maketrans(
    {
        **_LETTERS,
        **{p: str(i) for i, p in enumerate(_PERSIAN_DIGITS)},
        **{a: str(i) for i, a in enumerate(_ARABIC_DIGITS)},
        **dict.fromkeys(_DIACRITICS),
        **dict.fromkeys(_ZW_VARIANTS, ZWNJ),
    }
)
_ZWNJ_RUNS = re.compile(f"{ZWNJ}+")
_ZWNJ_AT_SPACE = re.compile(f" ?{ZWNJ} ?")


def to_latin_digits(text: str) -> str:
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    return str(text).translate(_TO_PERSIAN)


def normalize(text: str | None) -> str:
    if not text:
        return ""
    # str.split() splits on every Unicode space (NBSP, thin spaces …), so this also unifies them.
    text = " ".join(str(text).translate(_NORMALIZE_TABLE).split())
    if ZWNJ in text:
        text = _ZWNJ_RUNS.sub(ZWNJ, text)
        # A ZWNJ next to a space is meaningless: "کتاب ‌ها" → "کتاب ها".
        text = _ZWNJ_AT_SPACE.sub(lambda m: " " if " " in m.group(0) else ZWNJ, text)
        text = text.strip(f" {ZWNJ}")
    return text


def search_key(text: str | None) -> str:
    return normalize(text).replace(ZWNJ, "").casefold()


def dedupe_key(text: str | None) -> str:
    return search_key(text).replace(" ", "")


def search_terms(query: str | None) -> list[str]:
    """Split a user's query into folded terms; every term must match (AND)."""
    return [t for t in search_key(query).split(" ") if t]


def localize_digits(text) -> str:
    """Digits in the active language: Persian in fa, Latin in en. Stored text keeps Latin digits
    (the normaliser unifies them); this is for display only."""
    from django.utils.translation import get_language

    text = "" if text is None else str(text)
    return (
        to_persian_digits(text)
        if (get_language() or "fa").startswith("fa")
        else to_latin_digits(text)
    )
