"""The 30 June snapshot: a school's indicators of academic year Y frozen into a monitoring result.

Seed 000 §1.6: the school monitors its indicators every year «не позднее 30 июня текущего
учебного года» and the result goes into the public report. So on 30 June of Y+1 the figures of
Y are frozen (by the yearly job, or earlier by the curator's button); from then on the public
report, the analytical report, the XLSX and ``kpi`` print the frozen figures, and the dashboard
shows the current ones beside them when they differ. Only the director unfreezes; the unfrozen
result stays as history, and the yearly job never freezes a year a second time.
"""

import datetime
import logging
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import School
from accounts.permissions import Action
from audit.log import record
from audit.models import AuditAction
from monitoring.indicators import Indicator, compute, data_gaps
from monitoring.models import MonitoringResult
from people.services import academic_year_of

logger = logging.getLogger(__name__)

FREEZE_MONTH, FREEZE_DAY = 6, 30
DATA_VERSION = 1


def freeze_day(year: int) -> datetime.date:
    """The day the figures of academic year ``year`` are frozen: 30 June of year + 1."""
    return datetime.date(year + 1, FREEZE_MONTH, FREEZE_DAY)


def local_today(school, now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(school.time_zone)).date()


# --- reading --------------------------------------------------------------------------------


def frozen_result(school, year: int) -> MonitoringResult | None:
    """The school's frozen result of the year, if any (one query)."""
    return (
        MonitoringResult.objects.filter(school=school, year=year, unfrozen_at__isnull=True)
        .select_related("school", "frozen_by")
        .first()
    )


def frozen_results(school_ids, years) -> dict[tuple[int, int], MonitoringResult]:
    """Frozen results of many schools and years in one query, by (school id, year)."""
    rows = MonitoringResult.objects.filter(
        school_id__in=list(school_ids), year__in=list(years), unfrozen_at__isnull=True
    ).select_related("school", "frozen_by")
    return {(r.school_id, r.year): r for r in rows}


def indicators_of(result: MonitoringResult) -> list[Indicator]:
    return [Indicator.from_data(item) for item in result.data.get("indicators", [])]


def gaps_of(result: MonitoringResult) -> dict[str, int]:
    return dict(result.data.get("gaps", {}))


def official(school, year: int) -> tuple[list[Indicator], MonitoringResult | None]:
    """The figures the reports print: the frozen ones when the year is frozen, else the current ones."""
    result = frozen_result(school, year)
    if result is not None:
        return indicators_of(result), result
    return compute(school, year), None


def changed_codes(frozen: list[Indicator], current: list[Indicator]) -> set[str]:
    """The indicators whose figures moved since freezing (or that are new or gone)."""
    now = {i.code: i for i in current}
    then = {i.code: i for i in frozen}
    return {code for code in now.keys() | then.keys() if code not in now or code not in then} | {
        code for code in now.keys() & then.keys() if not now[code].same_figures(then[code])
    }


# --- freezing -------------------------------------------------------------------------------


def snapshot_data(school, year: int) -> dict:
    """Every indicator as it stands now, worded in Russian (the reports' language).

    Figures only, never names or texts: a frozen copy would outlive a withdrawn consent, so the
    public report takes its people and results live through ``public.publication.publishable``."""
    from monitoring.municipal import regulation_signed

    with translation.override("ru"):
        indicators = compute(school, year)
        return {
            "version": DATA_VERSION,
            "indicators": [i.to_data() for i in indicators],
            "gaps": data_gaps(school, year),
            "regulation_signed": school.pk in regulation_signed([school.pk], year),
        }


def _bump_public_pages(school) -> None:
    # The public report of the year is cached: the frozen figures must replace the cached ones.
    from public.invalidation import bump

    bump(school.pk)


def may_freeze(year: int, *, today: datetime.date) -> bool:
    """A year is frozen once it has begun; the curator may do it before 30 June, the job does it then."""
    return year <= academic_year_of(today)


@transaction.atomic
def freeze(school, year: int, *, by=None, at: datetime.datetime | None = None) -> MonitoringResult:
    """Freezes the school's indicators of ``year``; ``by`` None is the yearly job.

    Refuses a year that has not begun and a year already frozen (unfreeze it first).
    """
    at = at or timezone.now()
    if not may_freeze(year, today=local_today(school, at)):
        raise ValidationError(_("The academic year %(year)s/%(next)s has not begun yet.") % _years(year))
    if MonitoringResult.objects.filter(school=school, year=year, unfrozen_at__isnull=True).exists():
        raise ValidationError(_("The indicators of %(year)s/%(next)s are already frozen.") % _years(year))
    try:
        with transaction.atomic():
            result = MonitoringResult.objects.create(
                school=school, year=year, frozen_at=at, frozen_by=by, data=snapshot_data(school, year)
            )
    except IntegrityError:  # frozen meanwhile by someone else (or the job)
        raise ValidationError(_("The indicators of %(year)s/%(next)s are already frozen.") % _years(year)) from None
    record(
        actor=by,
        school=school,
        action=AuditAction.CREATE,
        obj=result,
        changes={"frozen": [None, f"{year}/{year + 1}"], "by_job": by is None},
    )
    transaction.on_commit(lambda: _bump_public_pages(school))
    return result


@transaction.atomic
def unfreeze(school, year: int, *, by, at: datetime.datetime | None = None) -> MonitoringResult:
    """The director unfreezes the year: the reports print the current figures again."""
    if by is None or not by.has_perm(Action.UNFREEZE_MONITORING, school):
        raise PermissionDenied
    result = (
        MonitoringResult.objects.select_for_update().filter(school=school, year=year, unfrozen_at__isnull=True).first()
    )
    if result is None:
        raise ValidationError(_("The indicators of %(year)s/%(next)s are not frozen.") % _years(year))
    result.unfrozen_at, result.unfrozen_by = at or timezone.now(), by
    result.save(update_fields=["unfrozen_at", "unfrozen_by"])
    record(
        actor=by,
        school=school,
        action=AuditAction.UPDATE,
        obj=result,
        changes={"unfrozen": [f"{year}/{year + 1}", None]},
    )
    transaction.on_commit(lambda: _bump_public_pages(school))
    return result


def due_year(school, now: datetime.datetime) -> int | None:
    """The year the job freezes for this school now: from 30 June to 31 August of Y+1 (its local
    date), Y; else nothing. July and August catch up a missed 30 June."""
    today = local_today(school, now)
    year = academic_year_of(today)
    return year if today >= freeze_day(year) else None


def freeze_due(*, now: datetime.datetime | None = None) -> int:
    """The yearly job: freezes year Y of every school that never had it frozen. Idempotent:
    a year frozen once (even if the director unfroze it since) is never frozen by the job again.

    A failing school is logged and the others are still frozen; the run then fails with the
    first error (a database error first, so the task retries).
    """
    now = now or timezone.now()
    frozen, errors = 0, []
    schools = list(School.objects.order_by("pk"))
    due = {school.pk: due_year(school, now) for school in schools}
    years = {year for year in due.values() if year is not None}
    done = set(
        MonitoringResult.objects.filter(year__in=years, school_id__in=list(due)).values_list("school_id", "year")
    )
    for school in schools:
        year = due[school.pk]
        if year is None or (school.pk, year) in done:
            continue
        try:
            freeze(school, year, by=None, at=now)
            frozen += 1
        except ValidationError:
            continue  # frozen meanwhile by the curator
        except Exception as exc:
            logger.exception("Freezing the indicators of %s failed for school %s", year, school.pk)
            errors.append(exc)
    if errors:
        raise next((e for e in errors if isinstance(e, OperationalError)), errors[0])
    return frozen


def _years(year: int) -> dict:
    return {"year": year, "next": year + 1}
