"""What an applicant's application, a city's recommendation list and a division's nomination share: each is
submitted to the level above, which may return it with a reason; it can be edited while a draft or returned."""

from django.db import models
from django.db.models import Q

__all__ = ["Submitted", "submitted_has_time"]


class Submitted(models.Model):
    """The submission and return of a row whose `Status` has DRAFT, SUBMITTED and RETURNED."""

    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    return_reason = models.TextField("退回原因", blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


def submitted_has_time(name: str) -> models.CheckConstraint:
    """The database's guard that a row past its draft (submitted, returned, accepted …) carries its submission
    time."""
    return models.CheckConstraint(condition=Q(status="draft") | Q(submitted_at__isnull=False), name=name)
