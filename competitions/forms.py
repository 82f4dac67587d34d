from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory, inlineformset_factory

from greencomp.forms import BootstrapControls
from greencomp.models import Organisation

from .enums import CompetitionKind
from .models import Competition, Division, Phase, Track

DATETIME_LOCAL = "%Y-%m-%dT%H:%M:%S"  # with seconds, so 23:59:59 deadlines survive an edit
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEADLINE = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format=DATETIME_LOCAL)


class CompetitionForm(forms.ModelForm):
    contents_text = forms.CharField(
        label="竞赛内容", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一项，格式为“标题：说明”，如“比管理水平：积极贯彻绿色发展理念……”。",
    )

    class Meta:
        model = Competition
        fields = ["kind", "title", "year", "organisers", "doc_number", "issue_date", "theme", "scope",
                  "total_quota", "status"]
        widgets = {
            "issue_date": DATE,
            "scope": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "organisers": "多个主办单位用顿号分隔。",
            "total_quota": "通知规定的参赛名额总数，名额分配表的合计须与之相等。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["contents_text"].initial = "\n".join(
                f"{item['title']}：{item['text']}".rstrip("：") for item in self.instance.content_items
            )

    def clean_contents_text(self):
        items = []
        for line in self.cleaned_data["contents_text"].splitlines():
            title, _, text = line.strip().replace(":", "：", 1).partition("：")
            if title:
                items.append({"title": title.strip(), "text": text.strip()})
        return items

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "contents_text"}
        data["contents"] = self.cleaned_data["contents_text"]
        return data


class PhaseForm(BootstrapControls, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "name", "opens_at", "closes_at"]
        widgets = {"name": forms.TextInput(attrs={"style": "min-width:18rem"}), "opens_at": DEADLINE, "closes_at": DEADLINE}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and opens > closes:
            self.add_error("closes_at", "截止时间不能早于开始时间。")
        return data


PhaseFormSet = inlineformset_factory(Competition, Phase, form=PhaseForm, extra=1, can_delete=True)


class RowFormSet(BaseFormSet):
    """Rows of a new competition's set-up page: prefilled from the kind's standard, each one editable or
    removable (删除), blank extra rows ignored."""

    def rows(self) -> list[dict]:
        return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class PhaseRowFormSet(RowFormSet):
    def clean(self):
        if any(self.errors):
            return
        kinds = [row["kind"] for row in self.rows()]
        repeated = sorted({k for k in kinds if kinds.count(k) > 1})
        if repeated:
            labels = "、".join(str(dict(Phase._meta.get_field("kind").choices)[k]) for k in repeated)
            raise ValidationError(f"阶段“{labels}”重复，每类阶段只能设置一个。")


PhaseRowFormSetFactory = formset_factory(PhaseForm, formset=PhaseRowFormSet, extra=2, can_delete=True)


class TrackRowForm(BootstrapControls, forms.ModelForm):
    class Meta:
        model = Track
        fields = ["number", "name", "form_type", "recommender", "min_recommendations", "description"]
        widgets = {"number": forms.NumberInput(attrs={"style": "width:4.5rem"}),
                   "name": forms.TextInput(attrs={"style": "min-width:14rem"}),
                   "min_recommendations": forms.NumberInput(attrs={"style": "width:4.5rem"}),
                   "description": forms.Textarea(attrs={"rows": 2})}


TrackRowFormSet = formset_factory(TrackRowForm, formset=RowFormSet, extra=1, can_delete=True)


class CompetitionKindForm(forms.Form):
    """Step one of a new competition: its kind and year decide the standard phases and structure offered."""

    kind = forms.ChoiceField(label="竞赛类型", choices=CompetitionKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class NoticeTableForm(forms.Form):
    text = forms.CharField(
        label="通知附件中的分配表", widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text="从通知（Word/WPS/PDF）或 Excel 中选中整张表（含表头和“合计”行）复制后粘贴到这里，标题行可一并粘贴。",
        error_messages={"required": "请粘贴分配表。"},
    )


class DivisionForm(forms.ModelForm):
    class Meta:
        model = Division
        fields = ["name", "kind", "parent", "city", "organisation", "leader_name", "leader_post", "leader_phone",
                  "liaison_name", "liaison_post", "liaison_phone"]

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Division.objects.filter(competition=competition)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["organisation"].queryset = Organisation.objects.filter(status="approved").order_by("kind", "name")
        self.fields["organisation"].help_text = "组织本赛区竞赛的单位（如市总工会）；市直参赛企业赛区选市总工会。"
        self.instance.competition = competition

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Division.objects.filter(competition=self.instance.competition, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"本竞赛已有名为“{name}”的赛区。")
        return name


class CompetitionCopyForm(forms.Form):
    year = forms.IntegerField(label="新一届年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="竞赛名称", max_length=200, required=False,
                            help_text="留空则将原名称中的年度替换为新年度。")
    with_people = forms.BooleanField(label="同时复制人员（秘书处、各赛区负责人、评审专家库）", required=False, initial=True,
                                     help_text="不勾选则只复制赛区、名额、赛道、评分细则、表彰项目和批次，人员另行任命。")
