"""School levels in a person's words: «начальные классы», «7 класс», «5–9 классы», «10А».

The Russian general school has three levels (273-ФЗ art. 66): primary, grades 1–4; basic,
grades 5–9; secondary, grades 10–11. Matching compares the grades a mentee works with (or, for a
pupil, studies in) with the mentor's, so that «в 7 классе» never meets «Начальные классы» just
because both say «класс».
"""

import re
from enum import IntEnum

from django.utils.translation import gettext_lazy as _


class Level(IntEnum):
    PRIMARY = 1
    BASIC = 2
    SECONDARY = 3

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])


LEVEL_LABELS = {
    Level.PRIMARY: _("primary school (grades 1–4)"),
    Level.BASIC: _("basic school (grades 5–9)"),
    Level.SECONDARY: _("secondary school (grades 10–11)"),
}
GRADES = {Level.PRIMARY: range(1, 5), Level.BASIC: range(5, 10), Level.SECONDARY: range(10, 12)}

# Level names as schools write them («начальные классы», «начальная школа», «основное общее», «старшие классы»…).
NAMED_LEVELS = [
    (re.compile(r"\bначальн\w*\s+(?:класс|школ|звен|обще)"), Level.PRIMARY),
    (re.compile(r"\bосновн\w*\s+(?:школ|звен|обще)"), Level.BASIC),
    (re.compile(r"\bсредн\w*\s+(?:класс|звен|обще)"), Level.BASIC),
    (re.compile(r"\bстарш\w*\s+(?:класс|школ|звен)"), Level.SECONDARY),
    (re.compile(r"\bсредн\w*\s+(?:школ)"), Level.SECONDARY),
]
# «7 класс», «в 7-х классах», «5–9 классы», «10, 11 классы», «1-4 кл.»
GRADE_RANGE = re.compile(
    r"\b(\d{1,2})(?:\s*-?[а-я]{0,2})?\s*(?:[-–—]|,\s*|\s+и\s+)\s*(\d{1,2})(?:\s*-?[а-я]{0,2})?\s*(?=кл)"
)
ONE_GRADE = re.compile(r"\b(\d{1,2})(?:\s*-?[а-я]{0,2})?\s*(?=кл)")
# A pupil's class as the card writes it: «10А», «7 б», «11».
CLASS_NAME = re.compile(r"^\s*(\d{1,2})\s*[-\s]?[а-яa-z]?\s*$", re.IGNORECASE)


def level_of_grade(grade: int) -> Level | None:
    return next((level for level, grades in GRADES.items() if grade in grades), None)


def _grades(low: str, high: str | None = None) -> range:
    first, last = int(low), int(high or low)
    if first > last:
        first, last = last, first
    return range(first, last + 1)


def levels_in(text: str) -> frozenset[Level]:
    """The school levels a text names, by level name or by grade."""
    text = (text or "").lower().replace("ё", "е")
    found = {level for pattern, level in NAMED_LEVELS if pattern.search(text)}
    grades: set[int] = set()
    for match in GRADE_RANGE.finditer(text):
        grades.update(_grades(match.group(1), match.group(2)))
    text = GRADE_RANGE.sub(" ", text)
    for match in ONE_GRADE.finditer(text):
        grades.update(_grades(match.group(1)))
    found.update(level for level in map(level_of_grade, grades) if level is not None)
    return frozenset(found)


def level_of_class(school_class: str) -> Level | None:
    """A pupil's level from their class («10А» → secondary)."""
    match = CLASS_NAME.match(school_class or "")
    return level_of_grade(int(match.group(1))) if match else None


def describe(levels: frozenset[Level]) -> str:
    return ", ".join(level.label for level in sorted(levels))
