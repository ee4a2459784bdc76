"""Template filters for printed documents: the phrases of ``documents.phrases`` inside a template.

{{ director|sexed:"действующего|действующей" }}   {{ pairs|by_count:"наставнику|наставникам" }}
{{ 3|agree:"пара" }} → «пары»                       {{ amount|money }} → «3 000 (три тысячи) рублей 00 копеек»
{{ mentees|joined:"gent" }} → «Иванова А. П. и Петровой Б. В.»
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from documents import phrases

register = template.Library()


def _pair(forms: str) -> tuple[str, str]:
    first, _bar, second = forms.partition("|")
    return first, second or first


@register.filter
def sexed(person, forms: str) -> str:
    masculine, feminine = _pair(forms)
    return phrases.by_sex((person or {}).get("sex", "m"), masculine, feminine)


def _count(value) -> int:
    return value if isinstance(value, int) else len(value or ())


@register.filter
def by_count(value, forms: str) -> str:
    singular, plural = _pair(forms)
    return phrases.by_count(_count(value), singular, plural)


@register.filter
def agree(value, word: str) -> str:
    return phrases.agree_with_number(word, _count(value))


@register.filter
def count_of(value, word: str) -> str:
    return phrases.count_of(_count(value), word)


@register.filter
def money(value) -> str:
    return phrases.money(value) if value not in (None, "") else ""


@register.filter
def short_money(value) -> str:
    return phrases.short_money(value) if value not in (None, "") else ""


@register.filter
def joined(people, form: str) -> str:
    return phrases.names_joined(list(people or ()), form)


@register.filter
def with_positions(people, form: str) -> str:
    return phrases.names_with_positions(list(people or ()), form)


@register.filter
def pupil(person) -> str:
    return phrases.pupil_phrase(person)


_NUMBER = re.compile(r"№\s*([^\s,;:)»]+)")


@register.filter(needs_autoescape=True)
def keep_numbers(text, autoescape=True) -> str:
    """«№ 273-ФЗ» never breaks across lines (neither after «№» nor at the hyphen), and still reads
    back as the plain characters a search finds."""
    escaped = conditional_escape(text) if autoescape else str(text)
    return mark_safe(_NUMBER.sub(r'<span class="nowrap">№&nbsp;\1</span>', escaped))  # noqa: S308 — escaped above
