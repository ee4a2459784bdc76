import base64

import pytest

TEST_BACKUP_KEY = bytes(range(32))


@pytest.fixture(autouse=True)
def backup_key(settings):
    """Backups are encrypted with a key of the tests' own (BACKUP_KEY is unset in the test run)."""
    settings.BACKUP_KEY = TEST_BACKUP_KEY
    return TEST_BACKUP_KEY


def key_in_base64(key: bytes = TEST_BACKUP_KEY) -> str:
    return base64.urlsafe_b64encode(key).decode()
