"""Importing existing pairs and groups: what is created, flagged, left alone or rejected, and why."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from audit.models import AuditAction, AuditEvent
from mentoring import lifecycle
from mentoring.importing import import_pairs
from mentoring.models import MentoringSettings, Mentorship, Participant, Status, StatusChange, TerminationReason
from people.importing import UnreadableFile
from people.models import PersonKind
from tests.factories import SchoolFactory
from tests.mentoring.helpers import mentee, mentor, teacher_form
from tests.people.spreadsheets import csv_bytes, rejected_lines, write_csv, write_xlsx

HEADER = ["Наставник", "Наставляемые", "Форма", "Дата начала", "Дата окончания", "Статус", "Приказ №", "Дата приказа"]
FORM = "педагог – педагог"


def row(mentor="M1", mentees="S1", form=FORM, start="01.09.2025", end="31.05.2026", status="активна", order="01-10/15"):
    return [mentor, mentees, form, start, end, status, order, "28.08.2025" if order else ""]


@pytest.fixture
def school(db):
    return SchoolFactory(slug="sosh-7")


@pytest.fixture
def people(school):
    """Mentors M1–M3 and mentees S1–S4 of the school, all with their consents."""
    found = {f"M{n}": mentor(school, employee_number=f"M{n}") for n in range(1, 4)}
    found |= {f"S{n}": mentee(school, employee_number=f"S{n}") for n in range(1, 5)}
    return found


@pytest.fixture
def upload(tmp_path):
    """``upload(rows)`` writes the header and the rows as a CSV file and returns its path."""

    def write(rows, name="pairs.csv", header=HEADER, **options):
        return write_csv(tmp_path / name, [header, *rows], **options)

    return write


def run(school, path, **options):
    with path.open("rb") as file:
        return import_pairs(school=school, file=file, filename=path.name, **options)


def participants(mentorship, role) -> set[str]:
    return {p.person.employee_number for p in mentorship.participants.all() if p.role == role}


def imported(school) -> list[Mentorship]:
    return list(Mentorship.objects.for_school(school).order_by("planned_start", "pk"))


# Pairs, groups and statuses


def test_a_pair_and_a_group_enter_with_their_status_and_order(school, people, upload, cast):
    path = upload(
        [
            row("M1", "S1", start="01.09.2025", status="активна"),
            row("M2", "S2, S3", start="01.09.2024", end="31.05.2025", status="Завершена", order=""),
        ]
    )

    report = run(school, path, actor=cast.curator)

    assert (len(report.created), len(report.unchanged), len(report.rejected)) == (2, 0, 0)
    group, pair = imported(school)
    assert pair.status == Status.ACTIVE
    assert (participants(pair, "mentor"), participants(pair, "mentee")) == ({"M1"}, {"S1"})
    assert (pair.planned_start, pair.planned_end, pair.actual_end) == (
        datetime.date(2025, 9, 1),
        datetime.date(2026, 5, 31),
        None,
    )
    assert (pair.order_number, pair.order_date) == ("01-10/15", datetime.date(2025, 8, 28))
    assert pair.imported
    assert pair.created_by == cast.curator
    assert pair.consent_alert == ""
    assert group.is_group
    assert participants(group, "mentee") == {"S2", "S3"}
    assert group.status == Status.COMPLETED
    assert group.actual_end == datetime.date(2025, 5, 31)
    assert {p.started_on for p in group.participants.all()} == {datetime.date(2024, 9, 1)}
    [change] = StatusChange.objects.filter(mentorship=pair)
    assert (change.from_status, change.to_status, change.by) == ("", Status.ACTIVE, cast.curator)
    assert re.search(r"\b2\b", change.note), "the history names the line of the file"


def test_a_terminated_pair_is_ended_by_mutual_agreement(school, people, upload):
    run(school, upload([row(status="ПРЕКРАЩЁННАЯ", end="31.05.2026")]))

    [mentorship] = imported(school)
    assert mentorship.status == Status.TERMINATED
    assert mentorship.actual_end == datetime.date(2026, 5, 31)
    assert mentorship.termination_reason == TerminationReason.MUTUAL
    assert mentorship.termination_note
    assert mentorship.status_changes.get().to_status == Status.TERMINATED


@pytest.mark.parametrize(
    ("written", "order", "status"),
    [
        ("утверждена", "01-10/15", Status.APPROVED),
        ("Утверждённая", "01-10/15", Status.APPROVED),
        ("утверждена приказом", "01-10/15", Status.APPROVED),
        ("approved by order", "01-10/15", Status.APPROVED),
        ("активна", "01-10/15", Status.ACTIVE),
        ("Действует", "01-10/15", Status.ACTIVE),
        ("ACTIVE", "01-10/15", Status.ACTIVE),
        ("завершена", "01-10/15", Status.COMPLETED),
        ("Completed", "01-10/15", Status.COMPLETED),
        ("прекращена", "01-10/15", Status.TERMINATED),
        ("Прекращена досрочно", "01-10/15", Status.TERMINATED),
        ("terminated", "01-10/15", Status.TERMINATED),
        ("не сформирована", "", Status.NOT_FORMED),
        ("НЕ СФОРМИРОВАННАЯ", "", Status.NOT_FORMED),
        ("not formed", "", Status.NOT_FORMED),
        ("предложена", "", Status.PROPOSED),
        ("proposed", "", Status.PROPOSED),
        ("черновик", "", Status.DRAFT),
        ("Draft", "", Status.DRAFT),
    ],
)
def test_every_status_word_and_label_of_the_portal_is_understood(school, people, upload, written, order, status):
    report = run(school, upload([row(status=written, order=order)]))

    assert report.rejected == []
    assert imported(school)[0].status == status


def test_an_approved_pair_enters_with_its_order_and_waits_for_its_start(school, people, upload):
    mentor(school, employee_number="M9", consents=False)
    report = run(
        school,
        upload(
            [
                row("M1", "S1", start="01.09.2026", end="31.05.2027", status="утверждена"),
                row("M9", "S2", start="01.09.2026", end="31.05.2027", status="утверждена"),
            ]
        ),
    )

    assert report.rejected == []
    signed, lacking = imported(school)[0], Mentorship.objects.get(participants__person__employee_number="M9")
    assert signed.status == Status.APPROVED
    assert (signed.order_number, signed.order_date, signed.actual_end) == ("01-10/15", datetime.date(2025, 8, 28), None)
    assert signed.status_changes.get().to_status == Status.APPROVED
    assert lifecycle.mentor_load(people["M1"]) == 1, "an approved pair weighs on its mentor"
    assert [pair.line for pair in report.flagged] == [3], "an approved pair lacking consents is flagged"
    assert lacking.consent_alert


def test_a_terminated_pair_without_its_order_was_never_formed(school, people, upload):
    path = upload([row(status="прекращена", order="", end="31.05.2026")])

    report = run(school, path)

    [created] = report.created
    [mentorship] = imported(school)
    assert mentorship.status == Status.NOT_FORMED
    assert mentorship.termination_reason == TerminationReason.NOT_FORMED
    assert mentorship.actual_end == datetime.date(2026, 5, 31)
    assert mentorship.status_changes.get().to_status == Status.NOT_FORMED
    assert any("«прекращена»" in note and "«Приказ №»" in note for note in created.warnings)
    assert lifecycle.mentor_load(people["M1"]) == 0
    assert not Mentorship.objects.running_during(datetime.date(2025, 9, 1), datetime.date(2026, 5, 31)).exists()

    again = run(school, path)

    assert (len(again.created), len(again.unchanged)) == (0, 1)


def test_an_empty_status_means_active_with_an_order_and_proposed_without_one(school, people, upload):
    run(school, upload([row(status=""), row("M2", "S2", status="", order="")]))

    with_order, without = sorted(imported(school), key=lambda m: m.order_number, reverse=True)
    assert (with_order.status, with_order.order_number) == (Status.ACTIVE, "01-10/15")
    assert (without.status, without.order_number) == (Status.PROPOSED, "")


@pytest.mark.parametrize(
    ("written", "form_name"),
    [
        ("Педагог — педагог", FORM),
        ("педагог-педагог", FORM),
        ("ПЕДАГОГ – ПЕДАГОГ", FORM),
        ("  педагог   -   педагог ", FORM),
        ("Социальный партнер ‐ педагог", "социальный партнёр – педагог"),
    ],
)
def test_the_form_is_matched_ignoring_case_yo_dashes_and_spaces(school, upload, written, form_name):
    external = mentor(school, employee_number="X1", kind=PersonKind.EXTERNAL)
    staff = mentor(school, employee_number="T1")
    mentee(school, employee_number="S1")
    mentor_number = external.employee_number if "партн" in form_name else staff.employee_number

    report = run(school, upload([row(mentor_number, "S1", form=written)]))

    assert report.rejected == []
    assert imported(school)[0].form.name == form_name


# Bad rows


BAD_ROWS = {
    "unknown form": (row(form="учитель – учитель"), ["«учитель – учитель»", f"«{FORM}»"]),
    "unknown mentor": (row(mentor="404"), ["404", "«Наставник»"]),
    "unknown mentee": (row(mentees="S1, 405"), ["405", "«Наставляемые»"]),
    "mentor among mentees": (row(mentees="S1, M1"), ["M1"]),
    "wrong kind for the form": (row(form="ученик – ученик"), ["ученик – ученик"]),
    "end before start": (row(start="01.09.2025", end="31.08.2025"), ["31.08.2025", "01.09.2025"]),
    "impossible date": (row(end="31.02.2026"), ["31.02.2026"]),
    "unknown status": (
        row(status="на паузе"),
        ["на паузе", "«утверждена»", "«активна»", "«завершена»", "«прекращена»", "«не сформирована»"],
    ),
    "approved without its order": (
        row(status="утверждена", order=""),
        ["«утверждена»", "«Приказ №»", "«Дата приказа»"],
    ),
    "not formed with an order": (row(status="не сформирована"), ["«не сформирована»", "01-10/15", "«прекращена»"]),
    "a draft with an order": (row(status="черновик"), ["«черновик»", "01-10/15", "«утверждена»"]),
    "empty mentees": (row(mentees=""), ["«Наставляемые»"]),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_rejected_with_its_line_and_reason(school, people, upload, case):
    bad, words = BAD_ROWS[case]
    path = upload([row("M2", "S2"), bad, row("M3", "S3")])

    report = run(school, path)

    assert rejected_lines(report) == [3]
    [rejected] = report.rejected
    for word in words:
        assert word in rejected.reason
    assert str(rejected).startswith(("Line 3", "Строка 3"))
    assert {participants(m, "mentor").pop() for m in imported(school)} == {"M2", "M3"}, "the good rows still enter"


def test_every_bad_row_of_a_file_is_named_and_the_good_ones_imported(school, people, upload):
    bad_rows = [bad for bad, _words in BAD_ROWS.values()]
    path = upload([row("M2", "S2"), *bad_rows, row("M3", "S3")])

    report = run(school, path)

    assert rejected_lines(report) == list(range(3, 3 + len(bad_rows)))
    assert len(report.created) == 2
    assert Mentorship.objects.count() == 2
    assert Participant.objects.count() == 4


def test_a_mentee_kind_that_does_not_fit_the_form_is_rejected(school, people, upload):
    mentee(school, employee_number="P1", kind=PersonKind.PUPIL)

    report = run(school, upload([row("M1", "S1, P1")]))

    assert "P1" in report.rejected[0].reason
    assert Mentorship.objects.count() == 0


def test_a_repeated_row_is_rejected_as_a_repeat_of_the_first(school, people, upload):
    report = run(school, upload([row("M1", "S1, S2"), row("M2", "S3"), row("M1", "S2,S1", status="завершена")]))

    assert len(report.created) == 2
    [rejected] = report.rejected
    assert rejected.line == 4
    assert re.search(r"\b2\b", rejected.reason)


def test_the_header_is_read_in_any_order_and_case_with_remarks(school, people, upload):
    header = ["дата ОКОНЧАНИЯ", "Наставляемые (табельные номера через запятую)", "НАСТАВНИК (табельный номер)"]
    header += ["Дата начала", "форма наставничества"]

    report = run(school, upload([["31.05.2026", "S1", "M1", "01.09.2025", FORM]], header=header))

    assert len(report.created) == 1
    assert imported(school)[0].planned_end == datetime.date(2026, 5, 31)


def test_a_file_without_a_required_column_cannot_be_read(school, people, upload):
    path = upload([["M1", "S1", "01.09.2025"]], header=["Наставник", "Наставляемые", "Дата начала"])

    with pytest.raises(UnreadableFile, match=r"«Форма».*«Дата окончания»"):
        run(school, path)


# Warnings and flags


def test_a_term_outside_3_to_12_months_is_a_warning_not_a_rejection(school, people, upload):
    report = run(school, upload([row(start="01.09.2024", end="31.05.2026")]))

    [created] = report.created
    assert report.rejected == []
    assert any("12" in warning for warning in created.warnings)


def test_an_active_pair_without_an_order_is_refused_and_a_completed_one_warned_about(school, people, upload):
    """«Активна» without its order would be a pair no director fixed (issue 15): the row is refused.
    A completed pair of past years is history; its missing order is only said."""
    report = run(school, upload([row(order=""), row("M2", "S2", status="завершена", order="")]))

    [completed] = report.created
    [refused] = report.rejected
    assert refused.line == 2
    assert any("«Приказ №»" in reason and "«Дата приказа»" in reason for reason in refused.reasons)
    assert any("«Приказ №»" in warning for warning in completed.warnings)
    assert Mentorship.objects.filter(status=Status.ACTIVE).count() == 0


def test_an_imported_pair_says_in_the_audit_log_which_order_the_file_gave(school, people, upload, cast):
    from audit.models import AuditAction, AuditEvent

    run(school, upload([row()]), actor=cast.curator)

    [pair] = imported(school)
    event = AuditEvent.objects.get(object_type="mentoring.mentorship", object_id=str(pair.pk))
    assert event.action == AuditAction.IMPORT
    assert event.actor == cast.curator
    assert event.changes["order_number"] == [None, "01-10/15"]
    assert event.changes["order_date"] == [None, "2025-08-28"]
    assert "приказ № 01-10/15 от 28.08.2025, как указан в файле (в реестре портала его нет)" in (
        pair.status_changes.get().note
    )


def test_a_mentor_over_the_cap_is_imported_with_a_warning(school, people, upload):
    MentoringSettings.objects.filter(school=school).update(mentor_hard_cap=2)

    report = run(school, upload([row("M1", "S1, S2"), row("M1", "S3", start="01.10.2025", end="30.06.2026")]))

    assert report.rejected == []
    assert report.created[0].warnings == []
    assert any("3" in warning for warning in report.created[1].warnings)
    assert Mentorship.objects.count() == 2


def test_an_active_pair_lacking_consents_is_flagged_and_one_with_them_is_not(school, people, upload):
    mentor(school, employee_number="M9", consents=False)
    mentee(school, employee_number="S9", consents=False)
    finished = row("M9", "S9", start="01.09.2024", end="31.05.2025", status="завершена")

    report = run(school, upload([row("M1", "S1"), row("M9", "S9"), finished]))

    assert [pair.line for pair in report.flagged] == [3]
    lacking = Mentorship.objects.get(status=Status.ACTIVE, participants__person__employee_number="M9")
    assert len(lacking.consent_alert.splitlines()) == 2, "both participants lack consents"
    assert Mentorship.objects.get(participants__person__employee_number="M1").consent_alert == ""
    assert Mentorship.objects.get(status=Status.COMPLETED).consent_alert == "", "a finished pair is not flagged"


def test_a_mentor_already_mentoring_counts_with_the_file_rows_towards_the_cap(school, people, upload):
    MentoringSettings.objects.filter(school=school).update(mentor_hard_cap=2)
    run(school, upload([row("M1", "S1", start="01.09.2024", end="31.05.2025", status="активна")]))

    report = run(school, upload([row("M1", "S2"), row("M1", "S3", start="01.10.2025", end="30.06.2026")]))

    assert report.created[0].warnings == []  # S1 and S2: two, the cap
    assert any("3" in warning for warning in report.created[1].warnings)  # then S3


def test_good_rows_are_written_as_a_set(school, people, upload):
    rows = [row("M1", "S1"), row("M2", "S2, S3", start="01.10.2025", end="30.06.2026"), row("M3", "S4")]

    with CaptureQueriesContext(connection) as queries:
        report = run(school, upload(rows))

    assert len(report.created) == 3
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    for model in (Mentorship, Participant, StatusChange):
        assert len([sql for sql in inserts if sql.startswith(f'INSERT INTO "{model._meta.db_table}"')]) == 1, model
    assert Participant.objects.count() == 7
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 3
    assert set(AuditEvent.objects.values_list("object_repr", flat=True)) == {str(m) for m in imported(school)}


def test_a_set_the_database_refuses_is_written_row_by_row_and_only_the_bad_row_is_lost(
    school, people, upload, monkeypatch
):
    original_bulk_create, original_save = QuerySet.bulk_create, Mentorship.save

    def refuse_sets(queryset, objs, *args, **kwargs):
        objs = list(objs)
        if queryset.model is Mentorship and len(objs) > 1:
            raise IntegrityError("simulated")
        return original_bulk_create(queryset, objs, *args, **kwargs)

    def refuse_m3(mentorship, *args, **kwargs):
        if mentorship.planned_start == datetime.date(2025, 10, 1):
            raise IntegrityError("simulated")
        return original_save(mentorship, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", refuse_sets)
    monkeypatch.setattr(Mentorship, "save", refuse_m3)
    rows = [row("M1", "S1"), row("M2", "S2", start="01.10.2025", end="30.06.2026"), row("M3", "S4")]

    report = run(school, upload(rows))

    assert rejected_lines(report) == [3]
    assert [pair.line for pair in report.created] == [2, 4]
    assert Mentorship.objects.count() == 2
    assert StatusChange.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 2


# Idempotency, dry run, isolation


def test_importing_the_same_file_twice_changes_nothing_the_second_time(school, people, upload):
    path = upload([row("M1", "S1"), row("M2", "S2, S3", status="завершена"), row("M3", "404")])
    run(school, path)
    before = (Mentorship.objects.count(), Participant.objects.count(), StatusChange.objects.count())

    report = run(school, path)

    assert (len(report.created), len(report.unchanged), len(report.rejected)) == (0, 2, 1)
    assert (Mentorship.objects.count(), Participant.objects.count(), StatusChange.objects.count()) == before


def test_a_hand_made_mentorship_with_the_same_people_and_start_is_left_unchanged(school, people, upload, cast):
    lifecycle.mentorship_create(
        school=school,
        form=teacher_form(school),
        mentors=[people["M1"]],
        mentees=[people["S1"], people["S2"]],
        start=datetime.date(2025, 9, 1),
        end=datetime.date(2026, 5, 31),
        by=cast.curator,
    )

    report = run(school, upload([row("M1", "S2, S1"), row("M1", "S1")]))

    assert [pair.line for pair in report.unchanged] == [2]
    assert [pair.line for pair in report.created] == [3], "another set of mentees is another mentorship"


def test_a_dry_run_writes_nothing_and_reports_what_the_import_would_do(school, people, upload):
    mentee(school, employee_number="S9", consents=False)
    path = upload([row("M1", "S1"), row("M2", "S9"), row("M3", "404")])

    dry = run(school, path, dry_run=True)

    assert (Mentorship.objects.count(), Participant.objects.count(), StatusChange.objects.count()) == (0, 0, 0)
    real = run(school, path)
    assert [len(r.created) for r in (dry, real)] == [2, 2]
    assert [len(r.flagged) for r in (dry, real)] == [1, 1]
    assert rejected_lines(dry) == rejected_lines(real) == [4]


def test_another_schools_people_with_the_same_numbers_are_never_matched(school, people, upload):
    other = SchoolFactory()
    theirs = [mentor(other, employee_number="M1"), mentee(other, employee_number="S1")]
    mentee(other, employee_number="S7")

    report = run(school, upload([row("M1", "S1"), row("M2", "S7")]))

    [mentorship] = imported(school)
    assert {p.person.school for p in mentorship.participants.all()} == {school}
    assert all(not person.participations.exists() for person in theirs)
    assert "S7" in report.rejected[0].reason
    assert Mentorship.objects.for_school(other).count() == 0


# File formats


def test_csv_in_windows_1251_with_semicolons(school, people, upload):
    path = upload([row("M1", "S1, S2", form="Педагог — педагог", status="Завершена")], encoding="cp1251")

    report = run(school, path)

    assert len(report.created) == 1
    assert imported(school)[0].is_group


def test_csv_in_utf8_with_bom_and_commas(school, people, upload):
    path = upload([row("M1", "S1; S2")], bom=True, delimiter=",")

    assert len(run(school, path).created) == 1


def test_xlsx_with_real_dates_and_numbers(school, upload, tmp_path):
    mentor(school, employee_number="101")
    mentee(school, employee_number="202")
    mentee(school, employee_number="203")
    start, end = datetime.datetime(2025, 9, 1), datetime.datetime(2026, 5, 31)
    path = write_xlsx(tmp_path / "pairs.xlsx", [HEADER, [101, "202, 203", FORM, start, end, None, "7", start]])

    report = run(school, path)

    assert report.rejected == []
    [mentorship] = imported(school)
    assert (mentorship.planned_start, mentorship.order_date) == (datetime.date(2025, 9, 1), datetime.date(2025, 9, 1))
    assert participants(mentorship, "mentee") == {"202", "203"}


def test_mentee_numbers_excel_took_for_a_decimal_are_rejected_with_advice(school, upload, tmp_path):
    mentor(school, employee_number="101")
    path = write_xlsx(tmp_path / "pairs.xlsx", [HEADER, [101, 12.13, FORM, "01.09.2025", "31.05.2026"]])

    [rejected] = run(school, path).rejected

    assert "12.13" in rejected.reason


# The command


def call(*args) -> str:
    out = StringIO()
    call_command("import_pairs", *args, stdout=out)
    return out.getvalue()


def counts(output: str) -> list[int]:
    """The numbers of the summary, the last line: created, unchanged, rejected, flagged."""
    return [int(number) for number in re.findall(r"\d+", output.strip().splitlines()[-1])]


def test_the_command_imports_and_prints_each_rejected_line_and_the_summary(school, people, upload):
    path = upload([row("M1", "S1", status="завершена", order=""), row("M2", "404")], encoding="cp1251")

    output = call(str(path), "--school", "sosh-7")

    assert Mentorship.objects.count() == 1
    assert counts(output) == [1, 0, 1, 0]
    [rejected] = [line for line in output.splitlines() if "404" in line]
    assert re.search(r"\b3\b", rejected.split("404")[0])
    assert "«Приказ №»" in output, "the row's warnings are printed"


def test_the_command_dry_run_writes_nothing(school, people, upload):
    output = call(str(upload([row("M1", "S1")])), "--school", "sosh-7", "--dry-run")

    assert Mentorship.objects.count() == 0
    assert counts(output) == [1, 0, 0, 0]


def test_the_second_run_of_the_command_reports_everything_unchanged(school, people, upload):
    path = upload([row("M1", "S1"), row("M2", "S2, S3")])
    call(str(path), "--school", "sosh-7")

    assert counts(call(str(path), "--school", "sosh-7")) == [0, 2, 0, 0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pairs.csv", b""),
        ("pairs.xlsx", b"not a workbook"),
        ("pairs.pdf", b"%PDF-1.4"),
        ("pairs.csv", csv_bytes([["Наставник", "Форма"], ["M1", FORM]])),
    ],
)
def test_the_command_fails_only_when_the_file_cannot_be_read(school, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=re.escape(name)):
        call(str(path), "--school", "sosh-7")


def test_the_command_fails_for_a_missing_file_or_school(school, tmp_path, upload):
    with pytest.raises(CommandError):
        call(str(tmp_path / "nowhere.csv"), "--school", "sosh-7")
    with pytest.raises(CommandError, match="no-such-school"):
        call(str(upload([row()])), "--school", "no-such-school")


def test_the_number_of_queries_does_not_grow_with_the_rows(db, upload):
    """Pairs and groups created, flagged for consents, left unchanged and rejected: a file three
    times as long costs the same queries (people, consents, loads and forms are read once)."""

    def import_counting(units: int) -> int:
        school = SchoolFactory()
        rows, stored = [], []
        for n in range(units):
            mentor(school, employee_number=f"M{n}")
            mentor(school, employee_number=f"W{n}", consents=False)
            for k in range(3):
                mentee(school, employee_number=f"S{n}-{k}")
            stored.append(row(f"M{n}", f"S{n}-0", start="01.09.2024", end="31.05.2025", status="завершена"))
            rows += [
                stored[-1],
                row(f"M{n}", f"S{n}-1"),
                row(f"W{n}", f"S{n}-1, S{n}-2", status="предложена", order=""),
                row(f"W{n}", f"S{n}-2", status="активна"),
                row("NOBODY", f"S{n}-2"),
            ]
        run(school, upload(stored, name=f"stored-{units}.csv"))
        path = upload(rows, name=f"pairs-{units}.csv")
        with CaptureQueriesContext(connection) as queries:
            report = run(school, path)
        assert (len(report.created), len(report.unchanged), len(report.rejected)) == (3 * units, units, units)
        assert len(report.flagged) == units, "the active pair of the mentor without consents"
        return len(queries.captured_queries)

    assert import_counting(2) == import_counting(6)
