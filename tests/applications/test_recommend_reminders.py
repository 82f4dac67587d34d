import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from applications import services_recommend as services
from applications.models import Application
from notifications.models import ReminderSent

pytestmark = pytest.mark.django_db


def deadline_day(contest, kind):
    return timezone.localdate(contest.phases.get(kind=kind).closes_at)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The command, with the reminder mails (jobs enqueued after commit) run as the worker would."""
    def run(day):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders", today=day.isoformat(), stdout=out)
        return out.getvalue()
    return run


def test_reminds_officers_three_days_and_one_day_before_once_per_day(contest, division, other_division, officer,
                                                                      other_officer, track, make_recommend_application,
                                                                      run):
    for _ in range(3):
        services.application_recommend(application=make_recommend_application(division=division, track=track), by=officer)
    services.recommendation_list_submit(division=division, track=track, by=officer)
    due = deadline_day(contest, "recommendation")
    run(due - datetime.timedelta(days=4))
    assert mail.outbox == []
    day = due - datetime.timedelta(days=3)
    assert run(day) == (f"{day:%Y-%m-%d}：已发送截止提醒 2 条（参赛名单 0 条，推荐名单 2 条，申报 0 条，评审 0 条，"
                        "绩效提升企业清单 0 条）。\n")
    run(due - datetime.timedelta(days=3))  # a second run the same day sends nothing more
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("officer@example.com", f"【{contest.title}】推荐名单提交截止还有3天"),
        ("other_officer@example.com", f"【{contest.title}】推荐名单提交截止还有3天")]
    zhengzhou = next(m for m in mail.outbox if m.to == ["officer@example.com"])
    assert "清洁生产技术创新成果" not in zhengzhou.body  # submitted: not listed
    assert "节能降碳技术创新成果" in zhengzhou.body
    mail.outbox.clear()
    run(due - datetime.timedelta(days=2))
    assert mail.outbox == []
    run(due - datetime.timedelta(days=1))
    assert [m.subject for m in mail.outbox] == [f"【{contest.title}】推荐名单提交截止还有1天"] * 2


def test_no_officer_reminder_when_all_lists_submitted(contest, division, officer, make_recommend_application, secretariat,
                                                      run):
    for t in contest.tracks.all():
        services.recommendation_minimum_waive(division=division, track=t, waived=True, reason="测试", by=secretariat)
        services.application_recommend(application=make_recommend_application(division=division, track=t), by=officer)
        services.recommendation_list_submit(division=division, track=t, by=officer)
    run(deadline_day(contest, "recommendation") - datetime.timedelta(days=3))
    assert [m.to for m in mail.outbox] == []  # other_division has no officer in this test


def test_reminds_applicants_with_unsubmitted_applications(contest, division, track, enterprise, make_recommend_application,
                                                          run):
    draft = make_recommend_application(division=division, track=track, status=Application.Status.DRAFT, title="未提交的技术")
    make_recommend_application(division=division, track=track)  # submitted: no reminder
    due = deadline_day(contest, "registration")
    run(due - datetime.timedelta(days=1))
    run(due - datetime.timedelta(days=1))
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["enterprise@example.com"], f"【{contest.title}】申报提交截止还有1天")]
    assert "“未提交的技术”尚未提交" in mail.outbox[0].body
    assert list(ReminderSent.objects.values_list("user", "key", "days_before")) == [
        (enterprise.pk, f"application:{draft.pk}", 1)]


def test_bad_date_option():
    with pytest.raises(CommandError) as exc:
        call_command("send_deadline_reminders", today="30/06/2025")
    assert str(exc.value) == "--today 须为 YYYY-MM-DD 格式的日期。"
