"""Encryption of a backup archive: AES-256-GCM over the whole .tar.gz, streamed in chunks.

Layout of an encrypted archive::

    header  = MAGIC (8 bytes) | VERSION (1 byte) | salt (16 random bytes)
    chunk i = AES-GCM(subkey, nonce = i (11 bytes) | final (1 byte),
                      data = plaintext[i * CHUNK : (i + 1) * CHUNK],
                      associated = header | i (8 bytes) | final (1 byte))   -> ciphertext + 16-byte tag

The subkey is HKDF-SHA256 of ``settings.BACKUP_KEY`` with the archive's salt, so nonces never
repeat under one key. Every chunk is authenticated together with the header, its position and
whether it is the last one: a changed byte, a reordered, swapped, dropped or appended chunk, or a
cut-off archive fails authentication. The whole file is decrypted and authenticated before any of
it is unpacked.
"""

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext as _

MAGIC = b"NSTBKENC"
VERSION = 1
SALT = 16
HEADER = len(MAGIC) + 1 + SALT
CHUNK = 1024 * 1024
TAG = 16


class DecryptionError(Exception):
    """The archive cannot be authenticated with the key: nothing was changed."""


def is_encrypted(path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _subkey(key: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"nastavnik backup v1").derive(key))


def _nonce_and_data(header: bytes, index: int, final: bool) -> tuple[bytes, bytes]:
    flag = b"\x01" if final else b"\x00"
    return index.to_bytes(11, "big") + flag, header + struct.pack(">Q", index) + flag


class EncryptingWriter:
    """A write-only file object: what is written to it lands encrypted in ``target``."""

    def __init__(self, target, key: bytes):
        self.target = target
        self.header = MAGIC + bytes([VERSION]) + os.urandom(SALT)
        self.cipher = _subkey(key, self.header[-SALT:])
        self.buffer = bytearray()
        self.index = 0
        self.closed = False
        target.write(self.header)

    def write(self, data) -> int:
        self.buffer += data
        # A full chunk is sealed only once more data follows it, so the last one may carry the flag.
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), final=False)
            del self.buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self.buffer), final=True)
            self.buffer.clear()
            self.closed = True

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        nonce, associated = _nonce_and_data(self.header, self.index, final)
        self.target.write(self.cipher.encrypt(nonce, plaintext, associated))
        self.index += 1


def encrypt_stream(target, key: bytes) -> EncryptingWriter:
    return EncryptingWriter(target, key)


def decrypt_file(source, target, key: bytes) -> None:
    """Decrypts ``source`` into ``target`` (paths); raises DecryptionError if any part fails."""
    refused = _("The archive cannot be decrypted with this BACKUP_KEY: the key is wrong or the archive was altered.")
    with open(source, "rb") as encrypted, open(target, "wb") as plain:
        header = encrypted.read(HEADER)
        if len(header) != HEADER or not header.startswith(MAGIC):
            raise DecryptionError(refused)
        if header[len(MAGIC)] != VERSION:
            raise DecryptionError(
                _("The archive's encryption version %(version)s is unknown.") % {"version": header[len(MAGIC)]}
            )
        cipher = _subkey(key, header[-SALT:])
        index = 0
        block = encrypted.read(CHUNK + TAG)
        while True:
            following = encrypted.read(CHUNK + TAG)
            final = not following
            nonce, associated = _nonce_and_data(header, index, final)
            try:
                plain.write(cipher.decrypt(nonce, block, associated))
            except (InvalidTag, ValueError):
                raise DecryptionError(refused) from None
            if final:
                return
            block, index = following, index + 1
