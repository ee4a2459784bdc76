from django import template

from mentoring.council import council_author as _council_author

register = template.Library()


@register.simple_tag
def council_author(mentorship):
    """The council member who saved this draft, or None."""
    return _council_author(mentorship)
