"""Background jobs of sessions (huey): reminders to registered people and to the trainers the
day before."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamafza.sessions.registration import purge_pending, send_reminders
from hamafza.sessions.reminders import remind_trainers


@db_periodic_task(crontab(minute="*/15"))
def remind_registered() -> int:
    """Every quarter hour: a reminder to everyone whose public session starts within a day."""
    return send_reminders()


@db_periodic_task(crontab(minute="*/15"))
def remind_session_trainers() -> int:
    """Every quarter hour: each trainer hears about their sessions of the coming day, once."""
    return remind_trainers()


@db_periodic_task(crontab(minute="7"))
def purge_pending_registrations() -> int:
    """Every hour: registrations whose texted code expired unentered are dropped (they held
    nothing)."""
    return purge_pending()
