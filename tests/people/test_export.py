"""Export of the bank to XLSX, in the columns the import reads back."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from people.exporting import export_people_xlsx
from people.importing import import_people
from people.models import Person, PersonKind, QualificationCategory, Sex
from tests.factories import PartnerOrganizationFactory, PersonFactory

HEADERS = [
    "Табельный номер",
    "Фамилия",
    "Имя",
    "Отчество",
    "Пол",
    "Дата рождения",
    "Тип",
    "Должность",
    "Предметы",
    "Класс",
    "Дата начала педагогической деятельности",
    "Дата приёма",
    "Дата увольнения",
    "Квалификационная категория",
    "Email",
    "Телефон",
    "Организация",
    "Педагогический работник",
]


def sheet_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


def rows_of(content: bytes) -> list[dict]:
    rows = list(sheet_of(content).iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def varied_people(cast):
    """People of every kind, with and without numbers, dates, organizations and categories."""
    school = cast.school
    return [
        PersonFactory(
            school=school,
            employee_number="000017",
            last_name="Ёлкина",
            first_name="Наталья",
            patronymic="Сергеевна",
            subjects="химия, биология",
            qualification_category=QualificationCategory.CONFORMITY,
            left_on=datetime.date(2024, 6, 30),
            email="elkina@example.org",
            phone="+7 (900) 000-00-17",
        ),
        PersonFactory(
            school=school,
            employee_number="",
            last_name="Иванов",
            first_name="Пётр",
            patronymic="",
            sex=Sex.MALE,
            kind=PersonKind.PUPIL,
            position="",
            school_class="9Б",
            birth_date=datetime.date(2010, 2, 28),
            teaching_started_on=None,
            hired_on=None,
        ),
        PersonFactory(
            school=school,
            employee_number="",
            last_name="Алиев",
            first_name="Рашид",
            patronymic="Мамед оглы",
            sex=Sex.MALE,
            kind=PersonKind.EXTERNAL,
            birth_date=None,
            partner_organization=PartnerOrganizationFactory(school=school, name="АО «Завод»"),
            qualification_category=QualificationCategory.MENTOR,
        ),
        PersonFactory(
            school=school, kind=PersonKind.PRACTICUM_STUDENT, qualification_category=QualificationCategory.HIGHEST
        ),
    ]


def test_export_then_import_changes_nothing(cast, varied_people):
    content = export_people_xlsx(Person.objects.for_school(cast.school))
    before = list(Person.objects.for_school(cast.school).order_by("pk").values())

    report = import_people(school=cast.school, file=io.BytesIO(content), filename="bank.xlsx")

    assert (report.created, report.updated, report.rejected, report.warnings) == ([], [], [], [])
    assert len(report.unchanged) == Person.objects.for_school(cast.school).count() == 7
    assert list(Person.objects.for_school(cast.school).order_by("pk").values()) == before


def test_an_edited_export_updates_only_the_edited_person(cast, varied_people):
    workbook = openpyxl.load_workbook(io.BytesIO(export_people_xlsx(Person.objects.for_school(cast.school))))
    sheet = workbook.worksheets[0]
    position = HEADERS.index("Должность") + 1
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "Ёлкина":
            row[position - 1].value = "Заместитель директора"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    report = import_people(school=cast.school, file=buffer, filename="bank.xlsx")

    assert [row.name for row in report.updated] == ["Ёлкина Наталья Сергеевна"]
    assert len(report.unchanged) == 6
    assert Person.objects.get(last_name="Ёлкина").position == "Заместитель директора"


def test_the_workbook_has_the_import_headers_and_readable_cells(cast, varied_people):
    content = export_people_xlsx(Person.objects.for_school(cast.school))

    sheet = sheet_of(content)
    assert [cell.value for cell in sheet[1]] == HEADERS
    elkina = next(row for row in rows_of(content) if row["Фамилия"] == "Ёлкина")
    assert elkina["Табельный номер"] == "000017"
    assert elkina["Пол"] == "ж"
    assert elkina["Тип"] == "работник"
    assert elkina["Квалификационная категория"] == "соответствие занимаемой должности"
    assert elkina["Дата увольнения"] == datetime.datetime(2024, 6, 30)
    aliev = next(row for row in rows_of(content) if row["Фамилия"] == "Алиев")
    assert (aliev["Тип"], aliev["Организация"], aliev["Дата рождения"]) == ("внешний", "АО «Завод»", None)


def test_the_download_holds_only_the_current_schools_people(cast, client_as, varied_people):
    PersonFactory(school=cast.other_school, last_name="Чужакова")

    response = client_as(cast.curator).get(reverse("people:export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    names = [row["Фамилия"] for row in rows_of(response.content)]
    assert len(names) == Person.objects.for_school(cast.school).count()
    assert "Чужакова" not in names


def test_the_download_honours_the_banks_filters(cast, client_as, varied_people):
    response = client_as(cast.curator).get(reverse("people:export"), {"kind": PersonKind.PUPIL})

    assert [row["Фамилия"] for row in rows_of(response.content)] == ["Иванов", "Орехов"]  # Орехов: the cast's pupil


def test_an_export_is_audited(cast, client_as, varied_people):
    client_as(cast.secretary).get(reverse("people:export"), {"kind": PersonKind.PUPIL})

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.school) == (cast.secretary, cast.school)
    assert event.changes["people"] == 2


@pytest.mark.parametrize("role", ["director", "curator", "secretary"])
def test_school_managers_may_export(cast, client_as, role):
    assert client_as(getattr(cast, role)).get(reverse("people:export")).status_code == 200


@pytest.mark.parametrize("role", ["mentor", "mentee", "council_member", "outsider"])
def test_others_may_not_export(cast, client_as, role):
    assert client_as(getattr(cast, role)).get(reverse("people:export")).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_text_that_looks_like_a_formula_stays_text(cast):
    PersonFactory(school=cast.school, last_name="Формулова", position='=HYPERLINK("http://evil.example","жми")')

    content = export_people_xlsx(Person.objects.for_school(cast.school))

    cell = next(row for row in sheet_of(content).iter_rows(min_row=2) if row[1].value == "Формулова")[7]
    assert cell.data_type == "s"
    report = import_people(school=cast.school, file=io.BytesIO(content), filename="bank.xlsx")
    assert (report.updated, report.rejected) == ([], [])
