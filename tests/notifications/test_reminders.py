"""Deadline reminders with a frozen clock: 3 days and 1 day before, the right people get one each; a second run
sends nothing; people whose work is done get none."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from applications import services_grading as grading_services
from competitions.models import Phase
from notifications.models import Notification
from notifications.reminders import send_deadline_reminders
from tests.factories import assign, full_marks, score

pytestmark = pytest.mark.django_db
DEADLINE = timezone.make_aware(datetime.datetime(2030, 6, 30, 17, 0))


def run_on(day, capture):
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0))), tick=False):
        with capture(execute=True):
            return send_deadline_reminders(today=timezone.localdate())


def reminded():
    return sorted((n.recipient.username, n.title) for n in Notification.objects.select_related("recipient"))


def test_labour_divisions_with_unsubmitted_lists(registration_open, competition, division, officer, other_officer,
                                                submit_labour_list, named_users, django_capture_on_commit_callbacks):
    Phase.objects.filter(pk=registration_open["phase"].pk).update(closes_at=DEADLINE)
    competition.status = "active"
    competition.save(update_fields=["status"])
    submit_labour_list(division)  # 郑州 is done; 开封 is not
    day = DEADLINE.date()
    assert run_on(day - datetime.timedelta(days=4), django_capture_on_commit_callbacks)["labour"] == 0
    assert run_on(day - datetime.timedelta(days=3), django_capture_on_commit_callbacks)["labour"] == 1
    assert run_on(day - datetime.timedelta(days=3), django_capture_on_commit_callbacks)["labour"] == 0  # again: none
    assert run_on(day - datetime.timedelta(days=1), django_capture_on_commit_callbacks)["labour"] == 1
    assert reminded() == [("other_officer", "参赛名单报送截止还有1天"), ("other_officer", "参赛名单报送截止还有3天")]
    assert [m.to for m in mail.outbox] == [["other_officer@example.com"]] * 2
    assert "开封市赛区的参赛单位名单尚未报送。参赛名单报送将于2030年6月30日 17:00截止" in mail.outbox[0].body


def test_grading_cities_whose_list_is_not_filed(grading, g_city, g_other_city, g_officer, g_other_officer,
                                                make_enterprise, make_item, django_capture_on_commit_callbacks):
    Phase.objects.filter(competition=grading, kind="registration").update(closes_at=DEADLINE)
    make_item(make_enterprise(g_city, "中孚耐材", ["耐火材料"], "C"), "耐火材料", by=g_officer)
    with time_machine.travel(DEADLINE - datetime.timedelta(days=10)):
        grading_services.improvement_list_submit(division=g_city, by=g_officer)
    Notification.objects.all().delete()
    run_on(DEADLINE.date() - datetime.timedelta(days=3), django_capture_on_commit_callbacks)
    run_on(DEADLINE.date() - datetime.timedelta(days=3), django_capture_on_commit_callbacks)
    assert reminded() == [("eco_kf", "绩效提升企业清单备案截止还有3天")]
    assert "开封市的重点行业绩效分级提升企业清单尚未备案" in Notification.objects.get().body


def test_experts_with_open_sheets_only(track2, review_contest, make_review_entry, pool, named_users,
                                       django_capture_on_commit_callbacks):
    Phase.objects.filter(competition=review_contest, kind="review").update(closes_at=DEADLINE)
    assign(make_review_entry(track2), pool["expert"])
    score(assign(make_review_entry(track2), pool["other_expert"]), full_marks(track2))
    run_on(DEADLINE.date() - datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    run_on(DEADLINE.date() - datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert [(n.recipient.username, n.title) for n in Notification.objects.filter(kind="reminder")] == [
        ("expert", "评审截止还有1天")]
    body = Notification.objects.get(kind="reminder").body
    assert "您还有1份评分表未提交" in body and pool["other_expert"].user.full_name not in body
