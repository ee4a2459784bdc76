"""Backups cannot be read or forged without BACKUP_KEY (issue 16, item 5).

The archive is AES-256-GCM over the whole .tar.gz, in authenticated chunks; restore refuses
anything that does not authenticate before touching the database or MEDIA_ROOT.
"""

import base64
import gzip
import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from backups import archive as backup_archive
from backups import crypto
from config.env import env_key
from people.models import Person
from tests.backups.conftest import TEST_BACKUP_KEY, key_in_base64
from tests.backups.helpers import decrypt, encrypt, fill_school, media_files

OTHER_KEY = bytes(range(100, 132))


def back_up(tmp_path, **options) -> Path:
    folder = tmp_path / "backups"
    call_command("backup", output=str(folder), stdout=io.StringIO(), stderr=io.StringIO(), **options)
    (archive,) = folder.glob("nastavnik-backup-*")
    return archive


def restore(archive, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, **options)
    return out.getvalue()


def spoiled_after_backup(cast, tmp_path):
    """An encrypted backup, then a change after it: the sentinel a refused restore must leave alone."""
    data = fill_school(cast)
    archive = back_up(tmp_path)
    Person.objects.filter(pk=data.person.pk).update(last_name="Испорченова")
    (Path(settings.MEDIA_ROOT) / "after-the-backup.txt").write_text("sentinel")
    return data, archive, media_files()


def assert_untouched(data, media_before):
    assert Person.objects.get(pk=data.person.pk).last_name == "Испорченова"
    assert media_files() == media_before


def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("restores into the test database: the SQLite variant (PostgreSQL: test_backup_restore)")


@pytest.mark.django_db(transaction=True)
def test_the_archive_holds_no_personal_data_in_the_clear(cast, tmp_path):
    data = fill_school(cast)
    encrypted = back_up(tmp_path).read_bytes()

    assert encrypted.startswith(crypto.MAGIC)
    assert not encrypted.startswith(b"\x1f\x8b")  # not a gzip file: nothing to decompress
    secrets = [
        data.person.last_name,
        cast.officer.last_name,
        cast.officer.email,
        cast.director.email,
        "manifest.json",
        "SQLite format",
    ]
    for secret in secrets:
        assert secret.encode() not in encrypted
    assert Path(data.consent.scan.path).read_bytes() not in encrypted

    # The same search finds them in an archive made with --unencrypted: it is not a blind test.
    plain = gzip.decompress(back_up(tmp_path / "plain", unencrypted=True).read_bytes())
    assert b"manifest.json" in plain
    if connection.vendor == "sqlite":  # pg_dump compresses its tables: names are not in clear there
        assert data.person.last_name.encode() in plain
        assert cast.officer.email.encode() in plain


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["magic", "salt", "first chunk", "middle", "last byte"])
def test_a_flipped_byte_anywhere_is_refused_and_changes_nothing(cast, tmp_path, where):
    data, archive, media_before = spoiled_after_backup(cast, tmp_path)
    content = bytearray(archive.read_bytes())
    position = {
        "magic": 0,
        "salt": crypto.HEADER - 1,
        "first chunk": crypto.HEADER + 5,
        "middle": len(content) // 2,
        "last byte": len(content) - 1,
    }[where]
    content[position] ^= 0x01
    broken = tmp_path / "flipped.tar.gz.enc"
    broken.write_bytes(bytes(content))

    with pytest.raises(CommandError):
        restore(broken, yes=True)

    assert_untouched(data, media_before)


@pytest.mark.django_db(transaction=True)
def test_a_cut_off_or_extended_archive_is_refused(cast, tmp_path, monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 4096)  # many chunks, so whole ones can be dropped
    data, archive, media_before = spoiled_after_backup(cast, tmp_path)
    content = archive.read_bytes()
    sealed = crypto.CHUNK + crypto.TAG
    assert len(content) > crypto.HEADER + 3 * sealed
    count = -(-(len(content) - crypto.HEADER) // sealed)
    first, second = (content[crypto.HEADER + i * sealed : crypto.HEADER + (i + 1) * sealed] for i in (0, 1))
    variants = {
        "last chunk dropped": content[: crypto.HEADER + (count - 1) * sealed],
        "cut mid-chunk": content[: len(content) // 2],
        "chunks swapped": content[: crypto.HEADER] + second + first + content[crypto.HEADER + 2 * sealed :],
        "a chunk repeated": content[: crypto.HEADER] + first + content[crypto.HEADER :],
        "bytes appended": content + b"\x00" * 32,
        "header only": content[: crypto.HEADER],
    }
    for name, variant in variants.items():
        broken = tmp_path / f"{name}.enc"
        broken.write_bytes(variant)
        with pytest.raises(CommandError):
            restore(broken, yes=True)
        assert_untouched(data, media_before)


def forged(archive: Path, tmp_path: Path, officer_username: str) -> Path:
    """The attack of issue 16: decrypt (with a stolen key, say), make the officer a superuser in
    the dump, recompute the manifest's checksums and pack it again — without BACKUP_KEY."""
    work = tmp_path / "forgery"
    work.mkdir()
    with tarfile.open(decrypt(archive, tmp_path / "decrypted.tar.gz", TEST_BACKUP_KEY), "r:gz") as tar:
        tar.extractall(work, filter="data")
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    dump = work / manifest["database"]["dump"]
    table = get_user_model()._meta.db_table
    with sqlite3.connect(dump) as db:
        changed = db.execute(
            f'UPDATE "{table}" SET is_superuser = 1, is_staff = 1 WHERE username = ?',  # noqa: S608 — a model's table
            [officer_username],
        ).rowcount
    assert changed == 1
    for item in manifest["files"]:
        content = (work / item["path"]).read_bytes()
        item["size"], item["sha256"] = len(content), hashlib.sha256(content).hexdigest()
    (work / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    repacked = tmp_path / "forged.tar.gz"
    with tarfile.open(repacked, "w:gz") as tar:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                tar.add(path, path.relative_to(work).as_posix())
    return repacked


@pytest.mark.django_db(transaction=True)
def test_the_forgery_from_the_issue_is_refused(cast, tmp_path):
    sqlite_only()
    data, archive, media_before = spoiled_after_backup(cast, tmp_path)
    forgery = forged(archive, tmp_path, cast.officer.username)
    # The forgery is well made: its recomputed manifest passes the checksum check on its own.
    backup_archive.unpack(forgery, tmp_path / "check", key=None, allow_unencrypted=True)

    # Packed in the clear, as the attacker has no key.
    with pytest.raises(CommandError, match="--unencrypted"):
        restore(forgery, yes=True)
    # Named like a real backup, still refused.
    disguised = forgery.with_name("nastavnik-backup-20260101-000000.tar.gz.enc")
    forgery.rename(disguised)
    with pytest.raises(CommandError, match="--unencrypted"):
        restore(disguised, yes=True)
    # Encrypted with a key of the attacker's own.
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        restore(encrypt(disguised, tmp_path / "own-key.enc", OTHER_KEY), yes=True)

    assert not get_user_model().objects.get(pk=cast.officer.pk).is_superuser
    assert_untouched(data, media_before)


@pytest.mark.django_db(transaction=True)
def test_a_wrong_key_is_refused_and_the_right_one_restores(cast, tmp_path):
    sqlite_only()
    data, archive, media_before = spoiled_after_backup(cast, tmp_path)

    settings.BACKUP_KEY = OTHER_KEY
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        restore(archive, yes=True)
    settings.BACKUP_KEY = None
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        restore(archive, yes=True)
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        restore(archive, yes=True, unencrypted=True)  # the flag admits clear archives, it is no key
    assert_untouched(data, media_before)

    settings.BACKUP_KEY = TEST_BACKUP_KEY
    restore(archive, yes=True)

    assert Person.objects.get(pk=data.person.pk).last_name == data.person.last_name
    assert "after-the-backup.txt" not in media_files()


@pytest.mark.django_db(transaction=True)
def test_without_a_key_backup_refuses_unless_told_to_write_in_the_clear(cast, tmp_path):
    settings.BACKUP_KEY = None
    with pytest.raises(CommandError, match="--unencrypted"):
        back_up(tmp_path)
    assert not list((tmp_path / "backups").glob("*"))

    err = io.StringIO()
    call_command("backup", output=str(tmp_path / "backups"), unencrypted=True, stdout=io.StringIO(), stderr=err)
    (archive,) = (tmp_path / "backups").glob("nastavnik-backup-*")
    assert archive.name.endswith(".tar.gz")
    assert "Архив НЕ зашифрован" in err.getvalue()
    with tarfile.open(archive, "r:gz") as tar:
        assert "manifest.json" in tar.getnames()


@pytest.mark.django_db(transaction=True)
def test_keep_counts_encrypted_archives(cast, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20250101-000000", "20250102-000000"):
        (folder / f"nastavnik-backup-{stamp}.tar.gz.enc").write_bytes(b"old")
    call_command("backup", output=str(folder), keep=2, stdout=io.StringIO())
    kept = sorted(path.name for path in folder.glob("nastavnik-backup-*"))
    assert len(kept) == 2
    assert kept[0] == "nastavnik-backup-20250102-000000.tar.gz.enc"


def test_the_encryption_round_trips_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 64)
    for size in (0, 1, 63, 64, 65, 128, 1000):
        plain = tmp_path / f"plain-{size}"
        plain.write_bytes(bytes(i % 251 for i in range(size)))
        sealed = encrypt(plain, tmp_path / f"sealed-{size}", TEST_BACKUP_KEY)
        assert decrypt(sealed, tmp_path / f"opened-{size}", TEST_BACKUP_KEY).read_bytes() == plain.read_bytes()
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt_file(sealed, tmp_path / "nothing", OTHER_KEY)


def test_backup_key_prints_a_key_the_setting_accepts(monkeypatch):
    out = io.StringIO()
    call_command("backup_key", stdout=out)
    printed = out.getvalue().strip()
    assert len(base64.urlsafe_b64decode(printed)) == 32
    monkeypatch.delenv("BACKUP_KEY_FILE", raising=False)
    monkeypatch.setenv("BACKUP_KEY", printed)
    assert env_key("BACKUP_KEY") == base64.urlsafe_b64decode(printed)


def test_a_malformed_key_is_refused(monkeypatch):
    monkeypatch.delenv("BACKUP_KEY_FILE", raising=False)
    monkeypatch.setenv("BACKUP_KEY", key_in_base64()[:-8])
    with pytest.raises(ImproperlyConfigured, match="BACKUP_KEY"):
        env_key("BACKUP_KEY")
