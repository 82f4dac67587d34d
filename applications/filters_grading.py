"""The city pages' filters of the grading campaign: the enterprise register's search and the improvement
list's 到期 filter (overdue, or due within DUE_SOON_DAYS, and not yet achieved)."""

import datetime

import django_filters
from django.utils import timezone

from greencomp.filters import ListFilter, search_filter
from quotas.selectors_grading import DUE_SOON_DAYS, achieved_q

from .models import GradingEnterprise, ImprovementItem


class EnterpriseFilter(ListFilter):
    search_fields = ("name",)
    q = search_filter()

    class Meta:
        model = GradingEnterprise
        fields = ["q"]


class ImprovementItemFilter(ListFilter):
    due = django_filters.ChoiceFilter(label="到期", method="filter_due", empty_label="全部",
                                      choices=[("soon", "30天内到期未达标"), ("overdue", "已逾期未达标")])

    class Meta:
        model = ImprovementItem
        fields = ["due"]

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        pending = queryset.exclude(achieved_q())
        if value == "overdue":
            return pending.filter(due_date__lt=today)
        return pending.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
