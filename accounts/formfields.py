"""Form fields that keep a forged request a validation error, never a server error."""

from django import forms
from django.db import connection


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django sends every posted id to one ``IN`` query, where an id beyond the database's integer
    range fails (OverflowError on SQLite, DataError on PostgreSQL) instead of being a wrong choice."""

    def _check_values(self, value):
        model = self.queryset.model
        field = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        low, high = connection.ops.integer_field_ranges.get(field.get_internal_type(), (None, None))
        if low is not None:
            for pk in value:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # Django's own check reports it
                if not low <= number <= high:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)
