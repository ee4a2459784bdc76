"""Hypothesis strategies for what a person — or a forged request — can put into a form field."""

import datetime

from django import forms
from hypothesis import strategies as st

from tests.hardening.sweep import HUGE, IMG, NUL, SCRIPT, SQL, TRAVERSAL

HOSTILE_TEXTS = (
    SCRIPT,
    IMG,
    SQL,
    TRAVERSAL,
    NUL,
    HUGE,
    "\u202eилопак\u202c",  # right-to-left override
    "\u200f\u200bИванов\ufeff",
    "👩‍🏫🎓" * 50,
    " \t\r\n ",
    "<b>Жирный</b>",
    '=HYPERLINK("http://x")',
)
# Every character but the surrogates, which no browser can send as UTF-8.
ANY_CHARACTER = st.characters(codec="utf-8")
text = st.one_of(st.text(ANY_CHARACTER, max_size=300), st.sampled_from(HOSTILE_TEXTS))
date_text = st.one_of(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)).map(datetime.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d.%m.%Y")),
    st.sampled_from(("31.02.2026", "0000-00-00", "2026-13-45", "99999-01-01", "вчера", "")),
    text,
)
number_text = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(("NaN", "Infinity", "-0", "1e309", "1,5", "")),
    text,
)


def _choices(field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
    return [str(value) for value, _label in field.choices if value not in ("", None)]


def value_for(field) -> st.SearchStrategy:
    """Mostly what the field takes, often what it must refuse."""
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        options = _choices(field)
        one = st.sampled_from(options) if options else number_text
        return st.lists(st.one_of(one, number_text), max_size=4)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        options = _choices(field)
        return st.one_of(st.sampled_from(options), number_text) if options else number_text
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(("on", "", "false", "1", SCRIPT))
    if isinstance(field, forms.DateField):
        return date_text
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return number_text
    return text


# What a careful person types: letters, digits, punctuation, markup characters; never a control.
PRINTABLE = st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029")


def plausible_value_for(field) -> st.SearchStrategy:
    """What the field accepts, most of the time: so the save path is reached too."""
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        options = _choices(field)
        return st.lists(st.sampled_from(options), unique=True, max_size=3) if options else st.just([])
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        options = _choices(field)
        return st.sampled_from(options) if options else st.just("")
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(("on", ""))
    if isinstance(field, forms.DateField):
        return st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)).map(datetime.date.isoformat)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low = int(field.min_value) if field.min_value is not None else 0
        high = int(field.max_value) if field.max_value is not None else low + 500
        return st.integers(low, high).map(str)
    if isinstance(field, forms.EmailField):
        return st.emails().filter(lambda email: len(email) <= (field.max_length or 254))
    if isinstance(field, forms.URLField):
        return st.just("https://example.org/report.pdf")
    limit = min(field.max_length or 60, 60) if hasattr(field, "max_length") else 60
    return st.text(PRINTABLE, min_size=1, max_size=limit).filter(str.strip)


@st.composite
def form_data(draw, form) -> dict:
    """A POST for the (unbound) form: all plausible, plausible but for one hostile field, or all hostile."""
    hostile = {name: value_for(field) for name, field in form.fields.items()}
    mode = draw(st.sampled_from(("plausible", "one_hostile", "hostile")))
    if mode == "hostile":
        return draw(st.fixed_dictionaries({}, optional=hostile))
    plausible = {name: plausible_value_for(field) for name, field in form.fields.items()}
    required = {name: plausible[name] for name, field in form.fields.items() if field.required}
    optional = {name: plausible[name] for name in plausible if name not in required}
    data = draw(st.fixed_dictionaries(required, optional=optional))
    if mode == "one_hostile" and hostile:
        name = draw(st.sampled_from(sorted(hostile)))
        data[name] = draw(hostile[name])
    return data
