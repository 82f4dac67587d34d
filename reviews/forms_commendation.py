"""Forms of commendation selection: they validate input and hand off to services_commendation,
services_nomination and services_honours."""

from django import forms

from applications.models import Entry
from greencomp.forms import CardsForm
from greencomp.uploads import file_field

from .models import ACHIEVEMENTS_MAX, AwardType, Nomination
from .services_commendation import MEASURES
from .services_nomination import FILE_TYPES

FRONTLINE_CHOICES = [("", "请选择"), ("true", "是"), ("false", "否")]


class NominationForm(forms.Form):
    entry = forms.ModelChoiceField(label="所在单位", queryset=Entry.objects.none(),
                                   help_text="本赛区登记的参赛单位。")
    team_name = forms.CharField(label="班组（车间、工段）名称", max_length=100, required=False)
    team_size = forms.IntegerField(label="人数", min_value=1, max_value=100000, required=False)
    person_name = forms.CharField(label="姓名", max_length=50, required=False)
    gender = forms.ChoiceField(label="性别", choices=[("", "请选择"), *Nomination.Gender.choices], required=False)
    ethnicity = forms.CharField(label="民族", max_length=20, required=False, help_text="如：汉族、回族。")
    post = forms.CharField(label="职务/岗位", max_length=100, required=False)
    frontline = forms.TypedChoiceField(label="是否一线职工", choices=FRONTLINE_CHOICES, required=False,
                                       coerce=lambda v: v == "true", empty_value=None)
    achievements = forms.CharField(label="主要事迹", max_length=ACHIEVEMENTS_MAX, required=False,
                                   widget=forms.Textarea(attrs={"rows": 10, "maxlength": ACHIEVEMENTS_MAX}),
                                   help_text=f"不超过{ACHIEVEMENTS_MAX}字；草稿可暂不填写，提交前必须填写。")

    TEAM_FIELDS = ("team_name", "team_size")
    PERSON_FIELDS = ("person_name", "gender", "ethnicity", "post", "frontline")

    def __init__(self, *args, award: AwardType, division, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award
        self.fields["entry"].queryset = (Entry.objects.filter(division=division, status=Entry.Status.REGISTERED)
                                         .select_related("organisation").order_by("organisation__name"))
        self.fields["entry"].label_from_instance = lambda e: e.organisation.name
        if award.nominee_kind == AwardType.NomineeKind.UNIT:
            self.fields["entry"].label = "推荐单位"
        keep = {AwardType.NomineeKind.TEAM: self.TEAM_FIELDS,
                AwardType.NomineeKind.INDIVIDUAL: self.PERSON_FIELDS}.get(award.nominee_kind, ())
        for name in self.TEAM_FIELDS + self.PERSON_FIELDS:
            if name not in keep:
                del self.fields[name]
        if award.nominee_kind == AwardType.NomineeKind.INDIVIDUAL and self.initial.get("frontline") is not None:
            self.initial["frontline"] = "true" if self.initial["frontline"] else "false"

    def person_fields(self):
        return [self[name] for name in self.PERSON_FIELDS if name in self.fields]

    def team_fields(self):
        return [self[name] for name in self.TEAM_FIELDS if name in self.fields]


class AwardTypeForm(CardsForm, forms.Form):
    cards = (("一、评选总数与择优申报", {"total": "md-3", "escalation_name": "md-5", "escalation_count": "md-4",
                                   "reason": "12"}),)

    total = forms.IntegerField(label="评选总数", min_value=0, max_value=100000)
    escalation_name = forms.CharField(label="择优申报荣誉", max_length=100, required=False,
                                      help_text="如：焦作市五一劳动奖状；不择优申报则留空。")
    escalation_count = forms.IntegerField(label="择优申报数", min_value=0, max_value=100000, initial=0)
    reason = forms.CharField(label="修改理由", max_length=500, required=False)


class AwardTypeCreateForm(CardsForm, forms.Form):
    cards = (("一、表彰项目", {"name": "md-6", "nominee_kind": "md-3", "total": "md-3"}),
             ("二、择优申报", {"escalation_name": "md-6", "escalation_count": "md-3"}))

    name = forms.CharField(label="表彰项目", max_length=100, help_text="如：绿色发展竞赛先进单位。")
    nominee_kind = forms.ChoiceField(label="推荐对象", choices=AwardType.NomineeKind.choices)
    total = forms.IntegerField(label="评选总数", min_value=0, max_value=100000)
    escalation_name = forms.CharField(label="择优申报荣誉", max_length=100, required=False)
    escalation_count = forms.IntegerField(label="择优申报数", min_value=0, max_value=100000, initial=0)


class ProposeForm(forms.Form):
    measure = forms.ChoiceField(label="名额分配依据", choices=list(MEASURES.items()))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SelectForm(forms.Form):
    selected = forms.BooleanField(label="入选", required=False)
    escalated = forms.BooleanField(label="择优申报", required=False)
    reason = forms.CharField(label="理由", max_length=500, required=False)


class FileForm(forms.Form):
    file = file_field("证明材料", allowed=FILE_TYPES)


class HonoursPublishForm(forms.Form):
    doc_number = forms.CharField(label="通报文号", max_length=100, required=False, help_text="选填，如：焦工文〔2020〕5号。")
    confirmed = forms.BooleanField(label="我已核对入选名单，确认发布（发布后评选结果锁定，相关赛区和受表扬单位将收到通知）",
                                   error_messages={"required": "请勾选确认发布。"})
