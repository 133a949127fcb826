"""What every API router shares: the error body, the error statuses to document, id limits."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import AfterValidator

from hamafza.core.jalali import check_supported

MAX_ID = 2**31 - 1


class ErrorOut(Schema):
    detail: str | dict


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


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
