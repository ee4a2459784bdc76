"""Do the region page and the municipality page grow with the region? (issue 19)

    make bench                                      # both databases on 127.0.0.1, built on the first run
    .venv/bin/python bench/bench_region.py [--rounds N] [--no-doc]

Two datasets of ``bench/dataset.py``: the 50-school municipality (``BENCH_DATABASE_URL``,
«mentoring_bench», a region of one municipality) and the region of 20 such municipalities
(``REGION_DATABASE_URL``, «mentoring_region»: 1,000 schools, 60,000 people, 20,000 pairs). Each
database is measured in a process of its own, in turn, A B A B (``--rounds``, 2 by default), so
both see the machine in the same state; the times of the rounds are pooled.

Measured: the regional coordinator's region page and the officer's municipality page (the same
50-school municipality in both datasets), each alternating with the trivial view as in
``bench/bench_pages.py``. Printed: p50, p95, the number of queries and «× trivial view» for each
page on each dataset, and the ratio the issue sets a goal for — the page's p95 on the region over
its p95 on the 50-school dataset (≤ 1.5×). Written into docs/PERFORMANCE.md between
``<!-- bench-region -->`` and ``<!-- /bench-region -->``.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SMALL_DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench")
REGION_DATABASE = os.environ.get("REGION_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_region")
ITERATIONS, WARMUP = 30, 5
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench-region -->", "<!-- /bench-region -->"
# label, who opens it, URL
PAGES = [
    ("Region page (regional coordinator)", "regional", "/region/"),
    ("Municipality page (officer of the 50-school municipality)", "officer", "/municipality/"),
]
DATASETS = [("50 schools", SMALL_DATABASE), ("region, 1 000 schools", REGION_DATABASE)]


def prepare(url: str, region: bool) -> str:
    """Builds the dataset into ``url`` when it is not there; returns its counts, for the doc."""
    os.environ["DATABASE_URL"] = url
    from bench import bench_pages

    bench_pages.setup()
    from accounts.models import Municipality
    from bench import dataset as builder

    wanted = builder.REGION_MUNICIPALITIES if region else 1
    first = Municipality.objects.filter(slug=builder.MUNICIPALITY_SLUG).select_related("region").first()
    if first is None:
        print(f"Building the {'region' if region else '50-school'} dataset (once per database)...", flush=True)
        data = builder.build(municipalities=wanted)
        print(f"  built in {data.seconds:.0f} s", flush=True)
    elif first.region is None or first.region.municipalities.count() != wanted:
        raise SystemExit(f"{url} holds another dataset: drop the database and run again")
    return json.dumps(builder._counts())


def measure(url: str, iterations: int) -> dict:
    """One process's turn on one database: every page's times, its baseline's and its queries."""
    os.environ["DATABASE_URL"] = url
    from bench import bench_pages
    from bench import dataset as builder

    bench_pages.setup()
    logins = {"regional": builder.REGION_LOGIN, "officer": builder.OFFICER_LOGIN}
    results = {}
    for label, who, page in PAGES:
        result = bench_pages.measure_page(
            label, bench_pages.client_for(logins[who]), page, iterations=iterations, warmup=WARMUP
        )
        results[label] = {"times": result.times, "baseline": result.baseline, "queries": result.queries}
    return results


def run_child(*args: str) -> str:
    completed = subprocess.run(  # noqa: S603 — this very file, with our own arguments
        [sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"bench_region {' '.join(args)} failed")
    return completed.stdout.strip().splitlines()[-1]


def section(pooled: dict, counts: dict, rounds: int, seconds: float, load: tuple[str, str]) -> str:
    from bench.bench_pages import percentile

    def ms(value: float) -> str:
        return f"{value * 1000:,.0f}".replace(",", " ")

    lines = [
        START,
        "## The region page and the municipality page on a region of 1,000 schools (`bench/bench_region.py`)",
        "",
        f"Measured on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC with `make bench` ({seconds:.0f} s), "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL on the same machine; load average "
        f"{load[0]} at the start, {load[1]} at the end. Each database in a process of its own, in turn, "
        f"{rounds} rounds of {ITERATIONS} requests per page (after {WARMUP} to warm up), each followed by one to the "
        "trivial view; the rounds' times are pooled.",
        "",
    ]
    for name, _url in DATASETS:
        c = {model: f"{number:,}".replace(",", " ") for model, number in json.loads(counts[name]).items()}
        lines.append(
            f"- {name}: {c['School']} schools, {c['Person']} people, {c['Mentorship']} pairs and groups, "
            f"{c['PlanItem']} plan items, {c['LogEntry']} log entries"
        )
    lines += [
        "",
        "| page | dataset | p50, ms | p95, ms | × trivial view | queries | p95 region ÷ p95 50 schools (goal ≤ 1.5) |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for label, _who, _url in PAGES:
        p95 = {}
        for name, _url in DATASETS:
            entry = pooled[name][label]
            times, baseline = entry["times"], entry["baseline"]
            p95[name] = percentile(times, 0.95)
            ratio = percentile(times, 0.5) / percentile(baseline, 0.5)
            growth = f"**{p95[name] / p95[DATASETS[0][0]]:.2f}**" if name != DATASETS[0][0] else ""
            lines.append(
                f"| {label} | {name} | {ms(percentile(times, 0.5))} | {ms(p95[name])} | {ratio:.1f} | "
                f"{entry['queries']} | {growth} |"
            )
    lines.append(END)
    return "\n".join(lines)


def write_doc(text: str) -> None:
    content = DOC.read_text(encoding="utf-8")
    if START in content:
        before, rest = content.split(START, 1)
        content = before + text + rest.split(END, 1)[1]
    else:
        content = content.rstrip("\n") + "\n\n" + text + "\n"
    DOC.write_text(content, encoding="utf-8")


def main() -> None:
    if sys.argv[1:2] == ["--prepare"]:
        print(prepare(sys.argv[2], region=sys.argv[3] == "region"))
        return
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
        return
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 2
    started = time.perf_counter()
    load_before = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    counts = {}
    for (name, url), kind in zip(DATASETS, ("small", "region"), strict=True):
        counts[name] = run_child("--prepare", url, kind)
    pooled = {name: {} for name, _url in DATASETS}
    for round_ in range(rounds):
        for name, url in DATASETS:
            measured = json.loads(run_child("--measure", url, str(ITERATIONS)))
            for label, entry in measured.items():
                into = pooled[name].setdefault(label, {"times": [], "baseline": [], "queries": entry["queries"]})
                into["times"] += entry["times"]
                into["baseline"] += entry["baseline"]
            print(f"  round {round_ + 1}: {name} measured", flush=True)
    load_after = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    text = section(pooled, counts, rounds, time.perf_counter() - started, (load_before, load_after))
    print(text)
    if "--no-doc" not in sys.argv:
        write_doc(text)
        print(f"\nWritten to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
