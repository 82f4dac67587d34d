"""The filters of a labour division's year-end materials: a search and which material is missing."""

import django_filters

from greencomp.filters import ListFilter, search_filter

from .models import Entry

REPORT_STATES = [("", "全部"), ("no_plan", "未上传实施方案"), ("no_summary", "未上传总结")]


class ReportFilter(ListFilter):
    search_fields = ("organisation__name", "project", "organisation__credit_code")
    q = search_filter(placeholder="参赛单位、参赛项目或统一社会信用代码")
    state = django_filters.ChoiceFilter(label="材料情况", choices=REPORT_STATES[1:], empty_label="全部",
                                        method="filter_state")

    class Meta:
        model = Entry
        fields = ["q", "state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(**{"has_plan" if value == "no_plan" else "has_summary": False})
