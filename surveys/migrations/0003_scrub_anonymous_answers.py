"""Anonymous surveys answered before anonymity held: their responses lose role, time, invitation and
pair and take new random ids (as do their answers), so neither a field nor the old sequential ids
pair them with the invitations; their invitations keep only that they were answered."""

from django.db import migrations


def scrub(apps, schema_editor):
    from surveys.models import random_id

    Invitation = apps.get_model("surveys", "Invitation")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")

    Invitation.objects.filter(answered_at__isnull=False).update(answered=True)
    Invitation.objects.filter(survey__anonymous=True).update(answered_at=None)
    anonymous = Response.objects.filter(survey__anonymous=True)
    anonymous.update(respondent_role="", submitted_at=None, invitation=None, mentorship=None)
    for old in list(anonymous.order_by("?")):
        new = Response.objects.create(
            id=random_id(), survey_id=old.survey_id, academic_year=old.academic_year, respondent_role=""
        )
        for answer_id in list(Answer.objects.filter(response_id=old.pk).values_list("pk", flat=True)):
            Answer.objects.filter(pk=answer_id).update(id=random_id(), response_id=new.pk)
        old.delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_anonymity_holds")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
