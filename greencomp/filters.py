"""The base of every list page's filters (django-filter FilterSets, built in selectors from `request.GET`).

The filters most lists share — a status, a division, a search box `q` over a few fields — are made here once,
and so are the controls' look and the filters' description an export prints under its title. A bogus value
(`status=xyz`, a foreign division) is not an error page: the filters are invalid and the list shows no rows."""

import django_filters
from django import forms
from django.db.models import Q


def search_filter(label="搜索", placeholder=""):
    """`q`: a case-insensitive search over the FilterSet's `search_fields` (any of them matching)."""
    return django_filters.CharFilter(label=label, method="filter_search",
                                     widget=forms.TextInput(attrs={"placeholder": placeholder}))


def status_filter(choices, label="状态", field_name="status", empty_label="全部状态"):
    return django_filters.ChoiceFilter(label=label, field_name=field_name, choices=choices,
                                       empty_label=empty_label)


def division_filter(field_name="division_id", label="赛区", empty_label="全部赛区"):
    """A division among those the page offers (the FilterSet's `divisions=`, as (pk, name) pairs the page has
    already read: no query of its own)."""
    return django_filters.ChoiceFilter(label=label, field_name=field_name, empty_label=empty_label)


class ListFilter(django_filters.FilterSet):
    """`rows` is the filtered queryset, `value(name)` a filter's accepted value (for the page's own controls),
    `texts()` the chosen filters as 标签：值 (an export's scope line). Pass `divisions=` ((pk, name) pairs) when
    the FilterSet has a `division` filter."""

    search_fields: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, divisions=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        if divisions is not None:
            self.filters["division"].extra["choices"] = [(str(pk), name) for pk, name in divisions]

    @property
    def form(self):
        """The filters' form in Bootstrap's small controls (built on first use, after a subclass's __init__ has
        set its choices)."""
        if not hasattr(self, "_form"):
            for field in super().form.fields.values():
                select = isinstance(field.widget, forms.Select)
                field.widget.attrs["class"] = ("form-select form-select-sm" if select
                                               else "form-control form-control-sm")
        return self._form

    @property
    def rows(self):
        """The rows the filters let through; none for invalid filters (a hand-edited or stale query string)."""
        return self.qs if self.is_valid() else self.queryset.none()

    def value(self, name: str, default=""):
        self.form.is_valid()
        value = self.form.cleaned_data.get(name)
        return default if value in (None, "") else value

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in self.search_fields:
            match |= Q(**{f"{field}__icontains": value})
        return queryset.filter(match)

    def text_of(self, name: str, value) -> str:
        """How a chosen value reads in the scope line; a subclass names its special cases."""
        if hasattr(value, "strftime"):
            return f"{value:%Y-%m-%d}"
        field = self.form.fields[name]
        choices = dict(field.choices) if isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField) else {}
        return str(choices.get(value, value))

    def texts(self) -> dict:
        """{name: text} of the filters in use (nothing when the filters are invalid)."""
        if not self.is_valid():
            return {}
        return {name: self.text_of(name, value) for name, value in self.form.cleaned_data.items()
                if value not in (None, "")}

    def scope(self) -> str:
        return "；".join(f"{self.form.fields[k].label}：{v}" for k, v in self.texts().items())
