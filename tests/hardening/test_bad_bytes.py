"""Bad bytes are just bad input: a control character in an address is a 404, in an imported cell a row error."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.models import Mentorship
from people import importing
from people.models import Person
from tests.mentoring.helpers import mentee, mentor
from tests.people.spreadsheets import HEADER, csv_bytes
from tests.urlwalk import iter_patterns

BAD_BYTES = ("%00", "%01", "%7F", "ab%00cd", "ab%1Bcd")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# Django's own password reset link answers a broken link with its «invalid link» page, not a 404.
FOREIGN = {"password_reset_confirm"}


def string_routes() -> list[tuple[str, str, str]]:
    """(URL name, route, parameter) for every string parameter of every named route."""
    found = []
    for name, route, _params in iter_patterns():
        for match in PARAMETER.finditer(route):
            if match["converter"] not in ("int", "path"):
                found.append((name, route, match["name"]))
    return found


def address(route: str, parameter: str, bad: str) -> str:
    def fill(match):
        if match["name"] == parameter:
            return bad
        return "1" if match["converter"] == "int" else "regulation"

    return "/" + PARAMETER.sub(fill, route)


def test_the_sweep_covers_the_known_string_parameters():
    names = {name for name, _route, _parameter in string_routes()}
    assert {"survey_answer", "verify", "programs:ical", "public:index", "documents:new", "monitoring:report"} <= names
    assert {"documents:template_edit", "documents:template_reset", "documents:template_preview"} <= names


def test_reversing_the_token_routes_still_works():
    assert reverse("survey_answer", kwargs={"token": "Ab_9-x"}) == "/a/Ab_9-x/"
    assert reverse("verify", kwargs={"code": "ZZZZ-ZZZZ"}) == "/v/ZZZZ-ZZZZ/"
    assert reverse("programs:ical", kwargs={"token": "t0k-en_"}) == "/programs/calendar/t0k-en_.ics"
    assert reverse("documents:new", kwargs={"kind": "order_pairs"}) == "/documents/new/order_pairs/"


@pytest.mark.parametrize(("name", "route", "parameter"), string_routes())
def test_a_control_character_in_an_address_is_a_missing_page(cast, client, name, route, parameter):
    failures = []
    for who in ("anonymous", "curator"):
        client.logout()
        if who != "anonymous":
            client.force_login(cast.curator)
        for bad in BAD_BYTES:
            path = address(route, parameter, bad)
            status = client.get(path).status_code
            if status >= 500 or (status != 404 and name not in FOREIGN):
                failures.append((who, path, status))
    assert failures == [], failures


# ---------------------------------------------------------------------------
# Imports

GOOD_1 = ["1", "Орлова", "Анна", "Игоревна", "ж", "17.05.1990", "педагог", "Учитель"]
GOOD_3 = ["3", "Смирнов", "Олег", "Ильич", "м", "02.03.1985", "педагог", "Завуч"]
CONTROL_CHARACTERS = pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b", "\x7f"])


def people_rows(bad: str) -> list[list]:
    return [HEADER, GOOD_1, ["2", "Белова", "Ольга", f"Пет{bad}ровна", "ж", "31.01.1990", "педагог", "Учитель"], GOOD_3]


def assert_told(report, bad: str, column: str):
    [rejected] = report.rejected
    assert rejected.line == 3
    reason = rejected.reasons[0]
    assert f"«{column}»" in reason, reason
    assert f" {ord(bad)})" in reason, reason
    assert not any(bad in text for text in rejected.reasons), "the bad byte itself is not echoed"


def _confirm_url(response) -> str:
    return re.search(r'action="(/[^"]+/confirm/)"', response.content.decode())[1]


def assert_told_on_page(report: dict, bad: str, column: str):
    """As ``assert_told``, for the report a job keeps for its preview and result pages."""
    [rejected] = report["rejected"]
    assert rejected["line"] == 3
    assert f"«{column}»" in rejected["reason"], rejected
    assert f" {ord(bad)})" in rejected["reason"], rejected
    assert bad not in rejected["reason"], "the bad byte itself is not echoed"


@CONTROL_CHARACTERS
def test_a_control_character_in_a_people_csv_rejects_only_its_row(cast, client_as, bad):
    client = client_as(cast.curator)
    file = SimpleUploadedFile("люди.csv", csv_bytes(people_rows(bad)), content_type="text/csv")

    preview = client.post(reverse("people:import"), {"file": file}, follow=True)

    assert preview.status_code == 200
    assert_told_on_page(preview.context["report"], bad, "Отчество")
    assert "«Отчество»" in preview.content.decode()

    done = client.post(_confirm_url(preview), follow=True)

    assert done.status_code == 200
    numbers = set(Person.objects.for_school(cast.school).values_list("employee_number", flat=True))
    assert {"1", "3"} <= numbers
    assert "2" not in numbers, "the good rows are imported, the bad one is not"
    assert_told_on_page(done.context["report"], bad, "Отчество")


def test_a_tab_or_a_line_break_in_a_cell_is_not_a_control_character_error(cast):
    rows = [HEADER, ["1", "Орлова", "Анна", "Игоревна", "ж", "17.05.1990", "педагог", "Учитель\tи\r\nзавуч"]]

    report = importing.import_people(school=cast.school, file=io.BytesIO(csv_bytes(rows)), filename="p.csv")

    assert report.rejected == []
    assert len(report.created) == 1


@CONTROL_CHARACTERS
def test_a_control_character_in_an_xlsx_cell_rejects_only_its_row(cast, monkeypatch, bad):
    # openpyxl's XML parser refuses control characters, so a reader that decodes Excel's
    # _xHHHH_ escapes is stood in for: whatever the reader yields, the cell check is the same.
    monkeypatch.setattr(importing, "_first_sheet_rows", lambda workbook: iter(people_rows(bad)))

    report = importing.import_people(school=cast.school, file=io.BytesIO(xlsx_bytes([HEADER])), filename="p.xlsx")

    assert_told(report, bad, "Отчество")
    numbers = set(Person.objects.for_school(cast.school).values_list("employee_number", flat=True))
    assert {"1", "3"} <= numbers
    assert "2" not in numbers


def xlsx_bytes(rows, *, replace: tuple[bytes, bytes] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if replace is None:
        return buffer.getvalue()
    source, patched = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename).replace(*replace))
    return patched.getvalue()


@pytest.mark.parametrize("raw", [b"&#1;", b"&#0;", b"\x01"])
def test_an_xlsx_with_a_raw_control_character_is_an_unreadable_file_not_an_error(cast, client_as, raw):
    client = client_as(cast.curator)
    data = xlsx_bytes([HEADER, [*GOOD_1[:3], "PLACEHOLDER", *GOOD_1[4:]]], replace=(b"PLACEHOLDER", raw))
    file = SimpleUploadedFile("люди.xlsx", data, content_type="application/octet-stream")

    response = client.post(reverse("people:import"), {"file": file}, follow=True)

    assert response.status_code == 200
    assert response.context["job"].status == "failed"
    assert response.context["job"].error
    assert not Person.objects.for_school(cast.school).filter(employee_number="1").exists()


PAIRS_HEADER = [
    "Наставник",
    "Наставляемые",
    "Форма",
    "Дата начала",
    "Дата окончания",
    "Статус",
    "Приказ №",
    "Дата приказа",
]
FORM = "педагог – педагог"


@CONTROL_CHARACTERS
def test_a_control_character_in_a_pairs_csv_rejects_only_its_row(cast, client_as, bad):
    mentor(cast.school, employee_number="M1", max_mentees=5)
    for number in ("S1", "S2", "S3"):
        mentee(cast.school, employee_number=number)
    rows = [
        PAIRS_HEADER,
        ["M1", "S1", FORM, "01.09.2025", "31.05.2026", "активна", "01-10/15", "28.08.2025"],
        ["M1", "S2", FORM, "01.09.2025", "31.05.2026", "активна", f"01{bad}10/16", "28.08.2025"],
        ["M1", "S3", FORM, "01.09.2025", "31.05.2026", "активна", "01-10/17", "28.08.2025"],
    ]
    client = client_as(cast.curator)
    file = SimpleUploadedFile("пары.csv", csv_bytes(rows), content_type="text/csv")

    preview = client.post(reverse("mentoring:import"), {"file": file}, follow=True)

    assert preview.status_code == 200
    assert_told_on_page(preview.context["report"], bad, "Приказ №")
    assert "«Приказ №»" in preview.content.decode()

    done = client.post(_confirm_url(preview), follow=True)

    assert done.status_code == 200
    mentees = {
        number
        for pair in Mentorship.objects.for_school(cast.school)
        for number in (person.employee_number for person in pair.mentees)
    }
    assert {"S1", "S3"} <= mentees, "the good rows are imported"
    assert "S2" not in mentees, "the bad row is not"
    assert_told_on_page(done.context["report"], bad, "Приказ №")
