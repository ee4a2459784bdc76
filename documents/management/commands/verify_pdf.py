"""Checks a PDF as the public «Проверить файл» page does: exit status 0 only when it is genuine."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from documents import verification


class Command(BaseCommand):
    help = (
        "Checks a PDF's embedded signature (intact, unmodified, trusted certificate), whether it is a "
        "registered signed document and its status. Exits with 1 when the file is not genuine."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the PDF to check")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > verification.MAX_UPLOAD_BYTES:
            raise CommandError(f"The file is larger than {verification.MAX_UPLOAD_MB} MB")
        with translation.override("ru"):
            report = verification.check_file(path.read_bytes())
            for row in report.rows:
                mark = {True: "+", False: "!", None: " "}[row.good]
                self.stdout.write(f"{mark} {row.label}: {row.text}")
            self.stdout.write(f"  SHA-256: {report.sha256}")
            self.stdout.write(report.verdict)
        if not report.ok:
            raise SystemExit(1)
