"""Checks for uploaded files: the content must be of an allowed type (read from the bytes, not the
name) and within a size limit. Messages are in the user's language."""

import uuid

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def check_upload(upload, *, allowed: set[str], max_bytes: int) -> str:
    """Return the detected MIME type, or raise ValidationError."""
    if upload is None:
        raise ValidationError(_("Choose a file."))
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576)}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise ValidationError(
            _("This file is not one of the allowed types (%(types)s), whatever its name says.")
            % {"types": ", ".join(sorted(t.split("/")[1].upper() for t in allowed))}
        )
    return kind.mime


def accept_upload(upload, *, allowed: set[str], max_bytes: int):
    """Check an upload and rename it for storage: a random name with the extension of the type
    its bytes show, so a file can never be served as something else (an HTML page named .pdf,
    say). Returns the same upload object, renamed."""
    mime = check_upload(upload, allowed=allowed, max_bytes=max_bytes)
    upload.name = f"{uuid.uuid4().hex}.{EXTENSIONS[mime]}"
    return upload


def content_type_of(name: str) -> str:
    """The content type of a stored upload, from the extension accept_upload gave it."""
    ext = name.rsplit(".", 1)[-1].lower()
    for mime, known in EXTENSIONS.items():
        if known == ext:
            return mime
    return "application/octet-stream"
