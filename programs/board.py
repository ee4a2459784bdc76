"""What the programs add to the curator's board: progress and overdue events, per mentorship."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from mentoring.registry import BoardNote
from programs.models import PlanItem, PlanItemStatus, Program, ProgramStatus
from programs.rules import Progress


def board_notes(mentorships, on) -> dict[int, BoardNote]:
    ids = [m.pk for m in mentorships]
    programs = Program.objects.filter(mentorship_id__in=ids).only("pk", "mentorship_id")
    # Counted in the database, not by loading every plan item of the board: the same items
    # ``progress()`` and ``PlanItem.objects.overdue()`` count (due by ``on``, cancelled aside).
    done = Q(status=PlanItemStatus.DONE)
    counts = {
        row["program_id"]: row
        for row in PlanItem.objects.due_by(on)
        .filter(program__mentorship_id__in=ids)
        .order_by()
        .values("program_id")
        .annotate(
            due=Count("pk"),
            done=Count("pk", filter=done),
            overdue=Count("pk", filter=~done & Q(program__status=ProgramStatus.APPROVED)),
        )
    }
    notes = {}
    for program in programs:
        row = counts.get(program.pk, {"due": 0, "done": 0, "overdue": 0})
        alerts = []
        if row["overdue"]:
            alerts.append(
                ngettext("%(count)s overdue event in the plan", "%(count)s overdue events in the plan", row["overdue"])
                % {"count": row["overdue"]}
            )
        notes[program.mentorship_id] = BoardNote(
            alerts=alerts,
            progress=Progress(done=row["done"], due=row["due"]).percent,
            link=reverse("programs:detail", kwargs={"pk": program.pk}),
        )
    return notes
