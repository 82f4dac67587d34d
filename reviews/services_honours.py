"""Writes of the secretariat's decisions on submitted nominations and the 通报表扬: returning a nomination for
revision, 入选 and 择优申报 within the award's totals, publishing and withdrawing the 通报表扬. The AwardType row
is locked before its selection is counted, and the notice row before the list is published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from competitions.models import Competition, Division
from greencomp.audit import audit_record, snapshot
from notifications.enums import NotificationKind
from notifications.recipients import division_officers, organisation_users
from notifications.services import notify

from .models import AwardType, HonoursNotice, Nomination
from .services_nomination import NOMINATION_FIELDS

SELECTION_FIELDS = ["selected", "escalated", "selection_reason"]

MSG_NOT_SUBMITTED = "只有已提交的推荐才能入选。"
MSG_ESCALATE_UNSELECTED = "只有入选的推荐才能择优申报。"
MSG_REASON_REQUIRED = "取消入选或取消择优申报须填写理由。"
MSG_HONOURS_PUBLISHED = "通报表扬已发布，评选结果已锁定。如需调整，请先撤回发布（须填写原因）。"


def over_total_message(award_type: AwardType) -> str:
    return f"“{award_type.name}”已入选{award_type.total}个，达到评选总数，不能再选。"


def over_escalation_message(award_type: AwardType) -> str:
    return (f"“{award_type.escalation_name}”择优申报已达{award_type.escalation_count}个，"
            f"不能再选。")


# ---- return and selection ---------------------------------------------------------------------------------------

@transaction.atomic
def nomination_return(*, nomination: Nomination, reason: str, by) -> Nomination:
    """The secretariat sends a submitted nomination back for revision; it also leaves the selection."""
    if not reason.strip():
        raise ValidationError("请填写退回原因。")
    award = AwardType.objects.select_for_update().get(pk=nomination.award_type_id)
    _check_honours_open(award.competition_id)
    fresh = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if fresh.status != Nomination.Status.SUBMITTED:
        raise ValidationError("只有已提交的推荐才能退回。")
    before = snapshot(fresh, NOMINATION_FIELDS + SELECTION_FIELDS)
    fresh.status, fresh.return_reason = Nomination.Status.RETURNED, reason.strip()
    fresh.selected = fresh.escalated = False
    fresh.save(update_fields=["status", "return_reason", "selected", "escalated", "updated_at"])
    audit_record(actor=by, action="commendation.nomination_return", target=fresh, before=before,
                 after=snapshot(fresh, NOMINATION_FIELDS + SELECTION_FIELDS), reason=reason.strip())
    notify(recipients=division_officers(fresh.division), kind=NotificationKind.COMMENDATION,
           competition=fresh.competition, title=f"“{fresh.award_type.name}”推荐已退回修改",
           url=reverse("commendation:nomination", args=[fresh.pk]),
           body=f"{fresh.competition.title}：{fresh.division.name}推荐的“{fresh.award_type.name}”"
                f"（{fresh.person_name or fresh.team_name or fresh.entry}）已被大赛秘书处退回修改。原因：{reason.strip()}")
    return fresh


@transaction.atomic
def nomination_select(*, nomination: Nomination, selected: bool, escalated: bool, reason: str = "",
                      by) -> Nomination:
    """入选 up to the award's total and 择优申报 up to its escalation count; the award row is locked so two
    secretaries cannot overfill it. Removing a selection needs a reason."""
    award = AwardType.objects.select_for_update().get(pk=nomination.award_type_id)
    _check_honours_open(award.competition_id)
    fresh = Nomination.objects.select_for_update().get(pk=nomination.pk)
    reason = reason.strip()
    if (fresh.selected and not selected or fresh.escalated and not escalated) and not reason:
        raise ValidationError(MSG_REASON_REQUIRED)
    if selected and fresh.status != Nomination.Status.SUBMITTED:
        raise ValidationError(MSG_NOT_SUBMITTED)
    if escalated and not selected:
        raise ValidationError(MSG_ESCALATE_UNSELECTED)
    others = Nomination.objects.filter(award_type=award).exclude(pk=fresh.pk)
    if selected and not fresh.selected and others.filter(selected=True).count() >= award.total:
        raise ValidationError(over_total_message(award))
    if escalated and not fresh.escalated and others.filter(escalated=True).count() >= award.escalation_count:
        if award.escalation_count == 0:
            raise ValidationError(f"“{award.name}”没有设置择优申报荣誉。")
        raise ValidationError(over_escalation_message(award))
    before = snapshot(fresh, SELECTION_FIELDS)
    fresh.selected, fresh.escalated = selected, escalated
    if reason:
        fresh.selection_reason = reason
    fresh.save(update_fields=["selected", "escalated", "selection_reason", "updated_at"])
    audit_record(actor=by, action="commendation.select", target=fresh, before=before,
                 after=snapshot(fresh, SELECTION_FIELDS), reason=reason)
    return fresh


# ---- 通报表扬: publish and withdraw ---------------------------------------------------------------------------

def _check_honours_open(competition_id: int) -> None:
    """Selection changes wait while the 通报表扬 is published. Publishing locks the notice row first and each
    selection change reads it after locking its award row, so the two never interleave."""
    if HonoursNotice.objects.filter(competition_id=competition_id, published_at__isnull=False).exists():
        raise ValidationError(MSG_HONOURS_PUBLISHED)


def _locked_notice(competition: Competition) -> HonoursNotice:
    HonoursNotice.objects.get_or_create(competition=competition)
    notice = HonoursNotice.objects.select_for_update().get(competition=competition)
    # every award row too: a selection in flight finishes before the list is published, or waits for it
    list(AwardType.objects.select_for_update().filter(competition=competition).values_list("pk", flat=True))
    return notice


def _selected(competition: Competition) -> list[Nomination]:
    return list(Nomination.objects.filter(competition=competition, selected=True)
                .select_related("award_type", "division", "entry__organisation")
                .order_by("award_type__order", "award_type_id", "division__order", "division_id", "id"))


@transaction.atomic
def honours_publish(*, competition: Competition, confirmed: bool, doc_number: str = "", by) -> HonoursNotice:
    if not confirmed:
        raise ValidationError({"confirmed": "请确认发布：发布后评选结果锁定，相关赛区和受表扬单位将收到通知。"})
    notice = _locked_notice(competition)
    if notice.is_published:
        raise ValidationError("通报表扬已发布。")
    selected = _selected(competition)
    if not selected:
        raise ValidationError("尚无入选的先进单位、班组或个人，不能发布通报表扬。")
    before = snapshot(notice, ["doc_number", "published_at"])
    notice.doc_number, notice.published_at, notice.published_by = doc_number.strip(), timezone.now(), by
    notice.withdrawn_at, notice.withdraw_reason = None, ""
    notice.full_clean()
    notice.save()
    audit_record(actor=by, action="commendation.honours_publish", target=notice, competition_id=competition.pk,
                 before=before, after={**snapshot(notice, ["doc_number", "published_at"]), "selected": len(selected),
                                       "escalated": sum(n.escalated for n in selected)})
    _honours_published_notify(competition, selected)
    return notice


def _honours_published_notify(competition: Competition, selected: list[Nomination]) -> None:
    """Each division concerned: its officers, with the count of its entries in the list; each commended
    enterprise with an account: one notification naming its honours."""
    url = reverse("commendation:honours_published", args=[competition.pk])
    title = "通报表扬名单已发布"
    by_division: dict = {}
    by_organisation: dict = {}
    for n in selected:
        by_division.setdefault(n.division_id, (n.division, []))[1].append(n)
        by_organisation.setdefault(n.entry.organisation_id, (n.entry.organisation, []))[1].append(n)
    for division, items in by_division.values():
        notify(recipients=division_officers(division), kind=NotificationKind.COMMENDATION, competition=competition,
               title=title, url=url,
               body=f"{competition.title}通报表扬名单已发布，{division.name}推荐的{len(items)}个先进单位、班组或个人入选。")
    for organisation, items in by_organisation.values():
        honours = "、".join(dict.fromkeys(f"{n.award_type.name}（{n.nominee}）" for n in items))
        notify(recipients=organisation_users(organisation), kind=NotificationKind.COMMENDATION,
               competition=competition, title=title, url=url,
               body=f"{competition.title}通报表扬名单已发布，{organisation.name}入选：{honours}。")


@transaction.atomic
def honours_withdraw(*, competition: Competition, reason: str, by) -> HonoursNotice:
    """Withdraw the published 通报表扬 (to correct it): the selection reopens; the divisions concerned are told why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写撤回发布的原因。"})
    notice = _locked_notice(competition)
    if not notice.is_published:
        raise ValidationError("通报表扬尚未发布。")
    before = snapshot(notice, ["published_at", "withdrawn_at", "withdraw_reason"])
    notice.published_at = notice.published_by = None
    notice.withdrawn_at, notice.withdraw_reason = timezone.now(), reason.strip()
    notice.save(update_fields=["published_at", "published_by", "withdrawn_at", "withdraw_reason"])
    audit_record(actor=by, action="commendation.honours_withdraw", target=notice, competition_id=competition.pk,
                 before=before, after=snapshot(notice, ["published_at", "withdrawn_at", "withdraw_reason"]),
                 reason=reason.strip())
    for division in Division.objects.filter(nominations__competition=competition,
                                            nominations__selected=True).distinct():
        notify(recipients=division_officers(division), kind=NotificationKind.COMMENDATION, competition=competition,
               title="通报表扬名单已撤回", url=reverse("commendation:division", args=[division.pk]),
               body=f"{competition.title}通报表扬名单已由大赛秘书处撤回，待修正后重新发布。原因：{reason.strip()}")
    return notice
