"""The 操作记录 filters: competition, division, actor, action and a date range (Beijing dates)."""

import html

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from competitions.models import Division

from .audit import ACTION_LABELS, action_label
from .filters import ListFilter
from .forms import PlainInput, searchable
from .models import AuditEvent

ACTIONS = sorted(ACTION_LABELS.items(), key=lambda kv: kv[1])
class DateInput(PlainInput, forms.DateInput):
    pass


class TextInput(PlainInput, forms.TextInput):
    pass


DATE = DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label) -> str:
    """conditional_escape without its lazy-string wrapper (called once per option)."""
    return label.__html__() if hasattr(label, "__html__") else html.escape(str(label))


class OptionsSelect(forms.Select):
    """Django's Select, the same HTML written in Python rather than through a template per option: the 操作 and
    赛区 pickers offer hundreds of options (every action; every division of every competition)."""

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options_html(self.choices, tuple(self.format_value(value)))
        if options is None:  # option groups: Django's own template
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}\n</select>', name, mark_safe("".join(
            format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v)
            for k, v in attrs.items() if v is not False)), mark_safe(options))

    @staticmethod
    def options_html(choices, chosen: tuple) -> str | None:
        found, options = False, []
        for option_value, label in choices:  # not list(): a ModelChoiceIterator's len() is a COUNT query
            if isinstance(label, list | tuple):
                return None
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in chosen
            found |= selected
            options.append(f'\n  <option value="{html.escape(option_value)}"{" selected" if selected else ""}>'
                           f"{_text(label)}</option>")
        return "".join(options)


class ActionSelect(OptionsSelect):
    """The 操作 picker: its options (every action the code records, fixed for the process) are the same on every
    view, so their HTML is written once per chosen value."""

    written: dict = {}  # per chosen value: at most one entry per action (a bogus value is not kept)

    def options_html(self, choices, chosen: tuple) -> str | None:
        if not all(value == "" or value in ACTION_LABELS for value in chosen):
            return OptionsSelect.options_html(choices, chosen)
        if chosen not in self.written:
            self.written[chosen] = OptionsSelect.options_html(choices, chosen)
        return self.written[chosen]


class DivisionChoices(ModelChoiceIterator):
    """The 赛区 options as 赛区（竞赛） from one values_list query: no model instances for hundreds of divisions."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.queryset.query.is_empty():  # no competition chosen: not even a query to compile
            return
        for pk, name, title in self.queryset.values_list("pk", "name", "competition__title"):
            yield (pk, f"{name}（{title}）")


class DivisionChoiceField(django_filters.fields.ModelChoiceField):
    iterator = DivisionChoices


class DivisionFilter(django_filters.ModelChoiceFilter):
    field_class = DivisionChoiceField


class AuditEventFilter(ListFilter):
    competition = django_filters.ChoiceFilter(label="竞赛", method="filter_competition", empty_label="全部竞赛",
                                              widget=OptionsSelect)
    division = DivisionFilter(label="赛区", queryset=Division.objects.none(), method="filter_division",
                              empty_label="全部赛区", widget=OptionsSelect)
    actor = django_filters.CharFilter(label="操作人", method="filter_actor", widget=TextInput)
    action = django_filters.ChoiceFilter(label="操作", empty_label="全部操作", widget=ActionSelect,
                                         choices=lambda: ACTIONS)  # a callable: no copy of 150 choices per form
    since = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte", widget=DATE)
    until = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = AuditEvent
        fields = ["competition", "division", "actor", "action", "since", "until"]

    def __init__(self, *args, competitions=(), **kwargs):
        """`competitions`: those the 竞赛 picker offers, as the page has read them already (no query here)."""
        super().__init__(*args, **kwargs)
        self.filters["competition"].extra["choices"] = [(str(c.pk), c.title) for c in competitions]
        self.filters["division"].queryset = self._divisions()
        # searchable; the 赛区 picker offers the chosen competition's divisions (reloaded when it changes)
        searchable(self.form.fields["competition"])
        searchable(self.form.fields["division"], depends_on="id_competition",
                   options_url=reverse_lazy("people:division_options"))

    def _divisions(self):
        """The 赛区 choices: the chosen competition's divisions, as in 分配角色 — every division of every competition
        (hundreds at national scale) would be read and written out on each view of the log. A division chosen
        without a competition (a link from elsewhere) is offered alone, so that its filter still applies."""
        divisions = Division.objects.select_related("competition").order_by("competition_id", "order", "id")
        competition, division = self.data.get("competition"), self.data.get("division")
        if competition and str(competition).isdigit():
            return divisions.filter(competition_id=competition)
        if division and str(division).isdigit():
            return divisions.filter(pk=division)
        return divisions.none()

    def text_of(self, name, value) -> str:
        return action_label(value) if name == "action" else super().text_of(name, value)

    def filter_competition(self, queryset, name, value):
        return queryset.filter(competition_id=value)

    def filter_division(self, queryset, name, value):
        return queryset.filter(division_id=value.pk)

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(actor__username__icontains=value) | Q(actor__full_name__icontains=value))
