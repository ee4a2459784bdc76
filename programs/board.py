"""What the programs add to the curator's board: progress and overdue events, per mentorship."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from mentoring.registry import BoardNote
from programs.models import PlanItemStatus, Program, ProgramStatus, due_by
from programs.rules import Progress


def board_notes(mentorships, on) -> dict[int, BoardNote]:
    """One query: each program of the board with its plan items due by ``on`` counted in the
    database (the items ``progress()`` and ``PlanItem.objects.overdue()`` count)."""
    due = due_by(on, prefix="items__")
    done = Q(items__status=PlanItemStatus.DONE)
    not_done = Q(items__status__in=[s for s in PlanItemStatus.values if s != PlanItemStatus.DONE])
    programs = (
        Program.objects.filter(mentorship_id__in=[m.pk for m in mentorships])
        .order_by()
        .values("pk", "mentorship_id")
        .annotate(
            due=Count("items", filter=due),
            done=Count("items", filter=due & done),
            overdue=Count("items", filter=due & not_done & Q(status=ProgramStatus.APPROVED)),
        )
    )
    notes = {}
    for row in programs:
        alerts = []
        if row["overdue"]:
            alerts.append(
                ngettext("%(count)s overdue event in the plan", "%(count)s overdue events in the plan", row["overdue"])
                % {"count": row["overdue"]}
            )
        notes[row["mentorship_id"]] = BoardNote(
            alerts=alerts,
            progress=Progress(done=row["done"], due=row["due"]).percent,
            link=reverse("programs:detail", kwargs={"pk": row["pk"]}),
        )
    return notes
