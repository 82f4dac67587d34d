"""What an applicant's application, a city's recommendation list and a division's nomination share: each is
submitted to the level above, which may return it with a reason; it can be edited while a draft or returned."""

from django.db import models
from django.db.models import Q

__all__ = ["Submitted", "submitted_has_time", "submission_status"]


def submission_status(*later: tuple[str, str, str]) -> type[models.TextChoices]:
    """The `Status` of a submitted row: DRAFT, SUBMITTED and RETURNED, the states `Submitted` and
    `submitted_has_time` read, then the row's own later states as (name, value, label)."""
    states = [("DRAFT", "draft", "草稿"), ("SUBMITTED", "submitted", "已提交"), ("RETURNED", "returned", "已退回"),
              *later]
    return models.TextChoices("Status", [(name, (value, label)) for name, value, label in states])


class Submitted(models.Model):
    """The submission and return of a row whose `Status` is a `submission_status`."""

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
