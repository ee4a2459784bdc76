"""Every translatable string in the code is in the committed catalogues (needs gettext)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="gettext is not installed: cannot re-extract messages"
)


def msgids(po_path):
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "*.sqlite3", ".screenshots", "tests"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--ignore=staticfiles", "-v0"],
        cwd=copy,
        check=True,
    )
    fresh = msgids(copy / "locale/ru/LC_MESSAGES/django.po")
    committed = msgids(ROOT / "locale/ru/LC_MESSAGES/django.po")
    assert fresh - committed == set(), "new strings not in the catalogue: run `make messages` and translate them"
    assert committed - fresh == set(), "strings no longer used: run `make messages` to drop them"
