"""What every API router shares: the error body, the error statuses to document, id limits."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import AfterValidator

from hamafza.core.jalali import check_supported

MAX_ID = 2**31 - 1


class ErrorOut(Schema):
    detail: str | dict


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# What a PATCH or PUT may answer: 409 when someone else saved the record after the version sent.
EDIT_ERRORS = {**ERRORS, 409: ErrorOut}


class VersionIn(Schema):
    """The version every PATCH or PUT must send (core.concurrency): missing answers 422."""

    version: dt.datetime = Field(
        ...,
        description="The record's `version` as you read it. If someone else saved the record "
        "since, the change is refused with 409 and nothing is written; read it again.",
    )


class VersionOut(Schema):
    """The version a client sends back as `version` when it changes the record."""

    version: dt.datetime = Field(..., description="Send it back as `version` to change the record.")

    @staticmethod
    def resolve_version(obj) -> dt.datetime:
        return obj["updated_at"] if isinstance(obj, dict) else obj.updated_at


def _supported(value):
    try:
        check_supported(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return value


# A date or moment an API client sends: refused (422) outside the years Hamafza works with, the
# same rule as the pages' date fields and the imports (core.jalali.check_supported).
SupportedDate = Annotated[dt.date, AfterValidator(_supported)]
SupportedDateTime = Annotated[dt.datetime, AfterValidator(_supported)]
