"""The people bank's spreadsheet columns, shared by the import and the export.

Headers and value words are the file format a school's secretary types in Excel, so
they are Russian data, not translatable UI text: the same file must import whatever
language the portal is shown in.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from people.models import PersonKind, QualificationCategory, Sex


class Kind:
    """How a column's cells are read and written."""

    TEXT = "text"
    DATE = "date"
    SEX = "sex"
    PERSON_KIND = "person_kind"
    CATEGORY = "category"
    EMAIL = "email"
    SUBJECTS = "subjects"
    ORGANIZATION = "organization"
    FULL_NAME = "full_name"


@dataclass(frozen=True)
class Column:
    key: str  # a Person field, or "full_name" for the single ФИО column
    header: str  # as the export writes it
    kind: str = Kind.TEXT
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


EMPLOYEE_NUMBER = Column("employee_number", "Табельный номер", aliases=("Табельный №", "Таб. номер", "Таб. №"))
LAST_NAME = Column("last_name", "Фамилия")
FIRST_NAME = Column("first_name", "Имя")
PATRONYMIC = Column("patronymic", "Отчество")
FULL_NAME = Column("full_name", "ФИО", Kind.FULL_NAME, aliases=("Ф.И.О.", "Фамилия Имя Отчество", "Ф. И. О."))

# In export order; the import accepts them in any order, plus FULL_NAME instead of the three name columns.
COLUMNS = (
    EMPLOYEE_NUMBER,
    LAST_NAME,
    FIRST_NAME,
    PATRONYMIC,
    Column("sex", "Пол", Kind.SEX),
    Column("birth_date", "Дата рождения", Kind.DATE),
    Column("kind", "Тип", Kind.PERSON_KIND),
    Column("position", "Должность"),
    Column("subjects", "Предметы", Kind.SUBJECTS),
    Column("school_class", "Класс"),
    Column(
        "teaching_started_on",
        "Дата начала педагогической деятельности",
        Kind.DATE,
        aliases=("Начало педагогической деятельности",),
    ),
    Column("hired_on", "Дата приёма", Kind.DATE, aliases=("Дата приёма на работу",)),
    Column("left_on", "Дата увольнения", Kind.DATE),
    Column("qualification_category", "Квалификационная категория", Kind.CATEGORY, aliases=("Категория",)),
    Column("email", "Email", Kind.EMAIL, aliases=("E-mail", "Эл. почта", "Электронная почта")),
    Column("phone", "Телефон"),
    Column("partner_organization", "Организация", Kind.ORGANIZATION, aliases=("Партнёрская организация",)),
)
IMPORT_COLUMNS = (*COLUMNS, FULL_NAME)
HEADERS = [column.header for column in COLUMNS]
HEADER_OF_FIELD = {column.key: column.header for column in IMPORT_COLUMNS}

# Cell words → stored values; the first word of each value is the one the export writes.
SEX_WORDS = {
    Sex.MALE: ("м", "муж", "мужской"),
    Sex.FEMALE: ("ж", "жен", "женский"),
}
KIND_WORDS = {
    PersonKind.STAFF: ("педагог",),
    PersonKind.PUPIL: ("обучающийся", "обучающаяся", "ученик", "ученица"),
    PersonKind.PRACTICUM_STUDENT: ("студент-практикант", "студентка-практикантка", "практикант"),
    PersonKind.EXTERNAL: ("внешний", "внешний наставник"),
}
CATEGORY_WORDS = {
    QualificationCategory.NONE: ("нет", "без категории"),
    QualificationCategory.CONFORMITY: ("соответствие занимаемой должности", "соответствие", "сзд"),
    QualificationCategory.FIRST: ("первая", "первая категория"),
    QualificationCategory.HIGHEST: ("высшая", "высшая категория"),
    QualificationCategory.METHODIST: ("педагог-методист",),
    QualificationCategory.MENTOR: ("педагог-наставник",),
}

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")


@functools.lru_cache(maxsize=8192)  # names and words repeat from row to row
def normalize(text: str) -> str:
    """Case, ё, surrounding and repeated spaces and dash variants do not matter."""
    text = _SPACES.sub(" ", str(text).strip().lower().replace("ё", "е"))
    return _DASHES.sub("-", text).rstrip(".")


def _lookup(words_by_value: dict) -> dict[str, str]:
    return {normalize(word): str(value) for value, words in words_by_value.items() for word in words}


SEX_BY_WORD = _lookup(SEX_WORDS)
KIND_BY_WORD = _lookup(KIND_WORDS)
CATEGORY_BY_WORD = _lookup(CATEGORY_WORDS)
COLUMN_BY_KEY = {column.key: column for column in IMPORT_COLUMNS}
COLUMN_BY_HEADER = {normalize(name): column for column in IMPORT_COLUMNS for name in column.names}


def word_for(words_by_value: dict, value: str) -> str:
    """The word the export writes for a stored choice value."""
    return words_by_value[value][0]


def display(key: str, value) -> str:
    """A stored value (or its audit snapshot) as the spreadsheet writes it."""
    if value is None or value == "":
        return ""
    kind = COLUMN_BY_KEY[key].kind if key in COLUMN_BY_KEY else Kind.TEXT
    if kind == Kind.DATE:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
        return day.strftime("%d.%m.%Y")
    words = {Kind.SEX: SEX_WORDS, Kind.PERSON_KIND: KIND_WORDS, Kind.CATEGORY: CATEGORY_WORDS}.get(kind)
    if words and value in words:
        return word_for(words, value)
    return str(value)


def sex_from_patronymic(patronymic: str) -> str | None:
    """Russian and Turkic patronymics tell the sex: Петрович, Ильинична, Мамед оглы, Алиевна, Гусейн кызы."""
    ending = normalize(patronymic)
    if ending.endswith(("вич", "ич", "оглы", "улы", "уулу")):
        return Sex.MALE
    if ending.endswith(("вна", "чна", "кызы", "гызы", "кизи")):
        return Sex.FEMALE
    return None
