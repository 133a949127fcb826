"""Checking uploaded teaching materials by their content, not by their name."""

import os

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 8192

# content type -> extension the stored file gets
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# Shown inline in the browser; everything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp"}


def check_material_file(upload) -> tuple[str, str]:
    """Return (content type, safe file name) of an allowed upload or raise ValidationError."""
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_MATERIAL_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_MATERIAL_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _(
                "This kind of file is not accepted. Upload a PDF, an image (JPEG, PNG, GIF, WebP) "
                "or an office document (Word, Excel, PowerPoint, OpenDocument)."
            ),
            code="file_type",
        )
    return kind.mime, safe_name(getattr(upload, "name", "") or "", ALLOWED_TYPES[kind.mime])


def safe_name(original: str, extension: str) -> str:
    """A storage name with the extension that matches the content (Persian letters kept)."""
    stem = os.path.splitext(os.path.basename(original))[0]
    stem = get_valid_filename(slugify(stem, allow_unicode=True) or "material")
    return f"{stem[:80]}.{extension}"
