"""What the municipality's work leaves waiting: for the association's members (requests for an
expert review, the conclusions they are writing) and for the school's curator and director (a
roadmap returned, new recommendations, conclusions not read yet). One query per list."""

from django.db.models import Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from association.models import ExpertReview, Recommendation, ReviewState


def municipal_counts(user, municipality, roles, on) -> dict:
    from portal.todo import count_of

    if Role.MUNICIPAL_METHODIST not in roles:
        return {}
    reviews = ExpertReview.objects.for_municipality(municipality)
    return {
        "reviews_requested": count_of(reviews.filter(state=ReviewState.REQUESTED)),
        "reviews_mine": count_of(reviews.filter(state=ReviewState.TAKEN, reviewer=user)),
    }


def municipal_tasks(user, municipality, roles, values) -> list:
    from portal.todo import Task

    if Role.MUNICIPAL_METHODIST not in roles:
        return []
    counts = {"requested": values.get("reviews_requested") or 0, "mine": values.get("reviews_mine") or 0}
    found = []
    if counts["requested"]:
        found.append(
            Task(
                ngettext(
                    "%(count)s request for an expert review awaits an expert",
                    "%(count)s requests for an expert review await an expert",
                    counts["requested"],
                )
                % {"count": counts["requested"]},
                counts["requested"],
                reverse("association:reviews"),
                nav="municipality",
                role=Role.MUNICIPAL_METHODIST,
                key="reviews_requested",
            )
        )
    if counts["mine"]:
        found.append(
            Task(
                ngettext(
                    "%(count)s expert conclusion to write",
                    "%(count)s expert conclusions to write",
                    counts["mine"],
                )
                % {"count": counts["mine"]},
                counts["mine"],
                reverse("association:reviews"),
                nav="municipality",
                role=Role.MUNICIPAL_METHODIST,
                key="reviews_mine",
            )
        )
    return found


def _role(school, roles):
    if school.municipality_id is None:
        return None
    return Role.CURATOR if Role.CURATOR in roles else Role.DIRECTOR if Role.DIRECTOR in roles else None


def school_counts(user, school, roles, on) -> dict:
    """The school's curator and director: the municipality's answers waiting for them (issue 18,
    items 4–5) — a roadmap returned for correction, new recommendations of the association,
    expert conclusions not read yet. Expressions of the home page's one counting query."""
    from monitoring.roadmap_approval import returned
    from portal.todo import count_of

    if _role(school, roles) is None:
        return {}
    roadmaps = returned(school)
    return {
        "association_roadmaps": count_of(roadmaps),
        "association_roadmap_year": Subquery(roadmaps.order_by("-year").values("year")[:1]),
        "association_recommendations": count_of(Recommendation.objects.for_school(school).filter(read_at__isnull=True)),
        "association_conclusions": count_of(
            ExpertReview.objects.for_school(school).filter(state=ReviewState.WRITTEN, read_at__isnull=True)
        ),
    }


def school_tasks(user, school, roles, values) -> list:
    from portal.todo import Task

    role = _role(school, roles)
    if role is None:
        return []
    counts = {
        key: values.get(f"association_{key}") for key in ("roadmaps", "roadmap_year", "recommendations", "conclusions")
    }
    url = reverse("association:school")
    found = []
    if counts["roadmaps"]:
        found.append(
            Task(
                _("The roadmap is returned for correction by the municipality"),
                counts["roadmaps"],
                f"{reverse('monitoring:roadmap')}?year={counts['roadmap_year']}",
                nav="monitoring:dashboard",
                role=role,
                key="roadmap_returned",
            )
        )
    if new := counts["recommendations"]:
        found.append(
            Task(
                ngettext(
                    "%(count)s new recommendation of the methodical association",
                    "%(count)s new recommendations of the methodical association",
                    new,
                )
                % {"count": new},
                new,
                url,
                nav="monitoring:dashboard",
                role=role,
                key="association_recommendations",
            )
        )
    if unread := counts["conclusions"]:
        found.append(
            Task(
                ngettext("%(count)s expert conclusion to read", "%(count)s expert conclusions to read", unread)
                % {"count": unread},
                unread,
                url,
                nav="monitoring:dashboard",
                role=role,
                key="expert_conclusions",
            )
        )
    return found
