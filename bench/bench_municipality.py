"""Benchmark: the municipality dashboard for 100 schools × 60 staff.

Checks that the number of queries does not grow with the number of schools and times the
computation and the page itself.

    make bench
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
SCHOOLS, STAFF, RUNS = 100, 60, 5


def setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build():
    from accounts.models import Membership, Municipality, School, User
    from mentoring.models import MentoringForm, Mentorship, Participant
    from people.models import Person

    municipality = Municipality.objects.create(name="Район для замеров", slug="bench")
    officer = User.objects.create(username="officer")
    Membership.objects.create(user=officer, role="municipal_officer", municipality=municipality)
    start = datetime.date(2026, 9, 1)
    for s in range(SCHOOLS):
        school = School.objects.create(slug=f"s{s}", full_name=f"Школа № {s}", municipality=municipality)
        people = Person.objects.bulk_create(
            Person(
                school=school,
                last_name=f"Фамилия{i}",
                first_name="Имя",
                sex="f",
                kind="staff",
                employee_number=str(i),
                teaching_started_on=datetime.date(2024 if i % 5 == 0 else 2005, 9, 1),
                birth_date=datetime.date(1990, 1, 1),
            )
            for i in range(STAFF)
        )
        form = MentoringForm.objects.get(school=school, name="педагог – педагог")
        for i in range(0, STAFF, 10):
            mentorship = Mentorship.objects.create(
                school=school, form=form, planned_start=start, planned_end=datetime.date(2027, 5, 31), status="active"
            )
            Participant.objects.bulk_create(
                [
                    Participant(mentorship=mentorship, person=people[i + 1], role="mentor", started_on=start),
                    Participant(mentorship=mentorship, person=people[i], role="mentee", started_on=start),
                ]
            )
    return municipality, officer


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from accounts.models import School
        from monitoring.indicators import compute_many

        municipality, officer = build()
        schools = list(School.objects.filter(municipality=municipality))
        counts = {}
        for n in (1, 10, SCHOOLS):
            connection.queries_log.clear()  # building the data filled the capped query log
            with CaptureQueriesContext(connection) as queries:
                compute_many(schools[:n], 2026)
            counts[n] = len(queries)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            compute_many(schools, 2026)
            times.append(time.perf_counter() - started)
        client = Client()
        client.force_login(officer)
        page_times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get("/municipality/?year=2026", HTTP_HOST="127.0.0.1")
            page_times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"the municipality page answered {response.status_code}")
        print(f"Municipality of {SCHOOLS} schools × {STAFF} staff")
        print(f"  queries for 1 / 10 / {SCHOOLS} schools: {counts[1]} / {counts[10]} / {counts[SCHOOLS]}")
        print(f"  indicators: median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms")
        print(f"  page: median {statistics.median(page_times) * 1000:.0f} ms, slowest {max(page_times) * 1000:.0f} ms")
        if len(set(counts.values())) != 1:
            raise SystemExit("the number of queries grows with the number of schools")


if __name__ == "__main__":
    main()
