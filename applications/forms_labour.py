"""Forms of labour-competition registration: they validate input and hand off to services_labour."""

from django import forms
from django.utils import timezone

from greencomp.forms import CardsForm
from greencomp.uploads import file_field
from greencomp.validators import validate_credit_code, validate_phone

from .models import EntryIndicator
from .services_labour import DOCUMENT_TYPES


class EntryForm(CardsForm, forms.Form):
    cards = (("一、参赛单位", {"organisation_name": "md-6", "credit_code": "md-6", "industry": "md-6"}),
             ("二、参赛项目", {"project": "md-6", "project_address": "md-6", "contact_name": "md-6", "contact_phone": "md-6"}))

    organisation_name = forms.CharField(label="参赛单位", max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, validators=[validate_credit_code],
                                  help_text="18位，同一单位在本竞赛中只能登记一次。")
    industry = forms.CharField(label="所属行业", max_length=100, help_text="如：钢铁、化工、电力、建材、机械等。")
    project = forms.CharField(label="参赛项目", max_length=200)
    project_address = forms.CharField(label="项目地址", max_length=200)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=30, validators=[validate_phone],
                                    help_text="手机号或固定电话，如 13812345678、0371-65512345。")

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()


class EntryEditForm(EntryForm):
    """参赛单位 and its credit code are fixed once registered (withdraw and register again to change them)."""

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation_name", "credit_code"):
            self.fields[name].disabled = True
            self.fields[name].required = False
        self.fields["credit_code"].validators = []
        if entry is not None:
            self.initial.update(organisation_name=entry.organisation.name,
                                credit_code=entry.organisation.credit_code)

    def clean_credit_code(self):
        return self.initial.get("credit_code", "")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(ReasonForm):
    until = forms.DateTimeField(label="延期至", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                help_text="北京时间。")
    field_order = ["until", "reason"]


class SubmissionForm(forms.Form):
    leader_name = forms.CharField(label="分管领导", max_length=50)
    filled_on = forms.DateField(label="填报日期", widget=forms.DateInput(attrs={"type": "date"}),
                                initial=lambda: timezone.localdate())
    filler_name = forms.CharField(label="填表人", max_length=50)
    filler_phone = forms.CharField(label="联系电话", max_length=30, validators=[validate_phone])
    plan_file = file_field("竞赛方案", allowed=DOCUMENT_TYPES, required=False, note="已上传过的可不再上传。")


class DocumentForm(forms.Form):
    file = file_field("文件", allowed=DOCUMENT_TYPES)


class IndicatorForm(CardsForm, forms.ModelForm):
    class Meta:
        model = EntryIndicator
        fields = ["year", "energy_total", "unit_consumption", "unit_consumption_unit", "industry_average",
                  "energy_saved", "water_saved", "co2_reduced", "so2", "nox", "particulates", "cod"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.widget.attrs["min"] = "0"  # the model's validator gives the Chinese message
                field.error_messages["invalid"] = "请输入数字。"

    @property
    def cards(self):
        energy = {"year": "md-3", "energy_total": "md-3", "energy_saved": "md-3", "water_saved": "md-3",
                  "unit_consumption": "md-4", "unit_consumption_unit": "md-4"}
        if self.instance.period in (EntryIndicator.Period.BASELINE, EntryIndicator.Period.CONTEST):
            energy["industry_average"] = "md-4"  # the year's own figures are compared with the city's average
        return (("一、降能耗", energy),
                ("二、降排放", {"co2_reduced": "md-4", "so2": "md-4", "nox": "md-4", "particulates": "md-4", "cod": "md-4"}))
