"""Turns stored audit changes into what a director reads: field names and values in words.

Changes are stored as ``{key: [old, new]}`` or ``{key: value}`` (context, such as which
consent). A key is a field of the event's object (``position``), a field of a related
model of the same app (``consent.withdrawn_on``), a related model's name (``deficit``),
or ``categories``.
"""

import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EMPTY = "—"


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(field, value) -> str:
    if value in (None, ""):
        return EMPTY
    if isinstance(value, list):
        return ", ".join(_value(field, item) for item in value) or EMPTY
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def _label_and_field(event, key):
    app_label, _sep, _model_name = event.object_type.partition(".")
    own = _model(event.object_type)
    if key == "categories":
        return _("mentee categories"), _field(_model(f"{app_label}.categorymark"), "category")
    if "." in key:
        model_name, field_name = key.split(".", 1)
        model = _model(f"{app_label}.{model_name}")
        field = _field(model, field_name)
        if model is not None and field is not None:
            return f"{model._meta.verbose_name}: {field.verbose_name}", field
    field = _field(own, key)
    if field is not None:
        return str(field.verbose_name), field
    related = _model(f"{app_label}.{key}")
    if related is not None:
        return str(related._meta.verbose_name), None
    return key, None


def describe_changes(event) -> list[dict]:
    rows = []
    for key, change in (event.changes or {}).items():
        label, field = _label_and_field(event, key)
        if isinstance(change, list) and len(change) == 2:
            rows.append({"label": label, "old": _value(field, change[0]), "new": _value(field, change[1])})
        else:
            rows.append({"label": label, "old": None, "new": _value(field, change)})
    return rows
