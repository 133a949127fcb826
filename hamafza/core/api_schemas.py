"""What every API router shares: the error body, the error statuses to document, id limits, the
pages of a list."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator

from hamafza.core.jalali import check_supported

MAX_ID = 2**31 - 1


class FieldProblem(Schema):
    """One refused part of a request, as the API's input checks report it."""

    type: str = Field(..., description="What kind of problem, e.g. missing, int_parsing.")
    loc: list[str | int] = Field(..., description="Where: body/query/path, then the field.")
    msg: str
    ctx: dict | None = None


class ErrorOut(Schema):
    """Every error the API answers (400, 401, 403, 404, 409, 422, 500) has this body."""

    detail: str | dict[str, list[str]] | list[FieldProblem] = Field(
        ...,
        description="A sentence; or, for a refused record, the messages by field name "
        "(__all__ for the record as a whole); or, for input that does not fit this document, "
        "one item per field.",
    )


ERRORS = {
    400: ErrorOut,  # a body that is not JSON
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    500: ErrorOut,
}
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


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def kept(*, description: str = "", **constraints):
    """A PATCH field the record cannot be without: left out, it keeps its value; null is refused
    with 422 naming the field (a field the record may leave empty is typed ``X | None`` instead,
    and there null empties it). One rule for every PATCH."""
    note = "Leave it out to keep the value; null is refused."
    return Field(
        None,
        description=f"{description} {note}".strip(),
        json_schema_extra=_no_default,
        **constraints,
    )


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


# The pages of a list: a page past the end is empty; a page number or size the database could not
# even count to is refused (422) instead of reaching the query.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
