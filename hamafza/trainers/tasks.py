"""Background jobs of trainers (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamafza.trainers.reminders import remind_expiring_certificates


@db_periodic_task(crontab(minute="10", hour="7"))
def remind_certificates() -> int:
    """Every morning: trainers whose certificate expires within a month hear of it, once."""
    return remind_expiring_certificates()
