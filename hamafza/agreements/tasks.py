"""Background jobs of agreements (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamafza.agreements.reminders import remind_commitments


@db_periodic_task(crontab(minute="40", hour="7"))
def remind_commitments_due() -> int:
    """Every morning: commitments due soon, overdue or behind reach the party's people, once."""
    return remind_commitments()
