"""Benchmark: rendering the director's order that fixes 40 pairs (draft and signed PDF), and the
signed PDF against bare WeasyPrint laying out the very same HTML (the floor: no context, no
template, no QR code), in turn, A B A B; the ratio is printed (issue 19: keep it ≤ 1.3×).

    make bench        # a throwaway SQLite database in a temporary folder

Prints the median and the slowest of several renders and the number of pages.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAIRS = 40
RUNS = 7


def setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_order():
    from accounts.models import School, User
    from documents import drafting
    from mentoring import lifecycle
    from mentoring.models import MentoringForm
    from people.models import Consent, MenteeProfile, MentorProfile, Person

    school = School.objects.create(
        slug="bench", full_name="МБОУ «Школа для замеров»", director_name="Соколова Ирина Владимировна"
    )
    curator = User.objects.create(username="bench-curator")
    form = MentoringForm.objects.get(school=school, name="педагог – педагог")
    surnames = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова"]
    mentorships = []
    for i in range(PAIRS):
        mentor = Person.objects.create(
            school=school,
            last_name=surnames[i % 8],
            first_name="Мария",
            patronymic="Ивановна",
            sex="f",
            position="Учитель математики",
            employee_number=f"M{i}",
            teaching_started_on=datetime.date(2000, 9, 1),
        )
        mentee = Person.objects.create(
            school=school,
            last_name=f"Молодов{'a' if i % 2 else ''}"[:-1] + "а",
            first_name="Анна",
            patronymic="Петровна",
            sex="f",
            position="Учитель русского языка",
            employee_number=f"E{i}",
            teaching_started_on=datetime.date(2025, 9, 1),
        )
        MentorProfile.objects.create(person=mentor, max_mentees=3)
        MenteeProfile.objects.create(person=mentee)
        for person, kind in ((mentor, "mentor"), (mentee, "mentee")):
            Consent.objects.create(person=person, kind="personal_data", given_on=datetime.date(2026, 1, 1))
            Consent.objects.create(person=person, kind=kind, given_on=datetime.date(2026, 1, 1))
        mentorship, _ = lifecycle.mentorship_create(
            school=school,
            form=form,
            mentors=[mentor],
            mentees=[mentee],
            start=datetime.date(2026, 9, 1),
            end=datetime.date(2027, 5, 31),
            by=curator,
        )
        lifecycle.mentorship_propose(mentorship=mentorship, by=curator)
        mentorships.append(mentorship)
    started = time.perf_counter()
    document = drafting.draft_pairs_order(school=school, mentorships=mentorships, by=curator)
    return document, time.perf_counter() - started


def measure(document, *, final: bool) -> tuple[list[float], str]:
    from documents.printing import document_pdf

    times, pdf = [], b""
    for _ in range(RUNS):
        started = time.perf_counter()
        pdf = document_pdf(document, final=final)
        times.append(time.perf_counter() - started)
    return times, pages_of(pdf)


def bare_ratio(document) -> tuple[float, float, float]:
    """The signed PDF's best time, bare WeasyPrint's on the same HTML, and their ratio."""
    from documents import printing, rendering
    from documents.printing import document_pdf

    captured = {}
    real = rendering.htmls_to_pdf

    def capturing(htmls, *, base_url=None, archival=False):
        captured.update(htmls=list(htmls), base_url=base_url or rendering.DEFAULT_BASE_URL, archival=archival)
        return real(htmls, base_url=base_url, archival=archival)

    printing.htmls_to_pdf = capturing
    try:
        document_pdf(document, final=True)
    finally:
        printing.htmls_to_pdf = real

    def bare():  # WeasyPrint laying out the same HTML with the same fonts (documents.rendering)
        return real(captured["htmls"], base_url=captured["base_url"], archival=captured["archival"])

    portal, floor = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        document_pdf(document, final=True)
        portal.append(time.perf_counter() - started)
        started = time.perf_counter()
        bare()
        floor.append(time.perf_counter() - started)
    # The best of each: what is left when neither was disturbed (this machine is shared).
    p, f = min(portal), min(floor)
    return p, f, p / f


def pages_of(pdf: bytes) -> str:
    import shutil
    import subprocess

    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return "?"
    info = subprocess.run([pdfinfo, "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        document, drafting_seconds = build_order()
        print(
            f"Order fixing {PAIRS} pairs: drafting (declension of {PAIRS * 2} names, context) {drafting_seconds:.2f} s"
        )
        for final in (False, True):
            times, pages = measure(document, final=final)
            label = "signed PDF (with QR)" if final else "draft PDF"
            print(
                f"  {label}: median {statistics.median(times):.2f} s, slowest {max(times):.2f} s "
                f"over {RUNS} renders, {pages} pages"
            )
        portal, floor, ratio = bare_ratio(document)
        print(
            f"  signed PDF {portal:.2f} s vs bare WeasyPrint on the same HTML {floor:.2f} s "
            f"(best of {RUNS}, in turn): {ratio:.2f}× (goal ≤ 1.3×)"
        )


if __name__ == "__main__":
    main()
