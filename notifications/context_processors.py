from notifications.models import Notification


def unread(request):
    """``unread_notifications``: the count on the bell in the header (one indexed COUNT)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.for_user(user).unread().count()}
