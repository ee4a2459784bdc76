"""Uploaded files: what they are by their content, how large they may be, and the old file of a
replaced or removed upload deleted once the change is committed.

Every check reads the size first and the bytes after: a file that is too large is refused
before anything parses it. The limits are settings (``*_MAX_MB``, ``LOGO_MAX_PIXELS``).
"""

import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

# Signatures of the formats a school keeps as evidence: PDF, images, office documents (OOXML and
# ODF are ZIP containers, the old Word and Excel formats OLE ones).
EVIDENCE_SIGNATURES = {
    b"%PDF": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"PK\x03\x04": "DOCX, XLSX, PPTX, ODT",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "DOC, XLS, PPT",
}
PDF_SIGNATURES = {b"%PDF": "PDF"}
# Raster images only: an SVG is a document that may carry script.
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
IMAGE_FORMATS = {"PNG", "JPEG"}

DEFAULT_LIMITS_MB = {
    "EVIDENCE_MAX_MB": 20,
    "CONSENT_SCAN_MAX_MB": 10,
    "LOGO_MAX_MB": 2,
    "PUBLIC_FILE_MAX_MB": 20,
}
DEFAULT_LOGO_MAX_PIXELS = 4096 * 4096


def max_mb(setting: str) -> int:
    return getattr(settings, setting, DEFAULT_LIMITS_MB[setting])


def evidence_max_bytes() -> int:
    return max_mb("EVIDENCE_MAX_MB") * 1024 * 1024


def check_size(file, limit_mb: int) -> None:
    if file.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is too large: %(size)s MB, at most %(limit)s MB.")
            % {"size": round(file.size / 1024 / 1024, 1), "limit": limit_mb}
        )


def _head(file, length: int = 8) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(length)
    file.seek(position)
    return head


def check_signature(file, signatures: dict[bytes, str]) -> None:
    """The extension can lie; the first bytes cannot."""
    head = _head(file)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("This kind of file is not accepted: upload %(kinds)s.") % {"kinds": ", ".join(signatures.values())}
        )


def _read_all(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read()
    file.seek(position)
    return data


def validate_evidence(file) -> None:
    check_size(file, max_mb("EVIDENCE_MAX_MB"))
    check_signature(file, EVIDENCE_SIGNATURES)


def validate_pdf(file, limit_mb: int) -> None:
    """A PDF that opens: it starts as one, pypdf reads its pages, and it has no password."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    check_size(file, limit_mb)
    check_signature(file, PDF_SIGNATURES)
    try:
        reader = PdfReader(io.BytesIO(_read_all(file)), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("The PDF is password-protected: upload it without a password."))
        pages = len(reader.pages)
        if pages:
            reader.pages[0].mediabox  # noqa: B018 — a page whose box cannot be read is no page
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as error:
        raise ValidationError(_("The file is not a readable PDF.")) from error
    if not pages:
        raise ValidationError(_("The file is not a readable PDF."))


def validate_image(file, limit_mb: int, max_pixels: int) -> None:
    """A PNG or JPEG picture Pillow can verify, of at most ``max_pixels`` pixels.

    The dimensions come from the header, before any pixel is decoded (a small file may unpack
    into gigabytes).
    """
    from PIL import Image, UnidentifiedImageError

    check_size(file, limit_mb)
    check_signature(file, IMAGE_SIGNATURES)
    not_an_image = ValidationError(_("The file is not a readable PNG or JPEG image."))
    too_many_pixels = ValidationError(
        _("The image is too large: at most %(pixels)s million pixels.") % {"pixels": round(max_pixels / 1_000_000, 1)}
    )
    try:
        with Image.open(io.BytesIO(_read_all(file))) as image:
            if image.format not in IMAGE_FORMATS:
                raise not_an_image
            if image.width * image.height > max_pixels:
                raise too_many_pixels
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own limit, met before ours
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise not_an_image from error


class LogoField(forms.ImageField):
    """A school's logo: PNG or JPEG by content, within LOGO_MAX_MB and LOGO_MAX_PIXELS; checked
    before Django's own image check, which would decode a file of any size."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image(data, max_mb("LOGO_MAX_MB"), getattr(settings, "LOGO_MAX_PIXELS", DEFAULT_LOGO_MAX_PIXELS))
        return super().to_python(data)


def delete_replaced_file(instance, field_name: str) -> None:
    """Once the transaction commits, the file the instance's field held before is deleted if the
    field now holds another one (or none). Call before saving the instance."""
    if instance.pk is None:
        return
    previous = type(instance)._default_manager.filter(pk=instance.pk).values_list(field_name, flat=True).first()
    current = getattr(instance, field_name).name or ""
    if previous and previous != current:
        storage = getattr(instance, field_name).storage
        transaction.on_commit(lambda: storage.delete(previous))


def delete_file_on_commit(field_file) -> None:
    """The file of a row being deleted goes once the deletion is committed."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))
