"""What the programs add to the curator's board: progress and overdue events, per mentorship."""

from django.urls import reverse
from django.utils.translation import ngettext

from mentoring.registry import BoardNote
from programs.models import PlanItem, Program
from programs.rules import progress


def board_notes(mentorships, on) -> dict[int, BoardNote]:
    ids = [m.pk for m in mentorships]
    programs = Program.objects.filter(mentorship_id__in=ids).prefetch_related("items")
    overdue = {}
    for item in PlanItem.objects.overdue(on).filter(program__mentorship_id__in=ids).values("program__mentorship_id"):
        key = item["program__mentorship_id"]
        overdue[key] = overdue.get(key, 0) + 1
    notes = {}
    for program in programs:
        alerts = []
        count = overdue.get(program.mentorship_id, 0)
        if count:
            alerts.append(
                ngettext("%(count)s overdue event in the plan", "%(count)s overdue events in the plan", count)
                % {"count": count}
            )
        notes[program.mentorship_id] = BoardNote(
            alerts=alerts,
            progress=progress(program, on).percent,
            link=reverse("programs:detail", kwargs={"pk": program.pk}),
        )
    return notes
