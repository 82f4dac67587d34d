"""Writes of city review and secretariat aggregation (issue 4, items 6–8). Every service locks the city's
recommendation list row of the track first, so a review action and a list submission never interleave."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from competitions.enums import PhaseKind, Role
from competitions.models import Competition, Division, Membership, Track
from greencomp.audit import audit_changed, audit_record, snapshot
from notifications.enums import NotificationKind
from notifications.recipients import division_officers, organisation_users
from notifications.services import notify, reason_sentence

from .models import Application, Publicity, RecommendationList
from .selectors_recommend import public_summary

LOCKED_MESSAGE = "本赛道推荐名单已提交，不能再退回、推荐或调整排序；如需修改请联系大赛秘书处退回名单。"
APP_FIELDS = ["status", "return_reason", "recommend_order"]
APP_SAVED = [*APP_FIELDS, "updated_at"]
LIST_FIELDS = ["status", "minimum_waived", "submitted_at", "return_reason"]


def format_deadline(value) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _lock_list(*, division: Division, track: Track) -> RecommendationList:
    if not track.city_recommended:
        raise ValidationError(f"“{track.name}”赛道由绿色制造服务供应商自行推荐，申报提交后直接报大赛秘书处，"
                              "省辖市无需推荐。")
    RecommendationList.objects.get_or_create(division=division, track=track)
    return RecommendationList.objects.select_for_update().get(division=division, track=track)


def _lock_application(application: Application, statuses: tuple, refusal: str) -> Application:
    """The locked application, refused with `refusal` unless its status is one of `statuses`."""
    rlist = _lock_list(division=application.division, track=application.track)
    app = Application.objects.select_for_update().select_related(
        "division", "track", "organisation", "created_by", "competition").get(pk=application.pk)
    if rlist.status in (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED):
        raise ValidationError(LOCKED_MESSAGE)
    if app.status not in statuses:
        raise ValidationError(refusal)
    return app


def _notify_applicant(app: Application, *, verb: str, then: str) -> None:
    """您的申报…已`verb` (被退回, 获推荐): the body says by whom (the city), then `then`."""
    notify(recipients=organisation_users(app.organisation, app.created_by), kind=NotificationKind.APPLICATION,
           competition=app.competition, title=f"您的申报“{app.title}”已{verb}",
           url=reverse("innovation:detail", args=[app.pk]),
           body=f"您在“{app.track.name}”赛道提交的申报“{app.title}”已被{app.division.name}{then}")


def _required_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _compact_order(*, division: Division, track: Track) -> None:
    """Renumber the remaining recommended projects 1..n after one leaves the list (no gaps in the 推荐顺序)."""
    apps = Application.objects.filter(division=division, track=track, status=Application.Status.RECOMMENDED
                                      ).order_by("recommend_order", "id")
    for rank, app in enumerate(apps, start=1):
        if app.recommend_order != rank:
            Application.objects.filter(pk=app.pk).update(recommend_order=rank)


def applicant_emails(application: Application) -> list[str]:
    return [application.created_by.email, application.organisation.email]


def officer_emails(division: Division) -> list[str]:
    return list(Membership.objects.filter(role=Role.OFFICER, division=division)
                .values_list("user__email", flat=True))


@transaction.atomic
def application_return(*, application: Application, reason: str, by) -> Application:
    reason = _required_reason(reason, "请填写退回原因。")
    app = _lock_application(application, (Application.Status.SUBMITTED, Application.Status.RECOMMENDED),
                            "只有已提交或已推荐的申报可以退回。")
    audit_changed(app, fields=APP_FIELDS, save=APP_SAVED, by=by, action="application.return", reason=reason,
                  status=Application.Status.RETURNED, return_reason=reason, recommend_order=None)
    _compact_order(division=app.division, track=app.track)
    latest = app.versions.order_by("-number").first()
    if latest is not None:
        latest.return_reason = reason
        latest.save(update_fields=["return_reason"])
    _notify_applicant(app, verb="被退回", then=f"工业和信息化主管部门退回。退回原因：{reason_sentence(reason)}"
                                              "请登录平台修改后重新提交。")
    return app


@transaction.atomic
def application_recommend(*, application: Application, by) -> Application:
    app = _lock_application(application, (Application.Status.SUBMITTED,), "只有已提交的申报可以推荐。")
    top = (Application.objects.filter(division=app.division, track=app.track, status=Application.Status.RECOMMENDED)
           .aggregate(m=Max("recommend_order"))["m"]) or 0
    audit_changed(app, fields=APP_FIELDS, save=APP_SAVED, by=by, action="application.recommend",
                  status=Application.Status.RECOMMENDED, recommend_order=top + 1, return_reason="")
    _notify_applicant(app, verb="获推荐", then=f"推荐参加“{app.competition.title}”，推荐名单将报送大赛秘书处。")
    return app


@transaction.atomic
def application_unrecommend(*, application: Application, by) -> Application:
    """Take a recommendation back (before the list is submitted): the application is pending review again."""
    app = _lock_application(application, (Application.Status.RECOMMENDED,), "该申报未被推荐。")
    audit_changed(app, fields=APP_FIELDS, save=APP_SAVED, by=by, action="application.unrecommend", clean=False,
                  status=Application.Status.SUBMITTED, recommend_order=None)
    _compact_order(division=app.division, track=app.track)
    return app


@transaction.atomic
def recommendation_reorder(*, division: Division, track: Track, order: list[int], by) -> None:
    """Set recommend_order 1..n following `order` (application ids, first = rank 1). Ids not given keep
    their relative order after the given ones."""
    rlist = _lock_list(division=division, track=track)
    if rlist.status in (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED):
        raise ValidationError(LOCKED_MESSAGE)
    apps = list(Application.objects.select_for_update().filter(
        division=division, track=track, status=Application.Status.RECOMMENDED).order_by("recommend_order", "id"))
    position = {pk: i for i, pk in enumerate(order)}
    apps.sort(key=lambda a: (position.get(a.pk, len(order)), a.recommend_order or 0, a.pk))
    before = {a.pk: a.recommend_order for a in apps}
    for rank, app in enumerate(apps, start=1):
        if app.recommend_order != rank:
            app.recommend_order = rank
            app.save(update_fields=["recommend_order", "updated_at"])
    audit_record(actor=by, action="recommendation.reorder", target=rlist, before={"order": before},
                 after={"order": {a.pk: a.recommend_order for a in apps}},
                 competition_id=division.competition_id)


def recommendation_move(*, application: Application, direction: str, by) -> None:
    ids = list(Application.objects.filter(division_id=application.division_id, track_id=application.track_id,
                                          status=Application.Status.RECOMMENDED)
               .order_by("recommend_order", "id").values_list("pk", flat=True))
    if application.pk not in ids:
        raise ValidationError("该申报未被推荐。")
    i = ids.index(application.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    recommendation_reorder(division=application.division, track=application.track, order=ids, by=by)


@transaction.atomic
def recommendation_list_submit(*, division: Division, track: Track, by, now=None) -> RecommendationList:
    now = now or timezone.now()
    rlist = _lock_list(division=division, track=track)
    if rlist.status in (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED):
        raise ValidationError("该赛道推荐名单已提交，请勿重复提交。")
    deadline = division.deadline(PhaseKind.RECOMMENDATION)
    if deadline and now > deadline:
        raise ValidationError(f"已超过推荐截止时间（{format_deadline(deadline)}），不能提交推荐名单，"
                              "如需延期请联系大赛秘书处。")
    count = Application.objects.filter(division=division, track=track, status=Application.Status.RECOMMENDED).count()
    if count == 0:
        raise ValidationError("尚未推荐任何项目，不能提交推荐名单。")
    if count < track.min_recommendations and not rlist.minimum_waived:
        raise ValidationError(f"每个赛道推荐参赛项目不少于{track.min_recommendations}个，"
                              f"“{track.name}”赛道目前仅推荐{count}个，不能提交。")
    before = snapshot(rlist, LIST_FIELDS)
    rlist.status, rlist.submitted_at, rlist.return_reason = RecommendationList.Status.SUBMITTED, now, ""
    rlist.full_clean()
    rlist.save(update_fields=["status", "submitted_at", "return_reason"])
    audit_record(actor=by, action="recommendation.submit", target=rlist, before=before,
                 after={**snapshot(rlist, LIST_FIELDS), "count": count}, competition_id=division.competition_id)
    return rlist


def _lock_existing(rlist: RecommendationList, statuses: tuple, refusal: str) -> RecommendationList:
    rlist = RecommendationList.objects.select_for_update().select_related("division", "track").get(pk=rlist.pk)
    if rlist.status not in statuses:
        raise ValidationError(refusal)
    return rlist


def _notify_list_officers(rlist: RecommendationList, *, verb: str, then: str = "") -> None:
    """Tell the city's officers the secretariat has `verb`-ed (接收, 退回) the list; `then` follows in the body."""
    notify(recipients=division_officers(rlist.division), kind=NotificationKind.RECOMMENDATION,
           competition=rlist.division.competition, title=f"{rlist.division.name}“{rlist.track.name}”赛道推荐名单已{verb}",
           url=reverse("recommend:track", args=[rlist.division_id, rlist.track_id]),
           body=f"贵单位报送的“{rlist.track.name}”赛道推荐名单已被大赛秘书处{verb}。{then}")


@transaction.atomic
def recommendation_list_accept(*, rlist: RecommendationList, by) -> RecommendationList:
    rlist = _lock_existing(rlist, (RecommendationList.Status.SUBMITTED,), "只有已提交的推荐名单可以接收。")
    before = snapshot(rlist, LIST_FIELDS)
    rlist.status = RecommendationList.Status.ACCEPTED
    rlist.save(update_fields=["status"])
    audit_record(actor=by, action="recommendation.accept", target=rlist, before=before,
                 after=snapshot(rlist, LIST_FIELDS), competition_id=rlist.division.competition_id)
    _notify_list_officers(rlist, verb="接收")
    return rlist


@transaction.atomic
def recommendation_list_send_back(*, rlist: RecommendationList, reason: str, by) -> RecommendationList:
    reason = _required_reason(reason, "请填写退回原因。")
    rlist = _lock_existing(rlist, (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED),
                           "只有已提交或已接收的推荐名单可以退回。")
    before = snapshot(rlist, LIST_FIELDS)
    rlist.status, rlist.return_reason = RecommendationList.Status.RETURNED, reason
    rlist.save(update_fields=["status", "return_reason"])
    audit_record(actor=by, action="recommendation.send_back", target=rlist, before=before,
                 after=snapshot(rlist, LIST_FIELDS), reason=reason, competition_id=rlist.division.competition_id)
    _notify_list_officers(rlist, verb="退回", then=f"退回原因：{reason_sentence(reason)}请登录平台调整后重新提交。")
    return rlist


@transaction.atomic
def recommendation_minimum_waive(*, division: Division, track: Track, waived: bool, reason: str,
                                 by) -> RecommendationList:
    reason = _required_reason(reason, "请填写免除（或恢复）最少推荐数的原因。")
    rlist = _lock_list(division=division, track=track)
    before = snapshot(rlist, LIST_FIELDS)
    rlist.minimum_waived = waived
    rlist.save(update_fields=["minimum_waived"])
    audit_record(actor=by, action="recommendation.waive" if waived else "recommendation.unwaive", target=rlist,
                 before=before, after=snapshot(rlist, LIST_FIELDS), reason=reason,
                 competition_id=division.competition_id)
    return rlist


PUBLICITY_FIELDS = ["title", "starts_on", "ends_on", "note", "published_at"]


@transaction.atomic
def publicity_publish(*, competition: Competition, title: str, starts_on: datetime.date, ends_on: datetime.date,
                      note: str = "", by) -> Publicity:
    if starts_on > ends_on:
        raise ValidationError({"ends_on": "公示结束日期不能早于开始日期。"})
    Competition.objects.select_for_update().get(pk=competition.pk)
    if not RecommendationList.objects.filter(division__competition=competition,
                                             status=RecommendationList.Status.ACCEPTED).exists():
        raise ValidationError("尚无已接收的推荐名单，不能发布公示。")
    publicity = Publicity.objects.filter(competition=competition).first() or Publicity(competition=competition)
    before = snapshot(publicity, PUBLICITY_FIELDS) if publicity.pk else None
    publicity.title, publicity.starts_on, publicity.ends_on, publicity.note = title, starts_on, ends_on, note
    publicity.published_at, publicity.published_by = timezone.now(), by
    publicity.full_clean()
    publicity.save()
    audit_record(actor=by, action="publicity.publish", target=publicity, before=before,
                 after=snapshot(publicity, PUBLICITY_FIELDS), competition_id=competition.pk)
    for app in public_summary(competition).select_related("created_by"):
        notify(recipients=organisation_users(app.organisation, app.created_by), kind=NotificationKind.RECOMMENDATION,
               competition=competition, title=f"“{app.title}”已列入推荐公示",
               url=reverse("recommend:public", args=[competition.pk]),
               body=f"{competition.title}：您的申报“{app.title}”已列入“{title}”，公示期{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}。")
    return publicity


@transaction.atomic
def publicity_withdraw(*, publicity: Publicity, reason: str, by) -> Publicity:
    reason = _required_reason(reason, "请填写撤回公示的原因。")
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    before = snapshot(publicity, PUBLICITY_FIELDS)
    publicity.published_at = None
    publicity.save(update_fields=["published_at"])
    audit_record(actor=by, action="publicity.withdraw", target=publicity, before=before,
                 after=snapshot(publicity, PUBLICITY_FIELDS), reason=reason,
                 competition_id=publicity.competition_id)
    return publicity
