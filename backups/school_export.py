"""Everything a school holds, as one ZIP: JSON per model, one XLSX workbook, the files, a README.

The models are found as ``tests/test_school_isolation.py`` finds them: every model whose default
manager is a :class:`SchoolScopedQuerySet`, read through ``for_school``, so a row of another
school cannot slip in. Built in the school's language and time zone whatever the requester's.
"""

import io
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.core import serializers
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst

from accounts.models import School
from accounts.scoping import SchoolScopedQuerySet
from backups.redaction import Redactor, left_out
from backups.school_workbook import Workbook

# Not the school's data but copies of it: an export never holds the earlier exports.
NOT_EXPORTED = {"backups.SchoolExport"}
FILES_FOLDER = "files/"


@dataclass
class Part:
    model: type[models.Model]
    sheet: str = ""
    rows: int = 0

    @property
    def json_name(self) -> str:
        return f"json/{self.model._meta.label_lower}.json"

    @property
    def title(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))


@dataclass
class ExportSummary:
    parts: list[Part]
    files: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)


def school_models() -> list[type[models.Model]]:
    """The models holding school data, in the order the apps are installed."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "school_path")
        and isinstance(model._default_manager.all(), SchoolScopedQuerySet)
        and model._meta.label not in NOT_EXPORTED
    ]


def rows_of(model, school):
    return left_out(model, model._default_manager.for_school(school), school).order_by("pk")


def write_school_export(school: School, target) -> ExportSummary:
    """Writes the ZIP into ``target`` (a path or a binary file)."""
    with translation.override("ru"), timezone.override(school.time_zone):
        parts = [Part(School)] + [Part(model) for model in school_models()]
        files: dict[str, models.fields.files.FieldFile] = {}

        def remember(file):
            files.setdefault(file.name, file)

        redact = Redactor(school)
        workbook = Workbook(redact)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for part in parts:
                queryset = School.objects.filter(pk=school.pk) if part.model is School else rows_of(part.model, school)
                part.rows = _write_json(archive, part.json_name, queryset, redact)
                part.sheet = workbook.add_sheet(part.title, part.model, queryset, on_file=remember)
            archive.writestr("school.xlsx", workbook.save())
            summary = ExportSummary(parts=parts)
            for name, file in sorted(files.items()):
                if not file.storage.exists(name):
                    summary.missing_files.append(name)
                    continue
                with file.storage.open(name, "rb") as source, archive.open(FILES_FOLDER + name, "w") as copy:
                    while chunk := source.read(1024 * 1024):
                        copy.write(chunk)
                summary.files.append(name)
            archive.writestr("README.txt", _readme(school, summary))
    return summary


def _write_json(archive: zipfile.ZipFile, name: str, queryset, redact) -> int:
    count = 0

    def counted():
        nonlocal count
        for row in queryset.iterator(chunk_size=500):
            count += 1
            yield redact(row)

    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as stream:
        serializers.serialize(
            "json", counted(), stream=stream, indent=2, ensure_ascii=False, use_natural_foreign_keys=True
        )
    return count


def _readme(school: School, summary: ExportSummary) -> str:
    return render_to_string(
        "backups/export_readme.txt",
        {
            "school": school,
            "summary": summary,
            "made_at": timezone.localtime(),
            "files_folder": FILES_FOLDER,
        },
    )
