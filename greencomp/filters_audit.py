"""The 操作记录 filters: competition, division, actor, action and a date range (Beijing dates)."""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy

from competitions.models import Competition, Division

from .audit import ACTION_LABELS, action_label
from .filters import ListFilter
from .forms import searchable
from .models import AuditEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditEventFilter(ListFilter):
    competition = django_filters.ModelChoiceFilter(label="竞赛", queryset=Competition.objects.order_by("-year", "-id"),
                                                   method="filter_competition", empty_label="全部竞赛")
    division = django_filters.ModelChoiceFilter(label="赛区", queryset=Division.objects.none(),
                                                method="filter_division", empty_label="全部赛区")
    actor = django_filters.CharFilter(label="操作人", method="filter_actor")
    action = django_filters.ChoiceFilter(label="操作", empty_label="全部操作",
                                         choices=sorted(ACTION_LABELS.items(), key=lambda kv: kv[1]))
    since = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte", widget=DATE)
    until = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = AuditEvent
        fields = ["competition", "division", "actor", "action", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = Division.objects.select_related("competition").order_by("competition_id", "order", "id")
        competition = self.data.get("competition")
        if competition and str(competition).isdigit():
            divisions = divisions.filter(competition_id=competition)
        self.filters["division"].queryset = divisions
        self.form.fields["division"].label_from_instance = lambda d: f"{d.name}（{d.competition.title}）"
        # searchable; once a competition is chosen the 赛区 picker offers only its divisions (reloaded on change)
        searchable(self.form.fields["competition"])
        searchable(self.form.fields["division"], depends_on="id_competition",
                   options_url=reverse_lazy("people:division_options"))

    def text_of(self, name, value) -> str:
        return action_label(value) if name == "action" else super().text_of(name, value)

    def filter_competition(self, queryset, name, value):
        return queryset.filter(competition_id=value.pk)

    def filter_division(self, queryset, name, value):
        return queryset.filter(division_id=value.pk)

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(actor__username__icontains=value) | Q(actor__full_name__icontains=value))
