"""An SMS backend for an HTTP gateway (an Iranian provider's REST API), compatible with
``hamafza.core.sms``: set ``SMS_BACKEND=hamafza.notifications.sms_http.HttpSmsBackend``.

It POSTs ``{"to", "text", "reference"}`` as JSON with the API key, and tells the caller whether a
failure is worth retrying: a timeout, a connection error or a 5xx answer raise
``SmsTransientError``; a 4xx answer (bad key, bad number) raises ``SmsPermanentError``. The
reference (``hamafza-<delivery id>``) lets a gateway that supports it drop a repeated request.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hamafza.core.sms import BaseSmsBackend, SmsMessage


class SmsError(Exception):
    """The gateway did not take the message."""


class SmsTransientError(SmsError):
    """Worth trying again later: timeout, connection error, 5xx."""


class SmsPermanentError(SmsError):
    """Trying again will not help: 4xx (bad number, bad key, refused)."""


@dataclass
class ReferencedSmsMessage(SmsMessage):
    reference: str = ""


class HttpSmsBackend(BaseSmsBackend):
    def __init__(self, url: str | None = None, api_key: str | None = None, timeout=None):
        self.url = url if url is not None else getattr(settings, "SMS_HTTP_URL", "")
        self.api_key = api_key if api_key is not None else getattr(settings, "SMS_HTTP_API_KEY", "")
        self.timeout = float(
            timeout if timeout is not None else getattr(settings, "SMS_HTTP_TIMEOUT", 10)
        )
        if not self.url.startswith(("http://", "https://")):
            raise ImproperlyConfigured("SMS_HTTP_URL must be an http(s) URL.")

    def send(self, message: SmsMessage) -> None:
        payload = {
            "to": message.to,
            "text": message.body,
            "reference": getattr(message, "reference", ""),
        }
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.api_key}",
                "X-API-Key": self.api_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            detail = _excerpt(error)
            if 400 <= error.code < 500 and error.code not in (408, 429):
                raise SmsPermanentError(f"HTTP {error.code}: {detail}") from error
            raise SmsTransientError(f"HTTP {error.code}: {detail}") from error
        except TimeoutError as error:
            raise SmsTransientError(f"timeout after {self.timeout:g} s") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise SmsTransientError(f"timeout after {self.timeout:g} s") from error
            raise SmsTransientError(f"connection error: {error.reason}") from error
        except OSError as error:  # connection reset while reading the answer
            raise SmsTransientError(f"connection error: {error}") from error


def _excerpt(error: urllib.error.HTTPError) -> str:
    try:
        return error.read(300).decode("utf-8", "replace").strip()
    except OSError:
        return error.reason or ""
