"""The compiled catalogues match their sources, and every Russian string is translated."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def entries(catalogue):
    return {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in catalogue if not e.obsolete
    }


def test_both_languages_have_catalogues():
    assert {p.parent.parent.name for p in CATALOGUES} == {"ru", "en"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_compiled_mo_is_not_stale(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    translated = {key: value for key, value in entries(po).items() if value[0] or any(s for _n, s in value[1])}
    fuzzy = {(e.msgctxt, e.msgid) for e in po.fuzzy_entries()}
    expected = {key: value for key, value in translated.items() if key not in fuzzy}
    compiled = {key: value for key, value in entries(mo).items() if key[1]}
    assert compiled == expected, "run: python manage.py compilemessages --ignore=.venv"


def test_every_russian_string_is_translated():
    po = polib.pofile(str(LOCALE / "ru/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert missing == []
