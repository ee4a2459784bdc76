"""Sending a survey to a mentorship: one personal link per current participant of its audience.

An entry survey goes to a mentorship that is approved or already active; an exit survey to
one that is active (about to finish) or completed. Sending again adds links only for people
who have none yet (a new mentor after a replacement, say) and never duplicates one.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mentoring.models import Mentorship, Status
from surveys.models import Invitation, Survey, SurveyStage

SENDABLE = {
    SurveyStage.ENTRY: (Status.APPROVED, Status.ACTIVE),
    SurveyStage.EXIT: (Status.ACTIVE, Status.COMPLETED),
}
# Every status some stage accepts: the mentorships offered on the sending page.
ANY_SENDABLE = (Status.APPROVED, Status.ACTIVE, Status.COMPLETED)


def audience_participants(*, survey: Survey, mentorship: Mentorship) -> list:
    return [p for p in mentorship.current_participants() if p.role in survey.roles]


def send_problems(*, survey: Survey, mentorship: Mentorship) -> list[str]:
    if survey.school_id != mentorship.school_id:
        return [_("The survey and the mentorship belong to different schools.")]
    problems = []
    if not survey.questions.exists():
        problems.append(_("The survey has no questions yet."))
    if mentorship.status not in SENDABLE[survey.stage]:
        message = (
            _("An entry survey is sent to an approved or active mentorship; «%(mentorship)s» is %(status)s.")
            if survey.stage == SurveyStage.ENTRY
            else _("An exit survey is sent to an active or completed mentorship; «%(mentorship)s» is %(status)s.")
        )
        problems.append(message % {"mentorship": mentorship, "status": mentorship.get_status_display()})
    elif not audience_participants(survey=survey, mentorship=mentorship):
        problems.append(
            _("«%(mentorship)s» has no current participants the survey is meant for (%(audience)s).")
            % {"mentorship": mentorship, "audience": survey.get_audience_display()}
        )
    return problems


def invite(*, survey: Survey, mentorship: Mentorship, by) -> list[Invitation]:
    """The personal links of the mentorship's current participants of the survey's audience.

    Idempotent: a participant who already has a link for this survey and mentorship keeps it.
    """
    problems = send_problems(survey=survey, mentorship=mentorship)
    if problems:
        raise ValidationError(problems)
    participants = audience_participants(survey=survey, mentorship=mentorship)
    existing = {i.person_id: i for i in Invitation.objects.filter(survey=survey, mentorship=mentorship)}
    invitations = []
    for participant in participants:
        invitation = existing.get(participant.person_id)
        if invitation is None:
            invitation = _create(survey=survey, mentorship=mentorship, participant=participant, by=by)
        invitations.append(invitation)
    return invitations


def _create(*, survey, mentorship, participant, by) -> Invitation:
    try:
        with transaction.atomic():
            return Invitation.objects.create(
                survey=survey, mentorship=mentorship, person=participant.person, role=participant.role, created_by=by
            )
    except IntegrityError:
        # Sent twice at the same moment: the other request's link stands.
        return Invitation.objects.get(survey=survey, mentorship=mentorship, person=participant.person)
