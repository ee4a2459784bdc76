"""What the POST sweep needs: the forms a page offers, hostile payloads for them, a database fingerprint."""

import functools
import random
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.db import connection

ROLES = (
    "anonymous",
    "mentee",
    "mentor",
    "secretary",
    "curator",
    "director",
    "council_member",
    "officer",
    "other_curator",
    "outsider",
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SQL = "' OR 1=1; DROP TABLE people_person; --"
TRAVERSAL = "../../../../etc/passwd"
HUGE = "Я" * 100_000
NUL = "abc\x00def"
BAD_DATES = ("31.02.2026", "0000-00-00", "2026-13-45", "99999-01-01", "вчера")
HUGE_ID = "99999999999999999999999"  # beyond any database integer: a forged choice of a row
BAD_NUMBERS = ("-1", "-99999999999999999999", "1e309", "99999999999999999999999999", "NaN", "Infinity")
TEXT_TYPES = {"text", "textarea", "email", "search", "url", "tel", "password"}
NUMBER_TYPES = {"number", "range"}
DATE_TYPES = {"date", "datetime-local", "month", "time"}
CHOICE_TYPES = {"select", "radio", "checkbox", "hidden"}
SKIPPED_INPUTS = {"submit", "button", "reset", "image"}
# An unusable alphabet: controls, NUL, RTL and zero-width marks, emoji, quotes and Cyrillic.
JUNK_ALPHABET = "\x00\x01\x07\x1b\u202e\u200f\u200b\ufeff😀👩‍🏫'\"<>&%;\\/{}[]$#\nЖжЁё"


# ---------------------------------------------------------------------------
# Forms on a page


@dataclass
class Field:
    name: str
    type: str
    default: str = ""


@dataclass
class PageForm:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    def defaults(self) -> dict:
        """What the browser would send untouched: values, checked boxes, the selected option."""
        return {name: f.default for name, f in self.fields.items() if f.type != "file"}


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self._select: Field | None = None
        self._textarea: Field | None = None

    @property
    def _form(self) -> PageForm | None:
        return self.forms[-1] if self.forms else None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = attrs.get("action") or self.page_url
            self.forms.append(PageForm(action=action.split("?")[0], method=attrs.get("method", "get").lower()))
            return
        form, name = self._form, attrs.get("name")
        if form is None or not name:
            if tag == "option" and self._select is not None:
                self._option(attrs)
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            known = form.fields.get(name)
            if kind in {"radio", "checkbox"}:
                if known is None or ("checked" in attrs and not known.default):
                    form.fields[name] = Field(name, kind, attrs.get("value", "on") if "checked" in attrs else "")
                if not form.fields[name].default:
                    form.fields[name].default = attrs.get("value", "on")
            else:
                form.fields[name] = Field(name, kind, attrs.get("value", ""))
        elif tag == "select":
            self._select = form.fields[name] = Field(name, "select")
        elif tag == "textarea":
            self._textarea = form.fields[name] = Field(name, "textarea")
        elif tag == "option" and self._select is not None:
            self._option(attrs)

    def _option(self, attrs):
        value = attrs.get("value", "")
        if value and (not self._select.default or "selected" in attrs):
            self._select.default = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default += data


def forms_on(html: str, page_url: str) -> list[PageForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return [form for form in parser.forms if form.method == "post"]


# ---------------------------------------------------------------------------
# Payloads: each one turns a form into the data to post


def _text_fields(form: PageForm):
    return [f for f in form.fields.values() if f.type in TEXT_TYPES]


def _with(form: PageForm, values_by_field) -> dict:
    data = form.defaults()
    for f in form.fields.values():
        value = values_by_field(f)
        if value is not None:
            data[f.name] = value
    return {name: value for name, value in data.items() if value is not None}


def markup(form, rng):
    return _with(form, lambda f: (SCRIPT if len(f.name) % 2 else IMG) if f.type in TEXT_TYPES else None)


def sql_and_traversal(form, rng):
    return _with(form, lambda f: rng.choice((SQL, TRAVERSAL)) if f.type in TEXT_TYPES | CHOICE_TYPES else None)


def huge(form, rng):
    return _with(form, lambda f: HUGE if f.type in TEXT_TYPES | NUMBER_TYPES else None)


def nul_bytes(form, rng):
    return _with(form, lambda f: NUL if f.type != "file" else None)


def bad_dates_and_numbers(form, rng):
    def value(f):
        if f.type in DATE_TYPES:
            return rng.choice(BAD_DATES)
        if f.type in NUMBER_TYPES:
            return rng.choice(BAD_NUMBERS)
        if f.type in CHOICE_TYPES:
            return HUGE_ID
        return None

    return _with(form, value)


def lists(form, rng):
    """A list where one value is expected: the field is given twice, as a forged request can."""
    return {name: [value, junk(rng)] for name, value in form.defaults().items()} | {
        f.name: [SCRIPT, SQL] for f in _text_fields(form)
    }


def random_junk(form, rng):
    return {f.name: junk(rng) for f in form.fields.values() if f.type != "file"}


def nothing(form, rng):
    return {}


def junk(rng: random.Random) -> str:
    return "".join(rng.choice(JUNK_ALPHABET) for _ in range(rng.randint(0, 40)))


PAYLOADS = {
    "markup": markup,
    "sql_and_traversal": sql_and_traversal,
    "huge": huge,
    "nul_bytes": nul_bytes,
    "bad_dates_and_numbers": bad_dates_and_numbers,
    "lists": lists,
    "random_junk": random_junk,
    "nothing": nothing,
}
# The roles that act in school A reach the forms' validation: the curator gets every kind, the
# others a few; the rest are refused and get one, to keep the sweep within minutes.
PAYLOADS_OF_ROLE = {
    "curator": tuple(PAYLOADS),
    "director": ("markup", "bad_dates_and_numbers", "lists"),
    "secretary": ("markup", "huge"),
    "mentor": ("markup", "bad_dates_and_numbers"),
    "mentee": ("markup", "bad_dates_and_numbers"),
    # The answer links, the login and the password reset are anonymous pages.
    "anonymous": ("nul_bytes", "huge", "bad_dates_and_numbers", "lists", "markup"),
}
FEW_PAYLOADS = ("lists",)


def files_for(form: PageForm) -> dict:
    """A hostile upload for every file input: a wrong type under a traversing name."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        f.name: SimpleUploadedFile("../../../etc/passwd.pdf", b"<script>alert(1)</script>", "application/pdf")
        for f in form.fields.values()
        if f.type == "file"
    }


# ---------------------------------------------------------------------------
# Is the database as it was?

FINGERPRINT_SKIP = {"last_login"}  # logging a test user in is not the endpoint's write


def project_models():
    root = str(settings.BASE_DIR)
    return [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(root) and ".venv" not in config.path
        for model in config.get_models()
    ]


def fingerprint(models) -> dict:
    """model label → every row's values, ordered by pk (raw SQL: the sweep takes thousands of these)."""
    prints = {}
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(_select_all(model))
            prints[model._meta.label] = cursor.fetchall()
    return prints


@functools.cache
def _select_all(model) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in model._meta.concrete_fields if f.attname not in FINGERPRINT_SKIP)
    return f"SELECT {names} FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}"  # noqa: S608


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]
