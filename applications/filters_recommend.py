"""The filters of a city's review page: track, status and a search over the applicant and the title."""

import django_filters

from greencomp.filters import ListFilter, search_filter, status_filter

from .models import Application

REVIEW_STATUSES = [(s.value, s.label) for s in (Application.Status.SUBMITTED, Application.Status.RECOMMENDED,
                                                 Application.Status.RETURNED)]


class ReviewFilter(ListFilter):
    """`tracks=`: the division's tracks (a track of another competition is refused, not a 500)."""

    search_fields = ("title", "organisation__name")
    track = django_filters.ChoiceFilter(label="赛道", field_name="track_id", empty_label="全部赛道")
    status = status_filter(REVIEW_STATUSES)
    q = search_filter(placeholder="申报单位或名称")

    class Meta:
        model = Application
        fields = ["track", "status", "q"]

    def __init__(self, data=None, queryset=None, *, tracks, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["track"].extra["choices"] = [(str(t.pk), f"{t.number}. {t.name}") for t in tracks]
        self.filters["q"].extra["max_length"] = 100
