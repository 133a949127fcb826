"""What every API router shares: the error body, the error statuses to document, id limits."""

from ninja import Schema

MAX_ID = 2**31 - 1


class ErrorOut(Schema):
    detail: str | dict


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
