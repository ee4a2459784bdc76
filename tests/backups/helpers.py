"""A school with real data behind every kind of file: consent scans, a signed order's PDF."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from documents.models import Document
from people.models import Consent, Person
from tests.documents.test_registry import pairs_order, signed
from tests.factories import ConsentFactory, PersonFactory


@dataclass
class SchoolData:
    person: Person
    consent: Consent
    document: Document


def fill_school(cast, *, last_name="Резервова") -> SchoolData:
    """People, a mentorship proposed and fixed by a signed order, a consent with its scan."""
    person = PersonFactory(school=cast.school, last_name=last_name, first_name="Ирина")
    consent = ConsentFactory(person=person)
    document = signed(cast, pairs_order(cast))
    return SchoolData(person=person, consent=consent, document=document)


def media_files() -> dict[str, bytes]:
    """Every file under MEDIA_ROOT with its bytes, by its path relative to MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def decrypt(archive: Path, target: Path, key: bytes) -> Path:
    """The clear .tar.gz inside an encrypted archive (what the holder of the key can read)."""
    from backups import crypto

    crypto.decrypt_file(archive, target, key)
    return target


def encrypt(plain: Path, target: Path, key: bytes) -> Path:
    """``plain`` encrypted with ``key`` the way the backup command does it."""
    from backups import crypto

    with target.open("wb") as file:
        writer = crypto.encrypt_stream(file, key)
        writer.write(plain.read_bytes())
        writer.close()
    return target
