"""Benchmark of the people import: 5,000 rows from XLSX and from CSV (Windows-1251, «;»).

Each file is imported twice into a fresh school: the first run creates everyone,
the second finds everyone unchanged. Speed is timed without tracemalloc (it slows
allocation-heavy code three to five times); peak memory is measured in a repeat of
the same two runs, into another fresh school, with tracemalloc on.

Each time is also divided by two floors measured in the same process, alternating with the
import: a bare ``bulk_create`` of the same people built straight from the cells (no file read,
nothing checked or audited), and the same ``bulk_create`` after reading the file with the plain
library (``csv.reader``; openpyxl's ``load_workbook(read_only=True)`` and ``iter_rows(values_only=True)``),
which is the fair floor for XLSX, whose reading alone costs more than the writing.

Two XLSX files are measured: one as openpyxl writes it (text in inline strings, as the portal's
own export), one as Excel saves it (text in the shared strings table).

The formats are measured in two processes side by side, one per core, each with its own
database, to keep the whole benchmark around a minute on two cores.

    .venv/bin/python bench/bench_import.py                   # throwaway SQLite databases in a temporary folder
    DATABASE_URL=... .venv/bin/python bench/bench_import.py  # that database (created if missing, as
                                                             # `make bench` does on PostgreSQL); rolled back

Then the bounded imports (issue 16): a ZIP bomb refused and a 20,000-row XLSX previewed and
imported through the background job, each in a fresh process whose peak resident memory must
stay under 300 MiB.

The numbers go into docs/PERFORMANCE.md.
"""

import csv
import datetime
import io
import multiprocessing
import os
import platform
import re
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROWS = 5_000
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(folder: str) -> bool:
    """Configures Django; True when the database is the caller's own and must be left as it was."""
    given = bool(os.environ.get("DATABASE_URL"))
    if not given:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CELERY_BROKER_URL", "")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # as in production: no per-query log eating memory
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return given


LAST_NAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков"]
FIRST_NAMES = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Иван", "Олег"]
MALE_PATRONYMICS = ["Александрович", "Дмитриевич", "Сергеевич", "Андреевич", "Ильич", "Петрович"]
FEMALE_PATRONYMICS = ["Александровна", "Дмитриевна", "Сергеевна", "Андреевна", "Ильинична", "Петровна"]
KINDS = ["педагог"] * 6 + ["обучающийся", "студент-практикант", "внешний"]
CATEGORIES = ["нет", "соответствие занимаемой должности", "первая", "высшая", "педагог-методист", "педагог-наставник"]
SUBJECTS = ["математика", "физика", "русский язык, литература", "история, обществознание", "химия", "информатика"]


def people_rows(count: int = ROWS) -> list[list]:
    """A header and ``count`` varied people: every column used, dates as DD.MM.YYYY text."""
    from people.columns import HEADERS

    rows = [HEADERS]
    for n in range(count):
        female = n % 2 == 1
        last = LAST_NAMES[n % len(LAST_NAMES)] + ("а" if female else "")
        patronymics = FEMALE_PATRONYMICS if female else MALE_PATRONYMICS
        kind = KINDS[n % len(KINDS)]
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=(n * 37) % 16_000)
        started = born + datetime.timedelta(days=22 * 365 + n % 300)
        rows.append(
            [
                f"{n + 1:05d}",
                last,
                FIRST_NAMES[n % len(FIRST_NAMES)] if not female else "Мария",
                patronymics[n % len(patronymics)],
                "" if n % 4 < 2 else ("ж" if female else "м"),  # half leave the sex to the patronymic
                born.strftime("%d.%m.%Y"),
                kind,
                "Учитель" if kind == "педагог" else "",
                SUBJECTS[n % len(SUBJECTS)] if kind == "педагог" else "",
                f"{5 + n % 7}{'АБВ'[n % 3]}" if kind == "обучающийся" else "",
                started.strftime("%d.%m.%Y") if kind == "педагог" else "",
                started.strftime("%d.%m.%Y") if kind == "педагог" else "",
                "",
                CATEGORIES[n % len(CATEGORIES)],
                f"person{n}@example.org",
                f"+7 900 {n:07d}",
                f"ООО «Партнёр {n % 25}»" if kind == "внешний" else "",
            ]
        )
    return rows


def xlsx_bytes(rows: list[list]) -> bytes:
    """A workbook as openpyxl saves it (normal mode): a sheet dimension, text in inline strings."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
INLINE_CELL = re.compile(r'<c([^>]*?) t="inlineStr"([^>]*)><is>(<t[^>]*>.*?</t>|<t/>)</is></c>', re.S)


def excel_xlsx_bytes(rows: list[list]) -> bytes:
    """The same workbook as Excel saves it: every text cell an index into the shared strings table."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    strings: dict[str, int] = {}

    def shared(match) -> str:
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c{match.group(1)} t="s"{match.group(2)}><v>{index}</v></c>'

    sheet = INLINE_CELL.sub(shared, source.read("xl/worksheets/sheet1.xml").decode())
    table = (
        f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si>{text}</si>" for text in strings)
        + "</sst>"
    )
    additions = {
        "[Content_Types].xml": (
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
        "xl/_rels/workbook.xml.rels": (
            b"</Relationships>",
            b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            if item.filename in additions:
                data = data.replace(*additions[item.filename])
            target.writestr(item.filename, data)
        target.writestr("xl/sharedStrings.xml", table)
    return buffer.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("cp1251")


def fresh_school(label: str):
    from accounts.models import School

    stamp = time.monotonic_ns()
    return School.objects.create(slug=f"bench-{label}-{stamp}", full_name=f"Школа для замера {label}")


def import_once(school, content: bytes, filename: str):
    from people.importing import import_people

    return import_people(school=school, file=io.BytesIO(content), filename=filename)


def check(report, run: str, rows: int = ROWS) -> None:
    counts = (len(report.created), len(report.updated), len(report.unchanged), len(report.rejected))
    expected = (rows, 0, 0, 0) if run == "first" else (0, 0, rows, 0)
    if counts != expected:
        raise SystemExit(f"{run} run: created/updated/unchanged/rejected = {counts}, expected {expected}")


def plainly_read(content: bytes, filename: str) -> list[list]:
    """The file's rows as the plain library reads them, empty cells as ``""``."""
    if filename.endswith(".csv"):
        return list(csv.reader(io.StringIO(content.decode("cp1251"), newline=""), delimiter=";"))
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return [["" if cell is None else cell for cell in row] for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()


def bare_bulk_create(rows: list[list], content: bytes | None = None, filename: str = "") -> float:
    """The floor: the same people written by one ``bulk_create`` with nothing checked, nothing audited;
    given the file's ``content``, its rows are first read from it (``plainly_read``), inside the time."""
    from people.models import PartnerOrganization, Person

    def day(text):
        return datetime.datetime.strptime(text, "%d.%m.%Y").date() if text else None  # noqa: DTZ007

    school = fresh_school("floor")
    started = clock()
    if content is not None:
        rows = plainly_read(content, filename)
    organizations = {}
    people = []
    for cells in rows[1:]:
        number, last, first, patronymic, sex, born, _kind, position, subjects, school_class = cells[:10]
        teaching, hired, _left, _category, email, phone, organization = cells[10:17]
        if organization and organization not in organizations:
            organizations[organization] = PartnerOrganization(school=school, name=organization)
        people.append(
            Person(
                school=school,
                employee_number=number,
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                sex={"м": "m", "ж": "f"}.get(sex, "m"),
                birth_date=day(born),
                position=position,
                subjects=subjects,
                school_class=school_class,
                teaching_started_on=day(teaching),
                hired_on=day(hired),
                email=email,
                phone=phone,
                partner_organization=organizations.get(organization),
            )
        )
    PartnerOrganization.objects.bulk_create(list(organizations.values()))
    for person in people:
        person.partner_organization = person.partner_organization
    Person.objects.bulk_create(people, batch_size=1000)
    return since(started)


def timed_runs(content: bytes, filename: str) -> list[tuple[float, float]]:
    """``(wall seconds, CPU seconds)`` of the first and the second import of the file into a fresh school."""
    school = fresh_school(filename)
    seconds = []
    for run in ("first", "second"):
        started = clock()
        report = import_once(school, content, filename)
        seconds.append(since(started))
        check(report, run)
    return seconds


# On a shared machine the wall time of a run changes with the neighbours' load much more than the
# CPU time it takes: this process's and, on PostgreSQL, its server process's (read from /proc).
_server_pid: list[int] = []


def database_cpu_seconds() -> float:
    """CPU seconds the database server process of this connection has used (PostgreSQL on this machine), or 0."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0  # SQLite runs inside this process
    if not _server_pid:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _server_pid.append(cursor.fetchone()[0])
    try:
        fields = Path(f"/proc/{_server_pid[0]}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the server runs elsewhere
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time() + database_cpu_seconds()


def since(started: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clock()
    return wall - started[0], cpu - started[1]


def memory_runs(content: bytes, filename: str) -> list[float]:
    school = fresh_school(f"{filename}-memory")
    peaks = []
    tracemalloc.start()
    try:
        for run in ("first", "second"):
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            check(import_once(school, content, filename), run)
            peaks.append((tracemalloc.get_traced_memory()[1] - base) / 1024 / 1024)
    finally:
        tracemalloc.stop()
    return peaks


# The files measured: label, how it is made, its extension.
FORMATS = {
    "xlsx": ("XLSX, openpyxl", xlsx_bytes, "xlsx"),
    "xlsx-excel": ("XLSX, Excel", excel_xlsx_bytes, "xlsx"),
    "csv": ("CSV", csv_bytes, "csv"),
}
ROUNDS = 3


def measure(kinds: tuple[str, ...]) -> list[tuple]:
    """File formats, in a process of their own: ``(format, run, seconds, rows/s, peak MiB, database,
    × floor, × floor with reading)`` rows."""
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        given = setup_django(folder)
        from django.db import connection, transaction

        rows = people_rows()
        results = []
        for kind in kinds:
            label, make, extension = FORMATS[kind]
            content = make(rows)
            filename = f"people.{extension}"
            with transaction.atomic():
                # The floors and the import alternate (floor, floor with reading, import, …); each keeps its best.
                floors, read_floors, firsts = [], [], []
                for _ in range(ROUNDS):
                    floors.append(bare_bulk_create(rows))
                    read_floors.append(bare_bulk_create(rows, content, filename))
                    firsts.append(timed_runs(content, filename))
                seconds = [min(run[0] for run in runs) for runs in zip(*firsts, strict=True)]
                cpu_seconds = [min(run[1] for run in runs) for runs in zip(*firsts, strict=True)]
                floor, read_floor = min(wall for wall, _cpu in floors), min(wall for wall, _cpu in read_floors)
                cpu_floor = min(cpu for _wall, cpu in floors)
                peaks = memory_runs(content, filename)
                if given:
                    transaction.set_rollback(True)
            results += [
                (
                    label,
                    run,
                    run_seconds,
                    ROWS / run_seconds,
                    peak,
                    connection.vendor,
                    run_seconds / floor,
                    run_seconds / read_floor,
                    run_cpu / cpu_floor,
                )
                for run, run_seconds, run_cpu, peak in zip(
                    ("1: all created", "2: all unchanged"), seconds, cpu_seconds, peaks, strict=True
                )
            ]
        connection.close()
    return results


def report(results: list[tuple], wall: float) -> None:
    import sqlite3

    database = results[0][5]
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}")
    print(f"Database: {database}" + (f" (SQLite {sqlite3.sqlite_version})" if database == "sqlite" else ""))
    print(f"{ROWS} rows per file; the whole benchmark took {wall:.0f} s\n")
    print("× floor: the import's time over a bare bulk_create of the same rows in the same process (goal ≤ 2×)")
    print("× read floor: over the same bulk_create after reading the file with csv.reader or openpyxl (values_only)")
    print("× floor, CPU: the same as × floor in CPU seconds, this process's and the database server's\n")
    print(
        f"| {'File':<14} | {'Run':<16} | {'Seconds':>7} | {'Rows/s':>7} | {'Peak MiB':>8} | {'× floor':>7} "
        f"| {'× read floor':>12} | {'× floor, CPU':>12} |"
    )
    print(f"|{'-' * 16}|{'-' * 18}|{'-' * 8}:|{'-' * 8}:|{'-' * 9}:|{'-' * 8}:|{'-' * 13}:|{'-' * 13}:|")
    for kind, run, seconds, rate, peak, _database, ratio, read_ratio, cpu_ratio in results:
        print(
            f"| {kind:<14} | {run:<16} | {seconds:7.2f} | {rate:7.0f} | {peak:8.1f} | {ratio:6.2f}× "
            f"| {read_ratio:11.2f}× | {cpu_ratio:11.2f}× |"
        )


# ---------------------------------------------------------------------------
# Bounded imports (issue 16): the peak memory of a whole process that uploads and runs the job,
# as a web worker with eager Celery would. Each case runs in a fresh process, so its peak
# resident size (ru_maxrss) is its own; Django itself takes some 100 MiB of it.

BOUNDED_ROWS = 20_000
BOMB_UNPACKED_MB = 1024
PEAK_LIMIT_MB = 300


def bomb_xlsx(path: Path, unpacked_mb: int = BOMB_UNPACKED_MB) -> None:
    """A workbook whose sheet XML deflates about a thousand times, written in chunks."""
    import zipfile

    template = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Фамилия", "Имя"]])))
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>' * 16_384
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in template.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item.filename, template.read(item.filename))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")


def run_job_flow(case: str) -> tuple:
    """``(case, file MiB, seconds, peak MiB, outcome, database)`` of one upload → preview (→ import)."""
    import resource

    with tempfile.TemporaryDirectory(prefix="bench-bounded-") as folder:
        given = setup_django(folder)
        from django.conf import settings
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection, transaction

        from people import import_jobs

        settings.MEDIA_ROOT = folder
        if case == "bomb":
            path = Path(folder) / "bomb.xlsx"
            bomb_xlsx(path)
            content, name = path.read_bytes(), "bomb.xlsx"
        else:
            content, name = xlsx_bytes(people_rows(BOUNDED_ROWS)), "people.xlsx"
        started = time.perf_counter()
        with transaction.atomic():
            school = fresh_school(case)
            job = import_jobs.start_preview(
                kind=import_jobs.PEOPLE,
                school=school,
                user=None,
                upload=SimpleUploadedFile(name, content),
                language="ru",
            )
            job.refresh_from_db()
            outcome = f"preview {job.status}: {job.error or job.report.get('summary', '')}"
            if case != "bomb" and job.status == "done":
                done = import_jobs.confirm(preview=job, user=None, language="ru")
                done.refresh_from_db()
                outcome = f"import {done.status}: {done.error or done.report.get('summary', '')}"
            if given:
                transaction.set_rollback(True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        database = connection.vendor
        connection.close()
    return case, len(content) / 1024 / 1024, seconds, peak, outcome[:120], database


def bounded() -> None:
    print(f"\nBounded imports: the whole process's peak resident memory, at most {PEAK_LIMIT_MB} MiB\n")
    print(f"| {'Case':<40} | {'File MiB':>8} | {'Seconds':>7} | {'Peak MiB':>8} | Outcome")
    print(f"|{'-' * 42}|{'-' * 9}:|{'-' * 8}:|{'-' * 9}:|{'-' * 9}")
    cases = {
        "bomb": f"XLSX bomb ({BOMB_UNPACKED_MB} MiB unpacked), refused",
        "rows": f"{BOUNDED_ROWS} rows XLSX, preview + import",
    }
    failed = []
    for case in cases:
        with multiprocessing.get_context("spawn").Pool(processes=1) as pool:
            _case, size, seconds, peak, outcome, _database = pool.apply(run_job_flow, (case,))
        print(f"| {cases[case]:<40} | {size:8.1f} | {seconds:7.1f} | {peak:8.0f} | {outcome}")
        if peak >= PEAK_LIMIT_MB:
            failed.append(case)
        if case == "bomb" and "failed" not in outcome:
            failed.append("the bomb was not refused")
    if failed:
        raise SystemExit(f"over the limit: {failed}")


def main() -> None:
    started = time.perf_counter()
    # Two writers would lock one SQLite file: a given SQLite database is measured one format at a time.
    shared_sqlite = os.environ.get("DATABASE_URL", "").startswith("sqlite")
    if os.environ.get("DATABASE_URL"):  # migrated once, before two processes would race to migrate it
        from bench_pages import ensure_database

        ensure_database(os.environ["DATABASE_URL"])
        with multiprocessing.get_context("spawn").Pool(processes=1) as pool:
            pool.apply(setup_django, ("",))
    with multiprocessing.get_context("spawn").Pool(processes=1 if shared_sqlite else 2) as pool:
        results = [row for rows in pool.map(measure, [("xlsx", "xlsx-excel"), ("csv",)]) for row in rows]
    report(results, time.perf_counter() - started)
    if "--no-bounded" not in sys.argv:
        bounded()


if __name__ == "__main__":
    main()
