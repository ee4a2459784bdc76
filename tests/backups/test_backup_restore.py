"""Backup of the database and the uploaded files, and their restore: all of it, or nothing.

On SQLite the in-memory test database is backed up and restored in place (the sqlite3 backup
API). On PostgreSQL pg_dump runs in another process, so the data is committed
(``transaction=True``) and the restore goes into a scratch database of our own, never into the
test database the suite is using.
"""

import gzip
import io
import json
import os
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils.translation import gettext

from backups import database
from documents.models import DocumentStatus
from people.models import Consent, Person
from tests.backups.conftest import TEST_BACKUP_KEY
from tests.backups.helpers import decrypt, encrypt, fill_school, media_files

SCRATCH_DB = "mentoring_f_restore_check"
SCRATCH_ALIAS = "f_restore_check"


def back_up(tmp_path) -> Path:
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("nastavnik-backup-*.tar.gz.enc")
    return archive


def restore(archive, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, **options)
    return out.getvalue()


def spoil(data, *, using="default"):
    """What a bad day does: a name changed, a person and a consent deleted, files changed and lost."""
    Person.objects.using(using).filter(pk=data.person.pk).update(last_name="Испорченова")
    Consent.objects.using(using).filter(pk=data.consent.pk).delete()
    Path(data.consent.scan.storage.path(data.consent.scan.name)).write_bytes(b"overwritten")
    Path(data.document.pdf.storage.path(data.document.pdf.name)).unlink()
    (Path(data.consent.scan.storage.location).parent / "stray.txt").write_text("appeared after the backup")


def rewritten(archive: Path, tmp_path: Path, change) -> Path:
    """A copy of the archive with each member's bytes passed through ``change(name, content)``,
    encrypted again with the right key: the checksums are what is left to catch the change."""
    plain = tmp_path / "plain.tar.gz"
    with (
        tarfile.open(decrypt(archive, tmp_path / "source.tar.gz", TEST_BACKUP_KEY), "r:gz") as source,
        tarfile.open(plain, "w:gz") as target,
    ):
        for member in source:
            if not member.isfile():
                target.addfile(member)
                continue
            content = change(member.name, source.extractfile(member).read())
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    return encrypt(plain, tmp_path / "rewritten.tar.gz.enc", TEST_BACKUP_KEY)


def tampered_copy(archive: Path, tmp_path: Path) -> Path:
    """One media file's bytes changed, the manifest left as it was."""

    def change(name, content):
        if name.startswith("media/") and name.endswith(".pdf"):
            return content.replace(b"%PDF", b"%PDX", 1)
        return content

    return rewritten(archive, tmp_path, change)


def manifest_of(archive: Path) -> dict:
    with tarfile.open(decrypt(archive, archive.with_name("manifest-check.tar.gz"), TEST_BACKUP_KEY), "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_and_restore_bring_back_the_data_and_the_files(cast, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; on PostgreSQL the test below runs")
    data = fill_school(cast)
    assert data.document.status == DocumentStatus.SIGNED
    media_before = media_files()
    archive = back_up(tmp_path)

    manifest = manifest_of(archive)
    assert manifest["database"]["vendor"] == "sqlite"
    assert ["people", "0001_initial"] in manifest["migrations"]
    listed = {item["path"] for item in manifest["files"]}
    assert {f"media/{name}" for name in media_before} <= listed

    spoil(data)
    with pytest.raises(CommandError, match="--yes"):
        restore(archive)
    assert Person.objects.get(pk=data.person.pk).last_name == "Испорченова"

    restore(archive, yes=True)

    assert Person.objects.get(pk=data.person.pk).last_name == "Резервова"
    assert Consent.objects.filter(pk=data.consent.pk).exists()
    assert media_files() == media_before


@pytest.mark.django_db(transaction=True)
def test_sqlite_a_tampered_archive_is_refused_and_changes_nothing(cast, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; on PostgreSQL the test below runs")
    data = fill_school(cast)
    archive = back_up(tmp_path)
    spoil(data)
    spoiled = media_files()

    with pytest.raises(CommandError) as refused:
        restore(tampered_copy(archive, tmp_path), yes=True)

    assert gettext("checksum mismatch: %(name)s") % {"name": ""} in str(refused.value)
    assert Person.objects.get(pk=data.person.pk).last_name == "Испорченова"
    assert media_files() == spoiled


@pytest.mark.django_db
def test_a_truncated_archive_is_refused(tmp_path):
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(gzip.compress(b"not a tar at all" * 100)[:50])
    with pytest.raises(CommandError, match=gettext("The archive is damaged and cannot be read: %(error)s")[:20]):
        restore(broken, yes=True, unencrypted=True)


@pytest.mark.django_db(transaction=True)
def test_an_archive_from_a_newer_portal_is_refused(cast, tmp_path):
    archive = back_up(tmp_path)

    def from_the_future(name, content):
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["migrations"].append(["people", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    with pytest.raises(CommandError, match="9999_from_the_future"):
        restore(rewritten(archive, tmp_path, from_the_future), yes=True)


# PostgreSQL: pg_dump of the test database, pg_restore into a scratch database of our own.


@pytest.fixture
def scratch_database():
    """An empty PostgreSQL database reachable as the alias ``SCRATCH_ALIAS``; dropped afterwards."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but DATABASE_URL is not PostgreSQL: the pg_dump/pg_restore test must run in CI")
        pytest.skip("DATABASE_URL is not PostgreSQL: pg_dump/pg_restore are not tested")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}"')
        cursor.execute(f'CREATE DATABASE "{SCRATCH_DB}"')
    # Made by hand, not added to DATABASES: pytest-django lets a test use such a connection.
    default = connections["default"]
    connections[SCRATCH_ALIAS] = type(default)({**default.settings_dict, "NAME": SCRATCH_DB}, SCRATCH_ALIAS)
    yield SCRATCH_ALIAS
    connections[SCRATCH_ALIAS].close()
    del connections[SCRATCH_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_and_restore_bring_back_the_data_and_the_files(cast, tmp_path, scratch_database):
    data = fill_school(cast)
    media_before = media_files()
    archive = back_up(tmp_path)
    assert manifest_of(archive)["database"] == {"vendor": "postgresql", "dump": "database.pgdump"}

    # Into the empty scratch database: no --yes needed.
    restore(archive, database=scratch_database)
    restored = Person.objects.using(scratch_database)
    assert restored.get(pk=data.person.pk).last_name == "Резервова"
    assert restored.count() == Person.objects.count()

    spoil(data, using=scratch_database)
    with pytest.raises(CommandError, match="--yes"):
        restore(archive, database=scratch_database)
    with pytest.raises(CommandError, match=gettext("checksum mismatch: %(name)s") % {"name": ""}):
        restore(tampered_copy(archive, tmp_path), database=scratch_database, yes=True)
    assert restored.get(pk=data.person.pk).last_name == "Испорченова"
    assert not Consent.objects.using(scratch_database).filter(pk=data.consent.pk).exists()

    restore(archive, database=scratch_database, yes=True)

    assert restored.get(pk=data.person.pk).last_name == "Резервова"
    assert Consent.objects.using(scratch_database).filter(pk=data.consent.pk).exists()
    assert media_files() == media_before


def test_the_database_password_travels_in_the_environment_never_in_argv(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(
        database.subprocess, "run", lambda argv, **kwargs: calls.append((argv, kwargs)) or SimpleNamespace(returncode=0)
    )
    production = SimpleNamespace(
        vendor="postgresql",
        settings_dict={"NAME": "mentoring", "USER": "mentoring", "PASSWORD": "s3cret-Pa55", "HOST": "db", "PORT": 5432},
        close=lambda: None,
    )

    database.dump(production, tmp_path / "dump")
    database.restore(production, tmp_path / "dump")

    for argv, kwargs in calls:
        assert not any("s3cret-Pa55" in argument for argument in argv)
        assert kwargs["env"]["PGPASSWORD"] == "s3cret-Pa55"
        assert argv[argv.index("--host") + 1] == "db"
    assert [argv[0] for argv, _kwargs in calls] == ["pg_dump", "pg_restore"]
