"""Files a clerk might upload as a signed paper original: real scans and things that only look like one."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_scan(pages: int = 1, name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), "application/pdf")


def photo_scan(name: str = "scan.jpg", image_format: str = "JPEG") -> SimpleUploadedFile:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (1240, 1754), "white").save(output, format=image_format)
    return SimpleUploadedFile(name, output.getvalue())


def fake_scan() -> SimpleUploadedFile:
    """Four bytes that start like a PDF and are nothing."""
    return SimpleUploadedFile("scan.pdf", b"%PDF", "application/pdf")
