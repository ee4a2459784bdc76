"""Row by row: what is created, updated, left alone or rejected, and why."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from audit.models import AuditAction, AuditEvent
from people.models import PartnerOrganization, Person, PersonKind, QualificationCategory, Sex
from tests.factories import PartnerOrganizationFactory, PersonFactory, SchoolFactory, UserFactory
from tests.people.spreadsheets import HEADER, rejected_lines, run_import, write_csv


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def upload(tmp_path):
    """``upload(rows)`` writes the rows as a CSV file and returns its path."""

    def write(rows, name="people.csv"):
        return write_csv(tmp_path / name, rows)

    return write


def row(
    number="", last="Орлова", first="Анна", patronymic="Игоревна", sex="ж", birth="17.05.1990", kind="", position=""
):
    return [number, last, first, patronymic, sex, birth, kind, position]


# Upsert


def test_a_person_is_found_by_employee_number_and_updated(school, upload):
    person = PersonFactory(school=school, employee_number="00042", last_name="Орлова", position="Учитель")

    report = run_import(school, upload([HEADER, row("00042", last="Соколова", position="Завуч")]))

    assert (len(report.created), len(report.updated)) == (0, 1)
    person.refresh_from_db()
    assert (person.last_name, person.position) == ("Соколова", "Завуч")
    assert Person.objects.count() == 1


def test_without_a_number_a_person_is_found_by_full_name_and_birth_date(school, upload):
    person = PersonFactory(
        school=school, employee_number="", last_name="Ёлкина", first_name="Анна", birth_date=datetime.date(1990, 5, 17)
    )

    report = run_import(school, upload([HEADER, row("", last="ЕЛКИНА", first="анна", position="Завуч")]))

    assert len(report.updated) == 1
    person.refresh_from_db()
    assert person.position == "Завуч"
    assert Person.objects.count() == 1


def test_a_namesake_born_another_day_is_another_person(school, upload):
    PersonFactory(
        school=school, employee_number="", last_name="Орлова", first_name="Анна", birth_date=datetime.date(1980, 1, 1)
    )

    report = run_import(school, upload([HEADER, row("", birth="17.05.1990")]))

    assert len(report.created) == 1
    assert Person.objects.count() == 2


def test_a_new_number_is_given_to_the_namesake_without_one(school, upload):
    person = PersonFactory(school=school, employee_number="", last_name="Орлова", first_name="Анна")

    report = run_import(school, upload([HEADER, row("00077")]))

    assert len(report.updated) == 1
    person.refresh_from_db()
    assert person.employee_number == "00077"


def test_an_empty_number_cell_does_not_erase_the_stored_number(school, upload):
    person = PersonFactory(school=school, employee_number="00042", last_name="Орлова", first_name="Анна")

    report = run_import(school, upload([HEADER, row("", position="Завуч")]))

    assert len(report.updated) == 1
    person.refresh_from_db()
    assert (person.employee_number, person.position) == ("00042", "Завуч")


def test_another_schools_person_with_the_same_number_is_untouched(school, upload):
    foreign = PersonFactory(school=SchoolFactory(), employee_number="00042", last_name="Чужакова", position="Учитель")

    report = run_import(school, upload([HEADER, row("00042", position="Завуч")]))

    assert len(report.created) == 1
    foreign.refresh_from_db()
    assert (foreign.last_name, foreign.position) == ("Чужакова", "Учитель")
    assert Person.objects.for_school(school).get().employee_number == "00042"


def test_columns_absent_from_the_file_keep_their_stored_values(school, upload):
    person = PersonFactory(school=school, employee_number="00042", email="orlova@example.org", phone="+7 900 000-00-00")

    run_import(
        school, upload([["Табельный номер", "Фамилия", "Имя", "Должность"], ["00042", "Орлова", "Анна", "Завуч"]])
    )

    person.refresh_from_db()
    assert (person.email, person.phone, person.position) == ("orlova@example.org", "+7 900 000-00-00", "Завуч")


# Re-import and dry run


def test_importing_the_same_file_twice_changes_nothing_the_second_time(school, upload):
    path = upload(
        [HEADER, row("1"), row("2", last="Белова"), row("", last="Смирнов", first="Олег", patronymic="Ильич", sex="")]
    )
    first = run_import(school, path)
    events = AuditEvent.objects.count()
    stamps = dict(Person.objects.values_list("pk", "updated_at"))

    second = run_import(school, path)

    assert (len(first.created), len(second.created), len(second.updated), len(second.unchanged)) == (3, 0, 0, 3)
    assert AuditEvent.objects.count() == events
    assert dict(Person.objects.values_list("pk", "updated_at")) == stamps


def test_a_dry_run_writes_nothing_but_tells_what_would_happen(school, upload):
    PersonFactory(school=school, employee_number="1", last_name="Орлова", position="Учитель")
    rows = [
        [*HEADER, "Организация"],
        [*row("1", position="Завуч"), ""],
        [*row("2", last="Белова"), "ООО «Вектор»"],
        row("3", birth="31.02.1990"),
    ]

    report = run_import(school, upload(rows), dry_run=True)

    assert (len(report.created), len(report.updated), len(report.rejected)) == (1, 1, 1)
    assert list(Person.objects.values_list("employee_number", "position")) == [("1", "Учитель")]
    assert not PartnerOrganization.objects.exists()
    assert not AuditEvent.objects.exists()


# Rejected rows


def test_a_repeated_number_is_rejected_as_a_repeat_of_the_first_line(school, upload):
    report = run_import(
        school, upload([HEADER, row("5", position="Учитель"), row("6", last="Белова"), row("5", position="Завуч")])
    )

    assert rejected_lines(report) == [4]
    assert "2" in report.rejected[0].reason
    assert Person.objects.get(employee_number="5").position == "Учитель"


def test_a_repeated_name_and_birth_date_is_rejected(school, upload):
    report = run_import(school, upload([HEADER, row(""), row("", first="АННА", position="Завуч")]))

    assert rejected_lines(report) == [3]
    assert Person.objects.get().position == ""


def test_after_a_rejected_row_its_repeat_may_still_be_imported(school, upload):
    report = run_import(school, upload([HEADER, row("5", birth="31.02.1990"), row("5")]))

    assert rejected_lines(report) == [2]
    assert len(report.created) == 1


def test_missing_required_fields_reject_the_row_and_name_the_column(school, upload):
    report = run_import(
        school, upload([HEADER, row("1", first=""), row("2", last="", first="Ольга"), row("3", last="Белова")])
    )

    assert rejected_lines(report) == [2, 3]
    assert "«Имя»" in report.rejected[0].reason
    assert "«Фамилия»" in report.rejected[1].reason
    assert list(Person.objects.values_list("last_name", flat=True)) == ["Белова"]


@pytest.mark.parametrize("value", ["31.02.2020", "29.02.2023", "2020-13-01", "00.01.2000", "12.03.0202"])
def test_an_impossible_date_rejects_the_row_naming_column_and_value(school, upload, value):
    report = run_import(school, upload([HEADER, row("1", birth=value), row("2", last="Белова")]))

    assert rejected_lines(report) == [2]
    assert value in report.rejected[0].reason
    assert "«Дата рождения»" in report.rejected[0].reason
    assert list(Person.objects.values_list("last_name", flat=True)) == ["Белова"]


def test_a_date_that_is_not_a_date_is_rejected(school, upload):
    report = run_import(school, upload([HEADER, row("1", birth="вчера")]))

    assert rejected_lines(report) == [2]
    assert "вчера" in report.rejected[0].reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17.05.1990", datetime.date(1990, 5, 17)),
        ("7.5.1990", datetime.date(1990, 5, 7)),
        ("1990-05-17", datetime.date(1990, 5, 17)),
        ("17.05.1990 г.", datetime.date(1990, 5, 17)),
        ("", None),
    ],
)
def test_dates_in_russian_and_iso_forms(school, upload, value, expected):
    run_import(school, upload([HEADER, row("1", birth=value)]))

    assert Person.objects.get().birth_date == expected


def test_an_unknown_type_is_rejected(school, upload):
    report = run_import(school, upload([HEADER, row("1", kind="учитель"), row("2", last="Белова", kind="Обучающийся")]))

    assert rejected_lines(report) == [2]
    assert "учитель" in report.rejected[0].reason
    assert Person.objects.get().kind == PersonKind.PUPIL


def test_types_in_russian(school, upload):
    kinds = ["", "педагог", "студент - практикант", "ВНЕШНИЙ"]
    rows = [HEADER, *(row(str(n), kind=kind) for n, kind in enumerate(kinds))]

    run_import(school, upload(rows))

    assert list(Person.objects.order_by("employee_number").values_list("kind", flat=True)) == [
        PersonKind.STAFF,
        PersonKind.STAFF,
        PersonKind.PRACTICUM_STUDENT,
        PersonKind.EXTERNAL,
    ]


def test_qualification_categories_in_russian_and_an_unknown_one(school, upload):
    words = [
        "",
        "нет",
        "Соответствие занимаемой должности",
        "соответствие",
        "первая",
        "ВЫСШАЯ",
        "педагог-методист",
        "Педагог-наставник",
        "вторая",
    ]
    rows = [["Табельный номер", "Фамилия", "Имя", "Пол", "Квалификационная категория"]]
    rows += [[str(n), f"Фамилия{n}", "Анна", "ж", word] for n, word in enumerate(words, start=10)]

    report = run_import(school, upload(rows))

    assert rejected_lines(report) == [10]
    assert "вторая" in report.rejected[0].reason
    assert list(Person.objects.order_by("employee_number").values_list("qualification_category", flat=True)) == [
        QualificationCategory.NONE,
        QualificationCategory.NONE,
        QualificationCategory.CONFORMITY,
        QualificationCategory.CONFORMITY,
        QualificationCategory.FIRST,
        QualificationCategory.HIGHEST,
        QualificationCategory.METHODIST,
        QualificationCategory.MENTOR,
    ]


def test_a_bad_email_is_rejected(school, upload):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Email"],
        ["Орлова", "Анна", "Игоревна", "orlova@"],
        ["Белова", "Анна", "Игоревна", " belova@example.org "],
    ]

    report = run_import(school, upload(rows))

    assert rejected_lines(report) == [2]
    assert "orlova@" in report.rejected[0].reason
    assert Person.objects.get().email == "belova@example.org"


def test_a_too_long_value_is_rejected_with_the_column_name(school, upload):
    report = run_import(school, upload([HEADER, row("1", last="О" * 101)]))

    assert rejected_lines(report) == [2]
    assert "«Фамилия»" in report.rejected[0].reason


def test_a_rejected_row_writes_nothing_not_even_its_organization(school, upload):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Организация"],
        ["Орлова", "Анна", "Игоревна", "31.02.1990", "ООО «Вектор»"],
    ]

    run_import(school, upload(rows))

    assert not PartnerOrganization.objects.exists()
    assert not Person.objects.exists()


# Sex


@pytest.mark.parametrize(
    ("sex", "patronymic", "expected"),
    [
        ("", "Петрович", Sex.MALE),
        ("", "Ильич", Sex.MALE),
        ("", "Игоревна", Sex.FEMALE),
        ("", "Ильинична", Sex.FEMALE),
        ("", "Гусейн кызы", Sex.FEMALE),
        ("Ж", "", Sex.FEMALE),
        ("мужской", "", Sex.MALE),
        ("Жен.", "Петрович", Sex.FEMALE),
    ],
)
def test_sex_is_read_or_told_by_the_patronymic(school, upload, sex, patronymic, expected):
    report = run_import(school, upload([HEADER, row("1", patronymic=patronymic, sex=sex)]))

    assert report.rejected == []
    assert Person.objects.get().sex == expected


def test_a_row_whose_sex_cannot_be_told_is_rejected(school, upload):
    report = run_import(school, upload([HEADER, row("1", patronymic="", sex=""), row("2", sex="x")]))

    assert rejected_lines(report) == [2, 3]
    assert "«Пол»" in report.rejected[0].reason
    assert "x" in report.rejected[1].reason
    assert not Person.objects.exists()


def test_an_empty_sex_keeps_the_stored_one(school, upload):
    person = PersonFactory(school=school, employee_number="1", patronymic="", sex=Sex.FEMALE)

    report = run_import(
        school,
        upload(
            [
                HEADER,
                row(
                    "1", last=person.last_name, first=person.first_name, patronymic="", sex="", position=person.position
                ),
            ]
        ),
    )

    assert report.rejected == []
    person.refresh_from_db()
    assert person.sex == Sex.FEMALE


# Organizations, audit, isolation of rows


def test_organizations_are_found_or_created_once_within_the_school(school, upload):
    existing = PartnerOrganizationFactory(school=school, name="МГУ")
    PartnerOrganizationFactory(school=SchoolFactory(), name="ООО «Вектор»")
    rows = [
        [*HEADER, "Организация"],
        [*row("1"), "мгу"],
        [*row("2", last="Белова"), "ООО «Вектор»"],
        [*row("3", last="Ершова"), "ооо «вектор»"],
    ]

    report = run_import(school, upload(rows))

    assert len(report.created) == 3
    assert PartnerOrganization.objects.for_school(school).count() == 2
    assert Person.objects.get(employee_number="1").partner_organization == existing
    vector = PartnerOrganization.objects.for_school(school).get(name="ООО «Вектор»")
    assert set(vector.people.values_list("employee_number", flat=True)) == {"2", "3"}


def test_created_and_updated_people_are_audited_with_what_changed(school, upload):
    curator = UserFactory()
    person = PersonFactory(
        school=school, employee_number="1", last_name="Орлова", first_name="Анна", position="Учитель"
    )
    rows = [HEADER, row("1", position="Завуч"), row("2", last="Белова")]

    run_import(school, upload(rows), actor=curator)

    events = AuditEvent.objects.filter(action=AuditAction.IMPORT, actor=curator, school=school)
    assert events.count() == 2
    update = events.get(object_id=str(person.pk))
    assert update.changes == {"position": ["Учитель", "Завуч"]}
    created = events.exclude(object_id=str(person.pk)).get()
    assert created.changes["last_name"] == [None, "Белова"]


def test_a_database_error_in_one_row_spares_the_others(school, upload, monkeypatch):
    """The database refuses the set (one row in it is bad), then that row alone when the rows are
    written one by one: only that row is lost."""
    original_save, original_bulk_create = Person.save, QuerySet.bulk_create

    def save(person, *args, **kwargs):
        if person.last_name == "Сбойная":
            raise IntegrityError("simulated")
        return original_save(person, *args, **kwargs)

    def bulk_create(queryset, objs, *args, **kwargs):
        objs = list(objs)
        if any(getattr(obj, "last_name", "") == "Сбойная" for obj in objs):
            raise IntegrityError("simulated")
        return original_bulk_create(queryset, objs, *args, **kwargs)

    monkeypatch.setattr(Person, "save", save)
    monkeypatch.setattr(QuerySet, "bulk_create", bulk_create)
    rows = [
        [*HEADER, "Организация"],
        [*row("1"), ""],
        [*row("2", last="Сбойная"), "ООО «Новое»"],
        [*row("3", last="Белова"), ""],
    ]

    report = run_import(school, upload(rows))

    assert rejected_lines(report) == [3]
    assert sorted(Person.objects.values_list("last_name", flat=True)) == ["Белова", "Орлова"]
    assert not PartnerOrganization.objects.exists()
    assert AuditEvent.objects.count() == 2


def test_good_rows_are_written_as_a_set_with_one_audit_event_each(school, upload):
    Person.objects.create(school=school, employee_number="1", last_name="Орлова", first_name="Анна", sex="f")
    rows = [
        [*HEADER, "Организация"],
        [*row("1", position="Завуч"), ""],
        *[[*row(str(n), last=f"Новикова{n}"), "ООО «Партнёр»"] for n in range(2, 12)],
    ]

    with CaptureQueriesContext(connection) as queries:
        report = run_import(school, upload(rows))

    assert (len(report.created), len(report.updated), len(report.rejected)) == (10, 1, 0)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    person_table, event_table = Person._meta.db_table, AuditEvent._meta.db_table
    assert len([sql for sql in writes if sql.startswith(f'INSERT INTO "{person_table}"')]) == 1
    assert len([sql for sql in writes if sql.startswith(f'UPDATE "{person_table}"')]) == 1
    # One INSERT of the events (on PostgreSQL one COPY, which the capture does not see).
    assert len([sql for sql in writes if sql.startswith(f'INSERT INTO "{event_table}"')]) <= 1
    assert PartnerOrganization.objects.get().name == "ООО «Партнёр»"
    assert Person.objects.filter(partner_organization__name="ООО «Партнёр»").count() == 10
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 11
    assert Person.objects.get(employee_number="1").position == "Завуч"


def test_the_number_of_queries_does_not_grow_with_the_rows(db, upload):
    """Created, updated, unchanged and rejected rows, and rows naming a new organization: a file
    three times as long costs the same queries (everything is read once and written in one set)."""

    def import_counting(units: int) -> int:
        school = SchoolFactory()
        stored = [[*row(f"U{n}", last=f"Уткина{n}"), ""] for n in range(units)]
        stored += [[*row(f"K{n}", last=f"Котова{n}"), ""] for n in range(units)]
        run_import(school, upload([[*HEADER, "Организация"], *stored], name=f"stored-{units}.csv"))
        rows = [[*HEADER, "Организация"]]
        for n in range(units):
            rows += [
                [*row(f"N{n}", last=f"Новикова{n}"), f"ООО «Партнёр {n}»"],
                [*row(f"U{n}", last=f"Уткина{n}", position="Завуч"), ""],
                [*row(f"K{n}", last=f"Котова{n}"), ""],
                [*row(f"B{n}", birth="31.02.1990"), ""],
            ]
        path = upload(rows, name=f"people-{units}.csv")
        with CaptureQueriesContext(connection) as queries:
            report = run_import(school, path)
        counts = (len(report.created), len(report.updated), len(report.unchanged), len(report.rejected))
        assert counts == (units, units, units, units)
        assert PartnerOrganization.objects.for_school(school).count() == units
        return len(queries.captured_queries)

    assert import_counting(2) == import_counting(6)
