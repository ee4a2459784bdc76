"""The data of the load scenario: loads a dataset and writes the plan bench/locustfile.py reads.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_load .venv/bin/python bench/load_data.py PLAN.json

``LOAD_DATASET=demo`` runs ``seed_demo``; ``LOAD_DATASET=bench`` builds the municipality of
``bench/dataset.py`` once into the database instead, and ``LOAD_DATASET=region`` (what
``make load`` uses) its region of 20 municipalities × 50 schools. Either way, what an
earlier load run wrote (sessions it recorded, its surveys and their answers) is removed first,
so runs compare, and a fresh pool of survey links is sent.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOAD_MARK = "[нагрузка]"
SURVEY_LINKS = int(os.environ.get("LOAD_SURVEY_LINKS", "400"))
BENCH_SCHOOLS = 10  # the bench dataset's schools whose accounts the load logs in as
REGION_SCHOOLS = 3  # in the region: the first schools of every municipality (the largest first)
DATASETS = ("demo", "bench", "region")

DEMO_ACCOUNTS = {
    "curator": ["demo-curator"],
    "director": ["demo-director", "demo-director2"],
    "secretary": ["demo-secretary"],
    "council_member": ["demo-council"],
    "mentor": ["demo-mentor"],
    "mentee": ["demo-mentee"],
    "officer": ["demo-officer"],
    "regional": ["demo-region"],
}


def demo() -> dict:
    from django.core.management import call_command

    from accounts.models import Municipality, School
    from demo.seed import DEMO_PASSWORD

    call_command("seed_demo", verbosity=0)
    schools = list(School.objects.filter(slug__in=["sosh-2", "alekhovshchina"]))
    return {
        "password": DEMO_PASSWORD,
        "accounts": DEMO_ACCOUNTS,
        "schools": [s.slug for s in schools],
        "municipalities": [Municipality.objects.get(slug="lodeynoye-pole").slug],
        "survey_schools": [s for s in schools if s.slug == "sosh-2"],
    }


def bench() -> dict:
    from accounts.models import Municipality
    from bench import dataset

    built = Municipality.objects.filter(slug=dataset.MUNICIPALITY_SLUG).exists()
    data = dataset.load() if built else dataset.build()
    # Its first school is the largest; every school has an account for each role.
    chosen = data.schools[:BENCH_SCHOOLS]
    logins = [data.logins(school) for school in chosen]
    accounts = {
        role: [getattr(school_logins, role) for school_logins in logins if getattr(school_logins, role)]
        for role in ("curator", "director", "secretary", "council_member", "mentor", "mentee")
    }
    accounts["officer"] = [data.officer]
    accounts["regional"] = [dataset.REGION_LOGIN]
    return {
        "password": data.password,
        "accounts": accounts,
        "schools": [school.slug for school in data.schools],
        "municipalities": [data.municipality.slug],
        "survey_schools": chosen,
    }


def region() -> dict:
    from accounts.models import Region, School
    from bench import dataset

    built = Region.objects.filter(slug=dataset.REGION_SLUG).first()
    if built is not None and built.municipalities.count() == dataset.REGION_MUNICIPALITIES:
        data = dataset.load()
    elif School.objects.exists():
        raise SystemExit("the database holds other data: drop it, or copy one built with bench/dataset.py --region")
    else:
        data = dataset.build(municipalities=dataset.REGION_MUNICIPALITIES, verbose=True)
    municipalities = list(data.region.municipalities.order_by("slug"))
    schools = list(School.objects.filter(municipality__region=data.region).order_by("slug"))
    chosen = [s for m in municipalities for s in [s for s in schools if s.municipality_id == m.pk][:REGION_SCHOOLS]]
    logins = [dataset.logins_of(school) for school in chosen]
    accounts = {
        role: [getattr(school_logins, role) for school_logins in logins if getattr(school_logins, role)]
        for role in ("curator", "director", "secretary", "council_member", "mentor", "mentee")
    }
    accounts["officer"] = [dataset.officer_login(m) for m in range(len(municipalities))]
    accounts["regional"] = [dataset.REGION_LOGIN]
    return {
        "password": data.password,
        "accounts": accounts,
        "schools": [school.slug for school in schools],
        "municipalities": [m.slug for m in municipalities],
        "survey_schools": chosen[:: max(1, len(chosen) // 10)],
    }


def forget_earlier_runs() -> None:
    from programs.models import LogEntry
    from surveys.models import Response, Survey

    LogEntry.objects.filter(what_done__startswith=LOAD_MARK).delete()
    surveys = Survey.objects.filter(title__startswith=LOAD_MARK)
    Response.objects.filter(survey__in=surveys).delete()
    surveys.delete()


def survey_links(schools, wanted: int) -> list[str]:
    """Sends entry surveys for mentors and mentees to every pair that takes them, until there
    are ``wanted`` unused links."""
    from mentoring.models import Mentorship
    from surveys import builder, sending
    from surveys.models import Audience, SurveyStage

    sendable = sending.SENDABLE[SurveyStage.ENTRY]
    pairs = [m for school in schools for m in Mentorship.objects.for_school(school).filter(status__in=sendable)]
    if not pairs:
        raise SystemExit("no approved or active pairs to send surveys to")
    tokens = []
    while len(tokens) < wanted:
        for school in schools:
            survey = builder.survey_from_template(school=school, key="mentee_entry", by=None)
            builder.survey_update(survey=survey, by=None, title=f"{LOAD_MARK} {survey.title}", audience=Audience.BOTH)
            for pair in (m for m in pairs if m.school_id == school.pk):
                tokens += [i.token for i in sending.invite(survey=survey, mentorship=pair, by=None)]
    return tokens[:wanted]


def main(plan_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import transaction

    dataset = os.environ.get("LOAD_DATASET", "demo")
    if dataset not in DATASETS:
        raise SystemExit(f"LOAD_DATASET is one of {', '.join(DATASETS)}, not {dataset!r}")
    data = {"demo": demo, "bench": bench, "region": region}[dataset]()
    with transaction.atomic():
        forget_earlier_runs()
        tokens = survey_links(data.pop("survey_schools"), SURVEY_LINKS)
    plan = {**data, "dataset": dataset, "mark": LOAD_MARK, "survey_tokens": tokens}
    Path(plan_path).write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    accounts = sum(len(v) for v in plan["accounts"].values())
    print(f"load data ({dataset}): {accounts} accounts, {len(plan['schools'])} schools, {len(tokens)} survey links")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
