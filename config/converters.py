"""Path converters for the string parts of addresses: a token, a code, a kind or a key.

Django's ``str`` converter lets any character but «/» through, so a NUL or another control
character reached the views and broke the database query on PostgreSQL. The portal's tokens,
verification codes, document kinds and template keys are all URL-safe words, so anything else
in their place is simply a page that does not exist: a 404, and the view is never called.
"""

from django.urls import register_converter


class TokenConverter:
    """Letters, digits, «_» and «-»: what ``secrets.token_urlsafe`` and the portal's keys are made of."""

    regex = "[A-Za-z0-9_-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(TokenConverter, "token")
