"""Background jobs of monitoring (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamafza.monitoring.digest import send_alert_digest


@db_periodic_task(crontab(minute="45", hour="7", day_of_week="6"))
def weekly_alert_digest() -> int:
    """Saturday morning: the directorate and each coordinator hear what needs attention."""
    return send_alert_digest()
