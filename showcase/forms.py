from django import forms

from greencomp.enums import OrganisationKind
from greencomp.forms import EnterpriseRegistrationForm

from .display import optional_fields
from .enums import FinancingStage
from .models import FinancingInterest, ShowcaseConsent


class BankRegistrationForm(EnterpriseRegistrationForm):
    """The enterprise registration form with the kind fixed to 金融机构."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_name"].label = "机构名称"
        self.fields["organisation_name"].help_text = "如：××银行股份有限公司郑州分行"
        self.fields["city"].label = "所在省辖市"
        del self.fields["kind"]

    def clean(self):
        data = super().clean()
        data["kind"] = OrganisationKind.BANK
        return data


class ConsentForm(forms.Form):
    """Per application: in the gallery or not, which optional fields, contact data, financing needs."""

    show_in_gallery = forms.TypedChoiceField(
        label="是否在成果展示中展示本项目", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "展示"), ("no", "不展示")],
        help_text="获奖项目的赛道、奖项、申报单位、省辖市和所属行业属于已公布的评比结果；选择“不展示”时本项目不出现在成果展示中。")
    shown_fields = forms.MultipleChoiceField(label="展示以下内容", required=False, widget=forms.CheckboxSelectMultiple,
                                             help_text="内容取自申报表，未勾选的内容不对外展示。")
    contact_public = forms.BooleanField(label="公开联系人、联系电话和电子邮箱", required=False,
                                        help_text="不勾选时不对外公开；同意某家金融机构的对接意向后，仅对该机构显示。")
    financing_shared = forms.BooleanField(label="向已审核的金融机构提供融资需求", required=False)
    financing_need = forms.DecimalField(label="融资需求（万元）", required=False, min_value=0, max_digits=12,
                                        decimal_places=2, error_messages={"min_value": "请填写不小于0的数值。",
                                                                          "invalid": "请填写数字。"})
    financing_purpose = forms.CharField(label="资金用途", max_length=200, required=False)
    financing_stage = forms.ChoiceField(label="项目所处阶段", required=False,
                                        choices=[("", "请选择")] + FinancingStage.choices)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown_fields"].choices = optional_fields(application)

    @classmethod
    def initial_for(cls, consent: ShowcaseConsent | None) -> dict:
        if consent is None:
            return {"show_in_gallery": "yes"}
        return {"show_in_gallery": "yes" if consent.show_in_gallery else "no", "shown_fields": consent.shown_fields,
                "contact_public": consent.contact_public, "financing_shared": consent.financing_shared,
                "financing_need": consent.financing_need, "financing_purpose": consent.financing_purpose,
                "financing_stage": consent.financing_stage}

    def clean(self):
        data = super().clean()
        if data.get("financing_shared"):
            if data.get("financing_need") is None and "financing_need" not in self.errors:
                self.add_error("financing_need", "向金融机构提供融资需求时请填写融资需求（万元）。")
            if not data.get("financing_stage"):
                self.add_error("financing_stage", "向金融机构提供融资需求时请选择项目所处阶段。")
        return data


class InterestForm(forms.ModelForm):
    class Meta:
        model = FinancingInterest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 1000})}
        help_texts = {"message": "说明贵机构可提供的金融产品或服务、联系方式等，申报单位将看到这段说明。"}


class InterestDecisionForm(forms.Form):
    reply = forms.CharField(label="回复说明", max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}))
