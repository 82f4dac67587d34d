"""Forms of the expert review. They validate what the browser sent and hand off to services_review."""

from django import forms

from greencomp.enums import CITY_CHOICES
from greencomp.models import User

from .models import Prize, TrackReview


class RubricForm(forms.Form):
    """Maximum score and weight per scored criterion; read-only once the rubric is frozen."""

    def __init__(self, *args, criteria, frozen=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [c for c in criteria if not c.is_gate]
        for c in self.criteria:
            self.fields[f"max_{c.pk}"] = forms.DecimalField(label=f"{c.name}满分", initial=c.max_score, min_value=0,
                                                            max_digits=5, decimal_places=1, disabled=frozen)
            self.fields[f"weight_{c.pk}"] = forms.DecimalField(label=f"{c.name}权重", initial=c.weight, min_value=0,
                                                               max_digits=5, decimal_places=1, disabled=frozen)

    def values(self) -> dict:
        return {c.pk: {"max_score": self.cleaned_data[f"max_{c.pk}"], "weight": self.cleaned_data[f"weight_{c.pk}"]}
                for c in self.criteria}

    def rows(self):
        return [(c, self[f"max_{c.pk}"], self[f"weight_{c.pk}"]) for c in self.criteria]


class TrackSettingsForm(forms.Form):
    method = forms.ChoiceField(label="排名依据", choices=TrackReview.Method.choices)
    experts_per_entry = forms.IntegerField(label="每个项目的评审专家数", min_value=1, max_value=15)
    exclude_same_city = forms.BooleanField(label="不分配与申报单位同一省辖市的专家", required=False)
    tie_criterion = forms.TypedChoiceField(label="同分时优先比较的评价要素", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_criterion"].choices = [("", "（不设，按提交时间）")] + [
            (c.pk, c.name) for c in criteria if not c.is_gate]


class ExpertForm(forms.Form):
    username = forms.CharField(label="专家账号（用户名）", max_length=150,
                               help_text="专家须已有平台账号；工作单位取自账号所属单位。")
    title = forms.CharField(label="职称/职务", max_length=50, required=False)
    city = forms.ChoiceField(label="所在省辖市", choices=[("", "（按工作单位）")] + list(CITY_CHOICES), required=False)
    tracks = forms.TypedMultipleChoiceField(label="擅长领域（赛道）", coerce=int, widget=forms.CheckboxSelectMultiple)
    available = forms.BooleanField(label="可参加本次评审", required=False, initial=True)

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks = {t.pk: t for t in competition.tracks.order_by("number")}
        self.fields["tracks"].choices = [(t.pk, f"{t.number}. {t.name}") for t in self.tracks.values()]

    def clean_username(self):
        user = User.objects.filter(username=self.cleaned_data["username"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError("该账号不存在或已停用。")
        return user

    def chosen_tracks(self):
        return [self.tracks[pk] for pk in self.cleaned_data["tracks"]]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}), max_length=500)


class PrizeCountsForm(forms.Form):
    first_prizes = forms.IntegerField(label="一等奖", min_value=0, max_value=999)
    second_prizes = forms.IntegerField(label="二等奖", min_value=0, max_value=999)
    third_prizes = forms.IntegerField(label="三等奖", min_value=0, max_value=999)
    excellence_prizes = forms.IntegerField(label="优秀奖", min_value=0, max_value=999)


class PrizeAdjustForm(forms.Form):
    level = forms.ChoiceField(label="奖项", choices=Prize.Level.choices)
    reason = forms.CharField(label="调整原因", max_length=500)


class NoticeForm(forms.Form):
    opens_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label="公示截止日期", widget=forms.DateInput(attrs={"type": "date"}))


class ObjectionForm(forms.Form):
    application = forms.TypedChoiceField(label="异议项目", coerce=int, required=False, empty_value=None)
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30, help_text="手机号11位，或固定电话如0371-65512345")
    email = forms.EmailField(label="电子邮箱", required=False, help_text="选填：处理结果将发送到该邮箱（登录后提出的异议也会在消息中心通知）。",
                             error_messages={"invalid": "请输入有效的电子邮箱地址。"})
    text = forms.CharField(label="异议内容", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}))

    def __init__(self, *args, prizes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", "（不针对具体项目）")] + [
            (p.application_id, f"{p.track.number}. {p.application.title}") for p in prizes]


class AnswerForm(forms.Form):
    answer = forms.CharField(label="处理意见", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}))
