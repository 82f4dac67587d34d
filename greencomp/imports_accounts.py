"""The 批量导入 of accounts: by the platform secretariat, one row per account with an optional organisation and
one role (in a competition and, for an officer, a division); and a competition's division officers (赛区, 姓名,
手机, 邮箱, 单位, 职务), resolved within that competition, creating the accounts that are missing."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from competitions.enums import Role
from competitions.models import Competition, Division, Membership

from . import services, services_people
from .enums import OrganisationKind
from .imports import ImportFlow, rows_recheck
from .models import User
from .validators import validate_credit_code, validate_phone

COLUMNS = {
    "用户名": "username", "姓名": "full_name", "电子邮箱": "email", "手机": "phone", "单位名称": "org_name",
    "统一社会信用代码": "credit_code", "单位类型": "org_kind", "角色": "role", "竞赛": "competition", "赛区": "division",
}
KIND_BY_LABEL = {label: value for value, label in OrganisationKind.choices}


class _Lookups:
    """What the rows name, resolved once per check: competitions by title, divisions, the usernames taken."""

    def __init__(self):
        self.competitions = {c.title: c for c in Competition.objects.all()}
        self.divisions = {(d.competition_id, d.name): d for d in Division.objects.all()}
        self.taken = {u.lower() for u in User.objects.values_list("username", flat=True)}

    def division(self, values):
        competition = self.competitions.get(values["competition"])
        return self.divisions.get((competition.pk, values["division"])) if competition else None


def account_rows_check(rows, lookups: _Lookups) -> list[str]:
    """Check every row against the database and the other rows."""
    seen = set()
    for row in rows:
        v = row.values
        username = v["username"].lower()
        if username in lookups.taken:
            row.errors.append(f"用户名“{v['username']}”已存在")
        if username in seen:
            row.errors.append(f"用户名“{v['username']}”在表中重复")
        seen.add(username)
        _check_values(row)
        _check_role(row, lookups)
    return []


def check_contact(row) -> None:
    """The phone and e-mail of a person's row, as every account import checks them."""
    v = row.values
    if v["phone"]:
        try:
            validate_phone(v["phone"])
        except ValidationError as exc:
            row.errors.extend(exc.messages)
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            row.errors.append(f"电子邮箱“{v['email']}”格式不正确")


def _check_values(row) -> None:
    v = row.values
    if v["role"] and v["role"] not in services.ROLE_LABELS:
        row.errors.append(f"角色应为：{'、'.join(services.ROLE_LABELS)}")
    check_contact(row)
    if v["credit_code"]:
        try:
            validate_credit_code(v["credit_code"])
        except ValidationError as exc:
            row.errors.extend(exc.messages)
    if v["org_name"] and v["org_kind"] not in KIND_BY_LABEL:
        row.errors.append(f"单位类型应为：{'、'.join(KIND_BY_LABEL)}")


def _check_role(row, lookups: _Lookups) -> None:
    v = row.values
    competition = lookups.competitions.get(v["competition"]) if v["competition"] else None
    if v["competition"] and competition is None:
        row.errors.append(f"未找到竞赛“{v['competition']}”")
    role = services.ROLE_LABELS.get(v["role"])
    if role == "officer" and lookups.division(v) is None:
        row.errors.append("赛区负责人须填写所属竞赛中存在的赛区")
    if role == "expert" and not competition:
        row.errors.append("评审专家须填写竞赛")


@transaction.atomic
def accounts_import(*, values_list: list[dict], by) -> int:
    lookups = _Lookups()
    rows = rows_recheck(values_list, lambda rows: account_rows_check(rows, lookups))
    for row in rows:
        v = row.values
        org = None
        if v["org_name"]:
            org = services.organisation_get_or_create(name=v["org_name"], kind=KIND_BY_LABEL[v["org_kind"]],
                                                      credit_code=v["credit_code"], by=by)
        user = services.user_create(username=v["username"], password=None, full_name=v["full_name"],
                                    email=v["email"], phone=v["phone"], organisation=org, by=by)
        services.membership_grant(user=user, role=services.ROLE_LABELS[v["role"]],
                                  competition=lookups.competitions.get(v["competition"]),
                                  division=lookups.division(v) if v["division"] else None,
                                  reason="批量导入账号（预览后确认）", by=by)
    return len(rows)


class AccountImport(ImportFlow):
    columns = COLUMNS
    required = {"username", "full_name", "role"}
    template_name = "greencomp/user_import.html"
    noun = "个账号"
    done_note = "用户可通过“忘记密码”设置密码。"
    done_url_name = "accounts:list"

    def check(self, rows):
        return account_rows_check(rows, _Lookups())

    def save(self, values):
        return accounts_import(values_list=values, by=self.by)


# ---- a competition's division officers -----------------------------------------------------------------------

OFFICER_COLUMNS = {"赛区": "division", "姓名": "full_name", "手机": "phone", "邮箱": "email", "单位": "org_name",
                   "职务": "title"}


class _OfficerLookups:
    """The competition's divisions by name, the accounts the rows' phones already belong to, the officers
    already appointed: three queries per check, whatever the number of rows."""

    def __init__(self, competition: Competition, rows):
        self.divisions = {d.name: d for d in Division.objects.filter(competition=competition)}
        phones = {r.values["phone"] for r in rows if r.values["phone"]}
        self.accounts = {}
        for user in User.objects.filter(Q(phone__in=phones) | Q(username__in=phones)).order_by("pk"):
            self.accounts.setdefault(user.phone if user.phone in phones else user.username, user)
        self.appointed = set(Membership.objects.filter(role=Role.OFFICER, division__competition=competition)
                             .values_list("division_id", "user_id"))

    def account(self, values):
        return self.accounts.get(values["phone"])


def officer_rows_check(rows, lookups: _OfficerLookups) -> list[str]:
    seen, names = {}, {}
    for row in rows:
        v = row.values
        check_contact(row)
        division = lookups.divisions.get(v["division"])
        if v["division"] and division is None:
            row.errors.append(f"本竞赛没有赛区“{v['division']}”")
        key = (v["division"], v["phone"])
        if key in seen:
            row.errors.append(f"与第{seen[key]}行重复（同一赛区、同一手机号）")
        seen.setdefault(key, row.line)
        name = names.setdefault(v["phone"], v["full_name"])
        if v["phone"] and name != v["full_name"]:
            row.errors.append(f"手机号{v['phone']}在表中对应不同的姓名（{name}、{v['full_name']}）")
        user = lookups.account(v)
        if user is not None:
            _check_existing(row, user, division, lookups)
    return []


def _check_existing(row, user, division, lookups) -> None:
    v = row.values
    if v["full_name"] and user.full_name and user.full_name != v["full_name"]:
        row.errors.append(f"手机号{v['phone']}已属于账号“{user.username}”（{user.full_name}），与表中姓名不符")
    elif not user.is_active:
        row.errors.append(f"手机号{v['phone']}的账号“{user.username}”已停用")
    elif division is not None and (division.pk, user.pk) in lookups.appointed:
        row.warnings.append("已是该赛区负责人，不重复任命")
    else:
        row.warnings.append(f"使用已有账号“{user.username}”")


@transaction.atomic
def officers_import(*, competition: Competition, values_list: list[dict], by) -> int:
    """All rows or none: each row appoints an existing account (found by its phone) or creates one."""
    Competition.objects.select_for_update().get(pk=competition.pk)  # one officer import of a competition at a time
    lookups = None

    def check(rows):
        nonlocal lookups
        lookups = _OfficerLookups(competition, rows)
        return officer_rows_check(rows, lookups)

    rows = rows_recheck(values_list, check)
    created = {}  # one new account per phone, though the person may head several divisions
    for row in rows:
        v, division = row.values, lookups.divisions[row.values["division"]]
        user = lookups.account(v) or created.get(v["phone"])
        if user is None:
            created[v["phone"]] = services_people.officer_appoint_new(
                division=division, full_name=v["full_name"], phone=v["phone"], email=v["email"],
                organisation_name=v["org_name"], title=v["title"], by=by).user
        elif (division.pk, user.pk) not in lookups.appointed:
            services_people.officer_appoint(division=division, user=user, by=by)
    return len(rows)


class OfficerImport(ImportFlow):
    """target: the competition whose divisions the 赛区 column names."""

    columns = OFFICER_COLUMNS
    required = {"division", "full_name", "phone"}
    template_name = "people/officer_import.html"
    noun = "名赛区负责人"
    upload_help = "按模板填写的 .xlsx 文件：赛区须为本竞赛的赛区名称，手机为登录用户名。"
    done_note = "新建的账号以手机号为用户名，可通过“忘记密码”设置密码。"
    done_url_name = "competitions:divisions"

    def check(self, rows):
        return officer_rows_check(rows, _OfficerLookups(self.target, rows))

    def save(self, values):
        return officers_import(competition=self.target, values_list=values, by=self.by)
