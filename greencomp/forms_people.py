from django import forms
from django.urls import reverse_lazy

from competitions.models import Division

from .forms import searchable
from .models import User
from .services_people import CONTACT_FIELDS
from .validators import validate_phone


class OfficerAppointForm(forms.Form):
    """An existing account, searched as one types (only the chosen one is rendered: there are thousands)."""

    user = forms.ModelChoiceField(label="选择已有账号", queryset=User.objects.filter(is_active=True),
                                  empty_label="输入姓名、用户名或手机号搜索",
                                  error_messages={"required": "请选择要任命的账号。",
                                                  "invalid_choice": "未找到该账号或账号已停用。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        searchable(field, search_url=reverse_lazy("people:account_options"))
        chosen = self.data.get("user") if self.is_bound else None
        shown = field.queryset.filter(pk=chosen) if str(chosen or "").isdigit() else field.queryset.none()
        field.widget.choices = [("", field.empty_label)] + [(u.pk, account_label(u)) for u in shown]


def account_label(user: User) -> str:
    extra = "，".join(x for x in (user.phone, str(user.organisation or "")) if x)
    return f"{user.display_name}（{user.username}{'，' + extra if extra else ''}）"


class OfficerCreateForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机", max_length=30, validators=[validate_phone],
                            help_text="作为登录用户名；本人通过“忘记密码”设置密码。")
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于接收通知和找回密码。")
    organisation_name = forms.CharField(label="所在单位", max_length=200, required=False,
                                        help_text="如“郑州市工业和信息化局”；已有同名单位时直接使用。")
    title = forms.CharField(label="职务", max_length=50, required=False)

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()


class DivisionContactsForm(forms.ModelForm):
    """Seed 002 八（一）: 1 名分管领导 as 参赛组织负责人, the head of the responsible section as 联络员."""

    class Meta:
        model = Division
        fields = CONTACT_FIELDS
        labels = {"leader_name": "负责人姓名", "leader_post": "负责人职务", "leader_phone": "负责人电话",
                  "leader_email": "负责人电子邮箱", "liaison_name": "联络员姓名", "liaison_post": "联络员职务",
                  "liaison_phone": "联络员电话", "liaison_email": "联络员电子邮箱"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CONTACT_FIELDS:
            self.fields[name].required = not name.endswith("_email")
        for name in ("leader_phone", "liaison_phone"):
            self.fields[name].validators.append(validate_phone)
