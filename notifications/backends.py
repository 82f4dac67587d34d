from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Notification


class UnreadCountBackend(ModelBackend):
    """Django's ModelBackend, loading the signed-in user together with the bell's unread count and the user's
    organisation (the top bar's user menu, and the applicant and bank roles): both ride on the user query every
    page already makes, so neither costs a query of its own."""

    def get_user(self, user_id):
        unread = (Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True).order_by()
                  .values("recipient").annotate(n=Count("pk")).values("n"))
        users = (get_user_model()._default_manager.select_related("organisation")
                 .annotate(unread_notifications=Coalesce(Subquery(unread), 0)))
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
