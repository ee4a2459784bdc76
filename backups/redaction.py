"""What a school export leaves out of otherwise exported rows.

A survey invitation's token is a personal link: whoever holds it answers as that person, so it
is blanked. An anonymous survey's response keeps no role, time, invitation or pair and its
invitation no time of answering (``surveys/models.py``); the export blanks them again in case a
row holds one, and leaves out the responses (with their answers) of an anonymous survey's year
that has too few of them to stay anonymous. Responses and answers have random ids, so the
export's order by id says nothing about the order they arrived in.
"""

from surveys.models import Answer, Invitation, Response, Survey
from surveys.selectors import exported_responses_filter


def left_out(model, rows, school):
    """The rows of ``model`` without those an export must not carry."""
    if model is Response:
        return rows.filter(exported_responses_filter(school))
    if model is Answer:
        return rows.filter(response__in=Response.objects.for_school(school).filter(exported_responses_filter(school)))
    return rows


class Redactor:
    def __init__(self, school):
        self.anonymous_surveys = set(
            Survey.objects.for_school(school).filter(anonymous=True).values_list("pk", flat=True)
        )

    def __call__(self, row):
        if isinstance(row, Invitation):
            row.token = ""
            if row.survey_id in self.anonymous_surveys:
                row.answered_at = None
        elif isinstance(row, Response) and row.survey_id in self.anonymous_surveys:
            row.invitation_id = row.mentorship_id = row.submitted_at = None
            row.respondent_role = ""
        return row
