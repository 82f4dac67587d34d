"""The rows of a new competition's set-up page that belong to other apps' models: a labour competition's award
types (先进单位 / 先进班组 / 先进个人) and a grading campaign's review batches."""

from django import forms

from competitions.forms import DATE, RowFormSet
from greencomp.forms import BootstrapControls
from reviews.models import AssessmentBatch, AwardType

NARROW = {"style": "width:5.5rem"}


class AwardRowForm(BootstrapControls, forms.ModelForm):
    class Meta:
        model = AwardType
        fields = ["name", "nominee_kind", "total", "escalation_name", "escalation_count"]
        widgets = {"total": forms.NumberInput(attrs=NARROW), "escalation_count": forms.NumberInput(attrs=NARROW)}
        help_texts = {"total": "通知未定时填 0，年底再定。"}

    def clean(self):
        data = super().clean()
        count, total = data.get("escalation_count"), data.get("total")
        if count is not None and total is not None and count > total:  # before the model's constraint, in Chinese
            self.add_error("escalation_count", "择优申报数不能超过评选总数。")
        elif count and not (data.get("escalation_name") or "").strip():
            self.add_error("escalation_name", "请填写择优申报的荣誉名称。")
        return data


class BatchRowForm(BootstrapControls, forms.ModelForm):
    class Meta:
        model = AssessmentBatch
        fields = ["number", "name", "includes_support", "opens_on", "deadline"]
        widgets = {"number": forms.NumberInput(attrs=NARROW), "opens_on": DATE, "deadline": DATE}

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", "完成时限不能早于开始日期。")
        return data


AwardRowFormSet = forms.formset_factory(AwardRowForm, formset=RowFormSet, extra=1, can_delete=True)
BatchRowFormSet = forms.formset_factory(BatchRowForm, formset=RowFormSet, extra=1, can_delete=True)
