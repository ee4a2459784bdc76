"""Shared steps of the signature tests: a signed order of school A."""

from documents.models import Document
from tests.documents.test_registry import pairs_order, signed


def signed_order(cast) -> Document:
    return signed(cast, pairs_order(cast))


def signed_bytes(document: Document) -> bytes:
    with document.pdf.open("rb") as handle:
        return handle.read()
