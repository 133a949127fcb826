"""The search's view of Persian text, on top of ``core.persian.search_key`` (the one folding:
Arabic letter forms, hamza forms, diacritics, ZWNJ, digits).

What the index holds for a text (``index_tokens``): its folded words, with a digit glued to a
word split off ("منطقه۲۲" → "منطقه 22"), and every two neighbouring words joined as well
("کتاب خانه" also gives "کتابخانه"), so a word written with a space, a ZWNJ or nothing inside
finds the others. What a query asks (``query_terms``): its folded words split the same way; the
engines join neighbouring query words as an alternative ("کتاب خانه" also asks "کتابخانه")."""

import re

from hamafza.core.persian import search_key

MAX_QUERY_TERMS = 8
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_WORD = re.compile(r"[^\W_]+")
# what people type inside a word in place of a space: ZWNJ and its look-alikes
_ZW_SPLIT = re.compile("[\u200c\u200b\u200d\u2060\ufeff\u00ad]+")


def words(text: str | None) -> list[str]:
    """The folded words of ``text``: letters and digits apart, punctuation dropped."""
    folded = _LETTER_DIGIT.sub(" ", search_key(text))
    # letters and decimal digits only: a superscript or a fraction (², ¼) is a word character
    # to Python but no word to PostgreSQL's parser, which would drop it from a query silently
    found = (
        "".join(ch for ch in w if ch.isalpha() or ch.isdecimal()) for w in _WORD.findall(folded)
    )
    return [w for w in found if w]


def index_tokens(text: str | None) -> str:
    """The token stream the full-text engine indexes for ``text``: its words; for a word written
    with a ZWNJ inside, every run of its parts as well ("کتاب‌خانه‌ی" also gives "کتاب",
    "کتابخانه", "خانه", "خانهی", "ی": the ezafe and plural endings do not hide the word);
    every two neighbouring words joined."""
    if not text:
        return ""
    found, parts = [], []
    for raw in str(text).split():
        found.extend(words(raw))
        pieces = ["".join(words(p)) for p in _ZW_SPLIT.split(raw)]
        pieces = [p for p in pieces if p]
        if len(pieces) > 1:
            for i in range(len(pieces)):
                for j in range(i + 1, len(pieces) + 1):
                    if j - i < len(pieces):
                        parts.append("".join(pieces[i:j]))
    joined = [a + b for a, b in zip(found, found[1:], strict=False)]
    return " ".join(found + parts + joined)


def query_terms(query: str | None) -> list[str]:
    """The folded words of a person's query (at most ``MAX_QUERY_TERMS``)."""
    return words(query)[:MAX_QUERY_TERMS]


def alternatives(terms: list[str]) -> list[list[str]]:
    """The term lists a query stands for: as typed, and with each pair of neighbours joined."""
    options = [terms]
    for i in range(len(terms) - 1):
        options.append(terms[:i] + [terms[i] + terms[i + 1]] + terms[i + 2 :])
    return options
