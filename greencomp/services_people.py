"""People of a competition: the division officers the secretariat appoints (one on the division's page, many from
an Excel sheet) and the 参赛组织负责人 / 联络员 a city reports (seed 002 八（一）). Roles themselves are granted and
revoked by greencomp.services (membership_grant / membership_revoke), which audit and notify."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from competitions.enums import CompetitionKind, Role
from competitions.models import Division, Membership

from . import services
from .audit import audit_record, snapshot
from .enums import OrganisationKind
from .models import User

# The body an officer's organisation usually is, by the kind of competition (seeds 000/001: 总工会, 002: 工信,
# 003: 生态环境).
OFFICER_ORG_KIND = {CompetitionKind.LABOUR: OrganisationKind.UNION, CompetitionKind.INNOVATION: OrganisationKind.MIIT,
                    CompetitionKind.GRADING: OrganisationKind.ECOLOGY}
CONTACT_FIELDS = ["leader_name", "leader_post", "leader_phone", "leader_email",
                  "liaison_name", "liaison_post", "liaison_phone", "liaison_email"]


@transaction.atomic
def officer_appoint(*, division: Division, user: User, by) -> Membership:
    if not user.is_active:
        raise ValidationError({"user": f"账号“{user.username}”已停用，不能任命为赛区负责人。"})
    if Membership.objects.filter(user=user, role=Role.OFFICER, division=division).exists():
        raise ValidationError({"user": f"{user.display_name} 已是“{division.name}”的赛区负责人。"})
    return services.membership_grant(user=user, role=Role.OFFICER, division=division, by=by)


@transaction.atomic
def officer_appoint_new(*, division: Division, full_name: str, phone: str, email: str = "",
                        organisation_name: str = "", title: str = "", by) -> Membership:
    """A new account for someone who has none (username = the mobile number; the password is set through
    “忘记密码”), with its organisation found or created, appointed at once."""
    if User.objects.filter(username__iexact=phone).exists() or User.objects.filter(phone=phone).exists():
        raise ValidationError({"phone": f"手机号{phone}已有账号，请在“选择已有账号”中搜索后任命。"})
    organisation = None
    if organisation_name:
        organisation = services.organisation_get_or_create(
            name=organisation_name, kind=OFFICER_ORG_KIND.get(division.competition.kind, OrganisationKind.OTHER),
            city=division.city, by=by)
    user = services.user_create(username=phone, password=None, full_name=full_name, email=email, phone=phone,
                                title=title, organisation=organisation, by=by)
    return services.membership_grant(user=user, role=Role.OFFICER, division=division, by=by)


@transaction.atomic
def officer_remove(*, membership: Membership, reason: str, by) -> None:
    if membership.role != Role.OFFICER:
        raise ValidationError("只能在此取消赛区负责人。")
    services.membership_revoke(membership=membership, reason=reason, by=by)


@transaction.atomic
def division_contacts_report(*, division: Division, data: dict, by) -> Division:
    """The city's 参赛组织负责人 and 联络员; both names are required, the report time marks it 已报送."""
    division = Division.objects.select_for_update().get(pk=division.pk)
    before = snapshot(division, CONTACT_FIELDS)
    for name in CONTACT_FIELDS:
        setattr(division, name, (data.get(name) or "").strip())
    if not division.leader_name or not division.liaison_name:
        raise ValidationError("请同时填写参赛组织负责人和联络员。")
    division.contacts_reported_at = timezone.now()
    division.full_clean()
    division.save(update_fields=[*CONTACT_FIELDS, "contacts_reported_at"])
    after = snapshot(division, CONTACT_FIELDS)
    audit_record(actor=by, action="division_contacts_report", target=division,
                 before={k: v for k, v in before.items() if after[k] != v},
                 after={k: v for k, v in after.items() if before[k] != v})
    return division
