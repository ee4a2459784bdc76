"""Changes that move a school's indicators refresh its stored figures after commit
(``municipal.figures``); whatever is not caught here the nightly job catches."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import School
from documents.models import Document, DocumentStatus
from mentoring.models import Mentorship
from monitoring.models import IndicatorTarget, MonitoringResult, RoadmapEvent
from municipal.figures import refresh_on_commit, store_municipality_sums
from programs.models import Program, ProgramStatus
from surveys.models import Response


@receiver([post_save, post_delete], sender=Mentorship)
@receiver([post_save, post_delete], sender=IndicatorTarget)
@receiver([post_save, post_delete], sender=RoadmapEvent)
def school_changed(sender, instance, **kwargs):
    refresh_on_commit(instance.school_id)


@receiver(post_save, sender=Document)
def document_signed(sender, instance, **kwargs):
    if instance.status == DocumentStatus.SIGNED:
        refresh_on_commit(instance.school_id)


@receiver(post_save, sender=Response)
def survey_answered(sender, instance, created, **kwargs):
    if created:
        refresh_on_commit(instance.survey.school_id)


@receiver(post_save, sender=Program)
def program_completed(sender, instance, **kwargs):
    if instance.status == ProgramStatus.COMPLETED:
        refresh_on_commit(instance.mentorship.school_id)


@receiver(post_save, sender=MonitoringResult)
def year_frozen_or_unfrozen(sender, instance, **kwargs):
    """The municipality's sums of that year take the frozen figures (or the stored ones again)."""
    school_id, year = instance.school_id, instance.year

    def resum():
        places = School.objects.filter(pk=school_id, municipality__isnull=False).values_list(
            "municipality_id", flat=True
        )
        store_municipality_sums(list(places), year)

    transaction.on_commit(resum)
