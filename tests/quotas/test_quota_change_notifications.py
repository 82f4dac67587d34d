"""Issue 12, item 5: a change to a published quota table or to an award's total (its quotas published) needs a
reason, is audited, and notifies the officers of the divisions concerned — each once, nobody else."""

import pytest
from django.core.exceptions import ValidationError

from competitions.enums import Role
from greencomp.models import AuditEvent
from notifications.models import Notification
from quotas import services_labour as quota_services
from quotas.models import Quota
from reviews import services_commendation as commendation_services
from reviews.models import NominationQuota
from tests.factories import AwardTypeFactory, DivisionFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def inbox():
    return sorted((n.recipient.username, n.title) for n in Notification.objects.select_related("recipient"))


@pytest.fixture
def third(competition, quota_table):
    """A third division, 洛阳市, with its own officer and a quota of 10 (郑州市 60 → 50 to keep the total)."""
    division = DivisionFactory(competition=competition, name="洛阳市", city="洛阳市")
    user = UserFactory(username="luoyang_officer")
    MembershipFactory(user=user, role=Role.OFFICER, competition=competition, division=division)
    Quota.objects.create(table=quota_table, division=division, entries=10)
    Quota.objects.filter(table=quota_table, division__name="郑州市").update(entries=50)
    return division


def test_published_table_change_notifies_exactly_the_changed_divisions(named_users, quota_table, third, division,
                                                                       other_division, secretariat):
    quota_services.quota_table_publish(table=quota_table, by=secretariat)
    Notification.objects.all().delete()
    quota_services.quota_table_update(table=quota_table, entries={division.pk: 45, third.pk: 15, other_division.pk: 40},
                                      by=secretariat, reason="洛阳市申请增加5个名额")
    assert inbox() == [("luoyang_officer", "参赛名额分配表已调整"), ("officer", "参赛名额分配表已调整")]
    assert Notification.objects.get(recipient__username="luoyang_officer").body == (
        "2026年全省重点行业绿色发展竞赛：参赛名额分配表已调整，洛阳市赛区的参赛名额为15个。")
    event = AuditEvent.objects.get(action="quota_table_update")
    assert (event.before, event.after, event.reason) == ({"郑州市": 50, "洛阳市": 10}, {"郑州市": 45, "洛阳市": 15},
                                                         "洛阳市申请增加5个名额")


def test_published_table_change_without_reason_notifies_no_one(named_users, quota_table, third, division,
                                                                secretariat):
    quota_services.quota_table_publish(table=quota_table, by=secretariat)
    Notification.objects.all().delete()
    with pytest.raises(ValidationError):
        quota_services.quota_table_update(table=quota_table, entries={division.pk: 45, third.pk: 15}, by=secretariat)
    assert inbox() == []


@pytest.fixture
def published_award(competition, division, other_division, secretariat):
    award = AwardTypeFactory(competition=competition, name="绿色发展竞赛先进单位", total=10, order=1)
    NominationQuota.objects.create(award_type=award, division=division, count=6)
    NominationQuota.objects.create(award_type=award, division=other_division, count=0)
    commendation_services.quotas_publish(award_type=award, by=secretariat)
    Notification.objects.all().delete()
    return award


def test_award_total_change_after_quotas_published_needs_a_reason(named_users, published_award, secretariat):
    with pytest.raises(ValidationError) as exc:
        commendation_services.award_type_update(award_type=published_award, total=12, escalation_name="",
                                                escalation_count=0, by=secretariat)
    assert exc.value.message_dict == {"reason": ["推荐名额已公布，修改评选总数须填写修改理由（将记入操作记录并通知相关赛区）。"]}
    published_award.refresh_from_db()
    assert (published_award.total, inbox()) == (10, [])


def test_award_total_change_notifies_the_divisions_holding_a_quota(named_users, published_award, secretariat):
    commendation_services.award_type_update(award_type=published_award, total=12, escalation_name="",
                                            escalation_count=0, reason="省总增加2个名额", by=secretariat)
    assert inbox() == [("officer", "“绿色发展竞赛先进单位”评选总数已调整")]
    assert Notification.objects.get().body == (
        "2026年全省重点行业绿色发展竞赛：“绿色发展竞赛先进单位”评选总数由10个调整为12个，原因：省总增加2个名额。"
        "郑州市的推荐名额仍为6名。")
    assert AuditEvent.objects.get(action="commendation.award_update").reason == "省总增加2个名额"


def test_award_escalation_change_alone_notifies_no_one(named_users, published_award, secretariat):
    commendation_services.award_type_update(award_type=published_award, total=10, escalation_name="河南省五一劳动奖状",
                                            escalation_count=2, by=secretariat)
    assert inbox() == []
