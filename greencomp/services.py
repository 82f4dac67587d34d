"""Account services: the secretariat manages accounts and roles; enterprises register themselves."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from competitions.enums import Role
from competitions.models import Membership
from notifications.enums import NotificationKind
from notifications.services import notify, reason_sentence

from .audit import audit_event, audit_record, audit_record_all, snapshot
from .enums import OrganisationKind, OrganisationStatus
from .models import Organisation, User

USER_FIELDS = ["username", "full_name", "email", "phone", "title", "organisation", "is_active"]


ORGANISATION_CODE_UNIQUE = "organisation_credit_code_unique"


def organisation_get_or_create(*, name: str, kind: str, credit_code: str = "", city: str = "", by,
                               savepoint: bool = True, events: list | None = None) -> Organisation:
    """The organisation of that credit code (else of that name without one), created if new. No unique-check
    query: the credit code's constraint decides at the insert, and a request that created the same organisation
    at the same moment has won. With `savepoint=False` the insert takes no savepoint and that race raises
    IntegrityError (`lost_organisation_race`): the caller retries its whole transaction. With `events` the
    creation's audit event is appended there, for the caller to record with its own in one insert."""
    code = credit_code.strip().upper()
    if code:
        existing = Organisation.objects.filter(credit_code=code).first()
        if existing:
            return existing
    else:
        existing = Organisation.objects.filter(name=name, credit_code="").first()
        if existing:
            return existing
    org = Organisation(name=name, kind=kind, credit_code=code, city=city)
    org.full_clean(validate_constraints=False)
    try:
        with transaction.atomic(savepoint=savepoint):
            org.save()
    except IntegrityError:
        if not code or not savepoint:
            raise
        return Organisation.objects.get(credit_code=code)  # the one that won
    event = audit_event(actor=by, action="organisation_create", target=org,
                        after=snapshot(org, ["name", "kind", "credit_code"]))
    if events is None:
        audit_record_all([event])
    else:
        events.append(event)
    return org


def lost_organisation_race(exc: IntegrityError) -> bool:
    """The insert of organisation_get_or_create(savepoint=False) met an organisation created meanwhile."""
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) == ORGANISATION_CODE_UNIQUE


@transaction.atomic
def user_create(*, username: str, password: str | None, full_name: str = "", email: str = "", phone: str = "",
                title: str = "", organisation: Organisation | None = None, by) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已存在。"})
    user = User(username=username, full_name=full_name, email=email, phone=phone, title=title,
                organisation=organisation)
    user.full_clean(exclude=["password"])
    if password:
        user.set_password(password)
        user.password_changed_at = timezone.now()
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=by, action="user_create", target=user, after=snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, reason: str, by) -> User:
    if not active and not reason.strip():
        raise ValidationError({"reason": "停用账号须填写原因。"})
    before = snapshot(user, ["is_active"])
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=by, action="user_activate" if active else "user_deactivate", target=user,
                 before=before, after=snapshot(user, ["is_active"]), reason=reason)
    return user


@transaction.atomic
def membership_grant(*, user: User, role: str, competition=None, division=None, reason: str = "",
                     by) -> Membership:
    """A 秘书处 role (platform-wide without a competition) is granted only with a reason on the record."""
    if role == Role.SECRETARIAT and not reason.strip():
        raise ValidationError({"reason": "授予秘书处角色须填写原因。"})
    if division is not None:
        competition = division.competition
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, competition=competition, division=division
    )
    if created:
        membership.full_clean()
        audit_record(actor=by, action="membership_grant", target=membership,
                     after={"user": user.username, "role": role, "competition": str(competition or "全平台"),
                            "division": str(division or "")},
                     reason=reason, competition_id=getattr(competition, "pk", None))
        notify(recipients=[user], kind=NotificationKind.ACCOUNT, competition=competition, url="/",
               title=f"您已获得“{membership.get_role_display()}”角色",
               body=f"您已被授予{competition or '全平台'}{f'（{division}）' if division else ''}的"
                    f"“{membership.get_role_display()}”角色，登录后可在左侧菜单中办理相关事项。")
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, reason: str, by) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "撤销角色须填写原因。"})
    audit_record(actor=by, action="membership_revoke", target=membership, before={"membership": str(membership)},
                 reason=reason, competition_id=membership.competition_id)
    notify(recipients=[membership.user], kind=NotificationKind.ACCOUNT, competition=membership.competition,
           title=f"您的“{membership.get_role_display()}”角色已被撤销",
           body=f"您在{membership.competition or '全平台'}{f'（{membership.division}）' if membership.division else ''}"
                f"的“{membership.get_role_display()}”角色已被撤销。原因：{reason.strip()}")
    membership.delete()


@transaction.atomic
def enterprise_register(*, organisation_name: str, kind: str, credit_code: str, city: str, county: str,
                        contact_name: str, contact_phone: str, username: str, email: str, password: str) -> User:
    """Self-registration: the organisation stays 待审核 until its city's officer or the secretariat approves."""
    if kind not in (OrganisationKind.ENTERPRISE, OrganisationKind.SUPPLIER, OrganisationKind.BANK):
        raise ValidationError({"kind": "只有企业、绿色制造服务供应商或金融机构可以自行注册。"})
    if Organisation.objects.filter(credit_code=credit_code.upper()).exists():
        raise ValidationError({"credit_code": "该统一社会信用代码已注册，请联系本单位已有账号或所在市主管部门。"})
    org = Organisation(
        name=organisation_name, kind=kind, credit_code=credit_code.upper(), city=city, county=county,
        contact_name=contact_name, contact_phone=contact_phone, email=email, status=OrganisationStatus.PENDING,
    )
    org.full_clean()
    org.save()
    user = user_create(username=username, password=password, full_name=contact_name, email=email,
                       phone=contact_phone, organisation=org, by=None)
    audit_record(actor=user, action="organisation_register", target=org,
                 after=snapshot(org, ["name", "kind", "credit_code", "city", "status"]))
    return user


def decision_check(*, status: str, pending: str, accept: bool, reason: str, answered: str, reason_required: dict) -> None:
    """A pending request (a registration, a bank's interest) is answered once (else `answered`); a no needs a
    reason (else `reason_required`, the form field's message)."""
    if status != pending:
        raise ValidationError(answered)
    if not accept and not reason.strip():
        raise ValidationError(reason_required)


@transaction.atomic
def organisation_decide(*, organisation: Organisation, approve: bool, reason: str, by) -> Organisation:
    decision_check(status=organisation.status, pending=OrganisationStatus.PENDING, accept=approve, reason=reason,
                   answered="该单位已审核，无需重复操作。", reason_required={"reason": "不通过时请填写原因。"})
    before = snapshot(organisation, ["status"])
    organisation.status = OrganisationStatus.APPROVED if approve else OrganisationStatus.REJECTED
    organisation.save(update_fields=["status"])
    audit_record(actor=by, action="organisation_approve" if approve else "organisation_reject", target=organisation,
                 before=before, after=snapshot(organisation, ["status"]), reason=reason)
    notify(recipients=User.objects.filter(organisation=organisation), kind=NotificationKind.ACCOUNT, url="/",
           title="注册申请已通过审核" if approve else "注册申请未通过审核",
           body=f"“{organisation.name}”的注册申请已通过审核，现在可以登录平台"
                f"{'参与银企对接' if organisation.kind == OrganisationKind.BANK else '申报'}。" if approve else
                f"“{organisation.name}”的注册申请未通过审核。原因：{reason_sentence(reason)}如有疑问请联系所在市主管部门。")
    return organisation


ROLE_LABELS = {label: value for value, label in Role.choices}


@transaction.atomic
def organisation_update(*, organisation: Organisation, form, by) -> Organisation:
    """Save a validated profile form, recording only the fields that changed."""
    fields = list(form.changed_data)
    before = snapshot(Organisation.objects.get(pk=organisation.pk), fields)
    form.save()
    audit_record(actor=by, action="organisation_update", target=organisation, before=before,
                 after=snapshot(organisation, fields))
    return organisation
