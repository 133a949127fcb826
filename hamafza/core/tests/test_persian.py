import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamafza.core.persian import (
    ZWNJ,
    dedupe_key,
    normalize,
    search_key,
    search_terms,
    to_latin_digits,
    to_persian_digits,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("كتاب", "کتاب"),  # Arabic kaf
        ("مُحَمَّد", "محمد"),  # diacritics
        ("تهـــران", "تهران"),  # tatweel
        ("۱۴۰۳", "1403"),  # Persian digits
        ("١٤٠٣", "1403"),  # Arabic-Indic digits
        ("  منطقه    ۶  ", "منطقه 6"),  # spacing
        ("کتاب\u200c\u200cها", f"کتاب{ZWNJ}ها"),  # repeated ZWNJ
        ("کتاب\u200dها", f"کتاب{ZWNJ}ها"),  # zero-width joiner typed for a ZWNJ
        (f"کتاب {ZWNJ}ها", "کتاب ها"),  # ZWNJ beside a space
        (f"{ZWNJ}سلام{ZWNJ}", "سلام"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_variants_of_one_name_share_a_dedupe_key():
    variants = [
        "دبستان شهيد بهشتي",
        "دبستان شهید بهشتی",
        "دبستان  شهیدبهشتی",
        "دبستان شهید\u200cبهشتی",
    ]
    assert len({dedupe_key(v) for v in variants}) == 1


def test_different_names_do_not_collide():
    assert dedupe_key("دبستان حافظ") != dedupe_key("دبستان سعدی")


def test_search_terms_fold_query_like_stored_text():
    assert search_terms("  كتاب   ۱۲ ") == ["کتاب", "12"]
    assert search_key("School ABC") == "school abc"


def test_digits_round_trip():
    assert to_persian_digits("1401/10/17") == "۱۴۰۱/۱۰/۱۷"
    assert to_latin_digits("۱۴۰۱/١٠/17") == "1401/10/17"


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


def test_percent_filter_follows_the_language():
    from django.utils import translation

    from hamafza.core.templatetags.hamafza import pct

    with translation.override("fa"):
        assert pct(45) == "۴۵٪"
        assert pct(None) == ""
    with translation.override("en"):
        assert pct(45) == "45%"
        assert pct("7") == "7%"
