"""SMS behind one small interface. The backend is chosen by settings.SMS_BACKEND."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("hamafza.sms")


@dataclass
class SmsMessage:
    to: str
    body: str


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes messages to the log: the default for laptops and demos."""

    def send(self, message: SmsMessage) -> None:
        logger.info("SMS to %s: %s", message.to, message.body)


class MemorySmsBackend(BaseSmsBackend):
    """Keeps messages in ``outbox`` for tests."""

    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> None:
        MemorySmsBackend.outbox.append(message)


def send_sms(to: str, body: str) -> None:
    backend: BaseSmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(SmsMessage(to=to, body=body))
