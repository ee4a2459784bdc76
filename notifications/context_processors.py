from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread(request):
    """``unread_notifications``: the count for the bell in the header, queried only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: Notification.objects.for_user(user).unread().count())}
