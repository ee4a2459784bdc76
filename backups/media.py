"""The uploaded files under MEDIA_ROOT: listing them for a backup and swapping a restored tree in."""

import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings

STAGING_PREFIX = ".restore-"
REPLACED_PREFIX = ".replaced-"
# School exports are copies made on request and expire within a day: a backup need not carry them.
SKIPPED_FOLDERS = ("private/exports",)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def files_to_back_up(exclude: Path | None = None) -> list[tuple[Path, str]]:
    """(path, name relative to MEDIA_ROOT) of every file to keep, in a stable order."""
    root = media_root()
    if not root.is_dir():
        return []
    excluded = exclude.resolve() if exclude else None
    found = []
    for folder, subfolders, files in os.walk(root):
        relative = Path(folder).relative_to(root).as_posix()
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith((STAGING_PREFIX, REPLACED_PREFIX))
            and _joined(relative, name) not in SKIPPED_FOLDERS
            and (excluded is None or (Path(folder) / name).resolve() != excluded)
        )
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path, _joined(relative, name)))
    return found


def _joined(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"


def stage(restored: Path) -> Path:
    """Moves the restored tree next to the live one (same file system, so the swap is renames)."""
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    if restored.is_dir():
        shutil.move(restored, staging)
    else:
        staging.mkdir()
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path) -> None:
    """Replaces MEDIA_ROOT's content by the staged tree. MEDIA_ROOT itself stays (it may be a
    mounted volume, which cannot be renamed); only what is inside moves."""
    root = media_root()
    replaced = root / f"{REPLACED_PREFIX}{uuid.uuid4().hex}"
    replaced.mkdir()
    for item in root.iterdir():
        if item not in (staging, replaced):
            item.rename(replaced / item.name)
    for item in staging.iterdir():
        item.rename(root / item.name)
    staging.rmdir()
    shutil.rmtree(replaced, ignore_errors=True)
