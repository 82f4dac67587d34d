"""Deadline reminders for every kind of competition, 3 days and 1 day before each deadline that someone still
has open work for. Run daily by the `reminders_daily` job (which schedules its next run itself) and by
`manage.py send_deadline_reminders`. Each reminder is one notification per person and deadline: the unique
ReminderSent row decides, also after a restart or when two workers race."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.backends.database.models import DBTaskResult

from applications.models import Application, DivisionSubmission, ImprovementList, RecommendationList
from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind
from competitions.models import Competition, Division, Track
from reviews.models import Expert, ScoreSheet

from .enums import NotificationKind
from .exports import exports_cleanup
from .models import ReminderSent
from .recipients import division_officers, organisation_users
from .services import notify

REMIND_DAYS = (3, 1)
LISTS_SENT = (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED)
DAILY_AT = datetime.time(8, 0)


@dataclass
class Reminder:
    key: str  # what the open work is, e.g. "labour_list:12"
    recipients: list
    competition: Competition
    deadline: datetime.datetime
    what: str  # "参赛名单报送"
    body: str
    url: str


def format_deadline(value) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _days_left(deadline, today: datetime.date) -> int | None:
    if deadline is None:
        return None
    days = (timezone.localdate(deadline) - today).days
    return days if days in REMIND_DAYS else None


def _active_divisions(kind: str):
    return (Division.objects.filter(competition__kind=kind, competition__status=CompetitionStatus.ACTIVE)
            .select_related("competition").prefetch_related("competition__phases").order_by("competition", "order"))


def _unfiled_divisions(kind: str, filed_model) -> Iterator[Division]:
    """The active divisions of `kind` whose list (their `filed_model` row, e.g. DivisionSubmission) is not
    submitted yet."""
    filed = set(filed_model.objects.filter(status=filed_model.Status.SUBMITTED).values_list("division_id", flat=True))
    return (d for d in _active_divisions(kind) if d.pk not in filed)


def _officers_reminder(d: Division, key: str, phase: str, what: str, body: str, url: str) -> Reminder:
    return Reminder(f"{key}:{d.pk}", list(division_officers(d)), d.competition, d.deadline(phase), what, body, url)


def labour_lists() -> Iterator[Reminder]:
    for d in _unfiled_divisions(CompetitionKind.LABOUR, DivisionSubmission):
        yield _officers_reminder(d, "labour_list", PhaseKind.REGISTRATION, "参赛名单报送",
                                 f"{d.name}赛区的参赛单位名单尚未报送。", reverse("labour:division", args=[d.pk]))


def recommendation_lists() -> Iterator[Reminder]:
    for d in _active_divisions(CompetitionKind.INNOVATION):
        sent = set(RecommendationList.objects.filter(division=d, status__in=LISTS_SENT)
                   .values_list("track_id", flat=True))
        open_tracks = [t.name for t in Track.objects.filter(competition_id=d.competition_id).order_by("number")
                       if t.pk not in sent]
        if open_tracks:
            yield _officers_reminder(d, "recommend_list", PhaseKind.RECOMMENDATION, "推荐名单提交",
                                     f"{d.name}以下赛道的推荐名单尚未提交：" + "、".join(open_tracks)
                                     + "。每个赛道推荐参赛项目不少于3个。", reverse("recommend:division", args=[d.pk]))


def draft_applications() -> Iterator[Reminder]:
    pending = (Application.objects.filter(competition__kind=CompetitionKind.INNOVATION,
                                          competition__status=CompetitionStatus.ACTIVE,
                                          status__in=(Application.Status.DRAFT, Application.Status.RETURNED))
               .select_related("created_by", "organisation", "division__competition", "track")
               .prefetch_related("division__competition__phases"))
    for a in pending.iterator(chunk_size=500):
        state = "已被退回、尚未重新提交" if a.status == Application.Status.RETURNED else "尚未提交"
        yield Reminder(f"application:{a.pk}", organisation_users(a.organisation, a.created_by),
                       a.division.competition, a.division.deadline(PhaseKind.REGISTRATION), "申报提交",
                       f"您在“{a.track.name}”赛道的申报“{a.title or '未命名'}”{state}，逾期将不能提交。",
                       reverse("innovation:detail", args=[a.pk]))


def open_sheets() -> Iterator[Reminder]:
    experts = (Expert.objects.filter(competition__status=CompetitionStatus.ACTIVE)
               .annotate(open=Count("sheets", filter=Q(sheets__status=ScoreSheet.Status.DRAFT)))
               .filter(open__gt=0).select_related("user", "competition").prefetch_related("competition__phases"))
    for e in experts:
        phase = e.competition.phase(PhaseKind.REVIEW)
        yield Reminder(f"sheets:{e.pk}", [e.user], e.competition, phase.closes_at if phase else None, "评审",
                       f"您还有{e.open}份评分表未提交。", reverse("review:tasks"))


def improvement_lists() -> Iterator[Reminder]:
    for d in _unfiled_divisions(CompetitionKind.GRADING, ImprovementList):
        yield _officers_reminder(d, "improvement_list", PhaseKind.REGISTRATION, "绩效提升企业清单备案",
                                 f"{d.name}的重点行业绩效分级提升企业清单尚未备案。", reverse("grading:list", args=[d.pk]))


SOURCES = {"labour": labour_lists, "recommendation": recommendation_lists, "applicant": draft_applications,
           "expert": open_sheets, "grading": improvement_lists}


def _claim(user, key: str, deadline: datetime.date, days: int) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, key=key, deadline=deadline, days_before=days)
    except IntegrityError:
        return False
    return True


def _send(reminder: Reminder, days: int) -> int:
    day = timezone.localdate(reminder.deadline)
    sent = 0
    for user in reminder.recipients:
        with transaction.atomic():
            if not _claim(user, reminder.key, day, days):
                continue
            notify(recipients=[user], kind=NotificationKind.REMINDER, competition=reminder.competition,
                   title=f"{reminder.what}截止还有{days}天", url=reminder.url,
                   body=f"{reminder.competition.title}：{reminder.body}{reminder.what}将于"
                        f"{format_deadline(reminder.deadline)}截止，请及时登录平台办理。")
            sent += 1
    return sent


def send_deadline_reminders(*, today: datetime.date) -> dict:
    """How many reminders went out today, per source; a second run the same day sends none."""
    counts = {}
    for name, source in SOURCES.items():
        counts[name] = 0
        for reminder in source():
            days = _days_left(reminder.deadline, today)
            if days is not None:
                counts[name] += _send(reminder, days)
    return counts


def next_daily_run(now: datetime.datetime) -> datetime.datetime:
    """Tomorrow at 08:00 (local time): the daily run after today's."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, DAILY_AT))


def _pending_daily():
    return DBTaskResult.objects.filter(task_path=reminders_daily.module_path, status=TaskResultStatus.READY)


def daily_jobs_schedule(*, now: datetime.datetime | None = None) -> bool:
    """When a worker starts: queue the daily run once — at once if it has not run today (a fresh start sends
    today's reminders), else at the next 08:00. False if it is already queued."""
    now = now or timezone.now()
    if not reminders_daily.get_backend().supports_defer or _pending_daily().exists():
        return False
    ran_today = DBTaskResult.objects.filter(task_path=reminders_daily.module_path,
                                            status=TaskResultStatus.SUCCEEDED,
                                            finished_at__date=timezone.localdate(now)).exists()
    reminders_daily.using(run_after=next_daily_run(now) if ran_today else now).enqueue()
    return True


@task()
def reminders_daily() -> dict:
    counts = send_deadline_reminders(today=timezone.localdate())
    exports_cleanup.enqueue()
    if not _pending_daily().exists():
        reminders_daily.using(run_after=next_daily_run(timezone.now())).enqueue()
    return counts
