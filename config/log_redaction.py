"""Keeps personal data out of the logs: a filter on every handler of settings.LOGGING.

It rewrites each record in place — message, traceback and the request attached by
django.request — so whatever handler comes after it sees the redacted record too.
"""

import logging
import re

REDACTED = "[redacted]"

PATTERNS = [
    # E-mail addresses.
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # SNILS: NNN-NNN-NNN NN (or with a hyphen before the check digits).
    re.compile(r"\b\d{3}-\d{3}-\d{3}[ -]\d{2}\b"),
    # Russian phone numbers: +7 or 8, then ten digits with the usual spaces, brackets and hyphens.
    re.compile(r"(?<![\w+])(?:\+7|8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b"),
    # Full names: a surname, a first name and a patronymic, or a surname with initials.
    re.compile(r"\b[А-ЯЁ][а-яё-]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(?:вич|вна|чна|ична|оглы|кызы)\b"),
    re.compile(r"\b[А-ЯЁ][а-яё-]+ [А-ЯЁ]\. ?[А-ЯЁ]\."),
    # Query strings: searches and filters carry names, e-mails and SNILS.
    re.compile(r"(?<=\?)[^\s\"']+"),
]


def redact(text: str) -> str:
    for pattern in PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: keep the raw template, never the arguments
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        if hasattr(getattr(record, "request", None), "META"):
            # django.request attaches the request (its POST body, cookies and query string) for
            # handlers like AdminEmailHandler; only the method and the path are kept.
            record.request = redact(f"{record.request.method} {record.request.path}")
        return True
