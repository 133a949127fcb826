"""Background jobs of notifications (huey): send one delivery, retrying with a growing delay."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hamafza.notifications import sending


@db_task()
def deliver(delivery_id: int) -> str:
    """Send one delivery. Running it twice sends once (the row is claimed before sending)."""
    outcome = sending.deliver(delivery_id=delivery_id)
    if outcome.retry_in:
        deliver.schedule((delivery_id,), delay=outcome.retry_in)
    return outcome.status


@db_periodic_task(crontab(minute="*/5"))
def requeue_deliveries() -> int:
    """Every five minutes: hand back deliveries whose scheduled retry was lost."""
    due = sending.requeue_due()
    for pk in due:
        deliver(pk)
    return len(due)
