"""Background jobs of meetings (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamafza.meetings import reminders


@db_periodic_task(crontab(minute="20", hour="7"))
def remind_action_items() -> int:
    """Every morning: owners of actions due tomorrow or fallen overdue hear of it, once."""
    return reminders.remind_actions()


@db_periodic_task(crontab(minute="5", hour="6"))
def carry_overdue_actions() -> int:
    """Every morning: overdue actions join the agenda of their series' next meeting."""
    return reminders.carry_all_overdue()


@db_periodic_task(crontab(minute="30", hour="7", day_of_week="6"))
def weekly_digest() -> int:
    """Saturday morning (the start of the Persian week): the coordinators' digest."""
    return reminders.send_weekly_digest()
