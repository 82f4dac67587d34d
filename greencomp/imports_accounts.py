"""The 批量导入 of accounts by the platform secretariat: one row per account, with an optional organisation
and one role (in a competition and, for an officer, a division)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from competitions.models import Competition, Division

from . import services
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


def _check_values(row) -> None:
    v = row.values
    if v["role"] and v["role"] not in services.ROLE_LABELS:
        row.errors.append(f"角色应为：{'、'.join(services.ROLE_LABELS)}")
    for key, check in (("phone", validate_phone), ("credit_code", validate_credit_code)):
        if v[key]:
            try:
                check(v[key])
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
                                  division=lookups.division(v) if v["division"] else None, by=by)
    return len(rows)


class AccountImport(ImportFlow):
    columns = COLUMNS
    required = {"username", "full_name", "role"}
    template_name = "greencomp/user_import.html"
    noun = "个账号"

    def check(self, rows):
        return account_rows_check(rows, _Lookups())

    def save(self, values):
        return accounts_import(values_list=values, by=self.by)

    def done_message(self, count):
        return f"已导入 {count} 个账号。用户可通过“忘记密码”设置密码。"

    def done_url(self):
        return reverse("accounts:list")
