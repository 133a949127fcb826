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
_LETTER_TABLE = str.maketrans(_LETTERS)
# Harakat, tanwin, shadda, sukun, superscript alef, tatweel.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
# Joiners and invisible marks that people type in place of a ZWNJ.
_ZW_VARIANTS = re.compile("[\u200b\u200d\u200e\u200f\u00ad\ufeff\u2060]")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_ZWNJ_RUNS = re.compile(f"{ZWNJ}+")
_ZWNJ_AT_SPACE = re.compile(f" ?{ZWNJ} ?")


def to_latin_digits(text: str) -> str:
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    return str(text).translate(_TO_PERSIAN)


def normalize(text: str | None) -> str:
    if not text:
        return ""
    text = str(text).translate(_LETTER_TABLE).translate(_TO_LATIN)
    text = _DIACRITICS.sub("", text)
    text = _ZW_VARIANTS.sub(ZWNJ, text)
    text = _SPACES.sub(" ", text)
    text = _ZWNJ_RUNS.sub(ZWNJ, text)
    # A ZWNJ next to a space is meaningless: "کتاب ‌ها" → "کتاب ها".
    text = _ZWNJ_AT_SPACE.sub(lambda m: " " if " " in m.group(0) else ZWNJ, text)
    return text.strip(f" {ZWNJ}")


def search_key(text: str | None) -> str:
    return normalize(text).replace(ZWNJ, "").casefold()


def dedupe_key(text: str | None) -> str:
    return search_key(text).replace(" ", "")


def search_terms(query: str | None) -> list[str]:
    """Split a user's query into folded terms; every term must match (AND)."""
    return [t for t in search_key(query).split(" ") if t]
