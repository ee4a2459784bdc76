"""Which certificate signed a document's file, recorded when it is frozen."""

from signatures.models import DocumentSignature


def record_signature(*, document, certificate) -> DocumentSignature:
    signature, _created = DocumentSignature.objects.update_or_create(
        document=document, defaults={"certificate": certificate, "signed_at": document.signed_at}
    )
    return signature
