"""Telling the user how an action went: every reason of a refusal, every warning, or success.

Views call a rule (``mentoring.lifecycle``, ``programs.rules``, ``documents.signing``…); a
``ValidationError`` carries the reasons in Russian, and these helpers turn them into messages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError


def show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def show_form_errors(form, error: ValidationError) -> None:
    """A rule's refusal shown at the top of the form that asked for it."""
    for message in error.messages:
        form.add_error(None, message)


def run_and_report(request, run, *, success: str) -> bool:
    """Runs ``run()``; shows its refusal reasons, or the warnings it returns (a list) and ``success``."""
    try:
        result = run()
    except ValidationError as error:
        show_errors(request, error)
        return False
    for warning in result if isinstance(result, list) else []:
        messages.warning(request, warning)
    messages.success(request, success)
    return True
