"""Names for the demo data, by gender, so every seeded person's first name fits the gender
recorded for them (trainers, students, principals of girls' and boys' schools, guardians).
Plain data; the demo seeders of every app draw from these lists."""

FEMALE = (
    "مریم",
    "زهرا",
    "فاطمه",
    "سارا",
    "نرگس",
    "لیلا",
    "الهام",
    "شیما",
    "ریحانه",
    "کوثر",
    "نازنین",
    "هانیه",
    "معصومه",
    "سمیه",
    "فرزانه",
    "زینب",
    "مهسا",
    "راضیه",
)
MALE = (
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "امیر",
    "سعید",
    "حمید",
    "مجتبی",
    "مصطفی",
    "جواد",
    "حسن",
    "احمد",
    "مرتضی",
    "کاظم",
    "پارسا",
    "عرفان",
)
# Children's names: the ones above that suit a schoolchild, and a few more common among them.
GIRLS = (
    "زهرا",
    "فاطمه",
    "سارا",
    "نرگس",
    "ریحانه",
    "کوثر",
    "نازنین",
    "هانیه",
    "زینب",
    "مهسا",
    "یاسمن",
    "ستایش",
    "هستی",
    "آتنا",
)
BOYS = (
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "امیر",
    "پارسا",
    "عرفان",
    "امیرحسین",
    "محمدطاها",
    "ابوالفضل",
    "آرین",
    "سجاد",
    "یاسین",
)
LAST = (
    "احمدی",
    "کریمی",
    "رضایی",
    "موسوی",
    "حسینی",
    "جعفری",
    "صادقی",
    "نوری",
    "امیری",
    "توکلی",
    "کاظمی",
    "مرادی",
    "یزدانی",
    "قاسمی",
    "رحیمی",
    "طاهری",
)

FEMALE_NAMES = frozenset(FEMALE) | frozenset(GIRLS)
MALE_NAMES = frozenset(MALE) | frozenset(BOYS)


def first_names(gender: str) -> tuple[str, ...]:
    """The adults' first names of a gender: "female"/"girls"/"girl" or "male"/"boys"/"boy"."""
    return FEMALE if gender in ("female", "girls", "girl") else MALE
