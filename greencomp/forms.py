import html

from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe

from competitions.enums import Role
from competitions.models import Competition, Division

from .enums import CITY_CHOICES, OrganisationKind, OrganisationStatus
from .models import Organisation, User
from .validators import validate_credit_code, validate_phone


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            "invalid_login": f"用户名或密码错误。连续失败{settings.AXES_FAILURE_LIMIT}次将锁定{lockout_minutes()}分钟。",
            "inactive": "该账号已停用，请联系管理员。",
        }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        org = user.organisation
        if org and org.status == OrganisationStatus.PENDING:
            raise ValidationError("您的单位注册申请正在审核中，审核通过后即可登录。", code="pending")
        if org and org.status == OrganisationStatus.REJECTED:
            raise ValidationError("您的单位注册申请未通过审核，请联系所在市主管部门。", code="rejected")


class BootstrapControls:
    """Mixed into a form whose controls a template renders one by one (table rows of the set-up pages): each gets
    Bootstrap's class — form-select for choices, form-control else, small (-sm) unless `small` is off; check
    boxes and controls that name their own class keep theirs."""

    small = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput) or "class" in widget.attrs:
                continue
            kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs = {"class": f"{kind} {kind}-sm" if self.small else kind, **widget.attrs}


class CardsForm:
    """Mixed into a form whose page lays its fields out as cards under the official headings (一、二、…):
    `cards` is ((heading, {field name: column class}), …); templates/includes/form_cards.html renders them."""

    cards: tuple = ()

    def card_fields(self) -> list[tuple[str, list]]:
        return [(heading, [(self[name], column) for name, column in columns.items()])
                for heading, columns in self.cards]


def free_username(username: str, *, taken: str) -> str:
    """The username, unless an account already has it in any letter case (`taken` is the message)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(taken)
    return username


class EnterpriseRegistrationForm(forms.Form):
    organisation_name = forms.CharField(label="单位名称", max_length=200)
    kind = forms.ChoiceField(
        label="单位类型",
        choices=[(OrganisationKind.ENTERPRISE, "企业（制造业）"), (OrganisationKind.SUPPLIER, "绿色制造服务供应商")],
    )
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, min_length=1,
                                  validators=[validate_credit_code])
    city = forms.ChoiceField(label="所在省辖市", choices=[("", "请选择")] + CITY_CHOICES)
    county = forms.CharField(label="县（市、区）", max_length=40, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=30, validators=[validate_phone])
    email = forms.EmailField(label="电子邮箱", help_text="用于接收审核结果和找回密码。")
    username = forms.CharField(label="登录用户名", max_length=50)
    password1 = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False,
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput, strip=False)

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()

    def clean_username(self):
        return free_username(self.cleaned_data["username"], taken="该用户名已被使用。")

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致。")
        elif p1:
            try:
                password_validation.validate_password(p1, User(username=data.get("username", "")))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def registration(self) -> dict:
        """The registration service's arguments, from the cleaned form."""
        fields = ("organisation_name", "kind", "credit_code", "city", "county", "contact_name", "contact_phone",
                  "username", "email")
        return {**{f: self.cleaned_data[f] for f in fields}, "password": self.cleaned_data["password1"]}


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name", "address", "city", "county", "industry", "main_products", "nature", "output_value",
            "employees", "legal_rep_name", "legal_rep_phone", "email", "fax", "contact_name", "contact_phone", "intro",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 5})}


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=50)
    full_name = forms.CharField(label="姓名", max_length=50)
    email = forms.EmailField(label="电子邮箱", required=False)
    phone = forms.CharField(label="手机", max_length=30, required=False, validators=[validate_phone])
    organisation = forms.ModelChoiceField(label="所在单位", queryset=Organisation.objects.all(), required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False, required=False,
                               help_text="留空则由用户通过“忘记密码”设置。")

    def clean_username(self):
        return free_username(self.cleaned_data["username"], taken="该用户名已存在。")

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            password_validation.validate_password(password)
        return password


class PlainInput:
    """A mixin for an <input> widget (NumberInput, TextInput, DateInput …): Django's HTML, written without the
    form renderer's three templates per widget — for the inputs a page repeats per row or every view of a list
    shows in its filters."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = f' value="{html.escape(str(widget["value"]))}"' if widget["value"] is not None else ""
        attrs = "".join(f" {k}" if v is True else f' {k}="{html.escape(str(v))}"'
                        for k, v in widget["attrs"].items() if v is not False)
        return mark_safe(f'<input type="{widget["type"]}" name="{html.escape(widget["name"])}"{value}{attrs}>')


def searchable(field, **data) -> None:
    """A picker the user can type into (static/js/searchable.js enhances it with the vendored Tom Select)."""
    field.widget.attrs.update({"data-searchable": "", **{f"data-{k.replace('_', '-')}": v for k, v in data.items()}})


class MembershipForm(forms.Form):
    """No role is preselected; the 赛区 choices are those of the chosen 竞赛 only (reloaded when it changes), and a
    秘书处 role needs an explicit confirmation and a reason: without a competition it is platform-wide."""

    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色")] + Role.choices)
    competition = forms.ModelChoiceField(label="竞赛", queryset=Competition.objects.all(), required=False,
                                         empty_label="请选择竞赛（可输入名称搜索）",
                                         help_text="秘书处角色不选竞赛即为全平台秘书处。")
    division = forms.ModelChoiceField(label="赛区", queryset=Division.objects.none(), required=False,
                                      empty_label="请先选择竞赛，再选择赛区",
                                      help_text="赛区负责人必须选择赛区；只列出所选竞赛的赛区。",
                                      error_messages={"invalid_choice": "所选赛区不属于所选竞赛，请重新选择。"})
    confirm_secretariat = forms.BooleanField(
        label="我确认授予秘书处角色", required=False,
        help_text="秘书处可管理竞赛、账号和角色；未选择竞赛时为全平台秘书处，可管理所有竞赛。")
    reason = forms.CharField(label="授予原因", required=False, max_length=500,
                             help_text="授予秘书处角色时必填，记入操作日志。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self._chosen_competition()
        self.fields["division"].queryset = (Division.objects.filter(competition=chosen).order_by("order", "id")
                                            if chosen else Division.objects.none())
        searchable(self.fields["competition"])
        searchable(self.fields["division"], depends_on="id_competition",
                   options_url=reverse_lazy("people:division_options"))

    def _chosen_competition(self):
        value = self.data.get("competition") if self.is_bound else self.initial.get("competition")
        value = getattr(value, "pk", value)
        return Competition.objects.filter(pk=value).first() if str(value or "").isdigit() else None

    def clean(self):
        data = super().clean()
        role, competition, division = data.get("role"), data.get("competition"), data.get("division")
        if role == Role.OFFICER and not division and "division" not in self.errors:
            self.add_error("division", "赛区负责人必须选择所负责的赛区。")
        if role == Role.EXPERT and not competition:
            self.add_error("competition", "评审专家必须选择竞赛。")
        if role == Role.SECRETARIAT:
            if not data.get("confirm_secretariat"):
                self.add_error("confirm_secretariat", "授予秘书处角色须勾选确认。")
            if not data.get("reason", "").strip():
                self.add_error("reason", "授予秘书处角色须填写原因。")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500)


class RequiredReasonForm(forms.Form):
    """Revoking a role, removing an officer, deactivating an account: the reason goes into the audit trail."""

    reason = forms.CharField(label="原因", max_length=500, error_messages={"required": "请填写原因。"})


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件", help_text="按模板填写的 .xlsx 文件。")


class StampedSetPasswordForm(SetPasswordForm):
    """Records when the password changed, for the rotation policy (PASSWORD_MAX_AGE_DAYS)."""

    def save(self, commit=True):
        self.user.password_changed_at = timezone.now()
        return super().save(commit=commit)


class StampedPasswordChangeForm(PasswordChangeForm, StampedSetPasswordForm):
    pass


class PasswordResetSetForm(StampedSetPasswordForm):
    """Setting a new password through the e-mailed link also lifts a login lock-out at once."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        axes_reset(username=user.get_username())
        return user


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label="验证码", max_length=20, strip=True,
        help_text="身份验证器应用当前显示的6位数字；手机不在身边时，可输入一个恢复码（每个只能使用一次）。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
