"""Deadline reminders for the innovation contest, run daily by `send_deadline_reminders`."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind, Role
from competitions.models import Division, Membership, Track

from .models import Application, RecommendationList, ReminderLog
from .services_recommend import format_deadline

REMIND_DAYS = (3, 1)
SENT = (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED)


def _claim(kind: str, target_id: int, deadline_on: datetime.date, days_before: int) -> bool:
    """Record the reminder; False if it was already sent (the unique constraint decides, also in a race)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(kind=kind, target_id=target_id, deadline_on=deadline_on,
                                       days_before=days_before)
    except IntegrityError:
        return False
    return True


def _due(deadline, today: datetime.date) -> int | None:
    if deadline is None:
        return None
    days = (timezone.localdate(deadline) - today).days
    return days if days in REMIND_DAYS else None


def _divisions():
    return (Division.objects.filter(competition__kind=CompetitionKind.INNOVATION,
                                         competition__status=CompetitionStatus.ACTIVE)
            .select_related("competition").prefetch_related("competition__phases"))


def remind_divisions(today: datetime.date) -> int:
    count = 0
    for division in _divisions():
        deadline = division.deadline(PhaseKind.RECOMMENDATION)
        days = _due(deadline, today)
        if days is None:
            continue
        sent = set(RecommendationList.objects.filter(division=division, status__in=SENT)
                   .values_list("track_id", flat=True))
        open_tracks = [t.name for t in Track.objects.filter(competition_id=division.competition_id)
                       .order_by("number") if t.pk not in sent]
        emails = sorted(set(filter(None, Membership.objects.filter(role=Role.OFFICER, division=division)
                                   .values_list("user__email", flat=True))))
        if not open_tracks or not emails or not _claim("division", division.pk, timezone.localdate(deadline), days):
            continue
        send_mail(
            f"【绿色低碳发展创新大赛】推荐名单提交截止还有{days}天",
            f"{division.name}工业和信息化主管部门：\n\n{division.competition.title}推荐名单将于"
            f"{format_deadline(deadline)}截止提交。以下赛道的推荐名单尚未提交：\n"
            + "".join(f"  · {name}\n" for name in open_tracks)
            + "\n每个赛道推荐参赛项目不少于3个。请及时登录平台完成审核并提交。\n",
            settings.DEFAULT_FROM_EMAIL, emails)
        count += 1
    return count


def remind_applicants(today: datetime.date) -> int:
    count = 0
    pending = (Application.objects.filter(competition__kind=CompetitionKind.INNOVATION,
                                          competition__status=CompetitionStatus.ACTIVE,
                                          status__in=(Application.Status.DRAFT, Application.Status.RETURNED))
               .select_related("created_by", "organisation", "division__competition", "track")
               .prefetch_related("division__competition__phases"))
    for application in pending.iterator(chunk_size=500):
        deadline = application.division.deadline(PhaseKind.REGISTRATION)
        days = _due(deadline, today)
        emails = sorted({e for e in (application.created_by.email, application.organisation.email) if e})
        if days is None or not emails or not _claim("applicant", application.pk, timezone.localdate(deadline), days):
            continue
        state = "已被退回、尚未重新提交" if application.status == Application.Status.RETURNED else "尚未提交"
        send_mail(
            f"【绿色低碳发展创新大赛】申报提交截止还有{days}天",
            f"{application.organisation.name}：\n\n您在“{application.track.name}”赛道的申报"
            f"“{application.title or '未命名'}”{state}。申报将于{format_deadline(deadline)}截止，"
            "逾期将不能提交。请及时登录平台完成填写并提交。\n",
            settings.DEFAULT_FROM_EMAIL, emails)
        count += 1
    return count


def send_deadline_reminders(*, today: datetime.date) -> dict:
    return {"division": remind_divisions(today), "applicant": remind_applicants(today)}
