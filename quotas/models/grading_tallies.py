"""The grading dashboard's stored tallies: per city (an enterprise belongs to one), the counts that the
dashboard sums instead of counting every enterprise–industry link and every improvement-list row of the campaign.
They are a cache of `quotas.selectors_grading.share_counts` / `item_counts` (the reference recounts), rewritten for
one city by `quotas.services_grading.grading_tallies_refresh` in the transaction of every write that changes what
they count."""

from django.db import models
from django.db.models import Q

from competitions.models import division_fk

__all__ = ["GradingTally"]


class GradingTally(models.Model):
    """One city's count of one dashboard row. For the shares (kinds industry, group and city: `key` is the
    industry, the group or the city itself) `total` enterprises, `bad` of them not A/B (+引领性), `d_count` D.
    For the improvement list (kind item, `key` the city) the rows due on `due_date`: `total`, `bad` of them not
    yet at their target; the due buckets depend on today, so they are formed when the dashboard reads."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", "重点行业"
        GROUP = "group", "行业类别"
        CITY = "city", "省辖市"
        ITEM = "item", "清单行"

    division = division_fk("grading_tallies", "省辖市")
    kind = models.CharField("统计项", max_length=8, choices=Kind.choices)
    key = models.PositiveIntegerField("统计对象")
    due_date = models.DateField("拟完成时间", null=True, blank=True)
    total = models.PositiveIntegerField("总数")
    bad = models.PositiveIntegerField("未达标数")
    d_count = models.PositiveIntegerField("D级数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "绩效分级统计"
        constraints = [
            models.UniqueConstraint(fields=["division", "kind", "key"], condition=Q(due_date__isnull=True),
                                    name="grading_tally_share_unique"),
            models.UniqueConstraint(fields=["division", "due_date"], condition=Q(kind="item"),
                                    name="grading_tally_item_unique"),
            models.CheckConstraint(condition=Q(kind="item", due_date__isnull=False)
                                   | (~Q(kind="item") & Q(due_date__isnull=True)), name="grading_tally_item_has_date"),
        ]

    def __str__(self):
        return f"{self.division_id} · {self.kind} {self.key}"
