"""Employees and pedagogical workers: the nomenclature of Decree No. 225, the card's override,
the import's column, the bank's filter, the migration of existing data and the template to fill."""

import datetime
import importlib
import io

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from people import columns, services
from people.exporting import export_people_xlsx, import_template_xlsx
from people.forms import PersonForm
from people.importing import import_people
from people.models import Person, PersonKind
from people.nomenclature import is_pedagogical_position, normalize, pedagogical_flag
from tests.factories import PersonFactory, SchoolFactory
from tests.people.spreadsheets import rejected_lines, run_import, write_csv, write_xlsx

# ---------------------------------------------------------------------------
# The nomenclature

PEDAGOGICAL = [
    "Учитель",
    "учитель математики",
    "Учитель начальных классов",
    "Учитель русского языка и литературы",
    "Учитель истории и обществознания",
    "Учитель физической культуры",
    "Учитель-логопед",
    "Учитель – логопед",
    "учитель - дефектолог",
    "Логопед",
    "Воспитатель",
    "Воспитатель группы продлённого дня",
    "Старший воспитатель",
    "СТАРШИЙ  ВОСПИТАТЕЛЬ",
    "Педагог дополнительного образования",
    "Старший педагог дополнительного образования",
    "Педагог-психолог",
    "Педагог—психолог",
    "Социальный педагог",
    "Педагог-библиотекарь",
    "Педагог‑библиотекарь",  # a non-breaking hyphen, as Word puts it
    "Педагог-организатор",
    "Преподаватель-организатор ОБЖ",
    "Преподаватель-организатор ОБЗР",
    "Преподаватель-организатор основ безопасности и защиты Родины",
    "Тьютор",
    "Методист",
    "Старший методист",
    "Инструктор-методист",
    "Инструктор по физической культуре",
    "Инструктор по труду",
    "Концертмейстер",
    "Музыкальный руководитель",
    "Тренер-преподаватель",
    "Мастер производственного обучения",
    "Старший вожатый",
    "Старшая вожатая",
    "Советник директора по воспитанию и взаимодействию с детскими общественными объединениями",
    "Советник директора по воспитанию",
    "Советник по воспитанию",
    "Учитель ёлочной игрушки",  # «ё» and whatever subject
    "  учитель   химии. ",
    "Педагог",
    "Педагогический работник",
    # Heads who also hold a pedagogical post are pedagogical workers.
    "Заместитель директора по УВР, учитель математики",
    "Директор; учитель истории",
    "Заместитель директора по ВР и учитель физики",
    "Библиотекарь / педагог-библиотекарь",
    "Руководитель центра «Точка роста», педагог дополнительного образования",
]

NOT_PEDAGOGICAL = [
    "",
    "   ",
    "Директор",
    "директор школы",
    "Заместитель директора",
    "Заместитель директора по УВР",
    "Заместитель директора по учебно-воспитательной работе",
    "Заместитель директора по воспитательной работе",
    "Заместитель директора по АХЧ",
    "И.о. директора",
    "Руководитель структурного подразделения",
    "Секретарь",
    "Секретарь учебной части",
    "Заведующий хозяйством",
    "Завхоз",
    "Библиотекарь",
    "Заведующий библиотекой",
    "Лаборант",
    "Старший лаборант",
    "Вожатый",
    "Младший воспитатель",
    "Помощник воспитателя",
    "Бухгалтер",
    "Главный бухгалтер",
    "Специалист по кадрам",
    "Системный администратор",
    "Инженер-программист",
    "Медицинская сестра",
    "Сторож",
    "Уборщик служебных помещений",
    "Рабочий по комплексному обслуживанию здания",
    "Водитель",
    "Повар",
    "Учительская",  # a room, not a post: a title must end its word
    "Педагогический совет",
]


@pytest.mark.parametrize("position", PEDAGOGICAL)
def test_a_pedagogical_position_of_the_nomenclature(position):
    assert is_pedagogical_position(position) is True


@pytest.mark.parametrize("position", NOT_PEDAGOGICAL)
def test_heads_and_other_staff_are_not_pedagogical(position):
    assert is_pedagogical_position(position) is False


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("  Учитель   ХИМИИ. ", "учитель химии"),
        ("Педагог – психолог", "педагог-психолог"),
        ("педагог‑библиотекарь", "педагог-библиотекарь"),
        ("Старшая вожатая\u00a0", "старшая вожатая"),
        ("Учитель ёлочной", "учитель елочной"),
        (None, ""),
    ],
)
def test_positions_are_normalised(typed, normal):
    assert normalize(typed) == normal


# ---------------------------------------------------------------------------
# The business rule

TEACHER, SECRETARY = "Учитель математики", "Секретарь"


@pytest.mark.parametrize(
    ("employee", "position", "chosen", "current", "changed", "expected"),
    [
        # A new person (current None): by the position.
        (True, TEACHER, None, None, True, True),
        (True, SECRETARY, None, None, True, False),
        # An explicit choice wins, whatever the position says.
        (True, SECRETARY, True, None, True, True),
        (True, TEACHER, False, True, True, False),
        (True, TEACHER, False, None, True, False),
        # The position changed: the flag follows it, dropping the old override.
        (True, SECRETARY, None, True, True, False),
        (True, TEACHER, None, False, True, True),
        # Nothing changed: the stored flag, override or not, stays.
        (True, SECRETARY, None, True, False, True),
        (True, TEACHER, None, False, False, False),
        # Only employees are pedagogical workers (callers refuse an explicit True for others).
        (False, TEACHER, None, None, True, False),
        (False, TEACHER, None, True, False, False),
    ],
)
def test_the_flag_rule(employee, position, chosen, current, changed, expected):
    flag = pedagogical_flag(
        employee=employee, position=position, chosen=chosen, current=current, position_changed=changed
    )
    assert flag is expected


def test_after_an_edit_case_and_spacing_of_the_position_are_no_change():
    before = {"kind": PersonKind.STAFF, "position": "Секретарь", "is_pedagogical": True}

    assert services.pedagogical_after(kind=PersonKind.STAFF, position="  СЕКРЕТАРЬ ", before=before) is True
    assert services.pedagogical_after(kind=PersonKind.STAFF, position="Секретарь-машинистка", before=before) is False


def test_after_an_edit_a_new_kind_recomputes():
    before = {"kind": PersonKind.EXTERNAL, "position": TEACHER, "is_pedagogical": False}

    assert services.pedagogical_after(kind=PersonKind.STAFF, position=TEACHER, before=before) is True
    assert services.pedagogical_after(kind=PersonKind.PUPIL, position=TEACHER, before=None) is False


@pytest.mark.django_db
def test_the_model_refuses_a_pedagogical_non_employee():
    pupil = PersonFactory.build(school=SchoolFactory(), kind=PersonKind.PUPIL, school_class="5А", is_pedagogical=True)

    with pytest.raises(ValidationError) as refusal:
        pupil.full_clean()

    assert "is_pedagogical" in refusal.value.message_dict


def test_the_kind_staff_is_labelled_employee():
    assert PersonKind.STAFF.value == "staff"
    with translation.override("en"):
        assert str(PersonKind.STAFF.label) == "employee"


# ---------------------------------------------------------------------------
# The data migration


@pytest.mark.django_db
def test_the_migration_sets_every_employee_from_the_position():
    migration = importlib.import_module("people.migrations.0006_pedagogical_from_position")
    school = SchoolFactory()
    people = {
        position: PersonFactory(school=school, position=position, is_pedagogical=False)
        for position in ("Учитель математики", "Старший воспитатель", "Директор", "Библиотекарь", "")
    }
    flagged_secretary = PersonFactory(school=school, position="Секретарь", is_pedagogical=True)
    pupil = PersonFactory(school=school, kind=PersonKind.PUPIL, position="Учитель", school_class="5А")
    external = PersonFactory(school=school, kind=PersonKind.EXTERNAL, position="Учитель физики")

    migration.set_from_position(django_apps, None)

    flags = {position: Person.objects.get(pk=person.pk).is_pedagogical for position, person in people.items()}
    assert flags == {
        "Учитель математики": True,
        "Старший воспитатель": True,
        "Директор": False,
        "Библиотекарь": False,
        "": False,
    }
    assert Person.objects.get(pk=flagged_secretary.pk).is_pedagogical is False
    assert Person.objects.get(pk=pupil.pk).is_pedagogical is False
    assert Person.objects.get(pk=external.pk).is_pedagogical is False


@pytest.mark.django_db
def test_the_migration_handles_more_positions_than_one_query_may_name():
    migration = importlib.import_module("people.migrations.0006_pedagogical_from_position")
    school = SchoolFactory()
    Person.objects.bulk_create(
        Person(school=school, last_name=f"Ф{n}", first_name="Анна", sex="f", position=f"Учитель предмета {n}")
        for n in range(migration.CHUNK + 3)
    )

    migration.set_from_position(django_apps, None)

    assert not Person.objects.filter(is_pedagogical=False).exists()


# ---------------------------------------------------------------------------
# The card

CARD = {
    "last_name": "Орлова",
    "first_name": "Дарья",
    "patronymic": "Константиновна",
    "sex": "f",
    "birth_date": "1998-06-06",
    "kind": "staff",
    "position": "Учитель русского языка",
    "employee_number": "0042",
    "teaching_started_on": "2021-09-01",
    "hired_on": "2021-08-25",
    "qualification_category": "none",
}


def create(client, **fields):
    data = {key: value for key, value in {**CARD, **fields}.items() if value is not None}
    return client.post(reverse("people:person_create"), data)


def edit(client, person, **fields):
    """Posts the card as the browser would: the form's fields as shown, with ``fields`` changed."""
    person.refresh_from_db()
    shown = {
        **CARD,
        "last_name": person.last_name,
        "position": person.position,
        "kind": person.kind,
        "school_class": person.school_class,
        "employee_number": person.employee_number,
        "phone": person.phone,
    }
    if person.is_pedagogical:
        shown["is_pedagogical"] = "on"
    shown.update(fields)
    data = {key: value for key, value in shown.items() if value is not None}
    return client.post(reverse("people:person_update", kwargs={"pk": person.pk}), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("position", "ticked", "expected"),
    [
        ("Учитель русского языка", None, True),  # the checkbox left as shown: by the position
        ("Секретарь учебной части", None, False),
        ("Секретарь учебной части", "on", True),  # ticked by hand: an override
        ("Директор", "on", True),  # a director who also teaches
    ],
)
def test_a_new_card_takes_the_flag_from_the_position_unless_ticked(cast, client_as, position, ticked, expected):
    response = create(client_as(cast.curator), position=position, is_pedagogical=ticked)

    assert response.status_code == 302
    assert Person.objects.get(employee_number="0042").is_pedagogical is expected


@pytest.mark.django_db
def test_a_new_position_resets_the_flag_when_the_checkbox_is_left_alone(cast, client_as):
    client = client_as(cast.curator)
    create(client)
    person = Person.objects.get(employee_number="0042")
    assert person.is_pedagogical

    edit(client, person, position="Заместитель директора по УВР")

    person.refresh_from_db()
    assert person.is_pedagogical is False
    edit(client, person, position="Заместитель директора по УВР, учитель русского языка")
    person.refresh_from_db()
    assert person.is_pedagogical is True


@pytest.mark.django_db
def test_an_override_on_the_card_survives_edits_until_the_position_changes(cast, client_as):
    client = client_as(cast.curator)
    create(client, position="Секретарь учебной части")
    person = Person.objects.get(employee_number="0042")
    assert person.is_pedagogical is False

    edit(client, person, is_pedagogical="on")  # ticked by hand
    person.refresh_from_db()
    assert person.is_pedagogical is True

    edit(client, person, phone="+7 900 000-00-01")  # another field: the override stays
    person.refresh_from_db()
    assert (person.is_pedagogical, person.phone) == (True, "+7 900 000-00-01")

    edit(client, person, position="Заведующий хозяйством")  # a new position: the flag follows it
    person.refresh_from_db()
    assert person.is_pedagogical is False


@pytest.mark.django_db
def test_unticking_a_teacher_is_kept(cast, client_as):
    client = client_as(cast.curator)
    create(client)
    person = Person.objects.get(employee_number="0042")

    edit(client, person, is_pedagogical=None)  # unticked by hand
    person.refresh_from_db()
    assert person.is_pedagogical is False

    edit(client, person, last_name="Орлова-Смирнова")
    person.refresh_from_db()
    assert (person.is_pedagogical, person.last_name) == (False, "Орлова-Смирнова")


@pytest.mark.django_db
def test_a_pupil_cannot_be_ticked_but_an_employee_becoming_one_is_unticked(cast, client_as):
    client = client_as(cast.curator)
    response = create(client, kind="pupil", school_class="7Б", is_pedagogical="on")
    assert response.status_code == 200
    assert "is_pedagogical" in response.context["form"].errors
    assert not Person.objects.filter(employee_number="0042").exists()

    create(client)
    person = Person.objects.get(employee_number="0042")
    response = edit(client, person, kind="pupil", school_class="7Б")  # the checkbox ticked as shown

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.kind, person.is_pedagogical) == (PersonKind.PUPIL, False)


@pytest.mark.django_db
def test_the_form_shows_the_checkbox_and_stores_what_it_says(cast):
    person = PersonFactory(school=cast.school, position="Секретарь", is_pedagogical=True)
    form = PersonForm(instance=person, school=cast.school)

    assert form["is_pedagogical"].initial is True
    assert 'name="is_pedagogical"' in str(form["is_pedagogical"])


@pytest.mark.django_db
def test_the_edit_is_audited_with_the_flag(cast, client_as):
    from audit.models import AuditAction, AuditEvent

    client = client_as(cast.curator)
    create(client, position="Секретарь учебной части")
    person = Person.objects.get(employee_number="0042")
    edit(client, person, is_pedagogical="on")

    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(person.pk))
    assert event.changes == {"is_pedagogical": [False, True]}


@pytest.mark.django_db
def test_the_service_alone_applies_the_rule(cast):
    person = Person(school=cast.school, last_name="Белова", first_name="Анна", sex="f", position="Методист")
    services.person_save(person=person, actor=cast.curator)
    assert person.is_pedagogical is True

    before = services.snapshot(person)
    person.position = "Лаборант"
    services.person_save(person=person, actor=cast.curator, before=before)
    assert Person.objects.get(pk=person.pk).is_pedagogical is False

    before = services.snapshot(person)
    services.person_save(person=person, actor=cast.curator, before=before, pedagogical_choice=True)
    assert Person.objects.get(pk=person.pk).is_pedagogical is True


@pytest.mark.django_db
def test_the_card_page_shows_the_flag_and_an_override(cast, client_as):
    teacher = PersonFactory(school=cast.school, position="Учитель физики", is_pedagogical=True)
    secretary = PersonFactory(school=cast.school, position="Секретарь", is_pedagogical=True)
    librarian = PersonFactory(school=cast.school, position="Библиотекарь", is_pedagogical=False)
    client = client_as(cast.curator)

    def shown(person):
        page = client.get(reverse("people:person", kwargs={"pk": person.pk}))
        return page.content.decode()

    with translation.override("ru"):
        assert 'data-testid="pedagogical">да' in shown(teacher)
        assert 'data-testid="pedagogical-override"' not in shown(teacher)
        assert 'data-testid="pedagogical">да' in shown(secretary)
        assert 'data-testid="pedagogical-override"' in shown(secretary)
        assert 'data-testid="pedagogical">нет' in shown(librarian)
        assert 'data-testid="pedagogical-override"' not in shown(librarian)


# ---------------------------------------------------------------------------
# The import

HEADER = ["Табельный номер", "Фамилия", "Имя", "Отчество", "Пол", "Тип", "Должность", "Педагогический работник"]


def person_row(number, position="", pedagogical="", kind="работник", last=None):
    return [number, last or f"Фамилия{number}", "Анна", "Игоревна", "ж", kind, position, pedagogical]


@pytest.fixture
def school(db):
    return SchoolFactory()


def flags(school) -> dict:
    return dict(Person.objects.for_school(school).values_list("employee_number", "is_pedagogical"))


def test_the_column_wins_over_the_position_and_an_empty_cell_follows_it(school, tmp_path):
    rows = [
        HEADER,
        person_row("1", "Учитель математики"),
        person_row("2", "Секретарь"),
        person_row("3", "Секретарь", "да"),
        person_row("4", "Учитель математики", "нет"),
        person_row("5", "Директор", "ДА"),
        person_row("6", "Библиотекарь", "yes"),
        person_row("7", "Учитель", "No"),
        person_row("8", "Лаборант", "1"),
        person_row("9", "Тьютор", "0"),
        person_row("10", "Завхоз", "+"),
        person_row("11", "Методист", "–"),
        person_row("12", "Сторож", "ИСТИНА"),
        person_row("13", "Воспитатель", "ложь"),
    ]

    report = run_import(school, write_csv(tmp_path / "people.csv", rows))

    assert report.rejected == []
    assert flags(school) == {
        "1": True,
        "2": False,
        "3": True,
        "4": False,
        "5": True,
        "6": True,
        "7": False,
        "8": True,
        "9": False,
        "10": True,
        "11": False,
        "12": True,
        "13": False,
    }


def test_without_the_column_the_flag_comes_from_the_position(school, tmp_path):
    rows = [HEADER[:-1], person_row("1", "Педагог-психолог")[:-1], person_row("2", "Заведующий хозяйством")[:-1]]

    run_import(school, write_csv(tmp_path / "people.csv", rows))

    assert flags(school) == {"1": True, "2": False}


def test_excel_true_and_false_cells(school, tmp_path):
    rows = [HEADER, person_row("1", "Секретарь", True), person_row("2", "Учитель", False)]

    report = run_import(school, write_xlsx(tmp_path / "people.xlsx", rows))

    assert report.rejected == []
    assert flags(school) == {"1": True, "2": False}


def test_a_stored_override_survives_a_reimport_unless_the_position_changes(school, tmp_path):
    for number, position, flag in (("1", "Секретарь", True), ("2", "Учитель", False), ("3", "Учитель", False)):
        PersonFactory(
            school=school, employee_number=number, last_name=f"Ф{number}", position=position, is_pedagogical=flag
        )
    rows = [
        ["Табельный номер", "Фамилия", "Имя", "Должность", "Педагогический работник"],
        ["1", "Ф1", "Анна", "секретарь ", ""],  # the same position, written otherwise: the override stays
        ["2", "Ф2", "Анна", "Учитель", ""],
        ["3", "Ф3", "Анна", "Заместитель директора, учитель", ""],  # a new position: the flag follows it
    ]

    report = run_import(school, write_csv(tmp_path / "people.csv", rows))

    assert report.rejected == []
    assert flags(school) == {"1": True, "2": False, "3": True}
    [updated] = [row for row in report.updated if row.changes.get("is_pedagogical")]
    assert ("Педагогический работник", "нет", "да") in updated.changed_columns


def test_a_bad_value_names_the_line_and_the_allowed_values(school, tmp_path):
    rows = [HEADER, person_row("1", "Учитель", "может быть"), person_row("2", "Учитель")]

    with translation.override("ru"):
        report = run_import(school, write_csv(tmp_path / "people.csv", rows))
        message = str(report.rejected[0])

    assert rejected_lines(report) == [2]
    assert "может быть" in message
    assert "Педагогический работник" in message
    for word in ("да", "нет", "yes", "no", "1", "0", "+", "-"):
        assert word in message
    assert flags(school) == {"2": True}


def test_a_pupil_marked_pedagogical_is_rejected(school, tmp_path):
    rows = [
        [*HEADER, "Класс"],
        [*person_row("1", "", "да", kind="обучающийся"), "5А"],
        [*person_row("2", "", "нет", kind="обучающийся"), "5А"],
    ]

    report = run_import(school, write_csv(tmp_path / "people.csv", rows))

    assert rejected_lines(report) == [2]
    assert "Педагогический работник" in report.rejected[0].reason
    assert flags(school) == {"2": False}


@pytest.mark.parametrize(
    "word",
    [
        "работник",
        "Работник",
        "сотрудник",
        "СОТРУДНИК",
        "педагог",
        "Педагог",
        "педагогический работник",
        "Педагогический работник",  # the interface's own old label (issue 17)
        "ПЕДАГОГИЧЕСКИЙ  РАБОТНИК",
        "employee",
        "Employee",
        "teaching staff",
    ],
)
def test_every_word_for_an_employee_is_accepted(school, tmp_path, word):
    report = run_import(school, write_csv(tmp_path / "people.csv", [HEADER, person_row("1", "Учитель", kind=word)]))

    assert report.rejected == []
    assert Person.objects.get().kind == PersonKind.STAFF


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("kind", PersonKind.values)
def test_every_label_the_interface_shows_imports_back(school, tmp_path, language, kind):
    with translation.override(language):
        label = str(PersonKind(kind).label)
    rows = [
        [*HEADER, "Класс", "Организация"],
        [*person_row("1", kind=label.upper(), pedagogical="нет"), "5А", "ООО «Партнёр»"],
    ]

    report = run_import(school, write_csv(tmp_path / "people.csv", rows))

    assert report.rejected == [], (label, report.rejected)
    assert Person.objects.get().kind == kind


def test_every_word_the_import_page_offers_is_accepted(school):
    for key, _words in columns.CODED_COLUMNS:
        for value, words in columns.words_by_column(key).items():
            for word in words:
                if key == "kind":
                    assert columns.kind_by_word(word) == value, word
                elif key == "is_pedagogical":
                    assert columns.YES_NO_BY_WORD[columns.normalize(word)] is value, word


def test_an_unknown_kind_names_the_allowed_values_in_russian(school, tmp_path):
    with translation.override("ru"):
        report = run_import(school, write_csv(tmp_path / "people.csv", [HEADER, person_row("1", kind="учитель")]))

    assert "работник" in report.rejected[0].reason
    assert "обучающийся" in report.rejected[0].reason


def test_the_export_has_the_column_and_reimports_unchanged(school):
    PersonFactory(school=school, employee_number="1", position="Секретарь", is_pedagogical=True)
    PersonFactory(school=school, employee_number="2", position="Учитель", is_pedagogical=False)
    PersonFactory(school=school, employee_number="3", position="Учитель", is_pedagogical=True)
    PersonFactory(school=school, employee_number="4", kind=PersonKind.PUPIL, position="", school_class="5А")
    content = export_people_xlsx(Person.objects.for_school(school))

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Педагогический работник")
    assert {row[0]: row[column] for row in rows[1:]} == {"1": "да", "2": "нет", "3": "да", "4": "нет"}
    kinds = {row[0]: row[rows[0].index("Тип")] for row in rows[1:]}
    assert kinds["1"] == "работник"
    assert kinds["4"] == "обучающийся"

    before = list(Person.objects.order_by("pk").values())
    report = import_people(school=school, file=io.BytesIO(content), filename="bank.xlsx")

    assert (report.created, report.updated, report.rejected) == ([], [], [])
    assert list(Person.objects.order_by("pk").values()) == before


# ---------------------------------------------------------------------------
# The import page and its template


@pytest.mark.django_db
def test_the_import_page_lists_the_allowed_values_delimiters_and_the_template(cast, client_as):
    with translation.override("ru"):
        page = client_as(cast.secretary).get(reverse("people:import")).content.decode()

    assert reverse("people:import_template") in page
    assert "Windows-1251" in page
    assert "«;»" in page
    assert "«,»" in page
    allowed = page[page.index('data-testid="allowed-values"') :]
    for word in ("работник", "педагогический работник", "сотрудник", "обучающийся", "студент-практикант", "внешний"):
        assert f"<code>{word}</code>" in allowed
    for word in ("да", "нет", "м", "ж", "высшая", "соответствие занимаемой должности"):
        assert f"<code>{word}</code>" in allowed
    assert "<code>Педагогический работник</code>" in allowed


@pytest.mark.django_db
def test_the_template_downloads_with_the_headers_the_import_reads(cast, client_as):
    response = client_as(cast.curator).get(reverse("people:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == columns.HEADERS
    assert "Педагогический работник" in header
    assert all(columns.COLUMN_BY_HEADER.get(columns.normalize(title)) for title in header)
    example = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert example["Тип"] == "работник"
    assert example["Педагогический работник"] == "да"
    assert sheet.max_row == 2
    values = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert "педагогический работник" in values["Тип"]
    assert "да" in values["Педагогический работник"]


@pytest.mark.django_db
def test_the_templates_example_row_imports(cast):
    report = import_people(school=cast.school, file=io.BytesIO(import_template_xlsx()), filename="template.xlsx")

    assert (len(report.created), report.rejected, report.warnings) == (1, [], [])
    person = Person.objects.get(last_name="Образцова")
    assert (person.kind, person.is_pedagogical, person.birth_date) == (
        PersonKind.STAFF,
        True,
        datetime.date(1990, 5, 17),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mentor", "council_member", "director"])
def test_the_template_is_for_those_who_import(cast, client_as, role):
    assert client_as(getattr(cast, role)).get(reverse("people:import_template")).status_code == 403


# ---------------------------------------------------------------------------
# The bank's filter


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["people:bank", "people:mentors", "people:mentees"])
def test_the_bank_filters_pedagogical_workers(cast, client_as, url):
    from people.models import MenteeProfile, MentorProfile

    teacher = PersonFactory(school=cast.school, last_name="Педагогова", is_pedagogical=True)
    secretary = PersonFactory(school=cast.school, last_name="Секретарёва", position="Секретарь")
    for person in (teacher, secretary):
        MentorProfile.objects.create(person=person)
        MenteeProfile.objects.create(person=person)
    client = client_as(cast.curator)

    def names(choice):
        page = client.get(reverse(url), {"pedagogical": choice})
        assert page.status_code == 200
        return {person.last_name for person in page.context["object_list"]}

    assert {"Педагогова", "Секретарёва"} <= names("")
    assert "Педагогова" in names("yes")
    assert "Секретарёва" not in names("yes")
    assert "Секретарёва" in names("no")
    assert "Педагогова" not in names("no")
    assert not any(
        person.is_pedagogical is False
        for person in client.get(reverse(url), {"pedagogical": "yes"}).context["object_list"]
    )


@pytest.mark.django_db
def test_the_export_honours_the_pedagogical_filter(cast, client_as):
    PersonFactory(school=cast.school, last_name="Педагогова", is_pedagogical=True)
    PersonFactory(school=cast.school, last_name="Секретарёва", position="Секретарь")

    response = client_as(cast.curator).get(reverse("people:export"), {"pedagogical": "yes"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Педагогова"]


# ---------------------------------------------------------------------------
# The demo


@pytest.mark.django_db
def test_the_demo_school_has_pedagogical_and_other_staff():
    call_command("seed_demo")
    staff = Person.objects.filter(school__slug="sosh-2", kind=PersonKind.STAFF)
    flag = dict(staff.values_list("position", "is_pedagogical"))

    for head_or_other in ("Директор", "Заместитель директора по УВР", "Секретарь учебной части", "Библиотекарь"):
        assert flag[head_or_other] is False, head_or_other
    for teacher in ("Учитель математики", "Педагог-психолог", "Социальный педагог", "Учитель-логопед"):
        assert flag[teacher] is True, teacher
    assert flag["Преподаватель-организатор ОБЗР"] is True
    assert not Person.objects.exclude(kind=PersonKind.STAFF).filter(is_pedagogical=True).exists()
    assert all(person.is_pedagogical == is_pedagogical_position(person.position) for person in staff)
