"""Pages that must not grow with the school's history: each measured on a school as it is today
and on the same school with ten times its ended pairs of earlier academic years added.

    .venv/bin/python bench/bench_history.py [--quick]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/bench_history.py

The database (``mentoring_bench_history`` by default) is created when missing. Two identical
schools are built by ``bench/dataset.py``'s ``fill_school`` with the numbers of the bench's largest
school; the second then gets its history: ten times its ended pairs, all of earlier academic years
(completed and terminated, with participants, completed programs, plan items and log entries like
the dataset's), ten times its documents (dated in earlier years), audit events and the curator's
notifications, and ten times the log of one running program. Everything is written in one
transaction that is rolled back at the end, so every run starts from an empty database.

Each page is measured as ``bench/bench_pages.py`` measures it, against the trivial view, but the
two schools in turn (today's page, trivial view, the grown school's page, trivial view...), so both
see the same moments of a busy machine, and against one baseline: all the trivial requests of both.
Every page is loaded right after a change in the schools (``portal.freshness``), so what a page
keeps in the cache between changes (the board's tables) is read anew each time: history is paid
there, if anywhere.
«history / today» is the grown school's p50 divided by today's: the board must stay within 1.1×.
The number of queries must not differ at all (the script fails if it does).
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mentoring_bench_history"
SLUG = "bench-history"
TIMES = 10  # the history added: this many times what the school has
BOARD_LIMIT = 1.1
# The bench dataset's largest school (bench/dataset.py, 50 schools): 183 people, 61 pairs and groups.
SCHOOL = {
    "staff": 183,
    "mentorships": 61,
    "plan_items": 610,
    "log_entries": 610,
    "survey_answers": 300,
    "documents": 60,
    "audit_events": 600,
}
NOTIFICATIONS = 60
# label, who opens it, URL ({program}: the running program whose log grows)
PAGES = [
    ("Board of pairs and groups", "curator", "/mentoring/"),
    ("Archive of pairs and groups (first page)", "curator", "/mentoring/archive/"),
    ("Program page (its log grows)", "curator", "/programs/{program}/"),
    ("Registry of documents", "curator", "/documents/"),
    ("Audit log", "director", "/audit/"),
    ("Notifications", "curator", "/notifications/"),
]


def build_school(name: str, municipality, password_hash: str, today: datetime.date) -> dict:
    from accounts.models import School
    from bench.dataset import fill_school

    school = School.objects.create(
        slug=f"{SLUG}-{name}",
        full_name=f"Муниципальное бюджетное общеобразовательное учреждение «СОШ {name}»",
        short_name=f"МБОУ «СОШ {name}»",
        municipality=municipality,
        address="187700, Ленинградская область, г. Лодейное Поле, ул. Школьная, д. 1",
    )
    filled = fill_school(school, **SCHOOL, password_hash=password_hash, today=today)
    notifications(filled["people"][1].user_id, school, NOTIFICATIONS, today, label="today")
    return {"school": school, **filled}


def notifications(user_id, school, count: int, today: datetime.date, *, label: str) -> None:
    from notifications.models import Notification

    Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            school=school,
            kind="upcoming_item",
            title=f"Запланировано мероприятие программы № {n + 1}",
            url="/programs/",
            key=f"{school.slug}-{label}-{n}",
            read_at=None if n % 4 == 0 else datetime.datetime.combine(today, datetime.time(9), datetime.UTC),
        )
        for n in range(count)
    )


def add_history(filled: dict, today: datetime.date) -> dict:
    """Ten times the school's ended pairs, all ended in earlier academic years, and the rest of the history."""
    from audit.models import AuditEvent
    from bench.dataset import _documents, _programs, add_participants
    from mentoring.models import ENDED, MentoringForm, Mentorship
    from programs.models import LogEntry

    school = filled["school"]
    ended_today = [m for m in filled["mentorships"] if m.status in ENDED]
    count = TIMES * len(ended_today)
    form = MentoringForm.objects.get(school=school, name="педагог – педагог")
    this_year = today.year if today.month >= 9 else today.year - 1
    made = []
    for n in range(count):
        year = this_year - 1 - n % 8  # the eight academic years before this one
        start = datetime.date(year, 9, 1) + datetime.timedelta(days=n % 20)
        status = "terminated" if n % 5 == 4 else "completed"
        end = start + datetime.timedelta(days=100 if status == "terminated" else 270)
        made.append(
            Mentorship(
                school=school,
                form=form,
                direction="адаптация молодого специалиста",
                planned_start=start,
                planned_end=start + datetime.timedelta(days=270),
                actual_end=end,
                status=status,
                order_number=f"01-10/{1000 + n}",
                order_date=start - datetime.timedelta(days=5),
                termination_reason="mutual" if status == "terminated" else "",
            )
        )
    Mentorship.objects.bulk_create(made)
    add_participants(made, filled["mentors"], filled["mentees"])
    completed = [m for m in made if m.status == "completed"]
    _programs(completed, TIMES * SCHOOL["plan_items"] // 2, TIMES * SCHOOL["log_entries"] // 2, today=today)
    _documents(school, TIMES * SCHOOL["documents"], made, filled["people"], today=today - datetime.timedelta(days=400))
    AuditEvent.objects.bulk_create(
        AuditEvent(
            school=school,
            actor_id=filled["people"][1].user_id,
            action="view",
            object_type="people.person",
            object_id=str(filled["people"][n % len(filled["people"])].pk),
            object_repr=filled["people"][n % len(filled["people"])].full_name,
        )
        for n in range(TIMES * SCHOOL["audit_events"])
    )
    notifications(filled["people"][1].user_id, school, TIMES * NOTIFICATIONS, today, label="history")
    program = running_program(school)
    entries = list(LogEntry.objects.filter(program=program))
    LogEntry.objects.bulk_create(
        LogEntry(
            program=program,
            occurred_on=entries[n % len(entries)].occurred_on,
            what_done=entries[n % len(entries)].what_done,
            result=entries[n % len(entries)].result,
            author_id=entries[n % len(entries)].author_id,
        )
        for n in range(TIMES * len(entries))
    )
    return {"ended pairs": count, "log entries of the program": (TIMES + 1) * len(entries)}


def running_program(school):
    from programs.models import Program

    return (
        Program.objects.filter(mentorship__school=school, status="approved", log__isnull=False)
        .order_by("pk")
        .distinct()
        .first()
    )


def measure(sides: dict) -> dict:
    """Each page of each side (today, history) in turn with the trivial view: {(side, label): Result}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import bench.bench_pages as pages
    from bench.urls import BASELINE_URL

    results = {}
    for label, who, url in PAGES:
        urls = {side: url.format(program=data["program"].pk) for side, data in sides.items()}
        clients = {side: data["clients"][who] for side, data in sides.items()}
        times = {side: [] for side in sides}
        baseline = {side: [] for side in sides}
        queries = {}
        for side in sides:
            for _ in range(pages.WARMUP):
                pages.timed(clients[side], urls[side], after_a_change=True)
                pages.timed(clients[side], BASELINE_URL)
            with CaptureQueriesContext(connection) as captured:
                pages.timed(clients[side], urls[side], after_a_change=True)
            queries[side] = len(captured)
        for _ in range(pages.ITERATIONS):
            for side in sides:
                times[side].append(pages.timed(clients[side], urls[side], after_a_change=True))
                baseline[side].append(pages.timed(clients[side], BASELINE_URL))
        pooled = baseline["today"] + baseline["history"]  # both sides' trivial requests: one baseline
        for side in sides:
            result = pages.Result(label, times[side], pooled, queries[side])
            results[side, label] = result
            print(f"  {side}: {label}: p50 {result.p50 * 1000:.0f} ms, ×{result.ratio:.1f}, {result.queries} queries")
    return results


def table(results: dict) -> str:
    lines = [
        "| page | today: p50, ms | × trivial | queries "
        "| 10× history: p50, ms | × trivial | queries | history / today |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, _who, _url in PAGES:
        before, after = results["today", label], results["history", label]
        lines.append(
            f"| {label} | {before.p50 * 1000:.0f} | {before.ratio:.1f} | {before.queries} "
            f"| {after.p50 * 1000:.0f} | {after.ratio:.1f} | {after.queries} | {after.p50 / before.p50:.2f}× |"
        )
    return "\n".join(lines)


def main() -> None:
    import bench.bench_pages as pages

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    started = time.perf_counter()
    pages.setup()
    if "--quick" in sys.argv:
        pages.ITERATIONS = 5
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Municipality
    from bench.dataset import BENCH_PASSWORD

    today = timezone.localdate()
    with transaction.atomic():
        municipality = Municipality.objects.create(name="Район истории", slug=SLUG)
        password_hash = make_password(BENCH_PASSWORD)
        sides = {side: build_school(side, municipality, password_hash, today) for side in ("today", "history")}
        added = add_history(sides["history"], today)
        for data in sides.values():
            data["program"] = running_program(data["school"])
            data["clients"] = {who: pages.client_for(data["usernames"][who]) for who in ("curator", "director")}
        print(f"Each school: {SCHOOL}", flush=True)
        print(f"Added to one: {added}, and {TIMES}× its documents, audit events and notifications", flush=True)
        results = measure(sides)
        transaction.set_rollback(True)  # the next run starts from an empty database
    print()
    print(table(results))
    board = "Board of pairs and groups"
    growth = results["history", board].p50 / results["today", board].p50
    print(f"\nThe board with {TIMES}× the ended history / the board today: {growth:.2f}× (limit {BOARD_LIMIT}×)")
    print(f"Took {time.perf_counter() - started:.0f} s; load average at the end {os.getloadavg()[0]:.1f}")
    grown = [
        label for label, _who, _url in PAGES if results["today", label].queries != results["history", label].queries
    ]
    if grown:
        raise SystemExit(f"The number of queries grew with the history: {', '.join(grown)}")


if __name__ == "__main__":
    main()
