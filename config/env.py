"""Strict readers for settings taken from the environment.

A malformed value stops the start with a message naming the variable, instead of
quietly falling back to a default nobody meant.
"""

import base64
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str:
    """A secret from NAME or from the file named by NAME_FILE (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at an unreadable file: {path}") from exc
    return os.environ.get(name, "")


def env_url(name: str, default: str = "") -> str:
    """An absolute http(s) address such as ``https://nastavnik.example.ru``; empty when unset."""
    raw = os.environ.get(name, default).strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an absolute http(s) address (https://…), got {raw!r}")
    return raw


def env_key(name: str, length: int = 32) -> bytes | None:
    """A key of ``length`` bytes written in base64 (standard or URL-safe) in NAME or in the file
    named by NAME_FILE; None when neither is set. A malformed key stops the start."""
    raw = env_secret(name).strip()
    if not raw:
        return None
    padded = raw + "=" * (-len(raw) % 4)
    try:
        key = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except ValueError:
        key = b""
    if len(key) != length:
        raise ImproperlyConfigured(
            f"{name} must be {length} random bytes in base64 (make one with «python manage.py backup_key»)"
        )
    return key
