"""Each event → exactly one notification for each person concerned, none for anyone else (the named users of
conftest all exist in every test here), in Chinese, naming the competition and the object."""

import datetime

import pytest
from django.utils import timezone

from applications import services_grading as grading_services
from applications import services_labour as labour_services
from applications import services_recommend as recommend_services
from applications.models import Application, RecommendationList
from applications.services_innovation import application_submit
from greencomp import services as account_services
from greencomp.enums import OrganisationStatus
from notifications.models import Notification
from quotas import services_labour as quota_services
from reviews import services_commendation as commendation_services
from reviews import services_grading as assessment_services
from reviews import services_honours as honours_services
from reviews import services_prizes as prize_services
from reviews import services_review as review_services
from reviews.models import AssessmentBatch, Nomination, NominationQuota
from tests.factories import (
    AwardTypeFactory,
    NominationFactory,
    OrganisationFactory,
    UserFactory,
    assign,
    full_marks,
    pdf_upload,
    score,
)

pytestmark = pytest.mark.django_db


def inbox():
    return sorted((n.recipient.username, n.title) for n in Notification.objects.select_related("recipient"))


def body_of(username):
    return Notification.objects.get(recipient__username=username).body


@pytest.fixture(autouse=True)
def everyone(named_users):
    return named_users


# ---- labour ----------------------------------------------------------------------------------------------------

def test_labour_list_reopened(division, secretariat, submit_labour_list, competition):
    submit_labour_list(division)
    labour_services.submission_reopen(division=division, reason="名单中有重复单位", by=secretariat)
    assert inbox() == [("officer", "郑州市赛区参赛名单已退回修改")]
    assert body_of("officer") == (f"{competition.title}：大赛秘书处已将郑州市赛区的参赛名单退回修改，请修改后重新报送。"
                                  "原因：名单中有重复单位")


def test_labour_list_submitted_is_acknowledged(division, officer, make_labour_entry, competition):
    make_labour_entry(division)
    labour_services.submission_submit(division=division, leader_name="王分管", filled_on=datetime.date(2026, 6, 1),
                                      filler_name="李填表", filler_phone="0371-65512345", plan_file=pdf_upload("竞赛方案.pdf"),
                                      by=officer)
    assert inbox() == [("officer", "郑州市赛区参赛名单已报送")]
    assert body_of("officer") == f"{competition.title}：郑州市赛区的参赛单位名单（1家）已报送大赛秘书处受理。"


def test_labour_extension_granted(registration_open, other_division, secretariat):
    until = timezone.make_aware(datetime.datetime(2030, 7, 15, 17, 0))
    labour_services.division_extend(division=other_division, until=until, reason="防汛", by=secretariat)
    assert inbox() == [("other_officer", "开封市赛区报名截止时间已延期")]
    assert "延期至2030年7月15日 17:00" in body_of("other_officer")


def test_quota_table_published_tells_each_division_its_own_number(quota_table, secretariat):
    quota_services.quota_table_publish(table=quota_table, by=secretariat)
    assert inbox() == [("officer", "参赛名额分配表已发布"), ("other_officer", "参赛名额分配表已发布")]
    assert body_of("officer").endswith("郑州市赛区的参赛名额为60个。")
    assert "40" not in body_of("officer") and "开封" not in body_of("officer")


def test_quota_table_changed_after_publishing(quota_table, secretariat, division, other_division):
    quota_services.quota_table_publish(table=quota_table, by=secretariat)
    Notification.objects.all().delete()
    quota_services.quota_table_update(table=quota_table, entries={division.pk: 55, other_division.pk: 45},
                                      by=secretariat, reason="调整")
    assert inbox() == [("officer", "参赛名额分配表已调整"), ("other_officer", "参赛名额分配表已调整")]
    assert body_of("other_officer").endswith("开封市赛区的参赛名额为45个。")


def test_quota_draft_change_notifies_no_one(quota_table, secretariat, division):
    quota_services.quota_table_update(table=quota_table, entries={division.pk: 61}, by=secretariat)
    assert inbox() == []


def test_nomination_quotas_published(registration_open, competition, division, other_division, secretariat):
    award = AwardTypeFactory(competition=competition, name="先进个人", order=1)
    NominationQuota.objects.create(award_type=award, division=division, count=2)
    NominationQuota.objects.create(award_type=award, division=other_division, count=0)
    commendation_services.quotas_publish(award_type=award, by=secretariat)
    assert inbox() == [("officer", "“先进个人”推荐名额已公布")]
    assert body_of("officer") == f"{competition.title}：“先进个人”推荐名额已公布，郑州市可推荐2名。"


def test_nomination_returned(commendation, division, secretariat):
    entry = commendation["entries"][division.pk][0]
    nomination = NominationFactory(award_type=commendation["unit"], entry=entry, status=Nomination.Status.SUBMITTED)
    honours_services.nomination_return(nomination=nomination, reason="事迹材料不全", by=secretariat)
    assert inbox() == [("officer", "“绿色发展竞赛先进单位”推荐已退回修改")]
    assert body_of("officer").endswith("原因：事迹材料不全")


# ---- innovation ------------------------------------------------------------------------------------------------

def test_submission_receipt(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    application_submit(application=application, by=enterprise)
    assert inbox() == [("enterprise", f"申报“{application.title}”已提交（回执）")]


def test_application_returned_and_recommended(make_recommend_application, division, track, officer, contest):
    first, second = (make_recommend_application(division=division, track=track) for _ in range(2))
    recommend_services.application_return(application=first, reason="缺少营业执照", by=officer)
    recommend_services.application_recommend(application=second, by=officer)
    assert inbox() == [("enterprise", f"您的申报“{first.title}”已被退回"),
                       ("enterprise", f"您的申报“{second.title}”已获推荐")]


def test_city_list_accepted_and_sent_back(make_recommend_application, division, track, officer, secretariat):
    for _ in range(3):
        recommend_services.application_recommend(
            application=make_recommend_application(division=division, track=track), by=officer)
    rlist = recommend_services.recommendation_list_submit(division=division, track=track, by=officer)
    Notification.objects.all().delete()
    recommend_services.recommendation_list_accept(rlist=rlist, by=secretariat)
    recommend_services.recommendation_list_send_back(rlist=rlist, reason="排序有误", by=secretariat)
    assert inbox() == [("officer", f"郑州市“{track.name}”赛道推荐名单已接收"),
                       ("officer", f"郑州市“{track.name}”赛道推荐名单已退回")]


def test_publicity_goes_to_the_applicants_in_it(make_recommend_application, contest, division, track, officer,
                                                other_enterprise, secretariat):
    listed = make_recommend_application(division=division, track=track, status=Application.Status.RECOMMENDED)
    RecommendationList.objects.create(division=division, track=track, status=RecommendationList.Status.ACCEPTED,
                                      submitted_at=timezone.now())
    make_recommend_application(division=division, track=track, user=other_enterprise)  # submitted, not in it
    today = timezone.localdate()
    recommend_services.publicity_publish(competition=contest, title="推荐项目公示", starts_on=today,
                                         ends_on=today + datetime.timedelta(days=7), by=secretariat)
    assert inbox() == [("enterprise", f"“{listed.title}”已列入推荐公示")]


# ---- review ----------------------------------------------------------------------------------------------------

def test_sheets_assigned_one_digest_per_expert_naming_no_other_expert(track2, make_review_entry, pool, secretariat):
    entries = [make_review_entry(track2) for _ in range(3)]
    pairs = [(e.pk, pool["expert"].pk) for e in entries] + [(entries[0].pk, pool["other_expert"].pk)]
    review_services.assignment_confirm(track=track2, pairs=pairs, by=secretariat)
    title = f"您有新的评审任务（{track2.name}）"
    assert inbox() == [("expert", title), ("other_expert", title)]
    assert "3个参赛项目" in body_of("expert") and "1个参赛项目" in body_of("other_expert")
    for username, other in (("expert", pool["other_expert"]), ("other_expert", pool["expert"])):
        text = body_of(username)
        assert other.user.full_name not in text and other.code not in text


def test_sheet_reopened_tells_the_expert_the_reason_and_no_score(track2, make_review_entry, pool, secretariat):
    sheet = assign(make_review_entry(track2, title="余热回收技术"), pool["expert"])
    score(sheet, full_marks(track2))
    review_services.sheet_reopen(sheet=sheet, reason="请核对经济效益得分", by=secretariat)
    assert inbox() == [("expert", "评分表已退回修改：“余热回收技术”")]
    assert body_of("expert") == "您对“余热回收技术”的评分表已被大赛秘书处退回修改。原因：请核对经济效益得分"


def test_conflict_declared_goes_to_the_secretariat(track2, make_review_entry, pool, expert):
    sheet = assign(make_review_entry(track2, title="余热回收技术"), pool["expert"])
    review_services.conflict_declare(sheet=sheet, reason="本人曾为该单位提供咨询服务", by=expert)
    assert inbox() == [("secretariat", f"{pool['expert'].code}声明回避“余热回收技术”")]


def test_objection_lodged_goes_to_the_secretariat(notice):
    Notification.objects.all().delete()
    prize_services.objection_lodge(notice=notice, name="张三", phone="13812345678", text="该项目节能量数据与实际不符，请核实。")
    assert inbox() == [("secretariat", "评比结果公示收到异议")]


def test_reminder_by_the_secretariat_tells_only_the_count(track2, make_review_entry, pool, secretariat):
    assign(make_review_entry(track2), pool["expert"])
    assign(make_review_entry(track2), pool["expert"])
    review_services.reminders_send(competition=track2.competition, by=secretariat)
    assert inbox() == [("expert", "评审提醒")]
    assert "您还有2份评分表未提交" in body_of("expert")


# ---- grading ---------------------------------------------------------------------------------------------------

def test_improvement_list_returned(grading, g_city, g_officer, g_other_officer, make_enterprise, make_item,
                                   secretariat):
    make_item(make_enterprise(g_city, "中孚耐材", ["耐火材料"], "C"), "耐火材料", by=g_officer)
    grading_services.improvement_list_submit(division=g_city, by=g_officer)
    grading_services.improvement_list_reopen(division=g_city, reason="目标等级填写有误", extend_until=None,
                                             by=secretariat)
    assert inbox() == [("eco_zz", "郑州市绩效提升企业清单已退回")]
    assert body_of("eco_zz").endswith("原因：目标等级填写有误")


def test_assessment_and_violation(grading, g_city, g_officer, g_other_officer, make_enterprise, industry):
    e = make_enterprise(g_city, "中孚耐材", ["耐火材料"], "C")
    batch = AssessmentBatch.objects.get(competition=grading, number=3)
    assessment_services.assessment_record(batch=batch, enterprise=e, industry=industry("耐火材料"), level="A",
                                          assessed_on=timezone.localdate(), reviewers="省耐材协会", by=g_officer)
    assessment_services.violation_record(enterprise=e, industry=industry("耐火材料"), kind="excess", occurred_on=timezone.localdate(),
                                         description="颗粒物超标排放", level_after="B", by=g_officer)
    assert inbox() == [("eco_zz", "“中孚耐材”因超标排放降级"), ("eco_zz", "“中孚耐材”绩效等级评定结果已录入")]


# ---- accounts --------------------------------------------------------------------------------------------------

def test_registration_approved_and_refused(secretariat):
    approved = OrganisationFactory(name="甲公司", status=OrganisationStatus.PENDING)
    refused = OrganisationFactory(name="乙公司", status=OrganisationStatus.PENDING)
    UserFactory(username="jia", organisation=approved)
    UserFactory(username="yi", organisation=refused)
    account_services.organisation_decide(organisation=approved, approve=True, reason="", by=secretariat)
    account_services.organisation_decide(organisation=refused, approve=False, reason="营业执照不清晰", by=secretariat)
    assert inbox() == [("jia", "注册申请已通过审核"), ("yi", "注册申请未通过审核")]
    assert "原因：营业执照不清晰" in body_of("yi")


def test_role_granted_and_revoked(outsider, competition, division, secretariat):
    membership = account_services.membership_grant(user=outsider, role="officer", division=division, by=secretariat)
    account_services.membership_revoke(membership=membership, reason="人员调整", by=secretariat)
    assert inbox() == [("outsider", "您已获得“赛区负责人”角色"), ("outsider", "您的“赛区负责人”角色已被撤销")]
