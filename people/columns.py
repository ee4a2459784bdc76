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
    YES_NO = "yes_no"


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
    # Last, so files laid out by the older column order still line up. Wins over the position;
    # an empty cell: the flag follows the position (people.services.pedagogical_after).
    Column(
        "is_pedagogical",
        "Педагогический работник",
        Kind.YES_NO,
        aliases=("Педагогический работник (да/нет)", "Педработник", "Педагог. работник"),
    ),
)
IMPORT_COLUMNS = (*COLUMNS, FULL_NAME)
HEADERS = [column.header for column in COLUMNS]
HEADER_OF_FIELD = {column.key: column.header for column in IMPORT_COLUMNS}

# Cell words → stored values; the first word of each value is the one the export writes.
SEX_WORDS = {
    Sex.MALE: ("м", "муж", "мужской"),
    Sex.FEMALE: ("ж", "жен", "женский"),
}
# The kind column also takes every label the interface shows for a kind, in each of its
# languages (see kind_by_word), so whatever a user copies from a page imports back.
KIND_WORDS = {
    PersonKind.STAFF: (
        "работник",
        "сотрудник",
        "педагог",
        "педагогический работник",
        "employee",
        "staff",
        "teaching staff",
    ),
    PersonKind.PUPIL: ("обучающийся", "обучающаяся", "ученик", "ученица", "pupil"),
    PersonKind.PRACTICUM_STUDENT: ("студент-практикант", "студентка-практикантка", "практикант", "practicum student"),
    PersonKind.EXTERNAL: ("внешний", "внешний наставник", "external"),
}
CATEGORY_WORDS = {
    QualificationCategory.NONE: ("нет", "без категории"),
    QualificationCategory.CONFORMITY: ("соответствие занимаемой должности", "соответствие", "сзд"),
    QualificationCategory.FIRST: ("первая", "первая категория"),
    QualificationCategory.HIGHEST: ("высшая", "высшая категория"),
    QualificationCategory.METHODIST: ("педагог-методист",),
    QualificationCategory.MENTOR: ("педагог-наставник",),
}

YES_NO_WORDS = {
    True: ("да", "yes", "1", "+", "истина", "true"),
    False: ("нет", "no", "0", "-", "ложь", "false"),
}
# Each coded column with its words, in the order the import page and the template list them.
CODED_COLUMNS = (
    ("sex", SEX_WORDS),
    ("kind", KIND_WORDS),
    ("is_pedagogical", YES_NO_WORDS),
    ("qualification_category", CATEGORY_WORDS),
)

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
YES_NO_BY_WORD = {normalize(word): value for value, words in YES_NO_WORDS.items() for word in words}
COLUMN_BY_KEY = {column.key: column for column in IMPORT_COLUMNS}
COLUMN_BY_HEADER = {normalize(name): column for column in IMPORT_COLUMNS for name in column.names}


@functools.cache
def _interface_kind_words() -> dict[str, str]:
    """The kinds' labels as the interface shows them in each of its languages."""
    from django.conf import settings
    from django.utils import translation

    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for kind in PersonKind:
                found.setdefault(normalize(str(kind.label)), kind.value)
    return found


def kind_by_word(text: str) -> str | None:
    """The stored kind a cell names: a word of KIND_WORDS or any label the interface shows."""
    word = normalize(text)
    return KIND_BY_WORD.get(word) or _interface_kind_words().get(word)


def words_by_column(key: str) -> dict:
    """The coded column's words by stored value; the kind's include the interface labels."""
    words = dict(CODED_COLUMNS)[key]
    if words is not KIND_WORDS:
        return words
    extra = {}
    for word, value in _interface_kind_words().items():
        if word not in KIND_BY_WORD:
            extra.setdefault(value, []).append(word)
    return {value: (*labels, *extra.get(str(value), ())) for value, labels in KIND_WORDS.items()}


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
    words = {
        Kind.SEX: SEX_WORDS,
        Kind.PERSON_KIND: KIND_WORDS,
        Kind.CATEGORY: CATEGORY_WORDS,
        Kind.YES_NO: YES_NO_WORDS,
    }.get(kind)
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
