"""The city's 评定记录 filter: one assessment batch of the campaign."""

import django_filters

from greencomp.filters import ListFilter

from .models import Assessment


class AssessmentFilter(ListFilter):
    """`batches=`: the campaign's batches (another campaign's batch is refused)."""

    batch = django_filters.ChoiceFilter(label="批次", field_name="batch_id", empty_label="全部批次")

    class Meta:
        model = Assessment
        fields = ["batch"]

    def __init__(self, data=None, queryset=None, *, batches, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["batch"].extra["choices"] = [(str(b.pk), str(b)) for b in batches]
