"""Reports read from a PostgreSQL read replica when the deployment has one (docs/DEPLOYMENT.md).

``DATABASE_REPLICA_URL`` names the replica. Without it the «replica» alias is the primary itself
and nothing is routed to it. With it, code that only reads and may lag a few seconds behind —
the municipality's and the region's pages, the analytical reports — wraps its work in
``reading_from_replica()`` (or decorates a view with ``@reads_from_replica``); every write, and
every read outside such a block, goes to the primary. A view that writes (the audit log of a
view) still writes to the primary from inside the block.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("reading_from_replica", default=False)


@contextlib.contextmanager
def reading_from_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


def replica_in_use() -> bool:
    return bool(getattr(settings, "READ_REPLICA", False)) and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and replica_in_use():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: an object read there relates to one here

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
