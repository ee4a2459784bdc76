"""Login throttling: after a few wrong passwords for one login from one address, wait a while.

Counted in the cache (Redis in production), so every web process sees the same count.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= MAX_FAILURES


def record_failure(username: str, address: str) -> None:
    key = _key(username, address)
    if cache.add(key, 1, WINDOW_SECONDS):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
    if count == MAX_FAILURES:
        # Neither the login nor the address: the hash is enough to see one target attacked again.
        logger.warning("Login locked after %d wrong passwords (login and address hashed: %s)", count, key[-12:])


def forget(username: str, address: str) -> None:
    cache.delete(_key(username, address))
