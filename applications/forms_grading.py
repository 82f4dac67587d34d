"""Forms of the city side of the grading campaign; they validate and hand off to services_grading."""

from django import forms

from greencomp.validators import validate_credit_code

from .models import GradingEnterprise, GradingLevel

LEVEL_CHOICES = [(v, label) for v, label in GradingLevel.choices if v] + [("", "未评级")]
TARGET_CHOICES = [("", "请选择")] + [(v, label) for v, label in GradingLevel.choices if v and v != "D"]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndustryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.name}（{obj.group.name}）"


class IndustrySingleField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.name}（{obj.group.name}）"


class EnterpriseForm(forms.Form):
    """The register entry. A level is per industry: on edit, one 绩效等级 field per industry the enterprise is
    already in; `level` is the starting level of the industries chosen now."""

    county = forms.CharField(label="县（市、区）", max_length=40)
    name = forms.CharField(label="企业名称", max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  validators=[validate_credit_code], help_text="18位，按 GB 32100-2015 校验。")
    industries = IndustryChoiceField(label="重点行业", queryset=None,
                                     widget=forms.SelectMultiple(attrs={"size": 10}),
                                     help_text="跨行业企业可按住 Ctrl 选择多个行业。")
    level = forms.ChoiceField(label="当前绩效等级", choices=LEVEL_CHOICES, required=False,
                              help_text="所选行业的绩效等级；跨行业企业各行业等级不同时，保存后可分行业修改。")

    def __init__(self, *args, industries, links=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industries"].queryset = industries
        self.link_fields = []
        for link in links:
            key = f"level_{link.industry_id}"
            self.fields[key] = forms.ChoiceField(label=f"{link.industry.name}绩效等级", choices=LEVEL_CHOICES,
                                                 required=False, initial=link.level)
            self.link_fields.append((key, link.industry_id))
        if links:
            self.fields["level"].label = "新增行业的绩效等级"
            self.fields["level"].help_text = "仅用于本次新选择的行业；已有行业的等级在上方分行业修改。"

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()

    def levels(self) -> dict:
        return {industry_id: self.cleaned_data[key] for key, industry_id in self.link_fields}


class ItemFields(forms.Form):
    branch = forms.CharField(label="重点行业分支", max_length=60, required=False,
                             help_text="严格对照国家和河南省绩效分级及减排措施技术指南中的行业分支填写。")
    target_level = forms.ChoiceField(label="绩效提升目标", choices=TARGET_CHOICES)
    indicator = forms.CharField(label="差异化指标", max_length=200)
    problems = forms.CharField(label="存在问题", max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}))
    measures = forms.CharField(label="改造措施", max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}))
    due_date = forms.DateField(label="拟完成时间", widget=DATE)
    remarks = forms.CharField(label="备注", max_length=200, required=False)

    VALUE_FIELDS = ("branch", "target_level", "indicator", "problems", "measures", "due_date", "remarks")

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.VALUE_FIELDS}


class ItemAddForm(ItemFields):
    enterprise = forms.ModelChoiceField(label="企业名称", queryset=GradingEnterprise.objects.none(),
                                        help_text="从本市重点行业企业名录中选择；名录中没有的企业请先在名录中新增。")
    industries = IndustryChoiceField(label="重点行业类型", queryset=None,
                                     widget=forms.SelectMultiple(attrs={"size": 8}),
                                     help_text="企业存在跨行业时可选择多个行业：每个行业生成一行，并在备注中标注其他行业。")
    field_order = ["enterprise", "industries"]

    def __init__(self, *args, enterprises, industries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["industries"].queryset = industries


class ItemEditForm(ItemFields):
    industry = IndustrySingleField(label="重点行业类型", queryset=None)
    field_order = ["industry"]

    def __init__(self, *args, industries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = industries

    def values(self) -> dict:
        return super().values() | {"industry": self.cleaned_data["industry"]}


class ReopenForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
    extend_until = forms.DateField(label="延期至", required=False, widget=DATE,
                                   help_text="备案截止后退回的，请给出新的截止日期（当日24时）。")
