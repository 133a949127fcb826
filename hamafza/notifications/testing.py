"""For tests: send what the queue holds, as the worker would, and read what left."""

from hamafza.core.sms import MemorySmsBackend
from hamafza.notifications.models import Channel, Delivery
from hamafza.notifications.sending import deliver


def sent_sms() -> list:
    """Deliver every queued SMS (the worker's job, which the test settings do not run), then the
    memory backend's outbox."""
    for pk in Delivery.objects.filter(
        channel=Channel.SMS, status=Delivery.Status.QUEUED
    ).values_list("pk", flat=True):
        deliver(delivery_id=pk)
    return MemorySmsBackend.outbox
