"""The secretariat's 评选 filters of one award type: division, industry and the selection state."""

import django_filters

from greencomp.filters import ListFilter, division_filter

from .models import Nomination

SELECTION_STATES = [("unselected", "待评选"), ("selected", "已入选"), ("escalated", "择优申报"), ("returned", "已退回")]
_STATE_Q = {"unselected": {"selected": False, "status": Nomination.Status.SUBMITTED}, "selected": {"selected": True},
            "escalated": {"escalated": True}, "returned": {"status": Nomination.Status.RETURNED}}


class SelectionFilter(ListFilter):
    """`divisions` as (pk, name) and `industries` as names: the filter bar's choices."""

    division = division_filter(empty_label="全部")
    industry = django_filters.ChoiceFilter(label="行业", field_name="entry__industry", empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=SELECTION_STATES, empty_label="全部",
                                         method="filter_status")

    class Meta:
        model = Nomination
        fields = ["division", "industry", "status"]

    def __init__(self, data=None, queryset=None, *, divisions, industries, **kwargs):
        super().__init__(data, queryset=queryset, divisions=divisions, **kwargs)
        self.filters["industry"].extra["choices"] = [(name, name) for name in industries]

    def filter_status(self, queryset, name, value):
        return queryset.filter(**_STATE_Q[value])
