from django import forms

from competitions.forms import DATE
from greencomp.forms import BootstrapControls

from .models import Publicity


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请填写退回原因。"})


class WaiveForm(forms.Form):
    waived = forms.TypedChoiceField(label="最少推荐数", coerce=lambda v: v == "1",
                                    choices=[("1", "免除（允许少于最少推荐数）"), ("0", "恢复最少推荐数要求")])
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写免除（或恢复）最少推荐数的原因。"})


class PublicityForm(BootstrapControls, forms.ModelForm):
    small = False

    class Meta:
        model = Publicity
        fields = ["title", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}
        error_messages = {"starts_on": {"required": "请填写公示开始日期。"},
                          "ends_on": {"required": "请填写公示结束日期。"}}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", "公示结束日期不能早于开始日期。")
        return data

    def _post_clean(self):
        pass  # the service validates the instance (it is not bound to a competition yet)
