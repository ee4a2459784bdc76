"""Russian phrases that depend on a person or a count: every printed document builds them here.

Names and positions are declined by ``documents.declension`` (pymorphy3 and petrovich), numbers
agree with their nouns through pymorphy3 and are spelled out by num2words; nothing here appends
endings by hand. A person is the dict that ``documents.drafting`` stores in a document's context
(``sex``, ``pos`` in every case, ``full``, ``gent``, ``datv``…).
"""

import datetime
import functools
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words
from pymorphy3 import MorphAnalyzer

from documents.declension import NBSP, Case, decline_full_name, decline_position, initials_and_last_name
from people.columns import sex_from_patronymic

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


@functools.cache
def _morph() -> MorphAnalyzer:
    return MorphAnalyzer(lang="ru")


def by_sex(sex: str, masculine: str, feminine: str) -> str:
    """«действующего» / «действующей», «ознакомлен» / «ознакомлена»."""
    return feminine if sex == "f" else masculine


def by_count(count: int, singular: str, plural: str) -> str:
    """«наставнику» for one, «наставникам» for several."""
    return singular if count == 1 else plural


def agree_with_number(word: str, count: int) -> str:
    """«пара» → «пара» (1, 21), «пары» (2–4), «пар» (5–20, 11–14)."""
    parse = _morph().parse(word)[0]
    agreed = parse.make_agree_with_number(abs(count))
    return agreed.word if agreed else word


def count_of(count: int, word: str) -> str:
    """«1 пара», «3 пары», «12 пар»; the figure stays on the noun's line."""
    return f"{count}{NBSP}{agree_with_number(word, count)}"


def in_text(words: str) -> str:
    """A position inside a sentence: «Учитель физики» → «учитель физики», «ОБЗР» stays."""
    if len(words) > 1 and words[1].islower():
        return words[0].lower() + words[1:]
    return words


def position_forms(position: str) -> dict:
    """The position in every case, as it stands inside a sentence."""
    return {case.name.lower(): in_text(decline_position(position, case)) for case in Case}


def sex_of_name(last: str, first: str, patronymic: str) -> str:
    """The sex a full name tells: the patronymic first, else the dictionary's reading of the first name."""
    found = sex_from_patronymic(patronymic)
    if found:
        return str(found)
    for parse in _morph().parse(first or ""):
        if "Name" in parse.tag and parse.tag.gender in ("masc", "femn"):
            return "f" if parse.tag.gender == "femn" else "m"
    return "f" if last.endswith(("ова", "ева", "ина", "ая", "ёва")) else "m"


def official(full_name: str, position: str) -> dict:
    """An official known only by name and position (the school's director): the forms documents need."""
    last, first, patronymic = [*full_name.split(), "", "", ""][:3]
    sex = sex_of_name(last, first, patronymic)
    cases = {
        case.name.lower(): decline_full_name(last, first, patronymic, sex=sex, case=case) if last else ""
        for case in Case
    }
    return {
        "sex": sex,
        "full": full_name,
        "short": initials_and_last_name(last, first, patronymic) if last else "",
        "short_datv": short_in_case(last, first, patronymic, sex, Case.DATIVE) if last else "",
        "gent": cases["genitive"],
        "datv": cases["dative"],
        "position": position,
        "pos": position_forms(position),
    }


def short_in_case(last: str, first: str, patronymic: str, sex: str, case: Case) -> str:
    """«И. В. Соколовой»: initials before the surname declined in the case."""
    declined_last = decline_full_name(last, "", "", sex=sex, case=case)
    return initials_and_last_name(declined_last, first, patronymic)


def addressee(school: dict) -> list[str]:
    """The addressee block's lines: «Директору МБОУ «СОШ № 2»», «И. В. Соколовой»."""
    director = school["director"]
    first_line = f"{director['pos']['dative'][:1].upper()}{director['pos']['dative'][1:]} {school['short_name']}"
    return [first_line, director["short_datv"]] if director["short_datv"] else [first_line]


def sender(person: dict) -> list[str]:
    """«от учителя математики», «Васильевой Анастасии Игоревны»; a pupil by class."""
    if person.get("school_class"):
        return [f"от {by_sex(person['sex'], 'обучающегося', 'обучающейся')} {class_phrase(person)}", person["gent"]]
    return [f"от {person['pos']['genitive']}", person["gent"]]


def class_phrase(person: dict) -> str:
    """«8 «Б» класса»; the class as the card writes it."""
    school_class = person.get("school_class", "").strip()
    return f"{school_class}{NBSP}класса" if school_class else ""


def pupil_phrase(person: dict, case: Case = Case.GENITIVE) -> str:
    """«обучающегося 8 «Б» класса» / «обучающейся 8 «Б» класса» (genitive, after «несовершеннолетнего»)."""
    noun = by_sex(person["sex"], "обучающегося", "обучающейся")
    return f"{noun} {class_phrase(person)}".strip()


def money(amount) -> str:
    """«3 000 (три тысячи) рублей 00 копеек»: figures with no-break spaces, words, agreed nouns."""
    amount = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    rubles = int(amount)
    kopecks = int((amount - rubles) * 100)
    figures = f"{rubles:,}".replace(",", NBSP)
    words = num2words(rubles, lang="ru")
    return (
        f"{figures}{NBSP}({words}) {agree_with_number('рубль', rubles)} "
        f"{kopecks:02d}{NBSP}{agree_with_number('копейка', kopecks)}"
    )


def short_money(amount) -> str:
    """«3 000 ₽», never broken across lines."""
    amount = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    rubles, kopecks = int(amount), int((amount - int(amount)) * 100)
    figures = f"{rubles:,}".replace(",", NBSP)
    return f"{figures},{kopecks:02d}{NBSP}₽" if kopecks else f"{figures}{NBSP}₽"


def long_date(day: datetime.date) -> str:
    """«3 декабря 2026 г.»"""
    return f"{day.day}{NBSP}{MONTHS_GENITIVE[day.month - 1]} {day.year}{NBSP}г."


def short_date(day: datetime.date) -> str:
    """«03.12.2026»"""
    return day.strftime("%d.%m.%Y")


POSITION_CASES = {"gent": "genitive", "accs": "accusative", "datv": "dative"}


def names_with_positions(people: list[dict], form: str) -> str:
    """«Карпова Ивана Олеговича, учителя математики, и Зуевой Марии Павловны, учителя химии» — each
    name followed by its own position, both in the case ``form``."""
    items = []
    for person in people:
        position = (person.get("pos") or {}).get(POSITION_CASES[form], "")
        items.append(f"{person[form]}, {position}" if position else person[form])
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + ", и " + items[-1]


def names_joined(people: list[dict], form: str) -> str:
    """«Иванову А. П., Петрову Б. В. и Сидорову В. Г.» — a list in one case, joined as Russian joins it."""
    items = [person[form] for person in people]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " и " + items[-1]
