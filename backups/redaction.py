"""What a school export leaves out of otherwise exported rows.

A survey invitation's token is a personal link: whoever holds it answers as that person, so it
is blanked. For an anonymous survey the response keeps its time only to the day
(``surveys/answering.py``); the invitation's exact time of answering would pair each person
with a response by their order, so in the export it is kept to the day as well.
"""

from django.utils import timezone

from surveys.models import Invitation, Survey


class Redactor:
    def __init__(self, school):
        self.anonymous_surveys = set(
            Survey.objects.for_school(school).filter(anonymous=True).values_list("pk", flat=True)
        )

    def __call__(self, row):
        if isinstance(row, Invitation):
            row.token = ""
            if row.answered_at is not None and row.survey_id in self.anonymous_surveys:
                local = timezone.localtime(row.answered_at)
                row.answered_at = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return row
