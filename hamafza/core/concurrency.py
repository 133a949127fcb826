"""The one optimistic-lock rule: an edit names the version it read, and a missing or stale one is
refused before anything is written.

A record's version is its ``updated_at`` (every tenant model has one, moved on each save). An edit
page carries it in a hidden ``version`` field (``version_field``, filled by ``version_of``); an API
client reads it as ``updated_at``/``version`` and sends it back as ``version`` on PATCH or PUT. The
service that edits the record locks the row and calls ``check_version`` first. The API answers a
missing version with 422 and a stale one with 409 (``hamafza.api``); a page shows the message.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

# A version that never matches: what an unreadable (tampered) hidden field is taken as.
STALE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class VersionError(ValidationError):
    """An edit refused because it did not name the version of the record it changes."""


class MissingVersion(VersionError):
    def __init__(self):
        super().__init__(
            _(
                "This change does not say which version of the record it was made on, so it was "
                "not saved. Reload the page and make your change again."
            ),
            code="version_missing",
        )


class StaleVersion(VersionError):
    def __init__(self, obj):
        super().__init__(
            _(
                "Someone else changed this %(record)s while you were editing it, so your change "
                "was not saved. Reload the page to see their changes, then edit again."
            )
            % {"record": obj._meta.verbose_name},
            code="stale",
        )


def _ms(value: dt.datetime) -> dt.datetime:
    # JSON carries times to the millisecond, so that is the precision compared.
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def check_version(obj, expected: dt.datetime | None) -> None:
    """Refuse an edit of ``obj`` (read under ``select_for_update``) unless ``expected`` is the
    version it has now. Raises MissingVersion for None and StaleVersion for any other version."""
    if expected is None:
        raise MissingVersion
    if _ms(obj.updated_at) != _ms(expected):
        raise StaleVersion(obj)


def version_of(obj) -> str:
    """The version an edit form or API client carries for ``obj``."""
    return obj.updated_at.isoformat()


def parse_version(text: str | None) -> dt.datetime | None:
    """The hidden ``version`` of an edit form. Empty: None (refused as missing by
    ``check_version``). Unreadable (tampered): a version that never matches, refused as stale."""
    if not text:
        return None
    try:
        return parse_datetime(text) or STALE
    except ValueError:
        return STALE


def version_field() -> forms.CharField:
    """The hidden field of an edit form. Not required by the form: the service refuses a missing
    version with a message people can act on, instead of "this field is required" on a field
    they cannot see."""
    return forms.CharField(widget=forms.HiddenInput, required=False)
