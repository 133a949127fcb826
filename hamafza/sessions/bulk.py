"""Helpers shared by the bulk ways of scheduling (the import and the term copy): local times and
the slots of earlier rows that are not saved yet."""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from hamafza.sessions.conflicts import Slot


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware datetime of a wall-clock time on a day, in the tenant's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, time))


def week_start(day: dt.date) -> dt.date:
    """The Saturday that starts the Iranian week of ``day``."""
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


class PendingSlots:
    """Slots of earlier rows of one bulk job, not saved yet, kept by day so that each row is
    checked against the few near it (its week, for weekly hours, and a day either side, for the
    travel buffer) that share a trainer or a place — not against the whole file."""

    def __init__(self):
        self.by_day: dict[dt.date, list[Slot]] = defaultdict(list)

    def add(self, slot: Slot) -> None:
        self.by_day[timezone.localtime(slot.starts_at).date()].append(slot)

    def near(self, slot: Slot) -> list[Slot]:
        first = week_start(timezone.localtime(slot.starts_at).date()) - dt.timedelta(days=1)
        found = []
        for offset in range(9):
            for other in self.by_day.get(first + dt.timedelta(days=offset), ()):
                if (
                    other.trainer_ids & slot.trainer_ids
                    or (slot.venue_id and other.venue_id == slot.venue_id)
                    or (slot.school_id and other.school_id == slot.school_id)
                ):
                    found.append(other)
        return found
