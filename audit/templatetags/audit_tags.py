from django import template

from audit.presentation import describe_changes

register = template.Library()


@register.inclusion_tag("audit/includes/changes.html")
def audit_changes(event):
    return {"rows": describe_changes(event)}
