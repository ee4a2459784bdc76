"""Latency of the portal's pages on a municipality-size dataset, against a trivial view.

    make bench                                        # PostgreSQL database «mentoring_bench» on 127.0.0.1
    DATABASE_URL=postgres://.../other .venv/bin/python bench/bench_pages.py [--quick] [--no-doc] [--only LABEL]

``--only`` measures only the pages, PDFs and imports whose label contains LABEL (and writes no doc).

The database is created when missing and filled once by ``bench/dataset.py`` (50 schools,
3,000 staff, 1,000 mentorships...); later runs reuse it. Pages are opened with Django's test
client as each role of the largest school, through the full middleware, with DEBUG off.
Each page is measured ITERATIONS times after WARMUP requests, alternating with the trivial
view of ``bench/urls.py``, so every page has its own baseline taken at the same moments: the
ratio «page p50 / baseline p50» cancels most of the machine's speed and of its load.

PDFs (an order fixing 40 pairs, a program, the annual public report) and the people import
(3,000 rows, reusing ``bench/bench_import.py``) are measured fewer times: each takes seconds.
Documents drafted for the PDFs and imported people are rolled back.

The Markdown table is printed and written into docs/PERFORMANCE.md between the markers
``<!-- bench-pages -->`` and ``<!-- /bench-pages -->`` (added at the end the first time).
"""

import datetime
import os
import platform
import re
import statistics
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mentoring_bench"
ITERATIONS, WARMUP = 30, 3
SLOW_ITERATIONS, SLOW_WARMUP = 5, 1
IMPORT_ROWS, IMPORT_RUNS = 3_000, 3
ORDER_PAIRS = 40
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench-pages -->", "<!-- /bench-pages -->"

# label, who opens it (a role of the largest school, or «officer»), URL
PAGES = [
    ("Home: director", "director", "/"),
    ("Home: curator", "curator", "/"),
    ("Home: secretary", "secretary", "/"),
    ("Home: council member", "council_member", "/"),
    ("Home: mentor", "mentor", "/"),
    ("Home: mentee", "mentee", "/"),
    ("Home: municipal officer (the municipality page)", "officer", "/municipality/"),
    ("Home: regional coordinator (the region page)", "region", "/region/"),
    ("Bank", "curator", "/people/"),
    ("Mentor bank", "curator", "/people/mentors/"),
    ("Mentee bank", "curator", "/people/mentees/"),
    ("Board of pairs and groups", "curator", "/mentoring/"),
    ("My mentoring (mentor)", "mentor", "/mentoring/mine/"),
    ("Registry of documents", "curator", "/documents/"),
    ("Program bank", "curator", "/programs/"),
    ("Surveys", "curator", "/surveys/"),
    ("Monitoring dashboard", "curator", "/monitoring/"),
    ("Audit log", "director", "/audit/"),
    ("Public list of the municipality's sections", "officer", "/m/{municipality}/"),
]
# Pages that keep their tables or figures in the cache between changes (portal.freshness), also
# measured as they are first loaded after any change in the school.
AFTER_A_CHANGE = [
    ("Board of pairs and groups, right after a change in the school", "curator", "/mentoring/"),
    ("Monitoring dashboard, right after a change in the school", "curator", "/monitoring/"),
]


def ensure_database(url: str) -> None:
    """Creates the PostgreSQL database named in ``url`` when it does not exist (trust auth)."""
    if not url.startswith("postgres"):
        return
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[-1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")
    connection.close()


def setup() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import clear_url_caches, set_urlconf

    settings.DEBUG = False  # as in production: no query log, no debug context
    call_command("migrate", verbosity=0)
    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clear_url_caches()
    set_urlconf(None)


def dataset():
    from accounts.models import Municipality
    from bench import dataset as builder

    if Municipality.objects.filter(slug=builder.MUNICIPALITY_SLUG).exists():
        return builder.load(), None
    print("Building the dataset (once per database)...", flush=True)
    data = builder.build()
    print(f"  built in {data.seconds:.0f} s: {data.counts}", flush=True)
    return data, data.seconds


def region_login(data) -> str:
    """The regional coordinator's login: ``dataset.py --region`` makes one; the 50-school dataset
    gets a region holding its municipality, and that login, made here once."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Membership, Region, User
    from accounts.roles import Role
    from bench import dataset as builder

    if data.region is None:
        region, _ = Region.objects.get_or_create(slug=builder.REGION_SLUG, defaults={"name": builder.REGION_NAME})
        data.municipality.region = region
        data.municipality.save(update_fields=["region"])
        user, _ = User.objects.get_or_create(
            username=builder.REGION_LOGIN,
            defaults={"last_name": "Громова", "first_name": "Алла", "password": make_password(builder.BENCH_PASSWORD)},
        )
        Membership.objects.get_or_create(user=user, role=Role.REGIONAL_COORDINATOR, region=region)
        data.region = region
    return builder.REGION_LOGIN


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


class Result:
    def __init__(self, label: str, times: list[float], baseline: list[float], queries: int | None = None):
        self.label, self.times, self.baseline, self.queries = label, times, baseline, queries

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return percentile(self.times, 0.95)

    @property
    def ratio(self) -> float:
        return self.p50 / statistics.median(self.baseline)


def client_for(username: str):
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def timed(client, url: str, *, after_a_change: bool = False) -> float:
    """``after_a_change``: the school's data changed just before (``portal.freshness``), so the
    page reuses nothing it keeps in the cache between changes, as its first load after a change."""
    if after_a_change:
        from portal import freshness

        freshness.school_changed()
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return seconds


def measure_page(label: str, client, url: str, *, iterations=None, warmup=WARMUP, after_a_change=False) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.urls import BASELINE_URL

    iterations = iterations or ITERATIONS  # read at call time: --quick lowers it
    for _ in range(warmup):
        timed(client, url, after_a_change=after_a_change)
        timed(client, BASELINE_URL)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        timed(client, url, after_a_change=after_a_change)
    queries = len(captured)  # now: the next request's start empties the connection's log
    times, baseline = [], []
    for _ in range(iterations):
        times.append(timed(client, url, after_a_change=after_a_change))
        baseline.append(timed(client, BASELINE_URL))
    return Result(label, times, baseline, queries)


def measure_call(label: str, call, client) -> Result:
    """A function (a PDF render) timed in turn with the trivial view."""
    from bench.urls import BASELINE_URL

    iterations, warmup = SLOW_ITERATIONS, SLOW_WARMUP
    for _ in range(warmup):
        call()
    times, baseline = [], []
    for _ in range(iterations):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
        baseline.append(timed(client, BASELINE_URL))
    return Result(label, times, baseline)


def pdf_results(data, school, curator_client) -> list[Result]:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from documents import drafting
    from documents.printing import document_pdf
    from mentoring.models import Mentorship
    from people.services import academic_year_of
    from programs.models import Program

    curator = User.objects.get(username=data.logins(school).curator)
    results = []
    with transaction.atomic():
        # An order fixes proposed pairs; the largest school has fewer, so forty of its pairs are
        # made proposed for the draft, and everything is rolled back afterwards.
        chosen = list(Mentorship.objects.for_school(school).order_by("pk").values_list("pk", flat=True)[:ORDER_PAIRS])
        Mentorship.objects.filter(pk__in=chosen).update(status="proposed")
        order = drafting.draft_pairs_order(
            school=school, mentorships=Mentorship.objects.filter(pk__in=chosen), by=curator
        )
        pairs = len(order.context["pairs"])
        results.append(
            measure_call(
                f"PDF: order fixing {pairs} pairs (signed, with QR; the render alone)",
                lambda: document_pdf(order, final=True),
                curator_client,
            )
        )
        program = (
            Program.objects.for_school(school)
            .filter(status="approved")
            .select_related("mentorship")
            .order_by("pk")
            .first()
        )
        document = drafting.draft_program(program=program, by=curator)
        items = len(document.context["program"]["items"])
        results.append(
            measure_call(
                f"PDF: program with {items} plan items (the render alone)",
                lambda: document_pdf(document, final=True),
                curator_client,
            )
        )
        transaction.set_rollback(True)
    url = f"/monitoring/report/public/?year={academic_year_of(timezone.localdate())}"
    results.append(
        measure_page(
            "PDF: annual public report (the whole page)",
            curator_client,
            url,
            iterations=SLOW_ITERATIONS,
            warmup=SLOW_WARMUP,
        )
    )
    return results


def import_results(curator_client) -> list[Result]:
    from django.db import transaction

    from bench import bench_import
    from bench.urls import BASELINE_URL

    rows = bench_import.people_rows(IMPORT_ROWS)
    results = []
    for extension, content in (("csv", bench_import.csv_bytes(rows)), ("xlsx", bench_import.xlsx_bytes(rows))):
        filename = f"people.{extension}"
        runs = {"first": [], "second": []}
        baseline = []
        for _ in range(IMPORT_RUNS):
            with transaction.atomic():
                school = bench_import.fresh_school(extension)
                for run, times in runs.items():
                    started = time.perf_counter()
                    report = bench_import.import_once(school, content, filename)
                    times.append(time.perf_counter() - started)
                    bench_import.check(report, run, IMPORT_ROWS)
                    baseline.append(timed(curator_client, BASELINE_URL))
                transaction.set_rollback(True)
        label = f"Import: {IMPORT_ROWS:,} people from {extension.upper()}".replace(",", " ")
        results.append(Result(f"{label}, all created", runs["first"], baseline))
        results.append(Result(f"{label}, all unchanged (the same file again)", runs["second"], baseline))
    return results


def largest(school) -> str:
    from mentoring.models import Mentorship
    from people.models import Person

    staff = Person.objects.for_school(school).count()
    pairs = Mentorship.objects.for_school(school).count()
    return f"{staff} people, {pairs} pairs and groups"


def machine() -> dict:
    from django.db import connection

    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found.group(1).strip() if found else model
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            import sqlite3

            database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "database": database,
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}".replace(",", " ")


def table(results: list[Result]) -> str:
    lines = [
        "| page | p50, ms | p95, ms | × trivial view | queries | n |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        queries = "" if r.queries is None else str(r.queries)
        lines.append(f"| {r.label} | {ms(r.p50)} | {ms(r.p95)} | {r.ratio:.1f} | {queries} | {len(r.times)} |")
    return "\n".join(lines)


def count(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def noise_note(loads: list[float], cpus: int) -> str:
    if max(loads) < cpus / 2:
        return "The machine was otherwise quiet during the run."
    return (
        f"**The machine was busy during this run** (a load average of up to {max(loads):.1f} on {cpus} CPUs: "
        "other processes shared the cores), so the milliseconds, and the p95 most of all, are noisy. "
        "The ratios hold better; re-run `make bench` on a quiet machine for numbers to compare."
    )


def section(results, info, counts, largest, built, wall, load_after) -> str:
    n = {name: count(value) for name, value in counts.items()}
    baseline = statistics.median([t for r in results for t in r.baseline])
    loads = [float(info["load"].split(" / ")[0]), float(load_after.split(" / ")[0])]  # the 1-minute averages
    dataset = (
        f"The dataset (`bench/dataset.py`): {n['School']} schools of one municipality, {n['Person']} people, "
        f"{n['Mentorship']} pairs and groups in every status, {n['Program']} programs with {n['PlanItem']} plan "
        f"items and {n['LogEntry']} log entries, {n['Answer']} survey answers and {n['Document']} documents."
        + (f" Building it took {built:.0f} s in this run." if built else "")
        + f" The pages are opened as the roles of its largest school ({largest}, about three times the average)."
    )
    method = (
        f"Each page was requested {WARMUP} times to warm up, then {ITERATIONS} times, each request followed by "
        'one to the trivial view (`bench/urls.py`: `HttpResponse("ok")` through the same middleware, for the '
        "same user). «× trivial view» is the page's p50 divided by the p50 of its own trivial requests: it "
        "changes much less from machine to machine, and with the machine's load, than milliseconds do. The "
        f"trivial view's overall p50 was {ms(baseline)} ms. «queries» is one request's count; "
        "`tests/test_query_budgets.py` holds every page to a budget and proves the count does not grow with "
        f"the data. PDFs and imports take seconds, so they are measured {SLOW_ITERATIONS} and {IMPORT_RUNS} "
        "times (the PDFs after one warm-up); their drafts and imported people are rolled back. Every page "
        "keeps the menu's to-do lists, and the board and the dashboard keep their tables and figures, in the "
        "shared cache until the school's data changes (`portal/freshness.py`); the rows «right after a change» "
        "move the school's generation on before every request, so they pay for all of it anew, the to-do "
        "lists included, as the first page after any form sent to the school does."
    )
    prose = [textwrap.fill(text, 100) for text in (noise_note(loads, info["nproc"] or 1), dataset, method)]
    return f"""{START}
## Pages on a municipality-size dataset (`bench/bench_pages.py`)

Measured on {info["date"]} with `make bench` (the page benchmark took {wall:.0f} s of it).

| Machine | |
|---|---|
| CPUs (`nproc`) | {info["nproc"]} ({info["cpu"]}) |
| Python | {info["python"]} |
| Database | {info["database"]}, on the same machine |
| Load average, 1 / 5 / 15 min | {info["load"]} at the start, {load_after} at the end |

{prose[0]}

{prose[1]}

{prose[2]}

{table(results)}
{END}"""


def write_doc(text: str) -> None:
    current = DOC.read_text(encoding="utf-8")
    if START in current and END in current:
        before, rest = current.split(START, 1)
        after = rest.split(END, 1)[1]
        updated = before + text + after
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    DOC.write_text(updated, encoding="utf-8")


def main() -> None:
    quick = "--quick" in sys.argv
    started = time.perf_counter()
    setup()
    global ITERATIONS, IMPORT_RUNS, SLOW_ITERATIONS
    if quick:
        ITERATIONS, IMPORT_RUNS, SLOW_ITERATIONS = 5, 1, 2
    info = machine()
    data, built = dataset()
    school = data.schools[0]
    logins = data.logins(school)
    clients = {}

    def client(who: str):
        if who not in clients:
            if who == "officer":
                login = data.officer
            elif who == "region":
                login = region_login(data)
            else:
                login = getattr(logins, who)
            clients[who] = client_for(login)
        return clients[who]

    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    results = []
    pages = [(page, False) for page in PAGES] + [(page, True) for page in AFTER_A_CHANGE]
    for (label, who, url), after_a_change in pages:
        if only.lower() not in label.lower():
            continue
        url = url.format(municipality=data.municipality.slug)
        result = measure_page(label, client(who), url, after_a_change=after_a_change)
        print(f"  {label}: p50 {ms(result.p50)} ms, ×{result.ratio:.1f}, {result.queries} queries", flush=True)
        results.append(result)
    slow = (
        [] if only and only.lower() not in "pdf: annual public report" else pdf_results(data, school, client("curator"))
    )
    slow += [] if only and only.lower() not in "import" else import_results(client("curator"))
    for result in slow:
        if only.lower() not in result.label.lower():
            continue
        print(f"  {result.label}: p50 {ms(result.p50)} ms, ×{result.ratio:.0f}", flush=True)
        results.append(result)
    load_after = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    text = section(results, info, data.counts, largest(school), built, time.perf_counter() - started, load_after)
    print()
    print(table(results))
    if not quick and not only and "--no-doc" not in sys.argv:
        write_doc(text)
        print(f"\nWritten to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
