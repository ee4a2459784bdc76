"""Russian full names in the grammatical cases that orders and consents need.

The forms come from two maintained libraries, never from endings written here:

* pymorphy3 (OpenCorpora dictionary) first: it knows the stress-dependent and irregular forms a
  suffix table cannot (Ильёй, Ильичом, Льва, Павла, Петра) and which surnames are indeclinable
  (Дюма, Гёте, Дурново, Черных, Шевченко).
* petrovich for a word the dictionary has no reading of as a surname, first name or patronymic of
  that sex (Мухаметзянов, Фаттахов, Глоба, Ляйсан), and for women's names in -ь that the dictionary
  marks indeclinable (Айгуль, Асель, Гузель) while the norm declines them like «Любовь».

Rules of the norm that are checked before either library (Розенталь, «Справочник по правописанию и
стилистике», склонение фамилий и имён):

* a woman's surname ending in a consonant, -й or -ь is not declined (Кох, Ковальчук, Цой);
* a Turkic patronymic with оглы/кызы is not declined at all («Али оглы», «Гусейн кызы»): petrovich
  leaves it as it is, pymorphy3 would decline the father's name (Гусейна кызы), which the norm does not;
* a lowercase particle inside a capitalised name (фон, де, ибн) is kept as it is.

The spelling of the source is kept: each letter's capitals (also after a hyphen), and a plain «е»
stays «е» even where the dictionary knows the word with «ё» (Семенова, not Семёнова).
"""

import functools
from enum import StrEnum

from petrovich.enums import Case as PetrovichCase
from petrovich.enums import Gender
from petrovich.main import Petrovich
from pymorphy3 import MorphAnalyzer


class Case(StrEnum):
    """Grammatical cases, valued as pymorphy3's grammemes."""

    NOMINATIVE = "nomn"
    GENITIVE = "gent"
    DATIVE = "datv"
    ACCUSATIVE = "accs"
    INSTRUMENTAL = "ablt"
    PREPOSITIONAL = "loct"


class _Kind(StrEnum):
    """Part of a full name: the pymorphy3 grammeme, and the name of petrovich's rule set."""

    LAST = "Surn"
    FIRST = "Name"
    PATRONYMIC = "Patr"


NBSP = "\u00a0"
SEXES = ("m", "f")
TURKIC_PATRONYMIC_PARTICLES = frozenset({"оглы", "кызы", "улы", "уулу", "гызы"})

_GRAMMATICAL_GENDER = {"m": "masc", "f": "femn"}
_PETROVICH_GENDER = {"m": Gender.MALE, "f": Gender.FEMALE}
_PETROVICH_CASE = {
    Case.GENITIVE: PetrovichCase.GENITIVE,
    Case.DATIVE: PetrovichCase.DATIVE,
    Case.ACCUSATIVE: PetrovichCase.ACCUSATIVE,
    Case.INSTRUMENTAL: PetrovichCase.INSTRUMENTAL,
    Case.PREPOSITIONAL: PetrovichCase.PREPOSITIONAL,
}
_PETROVICH_METHOD = {_Kind.LAST: "lastname", _Kind.FIRST: "firstname", _Kind.PATRONYMIC: "middlename"}
_VOWELS = frozenset("аеёиоуыэюя")


@functools.cache
def _morph() -> MorphAnalyzer:
    return MorphAnalyzer(lang="ru")


@functools.cache
def _petrovich() -> Petrovich:
    """petrovich with its shipped rules restated so that its Python port applies them as documented.

    petrovich 2.0.1 skips every «androgynous» rule as soon as a gender is passed (so Ольга became
    «Ольгы» and Цой «Цого»), and reads the «.» modifier (the word stays as it is) as «no match» (so
    Белых became «Белыха»). The rules are the library's own; only their encoding changes: an
    androgynous rule becomes a male and a female copy in the same place, and «.» the empty modifier.
    """
    engine = Petrovich()
    engine.data = {
        form: {group: _restated(rules) for group, rules in groups.items()} for form, groups in engine.data.items()
    }
    return engine


def _restated(rules: list[dict]) -> list[dict]:
    restated = []
    for rule in rules:
        mods = ["" if mod == "." else mod for mod in rule["mods"]]
        genders = (Gender.MALE, Gender.FEMALE) if rule["gender"] == Gender.ANDRGN else (rule["gender"],)
        restated.extend({**rule, "gender": gender, "mods": mods} for gender in genders)
    return restated


@functools.lru_cache(maxsize=4096)
def decline_full_name(last: str, first: str, patronymic: str, *, sex: str, case: Case) -> str:
    """«Иванова Мария Петровна» (f) in the accusative is «Иванову Марию Петровну»."""
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}, not {sex!r}")
    case = Case(case)
    parts = ((last, _Kind.LAST), (first, _Kind.FIRST), (patronymic, _Kind.PATRONYMIC))
    return " ".join(_decline_part(value.strip(), kind, sex, case) for value, kind in parts if value and value.strip())


def decline_person(person, case: Case) -> str:
    """A person (anything with last_name, first_name, patronymic and sex) in the given case."""
    return decline_full_name(person.last_name, person.first_name, person.patronymic, sex=person.sex, case=case)


def initials_and_last_name(last: str, first: str, patronymic: str) -> str:
    """«М. П. Иванова»: initials before the surname, as ГОСТ Р 7.0.97 has it under a signature.

    No-break spaces keep the initials on the surname's line.
    """
    initials = [_initial(part.strip()) for part in (first, patronymic) if part and part.strip()]
    return NBSP.join([*initials, last.strip()])


def _initial(name: str) -> str:
    """«М.» for Мария, «А.-М.» for Анна-Мария."""
    return "-".join(f"{segment[0].upper()}." for segment in name.split("-") if segment)


def _decline_part(value: str, kind: _Kind, sex: str, case: Case) -> str:
    if case is Case.NOMINATIVE or (kind is _Kind.PATRONYMIC and _is_turkic_patronymic(value)):
        return value
    words = value.split()
    capitalised = any(not word.islower() for word in words)
    return " ".join(word if capitalised and word.islower() else _decline_word(word, kind, sex, case) for word in words)


def _is_turkic_patronymic(value: str) -> bool:
    return value.split()[-1].lower() in TURKIC_PATRONYMIC_PARTICLES


@functools.lru_cache(maxsize=4096)
def _decline_word(word: str, kind: _Kind, sex: str, case: Case) -> str:
    """One word of a name; a hyphenated one whole if the dictionary knows it, else part by part."""
    if "-" in word:
        whole = _dictionary_form(word.lower(), kind, sex, case, known_only=True)
        if whole is not None:
            return _with_spelling_of(word, whole)
        return "-".join(_decline_word(segment, kind, sex, case) if segment else segment for segment in word.split("-"))
    if kind is _Kind.LAST and sex == "f" and word[-1].lower() not in _VOWELS:
        return word
    lowered = word.lower()
    form = _dictionary_form(lowered, kind, sex, case) or _petrovich_form(lowered, kind, sex, case)
    return _with_spelling_of(word, form)


def _dictionary_form(word: str, kind: _Kind, sex: str, case: Case, *, known_only: bool = False) -> str | None:
    """pymorphy3's form, or None where petrovich is to decide."""
    parse = _name_reading(word, kind, sex)
    if parse is None or (known_only and not parse.is_known):
        return None
    if kind is _Kind.FIRST and sex == "f" and word.endswith("ь") and "Fixd" in parse.tag:
        return None
    inflected = parse.inflect({case.value})
    return inflected.word if inflected else None


def _name_reading(word: str, kind: _Kind, sex: str):
    """The likeliest reading of the word as this kind of name of this sex, in the nominative singular."""
    gender = _GRAMMATICAL_GENDER[sex]
    for parse in _morph().parse(word):
        tag = parse.tag
        if (
            kind.value in tag
            and tag.case == "nomn"
            and tag.number == "sing"
            and (tag.gender == gender or "ms-f" in tag)
        ):
            return parse
    return None


def _petrovich_form(word: str, kind: _Kind, sex: str, case: Case) -> str:
    inflect = getattr(_petrovich(), _PETROVICH_METHOD[kind])
    return inflect(word, _PETROVICH_CASE[case], _PETROVICH_GENDER[sex])


def _with_spelling_of(source: str, form: str) -> str:
    """The lowercase form spelt like the source: its capitals, and its «е» where the form has «ё»."""
    if "-" in source and source.count("-") == form.count("-"):
        return "-".join(map(_with_spelling_of, source.split("-"), form.split("-")))
    if len(source) > 1 and source.isupper():
        return _keep_plain_e(source.lower(), form).upper()
    return "".join(
        letter.upper() if index < len(source) and source[index].isupper() else letter
        for index, letter in enumerate(_keep_plain_e(source.lower(), form))
    )


def _keep_plain_e(source: str, form: str) -> str:
    return "".join(
        "е" if letter == "ё" and index < len(source) and source[index] == "е" else letter
        for index, letter in enumerate(form)
    )


@functools.lru_cache(maxsize=1024)
def decline_position(position: str, case: Case) -> str:
    """«учитель физики» → «учителя физики», «социальный педагог» → «социального педагога».

    The leading adjectives and the first noun (both halves of «педагог-психолог») change;
    the dependent words after the head noun («физики», «директора по УВР») stay as written.
    """
    words = position.split()
    out = []
    for index, word in enumerate(words):
        parts = word.split("-")
        declined, head_found = [], False
        for part in parts:
            parse = _position_parse(part)
            if parse is None:
                declined.append(part)
                continue
            form = parse.inflect({Case(case).value})
            declined.append(_with_spelling_of(part, form.word) if form else part)
            head_found = head_found or "NOUN" in parse.tag
        out.append("-".join(declined))
        if head_found:
            out.extend(words[index + 1 :])
            break
    return " ".join(out)


def _position_parse(word: str):
    """The nominative reading of a word that heads a position (adjective or noun), if any."""
    for parse in _morph().parse(word):
        if parse.tag.case == "nomn" and ({"NOUN", "ADJF"} & set(parse.tag.grammemes)):
            return parse
    return None
