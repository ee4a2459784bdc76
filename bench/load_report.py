"""Prints the results of a load run (bench/run_load.sh) and fails if anything went wrong.

    .venv/bin/python bench/load_report.py OUT_FOLDER [--locust-status N]

Reads locust's CSV files and the groups table bench/locustfile.py writes, and the logs of
gunicorn and the Celery worker. Exit status 1 when a request failed, locust itself failed, the
access log holds a 5xx or a log holds a traceback.
"""

import argparse
import csv
import re
import sys
from pathlib import Path

SERVER_ERROR = re.compile(r'" 5\d\d ')
LOGGED_ERROR = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b")


def rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def lines_matching(path: Path, pattern: re.Pattern) -> list[str]:
    if not path.exists():
        return []
    return [
        line.rstrip()
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if pattern.search(line)
    ]


COLUMNS = {"requests": "requests", "failures": "failures", "rps": "req/s", "p50": "p50, ms", "p95": "p95, ms"}
COLUMNS |= {"p99": "p99, ms", "max": "max, ms"}


def server_times(path: Path) -> list[int]:
    """Milliseconds each request spent in gunicorn, sorted (the access log's last field, «123ms»)."""
    if not path.exists():
        return []
    found = (re.search(r"(\d+)ms$", line.rstrip()) for line in path.read_text(encoding="utf-8").splitlines())
    return sorted(int(m.group(1)) for m in found if m)


def table(groups: list[dict]) -> str:
    out = ["| group | " + " | ".join(COLUMNS.values()) + " |", "|---|" + "--:|" * len(COLUMNS)]
    for g in groups:
        label = "**all**" if g["group"] == "all" else g["group"]
        out.append(f"| {label} | " + " | ".join(g[key] for key in COLUMNS) + " |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--locust-status", type=int, default=0)
    args = parser.parse_args()
    out = args.out

    groups = rows(out / "load_groups.csv")
    problems = []
    if args.locust_status:
        problems.append(f"locust exited with status {args.locust_status} (see {out / 'locust.log'})")
    if not groups:
        problems.append("no results: load_groups.csv is missing")
    else:
        total = groups[-1]
        print(
            f"Throughput: {total['rps']} requests/s "
            f"({total['requests']} requests, {total['failures']} failed); latency per endpoint group:\n"
        )
        print(table(groups))
        (out / "summary.md").write_text(table(groups) + "\n", encoding="utf-8")
        if int(total["failures"]):
            problems.append(f"{total['failures']} requests failed")
    connections = (
        [int(n) for n in (out / "connections.log").read_text().split()] if (out / "connections.log").exists() else []
    )
    if connections:
        print(f"\nDatabase connections to the load database: at most {max(connections)} (sampled every 2 s)")
    served = server_times(out / "access.log")
    if served:
        p50, p95, p99 = (served[min(len(served) - 1, int(len(served) * q))] for q in (0.5, 0.95, 0.99))
        print(f"Time in gunicorn (access log, without the wait for a free worker): p50 {p50}, p95 {p95}, p99 {p99} ms")
    tasks = lines_matching(out / "worker.log", re.compile(r"Task \S+\[[^]]+\] succeeded"))
    print(f"Celery worker: {len(tasks)} tasks done")
    for failure in rows(out / "load_failures.csv"):
        print(f"  failed {failure['Occurrences']}×: {failure['Method']} {failure['Name']}: {failure['Error']}")
    for exception in rows(out / "load_exceptions.csv"):
        problems.append(f"locust user error {exception['Count']}×: {exception['Message']}")
    server_errors = lines_matching(out / "access.log", SERVER_ERROR)
    if server_errors:
        problems.append(f"{len(server_errors)} responses 5xx in access.log, e.g. {server_errors[0]}")
    for log in ("gunicorn.log", "worker.log"):
        logged = lines_matching(out / log, LOGGED_ERROR)
        if logged:
            problems.append(f"{len(logged)} error lines in {log}, e.g. {logged[0]}")
    if problems:
        print("\nLOAD FAILED:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    print(f"\nNo errors. Results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
