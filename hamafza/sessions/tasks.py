"""Background jobs of sessions (huey): reminders to registered people the day before."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamafza.sessions.registration import send_reminders


@db_periodic_task(crontab(minute="*/15"))
def remind_registered() -> int:
    """Every quarter hour: a reminder to everyone whose public session starts within a day."""
    return send_reminders()
