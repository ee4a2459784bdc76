from django import template

from accounts.permissions import Action
from association.models import ExpertReview, ReviewState

register = template.Library()


@register.simple_tag(takes_context=True)
def program_conclusions(context, program) -> list:
    """The association's written conclusions on the program, for those of its school who read them."""
    request = context.get("request")
    school = program.mentorship.school
    if request is None or not request.user.has_perm(Action.VIEW_EXPERT_REVIEWS, school):
        return []
    return list(
        ExpertReview.objects.for_school(school)
        .filter(program=program, state=ReviewState.WRITTEN)
        .select_related("reviewer")
        .order_by("-written_at")
    )
