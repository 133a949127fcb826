"""Photos of experience reports: checked by content and size (``core.uploads``), then decoded and
re-encoded with Pillow into a new image that carries nothing but its pixels, so no metadata
(EXIF with the camera's GPS position, XMP, comments, ICC profile) ever reaches the storage.
The camera's orientation is applied to the pixels first (``exif_transpose``), so the photo still
stands the right way up once its EXIF is gone."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hamafza.core.uploads import EXTENSIONS, IMAGE_TYPES, check_upload

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 10 * 1_048_576
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before its pixels are decoded
MAX_SIDE = 2560  # larger photos are scaled down: nobody needs more to see a classroom activity
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def _unreadable() -> ValidationError:
    return ValidationError(_("This photo could not be read as an image."), code="unreadable")


def clean_photo(upload) -> tuple[ContentFile, str]:
    """(a new file holding only the photo's pixels, its content type) or ValidationError.
    The result has a random name with the extension of its type."""
    mime = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=MAX_PHOTO_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("This photo is too large (%(n)s million pixels at most).")
                    % {"n": MAX_PIXELS // 1_000_000},
                    code="too_large",
                )
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            keep = ("RGB", "L") if mime == "image/jpeg" else ("RGB", "RGBA", "L")
            if image.mode not in keep:
                image = image.convert("RGB" if mime == "image/jpeg" else "RGBA")
            # a new image from the pixels alone: nothing of ``info`` (exif, xmp, comments, icc)
            bare = Image.frombytes(image.mode, image.size, image.tobytes())
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _unreadable() from exc
    finally:
        upload.seek(0)
    out = io.BytesIO()
    options = {"quality": 88} if mime in ("image/jpeg", "image/webp") else {"optimize": True}
    bare.save(out, format=FORMATS[mime], **options)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{EXTENSIONS[mime]}"), mime
