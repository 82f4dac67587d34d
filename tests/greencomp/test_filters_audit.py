"""OptionsSelect writes the same <select> as Django's Select (the 操作记录 pickers: hundreds of options)."""

import datetime
import re

from django import forms

from greencomp.filters_audit import ACTIONS, ActionSelect, DateInput, OptionsSelect, TextInput

CHOICES = [("", "全部操作"), ("a<b", "新增 & 修改"), ("2", "第二项"), ("3", "第三项")]


def _html(widget, value) -> str:
    widget.choices = CHOICES
    attrs = {"id": "id_action", "class": "form-select form-select-sm", "data-searchable": "", "required": False,
             "disabled": True}
    return re.sub(r"\n\s*\n", "\n", str(widget.render("action", value, attrs)))


def test_options_select_writes_djangos_select_html():
    for value in ["", "2", "a<b", None, "missing"]:
        assert _html(OptionsSelect(), value) == _html(forms.Select(), value)
    assert '<option value="a&lt;b" selected>新增 &amp; 修改</option>' in _html(OptionsSelect(), "a<b")


def test_options_select_leaves_option_groups_to_django():
    widget = OptionsSelect(choices=[("组一", [("1", "甲"), ("2", "乙")])])
    assert widget.render("x", "2") == forms.Select(choices=[("组一", [("1", "甲"), ("2", "乙")])]).render("x", "2")


def test_plain_inputs_write_djangos_input_html():
    attrs = {"id": "id_since", "class": "form-control form-control-sm", "required": True, "disabled": False}
    for value in [None, "", "2026-06-30", datetime.date(2026, 6, 30), '"><script>']:
        assert (DateInput(attrs={"type": "date"}, format="%Y-%m-%d").render("since", value, attrs)
                == forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d").render("since", value, attrs))
        assert TextInput().render("actor", value, attrs) == forms.TextInput().render("actor", value, attrs)


def test_action_select_writes_each_chosen_value_once_and_as_django_would():
    choices = [("", "全部操作"), *ACTIONS]
    code = ACTIONS[3][0]
    for value in ["", code, "bogus", code]:
        assert (ActionSelect(choices=choices).render("action", value)
                == re.sub(r"\n\s*\n", "\n", str(forms.Select(choices=choices).render("action", value))))
    assert (code,) in ActionSelect.written and ("bogus",) not in ActionSelect.written
