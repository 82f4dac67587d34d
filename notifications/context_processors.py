from .models import Notification


def unread(request):
    """The bell's count. UnreadCountBackend has loaded it with the user; otherwise one COUNT query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(user, "unread_notifications", None)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"unread_notifications": count}
