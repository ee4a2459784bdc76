"""Files in the media storages that no record refers to: a replaced upload whose deletion failed,
the file of a deleted row, an upload of a request that failed after saving it.

A file is removed only when no FileField of any model names it and it is older than a day, so a
file being saved while its row is not committed yet is safe. Some folders hold files that no
FileField names on purpose and are cleaned by their owners: the waiting imports
(people/uploads.py) and what a restore or a backup put in MEDIA_ROOT (backups/).
"""

import datetime
import fnmatch
import logging
import os
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)

KEPT_FOR = datetime.timedelta(days=1)
# Backup archives written into MEDIA_ROOT by «manage.py backup --output …» (backups/management).
OWNED_FILE_PATTERNS = ("nastavnik-backup-*.tar.gz*",)


@dataclass
class Cleanup:
    removed: list[str] = field(default_factory=list)
    kept_referenced: int = 0
    kept_recent: int = 0


def _storages() -> list:
    """The default storage and every storage a FileField uses, once each (by location)."""
    found = {os.path.realpath(default_storage.location): default_storage}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                found.setdefault(os.path.realpath(model_field.storage.location), model_field.storage)
    return list(found.values())


def _referenced() -> set[str]:
    """The absolute paths of every file a row names."""
    paths = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if not isinstance(model_field, models.FileField) or model_field.model is not model:
                continue
            names = (
                model._default_manager.exclude(**{model_field.name: ""})
                .exclude(**{f"{model_field.name}__isnull": True})
                .values_list(model_field.name, flat=True)
                .iterator()
            )
            paths.update(os.path.realpath(model_field.storage.path(name)) for name in names)
    return paths


def _owned_folders(storages) -> set[str]:
    """Folders to leave alone: other storages' roots (walked on their own) and owned folders."""
    from people.storage import private_storage

    owned = {os.path.realpath(storage.location) for storage in storages}
    # The waiting imports (people/uploads.py, its UPLOADS_FOLDER), forgotten there after a day.
    owned.add(os.path.realpath(private_storage.path("imports")))
    return owned


def _files(root: str, skipped: set[str]):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [
            name
            for name in subfolders
            # Dot folders: a restore's staging and replaced trees (backups/media.py).
            if not name.startswith(".") and os.path.realpath(os.path.join(folder, name)) not in skipped
        ]
        for name in files:
            if any(fnmatch.fnmatch(name, pattern) for pattern in OWNED_FILE_PATTERNS):
                continue
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not os.path.islink(path):
                yield os.path.realpath(path)


def remove_orphan_files(*, dry_run: bool = False, now: datetime.datetime | None = None) -> Cleanup:
    """Deletes (or, dry, only lists) the files no record names that are older than KEPT_FOR."""
    now = now or timezone.now()
    storages = _storages()
    # Listed before the rows are read: a file saved in between is young, so it is kept anyway.
    candidates = []
    for storage in storages:
        root = os.path.realpath(storage.location)
        if os.path.isdir(root):
            skipped = _owned_folders(storages) - {root}
            candidates.extend(_files(root, skipped))
    referenced = _referenced()
    cleanup = Cleanup()
    for path in candidates:
        if path in referenced:
            cleanup.kept_referenced += 1
            continue
        modified = datetime.datetime.fromtimestamp(os.path.getmtime(path), tz=datetime.UTC)
        if now - modified < KEPT_FOR:
            cleanup.kept_recent += 1
            continue
        if not dry_run:
            try:
                os.remove(path)
            except FileNotFoundError:
                continue
        cleanup.removed.append(path)
    logger.info(
        "Orphan files %s: %s (%s referenced, %s younger than a day kept)",
        "found" if dry_run else "removed",
        len(cleanup.removed),
        cleanup.kept_referenced,
        cleanup.kept_recent,
    )
    return cleanup
