"""The fixed official holidays of the Iranian solar calendar. Holidays that follow the lunar
calendar move every year; the directorate adds them to the tenant's list."""

import jdatetime
from django.db import transaction

from hamafza.sessions.models import Holiday

FIXED = [
    (1, 1, "نوروز"),
    (1, 2, "نوروز"),
    (1, 3, "نوروز"),
    (1, 4, "نوروز"),
    (1, 12, "روز جمهوری اسلامی"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت امام خمینی"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "ملی شدن صنعت نفت"),
]


@transaction.atomic
def seed_fixed_holidays(municipality, jyear: int) -> int:
    """Add the fixed holidays of Jalali year ``jyear``; returns how many were new."""
    added = 0
    for month, day, name in FIXED:
        date = jdatetime.date(jyear, month, day).togregorian()
        _, created = Holiday.objects.get_or_create(
            municipality=municipality, date=date, defaults={"name": name}
        )
        added += created
    return added
