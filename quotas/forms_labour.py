from django import forms
from django.utils.safestring import mark_safe

from competitions.enums import DivisionKind
from greencomp.forms import PlainInput
from greencomp.markup import html_format

KIND_LABELS = dict(DivisionKind.choices)


class QuotaInput(PlainInput, forms.NumberInput):
    """The number input of one division, written without the template engine (the form renderer's three
    templates per widget are most of the page's time with 31 divisions); the same HTML as NumberInput."""


# The table's row (templates/quotas/labour/quota_table_edit.html prints it): one value per division instead of
# a dozen template lookups, the 序号 among them (a number the template would localize).
QUOTA_ROW = ('<tr class="{css}"><td>{number}</td><td><label for="{id}">{name}</label></td><td>{kind}</td>'
             "<td>{parent}</td>\n    <td>{input}{errors}</td></tr>")


class QuotaTableForm(forms.Form):
    """One number per division (field `d<pk>`), so that typed values come back after an error."""

    reason = forms.CharField(label="修改原因", required=False, max_length=500,
                             help_text="分配表发布后修改名额须填写原因，记入操作记录并通知名额变动的赛区。",
                             widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for division in self.lines:
            self.fields[f"d{division.pk}"] = forms.IntegerField(
                label=division.name, min_value=0, max_value=100000, required=True,
                initial=division.quota_entries or 0,
                error_messages={"required": "请填写参赛企业数", "invalid": "请输入整数",
                                "min_value": "不能为负数", "max_value": "数值过大"},
                widget=QuotaInput(attrs={"class": "form-control form-control-sm text-end", "data-quota-input": "",
                                         "min": 0, "step": 1}),
            )

    def rows(self):
        return [(division, self[f"d{division.pk}"]) for division in self.lines]

    def table_rows(self) -> list[dict]:
        """What the table shows per division, computed here once (the template only prints it). Unbound (a GET),
        each input is its widget's HTML with the attributes a BoundField adds (required, id): no errors, no typed
        value to show, and a BoundField per row would cost more than the rest of the row."""
        rows = []
        for division in self.lines:
            name = f"d{division.pk}"
            if self.is_bound:
                field = self[name]
                input_id, html, errors = field.id_for_label, str(field), field.errors
            else:
                input_id, errors = f"id_{name}", ()
                field = self.fields[name]
                html = field.widget.render(name, self.get_initial_for_field(field, name),
                                           attrs={"required": True, "id": input_id})
            row = {"name": division.name, "kind": KIND_LABELS.get(division.kind, division.kind),
                   "parent": division.parent_name or "—", "id": input_id, "input": html, "errors": errors}
            row["html"] = html_format(
                QUOTA_ROW, css="table-danger" if errors else "", number=len(rows) + 1, id=input_id, name=row["name"],
                kind=row["kind"], parent=row["parent"], input=html,
                errors=mark_safe("".join(html_format('<div class="invalid-feedback d-block">{}</div>', e) for e in errors)))
            rows.append(row)
        return rows

    def entries(self) -> dict[int, int]:
        return {division.pk: self.cleaned_data[f"d{division.pk}"] for division in self.lines}

    def typed_total(self) -> int:
        total = 0
        for _division, bound in self.rows():
            try:
                total += max(int(bound.value() or 0), 0)
            except (TypeError, ValueError):
                pass
        return total
