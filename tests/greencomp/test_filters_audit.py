"""OptionsSelect writes the same <select> as Django's Select (the 操作记录 pickers: hundreds of options)."""

import re

from django import forms

from greencomp.filters_audit import OptionsSelect

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
