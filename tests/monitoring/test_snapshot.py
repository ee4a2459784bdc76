"""The 30 June snapshot: frozen figures in the reports, unfreezing by the director, the yearly job."""

import datetime
import json
import os
import shutil
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from monitoring import reports, snapshot
from monitoring.indicators import DEFINITIONS, compute
from monitoring.models import MonitoringResult
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher

UTC = datetime.UTC
PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)


def young_share(indicators):
    found = next(i for i in indicators if i.code == "young_in_programs")
    return found.numerator, found.denominator


@pytest.fixture
def pair(cast):
    """School A: one young specialist in a pair, another without one (1 of 2)."""
    mentor = teacher(cast.school, last_name="Наставникова")
    mentee = teacher(cast.school, teaching_started_on=datetime.date(Y - 1, 9, 1), last_name="Молодая")
    waiting = teacher(cast.school, teaching_started_on=datetime.date(Y - 1, 9, 1), last_name="Безпары")
    mentorship(cast.school, mentors=[mentor], mentees=[mentee], start=SEPT_1, end=datetime.date(Y + 1, 5, 31))
    return mentor, waiting


def give_a_mentor(school, mentor, waiting):
    mentorship(school, mentors=[mentor], mentees=[waiting], start=SEPT_1, end=datetime.date(Y + 1, 5, 31))


# --- the business rules ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_frozen_year_keeps_its_figures_while_the_data_changes(cast, pair):
    result = snapshot.freeze(cast.school, Y, by=cast.curator)
    give_a_mentor(cast.school, *pair)

    assert young_share(compute(cast.school, Y)) == (2, 2)
    official, found = snapshot.official(cast.school, Y)
    assert found == result
    assert young_share(official) == (1, 2)
    frozen = {item["code"]: item for item in result.data["indicators"]}
    assert set(frozen) == {d.code for d in DEFINITIONS}
    assert frozen["young_in_programs"] | {"definition": "…"} == {
        "code": "young_in_programs",
        "label": "Доля молодых специалистов (стаж до 3 лет), вошедших в программы наставничества в роли наставляемых",
        "chart_label": frozen["young_in_programs"]["chart_label"],
        "definition": "…",
        "percent": True,
        "numerator": 1,
        "denominator": 2,
        "responded": None,
        "value": "50.0",
        "response_rate": None,
        "target": "70",
        "met": False,
    }
    assert frozen["young_in_programs"]["definition"].startswith("Числитель — молодые специалисты")
    assert frozen["mentee_satisfaction"]["responded"] == 0
    assert snapshot.changed_codes(snapshot.indicators_of(result), compute(cast.school, Y)) >= {
        "young_in_programs",
        "mentorships",
        "mentees",
    }

    context = reports.context(cast.school, Y)
    assert young_share(context["indicators"]) == (1, 2)
    assert context["source_note"] == f"Данные зафиксированы {result.frozen_on:%d.%m.%Y}"
    event = AuditEvent.objects.get(object_type="monitoring.monitoringresult", action=AuditAction.CREATE)
    assert (event.actor, event.school) == (cast.curator, cast.school)


@pytest.mark.django_db
def test_a_year_is_frozen_once_and_never_before_it_begins(cast, pair):
    snapshot.freeze(cast.school, Y, by=cast.curator)
    with pytest.raises(ValidationError):
        snapshot.freeze(cast.school, Y, by=cast.director)
    with pytest.raises(ValidationError):
        snapshot.freeze(cast.school, Y + 1, by=cast.curator, at=datetime.datetime(Y + 1, 6, 30, 9, 0, tzinfo=UTC))
    assert MonitoringResult.objects.count() == 1


@pytest.mark.django_db
def test_only_the_director_unfreezes_and_the_year_may_be_frozen_again(cast, pair):
    first = snapshot.freeze(cast.school, Y, by=cast.curator)
    for who in (cast.curator, cast.secretary, cast.other_curator, None):
        with pytest.raises(PermissionDenied):
            snapshot.unfreeze(cast.school, Y, by=who)

    give_a_mentor(cast.school, *pair)
    snapshot.unfreeze(cast.school, Y, by=cast.director)
    first.refresh_from_db()
    assert (first.is_frozen, first.unfrozen_by) == (False, cast.director)
    official, found = snapshot.official(cast.school, Y)
    assert found is None
    assert young_share(official) == (2, 2)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, actor=cast.director, object_id=str(first.pk)).exists()
    with pytest.raises(ValidationError):
        snapshot.unfreeze(cast.school, Y, by=cast.director)

    again = snapshot.freeze(cast.school, Y, by=cast.curator)
    assert young_share(snapshot.indicators_of(again)) == (2, 2)
    assert MonitoringResult.objects.filter(school=cast.school, year=Y).count() == 2


# --- the yearly job -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_job_freezes_every_school_on_its_own_30_june_and_never_twice(cast, pair):
    # 29 June 20:00 UTC: already 30 June in Irkutsk (school B), still 29 June in Moscow (school A).
    assert snapshot.freeze_due(now=datetime.datetime(Y + 1, 6, 29, 10, 0, tzinfo=UTC)) == 0
    assert snapshot.freeze_due(now=datetime.datetime(Y + 1, 6, 29, 20, 0, tzinfo=UTC)) == 1
    assert set(MonitoringResult.objects.values_list("school", "year")) == {(cast.other_school.pk, Y)}
    # Then school A and, in the other municipality, school В: both in Moscow.
    assert snapshot.freeze_due(now=datetime.datetime(Y + 1, 6, 30, 11, 0, tzinfo=UTC)) == 2
    assert snapshot.freeze_due(now=datetime.datetime(Y + 1, 6, 30, 11, 0, tzinfo=UTC)) == 0

    result = snapshot.frozen_result(cast.school, Y)
    assert result.frozen_by is None
    assert result.frozen_on == datetime.date(Y + 1, 6, 30)
    assert young_share(snapshot.indicators_of(result)) == (1, 2)

    # The director unfroze it: the catch-up runs of July do not freeze it behind her back.
    snapshot.unfreeze(cast.school, Y, by=cast.director)
    assert snapshot.freeze_due(now=datetime.datetime(Y + 1, 7, 1, 11, 0, tzinfo=UTC)) == 0
    assert snapshot.frozen_result(cast.school, Y) is None
    assert MonitoringResult.objects.count() == 3


@pytest.mark.django_db
def test_the_job_catches_up_in_july_and_leaves_a_year_the_curator_froze(cast, pair):
    snapshot.freeze(cast.school, Y, by=cast.curator, at=datetime.datetime(Y + 1, 5, 25, 9, 0, tzinfo=UTC))
    from monitoring.tasks import freeze_results

    # Schools B and В (the other municipality's): A was frozen by its curator.
    assert freeze_results.apply(kwargs={"now": f"{Y + 1}-07-02T11:00:00+00:00"}).get() == 2
    assert MonitoringResult.objects.get(school=cast.school).frozen_by == cast.curator
    assert MonitoringResult.objects.get(school=cast.other_school).frozen_on == datetime.date(Y + 1, 7, 2)


def test_the_beat_runs_the_job_on_30_june_in_every_russian_time_zone():
    entry = settings.CELERY_BEAT_SCHEDULE["monitoring-freeze-results"]
    assert entry["task"] == "monitoring.freeze_due"
    schedule = entry["schedule"]
    assert 6 in schedule.month_of_year
    assert 30 in schedule.day_of_month
    assert schedule.hour == {11}  # 13:00 in Kaliningrad (UTC+2) … 23:00 in Kamchatka (UTC+12)


# --- pages, the command and the reports ------------------------------------------------------


@pytest.mark.django_db
def test_the_curator_freezes_from_the_dashboard_and_only_the_director_unfreezes(cast, client_as, pair):
    url = reverse("monitoring:dashboard") + f"?year={Y}"
    page = client_as(cast.curator).get(url).content.decode()
    assert 'data-testid="freeze"' in page
    assert client_as(cast.secretary).post(reverse("monitoring:freeze"), {"year": Y}).status_code == 403
    assert not MonitoringResult.objects.exists()

    response = client_as(cast.curator).post(reverse("monitoring:freeze"), {"year": Y})
    assert response.status_code == 302
    result = snapshot.frozen_result(cast.school, Y)
    assert result.frozen_by == cast.curator

    give_a_mentor(cast.school, *pair)
    page = client_as(cast.curator).get(url).content.decode()
    assert 'data-testid="frozen"' in page
    assert reverse("monitoring:unfreeze") not in page
    row = page[page.index('data-code="young_in_programs"') :]
    row = row[: row.index("</tr>")]
    assert "table-warning" in row
    assert "100.0 %" in row or "100,0 %" in row  # current
    assert "50.0 %" in row or "50,0 %" in row  # frozen

    assert client_as(cast.curator).post(reverse("monitoring:unfreeze"), {"year": Y}).status_code == 403
    assert snapshot.frozen_result(cast.school, Y) is not None
    director_page = client_as(cast.director).get(url).content.decode()
    assert reverse("monitoring:unfreeze") in director_page
    assert client_as(cast.director).post(reverse("monitoring:unfreeze"), {"year": Y}).status_code == 302
    assert snapshot.frozen_result(cast.school, Y) is None


@pytest.mark.django_db
def test_kpi_prints_the_frozen_figures_and_live_the_current_ones(cast, pair, capsys):
    snapshot.freeze(cast.school, Y, by=cast.curator)
    give_a_mentor(cast.school, *pair)

    def kpi(*extra):
        call_command("kpi", "--school", cast.school.slug, "--year", str(Y), "--format", "json", *extra)
        payload = json.loads(capsys.readouterr().out)
        young = next(i for i in payload["indicators"] if i["code"] == "young_in_programs")
        return payload["frozen"], (young["numerator"], young["denominator"], young["value"])

    assert kpi() == (True, (1, 2, 50.0))
    assert kpi("--live") == (False, (2, 2, 100.0))


@pytest.mark.django_db
@PDFTOTEXT
@pytest.mark.parametrize("kind", ["analytical", "public"])
def test_the_reports_print_the_frozen_figures_and_say_so(cast, client_as, pair, kind):
    from documents.rendering import pdf_text

    result = snapshot.freeze(cast.school, Y, by=cast.curator)
    give_a_mentor(cast.school, *pair)
    response = client_as(cast.director).get(reverse("monitoring:report", kwargs={"kind": kind}), {"year": Y})
    text = " ".join(pdf_text(response.content).split())
    assert f"Данные зафиксированы {result.frozen_on:%d.%m.%Y}" in text
    assert "50,0 %" in text
    assert "100,0 %" not in text
    assert "Как считается" in text


@pytest.mark.django_db
@PDFTOTEXT
def test_the_public_report_is_refreshed_when_the_year_is_frozen(cast, client, pair, django_capture_on_commit_callbacks):
    from documents.rendering import pdf_text

    url = reverse("public:report", kwargs={"slug": cast.school.slug, "year": Y})
    before = " ".join(pdf_text(client.get(url).content).split())
    assert "Текущие данные" in before
    with django_capture_on_commit_callbacks(execute=True):
        result = snapshot.freeze(cast.school, Y, by=cast.curator)
    after = " ".join(pdf_text(client.get(url).content).split())
    assert f"Данные зафиксированы {result.frozen_on:%d.%m.%Y}" in after


@pytest.mark.django_db
def test_the_school_xlsx_exports_the_frozen_figures_with_their_source(cast, client_as, pair):
    import io

    from openpyxl import load_workbook

    result = snapshot.freeze(cast.school, Y, by=cast.curator)
    give_a_mentor(cast.school, *pair)
    content = client_as(cast.curator).get(reverse("monitoring:export"), {"year": Y}).content
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    young = rows["young_in_programs"]
    assert (young["Числитель"], young["Знаменатель"], young["Значение"]) == (1, 2, 50.0)
    assert young["Данные"] == f"Данные зафиксированы {result.frozen_on:%d.%m.%Y}"
    assert young["Как считается"].startswith("Числитель")
    assert rows["mentee_satisfaction"]["Ответили"] == 0
    assert Decimal(str(rows["teachers_in_programs"]["Цель"])) == Decimal(70)
