"""Writes of the prizes and the results 公示 of the expert review: prize counts, the proposal from the ranking
and its adjustments, 优秀组织奖, publishing the results notice, objections and their answers, and the final list.
Every function runs in one transaction, locks what it changes, and records the audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from competitions.enums import Recommender
from competitions.models import Track
from greencomp.audit import audit_record, snapshot
from greencomp.validators import validate_phone
from notifications.enums import NotificationKind
from notifications.recipients import organisation_users, secretariat_of
from notifications.services import notify

from .models import Objection, OrganisationAward, Prize, ResultNotice, TrackReview
from .selectors_review import applications_under_review, track_ranking

# ---- prizes -----------------------------------------------------------------------------------------------

def _notice_published(competition_id) -> bool:
    return ResultNotice.objects.filter(competition_id=competition_id, published_at__isnull=False).exists()


@transaction.atomic
def prize_counts_update(*, track, counts: dict, by) -> None:
    review = TrackReview.objects.select_for_update().get(track=track)
    fields = ["first_prizes", "second_prizes", "third_prizes", "excellence_prizes"]
    before = snapshot(review, fields)
    for name in fields:
        value = counts.get(name)
        if value is None or int(value) < 0:
            raise ValidationError("奖项数量应为不小于0的整数。")
        setattr(review, name, int(value))
    review.save(update_fields=fields)
    audit_record(actor=by, action="review.prize_counts", target=review, competition_id=track.competition_id,
                 before=before, after=snapshot(review, fields))


@transaction.atomic
def prizes_propose(*, track, by) -> int:
    """Fill the prizes from the ranking: the first N1 一等奖, the next N2 二等奖, …; the rest 不授奖. Replaces an
    earlier proposal (and its adjustments) until the results are published."""
    review = TrackReview.objects.select_for_update().get(track=track)
    if _notice_published(track.competition_id):
        raise ValidationError("评比结果已发布公示，不能重新生成获奖建议。")
    ranked = [e for e in track_ranking(track) if e.rank]
    levels = []
    for level, count in review.prize_counts():
        levels += [level] * count
    Prize.objects.filter(track=track).delete()
    prizes = [Prize(track=track, application=e.application, rank=e.rank,
                    proposed_level=levels[i] if i < len(levels) else Prize.Level.NONE,
                    level=levels[i] if i < len(levels) else Prize.Level.NONE) for i, e in enumerate(ranked)]
    Prize.objects.bulk_create(prizes)
    audit_record(actor=by, action="review.prizes_propose", target=review, competition_id=track.competition_id,
                 after={"awarded": sum(1 for p in prizes if p.level != Prize.Level.NONE), "ranked": len(prizes)})
    return len(prizes)


@transaction.atomic
def prize_adjust(*, prize, level: str, reason: str, by) -> None:
    prize = Prize.objects.select_for_update().select_related("track").get(pk=prize.pk)
    if ResultNotice.objects.filter(competition_id=prize.track.competition_id, finalised_at__isnull=False).exists():
        raise ValidationError("最终名单已确定，不能再调整奖项。")
    if level not in Prize.Level.values:
        raise ValidationError("请选择奖项。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "调整奖项须填写原因。"})
    before = snapshot(prize, ["level", "reason"])
    prize.level, prize.reason = level, reason.strip()
    prize.save(update_fields=["level", "reason"])
    audit_record(actor=by, action="review.prize_adjust", target=prize, competition_id=prize.track.competition_id,
                 before=before, after=snapshot(prize, ["level", "reason"]), reason=reason.strip())


def organisation_award_candidates(competition) -> list[dict]:
    """Cities whose recommended entries under review cover every track the cities recommend (七、大赛奖项: 积极组织
    参加全部赛道项目; the 典型案例 track is recommended by the suppliers themselves, 六（一）, so it is not counted)."""
    tracks = list(Track.objects.filter(competition=competition, recommender=Recommender.CITY).order_by("number"))
    per_city: dict = {}
    for track in tracks:
        for division_id, n in applications_under_review(track).values("division_id").annotate(
                n=Count("id")).values_list("division_id", "n"):
            city = per_city.setdefault(division_id, {"tracks": 0, "entries": 0})
            city["tracks"] += 1
            city["entries"] += n
    return [{"division_id": d, **v} for d, v in per_city.items() if v["tracks"] == len(tracks) and tracks]


@transaction.atomic
def organisation_awards_propose(*, competition, by) -> int:
    if _notice_published(competition.pk):
        raise ValidationError("评比结果已发布公示，不能重新生成优秀组织奖名单。")
    OrganisationAward.objects.filter(competition=competition).delete()
    awards = OrganisationAward.objects.bulk_create([
        OrganisationAward(competition=competition, division_id=c["division_id"], tracks_covered=c["tracks"],
                          entries=c["entries"]) for c in organisation_award_candidates(competition)])
    audit_record(actor=by, action="review.organisation_awards", target=competition, competition_id=competition.pk,
                 after={"divisions": [a.division_id for a in awards]})
    return len(awards)


# ---- results notice (公示) and objections ------------------------------------------------------------------

@transaction.atomic
def notice_publish(*, competition, opens_on: datetime.date, closes_on: datetime.date, by) -> ResultNotice:
    if not Prize.objects.filter(track__competition=competition).exclude(level=Prize.Level.NONE).exists():
        raise ValidationError("尚无获奖名单，请先生成并确认各赛道的获奖建议。")
    if opens_on > closes_on:
        raise ValidationError("公示截止日期不能早于开始日期。")
    notice = ResultNotice.objects.select_for_update().filter(competition=competition).first()
    if notice and notice.published_at:
        raise ValidationError("评比结果已发布公示。")
    notice = notice or ResultNotice(competition=competition, opens_on=opens_on, closes_on=closes_on)
    notice.opens_on, notice.closes_on, notice.published_at = opens_on, closes_on, timezone.now()
    notice.full_clean()
    notice.save()
    audit_record(actor=by, action="review.notice_publish", target=notice, competition_id=competition.pk,
                 after=snapshot(notice, ["opens_on", "closes_on", "published_at"]))
    for application in {p.application for p in Prize.objects.filter(track__competition=competition).exclude(
            level=Prize.Level.NONE).select_related("application__organisation", "application__created_by")}:
        notify(recipients=organisation_users(application.organisation, application.created_by),
               kind=NotificationKind.RESULTS, competition=competition, title="评比结果已发布公示",
               url=reverse("review:public", args=[competition.pk]),
               body=f"{competition.title}评比结果已发布公示（{opens_on:%Y-%m-%d}至{closes_on:%Y-%m-%d}），"
                    f"您的参赛项目“{application.title}”列入公示名单。")
    return notice


def notice_window_open(notice, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(notice and notice.published_at and not notice.finalised_at
                and notice.opens_on <= today <= notice.closes_on)


@transaction.atomic
def objection_lodge(*, notice, name: str, phone: str, text: str, application=None, email: str = "",
                    by=None) -> Objection:
    if not notice_window_open(notice):
        raise ValidationError("不在公示期内，不能提出异议。")
    errors = {}
    if not (name or "").strip():
        errors["name"] = "请填写姓名。"
    try:
        validate_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    if len((text or "").strip()) < 10:
        errors["text"] = "请具体说明异议内容（不少于10个字）。"
    if errors:
        raise ValidationError(errors)
    objection = Objection(competition_id=notice.competition_id, application=application, name=name.strip(),
                          phone=phone.strip(), text=text.strip(), email=(email or "").strip(),
                          lodged_by=by if getattr(by, "pk", None) else None)
    objection.full_clean()
    objection.save()
    audit_record(actor=None, action="review.objection_lodge", target=objection, competition_id=notice.competition_id,
                 after={"application": application.pk if application else None})
    notify(recipients=secretariat_of(notice.competition), kind=NotificationKind.SECRETARIAT,
           competition=notice.competition, title="评比结果公示收到异议",
           url=reverse("review:notice", args=[notice.competition_id]),
           body=f"{notice.competition.title}：收到{objection.name}提出的异议"
                + (f"（涉及“{application.title}”）" if application else "") + "，请及时处理。")
    return objection


@transaction.atomic
def objection_answer(*, objection, answer: str, by) -> None:
    objection = Objection.objects.select_for_update(of=("self",)).select_related("competition", "lodged_by").get(
        pk=objection.pk)
    if not (answer or "").strip():
        raise ValidationError({"answer": "请填写处理意见。"})
    first = objection.answered_at is None
    before = snapshot(objection, ["answer", "answered_at"])
    objection.answer, objection.answered_at, objection.answered_by = answer.strip(), timezone.now(), by
    objection.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(actor=by, action="review.objection_answer", target=objection,
                 competition_id=objection.competition_id, before=before,
                 after=snapshot(objection, ["answer", "answered_at"]))
    _objection_answered_notify(objection, by=by, first=first)


def _objection_answered_notify(objection, *, by, first: bool) -> None:
    """The objector (their account if they were signed in, else the e-mail they gave; nothing if neither) gets
    the answer; the rest of the secretariat learns it was answered. Neither text names an expert or a score: the
    answer is the secretariat's own reply, and the lodged text is not repeated."""
    competition = objection.competition
    lodged = timezone.localtime(objection.lodged_at)
    verb = "已处理" if first else "处理意见已更新"
    notify(recipients=[objection.lodged_by], addresses=[] if objection.lodged_by else [objection.email],
           kind=NotificationKind.RESULTS,
           competition=competition, title=f"您提出的异议{verb}", url=reverse("review:public", args=[competition.pk]),
           body=f"{objection.name}：您于{lodged.year}年{lodged.month}月{lodged.day}日对“{competition.title}”评比结果公示"
                f"提出的异议{verb}。处理意见：{objection.answer}")
    notify(recipients=[u for u in secretariat_of(competition) if u.pk != getattr(by, "pk", None)],
           kind=NotificationKind.SECRETARIAT, competition=competition, title=f"评比结果公示异议{verb}",
           url=reverse("review:notice", args=[competition.pk]),
           body=f"{competition.title}：{objection.name}提出的异议（{lodged:%Y-%m-%d}）{verb}，"
                f"处理人：{by.display_name}。")


@transaction.atomic
def notice_finalise(*, competition, by) -> None:
    notice = ResultNotice.objects.select_for_update().filter(competition=competition, published_at__isnull=False).first()
    if notice is None:
        raise ValidationError("评比结果尚未发布公示。")
    if notice.finalised_at:
        raise ValidationError("最终名单已确定。")
    if Objection.objects.filter(competition=competition, answered_at__isnull=True).exists():
        raise ValidationError("尚有未处理的异议，请全部处理后再确定最终名单。")
    if timezone.localdate() <= notice.closes_on:
        raise ValidationError(f"公示期至{notice.closes_on:%Y年%-m月%-d日}，公示期满后方可确定最终名单。")
    notice.finalised_at = timezone.now()
    notice.save(update_fields=["finalised_at"])
    audit_record(actor=by, action="review.notice_finalise", target=notice, competition_id=competition.pk,
                 after={"finalised_at": notice.finalised_at.isoformat()})


def results_published(competition_id) -> bool:
    return _notice_published(competition_id)
