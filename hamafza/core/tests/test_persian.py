import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamafza.core.persian import (
    ZWNJ,
    clean_typed,
    dedupe_key,
    search_key,
    search_terms,
    to_latin_digits,
    to_persian_digits,
)

# Real words whose spelling must survive saving: hamza forms, tanwin, the ezafe hamza (ۀ), ZWNJ.
AS_TYPED = ["مسئول", "تأمین", "رئیس", "مؤسسه", "هیئت", "لطفاً", "خانهٔ", "خانۀ", "کتاب‌خانه", "إسلام"]


@pytest.mark.parametrize("word", AS_TYPED)
def test_clean_typed_keeps_the_spelling(word):
    assert clean_typed(word) == word
    assert clean_typed(f"کودک {word} و ۱۲ نفر") == f"کودک {word} و ۱۲ نفر"


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("مسئول", "مسیول"),
        ("تأمین", "تامین"),
        ("رئیس", "رییس"),
        ("مؤسسه", "موسسه"),
        ("هیئت", "هییت"),
        ("لطفاً", "لطفا"),
        ("خانهٔ", "خانه"),
        ("کتاب‌خانه", "کتابخانه"),
        ("آموزش", "اموزش"),
        ("۱۴۰۵", "1405"),
    ],
)
def test_search_and_duplicate_keys_still_match_the_variants(variant, plain):
    assert search_key(variant) == search_key(plain)
    assert dedupe_key(variant) == dedupe_key(plain)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh: a keyboard artefact
        ("كتاب", "کتاب"),  # Arabic kaf
        ("مُحَمَّد", "مُحَمَّد"),  # diacritics are the writer's
        ("۱۴۰۳", "۱۴۰۳"),  # digits as typed
        ("1403", "1403"),
        ("  منطقه    ۶  ", "منطقه ۶"),  # spacing
        ("کتاب\u200c\u200cها", f"کتاب{ZWNJ}ها"),  # repeated ZWNJ
        ("کتاب\u200dها", f"کتاب{ZWNJ}ها"),  # zero-width joiner typed for a ZWNJ
        ("کتاب\u200bها", f"کتاب{ZWNJ}ها"),  # zero-width space typed for a ZWNJ
        (f"کتاب {ZWNJ}ها", "کتاب ها"),  # ZWNJ beside a space
        (f"{ZWNJ}سلام{ZWNJ}", "سلام"),
        ("سطر یک  \r\nسطر   دو\n", "سطر یک\nسطر دو"),  # line breaks kept, spaces unified
        ("", ""),
        (None, ""),
    ],
)
def test_clean_typed_fixes_only_keyboard_artefacts(raw, expected):
    assert clean_typed(raw) == expected


def test_search_key_folds_everything_compared():
    assert search_key("مُحَمَّد") == "محمد"
    assert search_key("تهـــران") == "تهران"
    assert search_key("١٤٠٣ ۱۴۰۳") == "1403 1403"
    assert search_key(f"کتاب{ZWNJ}ها") == "کتابها"


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
def test_clean_typed_is_idempotent_and_keeps_the_search_key(text):
    once = clean_typed(text)
    assert clean_typed(once) == once
    # what is stored is found exactly as what was typed would be
    assert search_key(once) == search_key(text)


@given(st.text())
def test_search_key_is_idempotent(text):
    once = search_key(text)
    assert search_key(once) == once


def test_percent_filter_follows_the_language():
    from django.utils import translation

    from hamafza.core.templatetags.hamafza import pct

    with translation.override("fa"):
        assert pct(45) == "۴۵٪"
        assert pct(None) == ""
    with translation.override("en"):
        assert pct(45) == "45%"
        assert pct("7") == "7%"
