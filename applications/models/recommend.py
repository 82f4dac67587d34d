"""City recommendation and secretariat aggregation (issue 4, items 6–8): the 公示 of recommended projects
and the log that keeps the daily deadline reminders idempotent."""

from django.db import models
from django.db.models import F, Q

from competitions.models import competition_one
from greencomp.models import Published

__all__ = ["Publicity", "ReminderLog"]


class Publicity(Published):
    """The 公示 of a competition's recommended projects: public (no login) once published, with its window."""

    competition = competition_one("recommend_publicity")
    title = models.CharField("公示标题", max_length=200)
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    note = models.TextField("公示说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "推荐项目公示"
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="publicity_window_ordered"),
        ]

    def __str__(self):
        return self.title


class ReminderLog(models.Model):
    """One reminder sent: (kind, target, deadline date, days before) is sent at most once."""

    class Kind(models.TextChoices):
        DIVISION = "division", "推荐单位"
        APPLICANT = "applicant", "申报单位"

    kind = models.CharField("提醒对象", max_length=10, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField("对象ID")
    deadline_on = models.DateField("截止日期")
    days_before = models.PositiveSmallIntegerField("提前天数")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "截止提醒记录"
        constraints = [
            models.UniqueConstraint(fields=["kind", "target_id", "deadline_on", "days_before"],
                                    name="reminder_once_per_deadline"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.target_id} {self.deadline_on} 前{self.days_before}天"
