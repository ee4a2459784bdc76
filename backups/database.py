"""Dumping and restoring the database: pg_dump/pg_restore on PostgreSQL, the backup API on SQLite.

Connection arguments come from the connection's settings (``DATABASES``); a password travels in
``PGPASSWORD``, never in argv, where any user of the machine could read it.
"""

import os
import sqlite3
import subprocess

from django.apps import apps
from django.utils.translation import gettext as _

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Rows Django itself writes into a freshly migrated database: they do not make it «non-empty».
# Rows the running portal writes by itself (lockout attempts), not the school's data.
BOOKKEEPING_MODELS = {
    "contenttypes.ContentType",
    "auth.Permission",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}


class DatabaseError(Exception):
    pass


def supported(connection) -> bool:
    return connection.vendor in DUMP_NAMES


def dump(connection, path) -> None:
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", *_pg_arguments(connection), "--file", str(path)], connection)
    else:
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()


def restore(connection, path) -> None:
    """Replaces the database's content with the dump's, all or nothing."""
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore --clean drops tables this process may be holding
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *_pg_arguments(connection),
                str(path),
            ],
            connection,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def holds_data(connection) -> bool:
    """Whether any portal table of this database has a row."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if model._meta.label in BOOKKEEPING_MODELS or table not in tables:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 — a model's table
            if cursor.fetchone():
                return True
    return False


def _pg_arguments(connection) -> list[str]:
    settings = connection.settings_dict
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments += [option, str(settings[key])]
    # A bare name: a «postgres://…» string in NAME must not be read as a connection string.
    return [*arguments, "--dbname", f"dbname={_quoted(settings['NAME'])}"]


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _environment(connection) -> dict:
    settings = connection.settings_dict
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    options = settings.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def _run(argv: list[str], connection) -> None:
    try:
        finished = subprocess.run(  # noqa: S603 — fixed program, arguments from the settings
            argv, env=_environment(connection), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise DatabaseError(
            _("%(program)s is not installed: install the PostgreSQL client (postgresql-client).") % {"program": argv[0]}
        ) from None
    if finished.returncode != 0:
        raise DatabaseError(
            _("%(program)s failed: %(error)s") % {"program": argv[0], "error": finished.stderr.strip()[-2000:]}
        )
