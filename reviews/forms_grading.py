from django import forms

from applications.forms_grading import DATE, IndustrySingleField
from applications.models import GradingEnterprise, GradingLevel
from greencomp.uploads import file_field
from quotas.models import Industry

from .models import Assessment, AssessmentBatch, Violation
from .services_grading import DOCUMENT_TYPES

RATED = [("", "请选择")] + [(v, label) for v, label in GradingLevel.choices if v]


class AssessmentForm(forms.Form):
    batch = forms.ModelChoiceField(label="批次", queryset=AssessmentBatch.objects.none())
    enterprise = forms.ModelChoiceField(label="企业名称", queryset=GradingEnterprise.objects.none())
    industry = IndustrySingleField(label="重点行业", queryset=None)
    level = forms.ChoiceField(label="绩效等级", choices=RATED)
    assessed_on = forms.DateField(label="评定时间", widget=DATE)
    reviewers = forms.CharField(label="评审人员", max_length=300, help_text="行业协会、专家等评审人员，用顿号分隔。")
    notes = forms.CharField(label="评审意见", required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}))
    document = file_field("评审材料", allowed=DOCUMENT_TYPES, required=False, note="可在评定详情页继续上传。")

    def __init__(self, *args, batches, enterprises, industries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches
        self.fields["enterprise"].queryset = enterprises
        self.fields["industry"].queryset = industries


class DocumentForm(forms.Form):
    file = file_field("评审材料", allowed=DOCUMENT_TYPES)


class SpotCheckForm(forms.Form):
    outcome = forms.ChoiceField(label="复核结果", choices=[c for c in Assessment.SpotCheck.choices if c[0]])
    corrected_level = forms.ChoiceField(label="复核后等级", choices=RATED, required=False,
                                        help_text="复核未通过时填写，企业等级将调整为该等级。")
    note = forms.CharField(label="复核意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ViolationForm(forms.Form):
    industry = forms.ModelChoiceField(label="重点行业", queryset=Industry.objects.none(),
                                      help_text="降级该行业的绩效等级；企业其他行业的等级不变。")
    kind = forms.ChoiceField(label="违法类型", choices=Violation.Kind.choices)
    occurred_on = forms.DateField(label="发现日期", widget=DATE)
    description = forms.CharField(label="违法事实及处理依据", max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}))
    level_after = forms.ChoiceField(label="降级后等级", choices=RATED)

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(pk__in=[link.industry_id for link in links])
        levels = {link.industry_id: link.get_level_display() for link in links}
        self.fields["industry"].label_from_instance = lambda i: f"{i.name}（当前{levels[i.pk]}）"
        if len(links) == 1:
            self.fields["industry"].initial = links[0].industry_id
