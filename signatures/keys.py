"""Private keys at rest: PKCS#8 encrypted with the deployment's passphrase (SIGNING_KEY_PASSPHRASE).

The passphrase comes from the environment (or the file named by SIGNING_KEY_PASSPHRASE_FILE) and
is never stored in the database, so a database dump or a backup holds only encrypted keys.
"""

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def passphrase() -> bytes:
    """Refused in words (nothing is signed) when production runs without the passphrase."""
    value = settings.SIGNING_KEY_PASSPHRASE
    if not value:
        raise ValidationError(
            _("Signing with a certificate is not configured: the administrator must set SIGNING_KEY_PASSPHRASE.")
        )
    return value.encode()


@checks.register(checks.Tags.security, deploy=True)
def passphrase_is_set(app_configs=None, **kwargs):
    if settings.SIGNING_KEY_PASSPHRASE:
        return []
    return [
        checks.Warning(
            "SIGNING_KEY_PASSPHRASE is not set: directors cannot sign documents.",
            hint="Set SIGNING_KEY_PASSPHRASE or SIGNING_KEY_PASSPHRASE_FILE to a long random string.",
            id="signatures.W001",
        )
    ]


def encrypt(private_key) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase()),
    ).decode("ascii")


def decrypt(encrypted_pem: str):
    return serialization.load_pem_private_key(encrypted_pem.encode("ascii"), password=passphrase())
