"""The backup archive: a .tar.gz holding the database dump, the media tree and a manifest,
encrypted and authenticated as a whole with ``settings.BACKUP_KEY`` (see ``backups.crypto``).

``manifest.json`` names every other member with its size and SHA-256; an archive whose members
differ from it in any way (a changed, missing or extra file) is refused before anything is touched.
The checksums only catch damage: anyone can recompute them, so an archive is trusted because it
decrypts with the key, and an unencrypted one is read only when the operator asks for it.
"""

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from backups import crypto

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be trusted or read: nothing was changed."""


@dataclass
class Manifest:
    created_at: str
    vendor: str
    dump: str
    migrations: list[list[str]]
    files: list[dict]

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "created_at": self.created_at,
                "database": {"vendor": self.vendor, "dump": self.dump},
                "migrations": self.migrations,
                "files": self.files,
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        try:
            data = json.loads(text)
            if data["format"] != FORMAT:
                raise ArchiveError(_("The archive's format %(format)s is unknown.") % {"format": data["format"]})
            return cls(
                created_at=data["created_at"],
                vendor=data["database"]["vendor"],
                dump=data["database"]["dump"],
                migrations=[list(pair) for pair in data["migrations"]],
                files=list(data["files"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ArchiveError(_("The archive's manifest is damaged: %(error)s") % {"error": exc}) from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _Hashing:
    """A file read through tarfile, hashing exactly the bytes that go into the archive."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.file.read(size)
        self.digest.update(chunk)
        return chunk


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    with path.open("rb") as file:
        stat = os.fstat(file.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = _Hashing(file)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def write(
    target: Path,
    *,
    vendor: str,
    dump: Path,
    dump_name: str,
    media: list[tuple[Path, str]],
    migrations,
    key: bytes | None,
) -> Manifest:
    """Writes the archive beside ``target`` and renames it into place, so a half-written one never
    carries the final name. Each file is hashed as it is archived and the manifest comes last, so
    a file changed meanwhile cannot disagree with its checksum. With a ``key`` the .tar.gz is
    encrypted as it is written (no clear copy on disk); without one it is written in the clear."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as file:
            sink = crypto.encrypt_stream(file, key) if key else file
            with tarfile.open(fileobj=sink, mode="w|gz") as tar:
                manifest = _fill(tar, vendor=vendor, dump=dump, dump_name=dump_name, media=media, migrations=migrations)
            if key:
                sink.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _fill(tar: tarfile.TarFile, *, vendor, dump, dump_name, media, migrations) -> Manifest:
    files = [_add(tar, dump, dump_name)]
    for path, name in media:
        try:
            files.append(_add(tar, path, MEDIA_PREFIX + name))
        except FileNotFoundError:
            continue  # deleted since the listing (an expired upload): nothing to keep
    manifest = Manifest(
        created_at=datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
        vendor=vendor,
        dump=dump_name,
        migrations=sorted([app, name] for app, name in migrations),
        files=files,
    )
    content = manifest.as_json().encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mtime, info.mode = len(content), int(time.time()), 0o644
    tar.addfile(info, io.BytesIO(content))
    return manifest


def unpack(archive: Path, into: Path, *, key: bytes | None, allow_unencrypted: bool = False) -> Manifest:
    """Authenticates and decrypts the archive, extracts it into an empty folder and checks every
    member against the manifest. An unencrypted archive is refused unless ``allow_unencrypted``."""
    if not archive.is_file():
        raise ArchiveError(_("There is no file «%(file)s».") % {"file": archive})
    if not crypto.is_encrypted(archive):
        if not allow_unencrypted:
            raise ArchiveError(
                _(
                    "The archive is not encrypted, so nothing proves it was made by this portal; nothing was "
                    "changed. Restore it only if you trust it, with --unencrypted."
                )
            )
        return _extract(archive, into)
    if key is None:
        raise ArchiveError(
            _("The archive is encrypted: set BACKUP_KEY (or BACKUP_KEY_FILE) to the key it was made with.")
        )
    with tempfile.TemporaryDirectory(prefix="nastavnik-decrypt-") as scratch:
        plain = Path(scratch) / "archive.tar.gz"
        try:
            crypto.decrypt_file(archive, plain, key)
        except crypto.DecryptionError as exc:
            raise ArchiveError(str(exc)) from exc
        return _extract(plain, into)


def _extract(archive: Path, into: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not (member.isfile() or member.isdir()):
                    raise ArchiveError(_("The archive holds «%(name)s», which is not a file.") % {"name": member.name})
                tar.extract(member, into, filter="data")
    except FileNotFoundError:
        raise ArchiveError(_("There is no file «%(file)s».") % {"file": archive}) from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ArchiveError(_("The archive is damaged and cannot be read: %(error)s") % {"error": exc}) from exc
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise ArchiveError(_("The archive has no manifest: it was not made by the backup command."))
    manifest = Manifest.from_json(manifest_path.read_text(encoding="utf-8"))
    _verify(into, manifest)
    return manifest


def _verify(folder: Path, manifest: Manifest) -> None:
    listed = {item["path"]: item for item in manifest.files}
    present = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).as_posix() != MANIFEST
    }
    problems = [_("missing: %(name)s") % {"name": name} for name in sorted(listed.keys() - present)]
    problems += [_("not in the manifest: %(name)s") % {"name": name} for name in sorted(present - listed.keys())]
    for name in sorted(listed.keys() & present):
        if sha256_of(folder / name) != listed[name]["sha256"]:
            problems.append(_("checksum mismatch: %(name)s") % {"name": name})
    if manifest.dump not in listed:
        problems.append(_("missing: %(name)s") % {"name": manifest.dump})
    if problems:
        raise ArchiveError(
            _("The archive is damaged or was altered; nothing was changed. %(problems)s")
            % {"problems": "; ".join(problems[:20])}
        )
