import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services_recommend as services
from applications.models import Application, RecommendationList
from greencomp.models import AuditEvent

pytestmark = pytest.mark.django_db


def recommend_n(make_recommend_application, division, track, officer, n):
    apps = [make_recommend_application(division=division, track=track) for _ in range(n)]
    for app in apps:
        services.application_recommend(application=app, by=officer)
    return apps


def test_list_submit_refused_with_two_and_accepted_with_three(make_recommend_application, division, track, officer):
    recommend_n(make_recommend_application, division, track, officer, 2)
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(division=division, track=track, by=officer)
    assert exc.value.messages == ["每个赛道推荐参赛项目不少于3个，“清洁生产技术创新成果”赛道目前仅推荐2个，不能提交。"]
    assert RecommendationList.objects.get(division=division, track=track).status == "draft"

    recommend_n(make_recommend_application, division, track, officer, 1)
    rlist = services.recommendation_list_submit(division=division, track=track, by=officer)
    assert (rlist.status, rlist.submitted_at is not None) == ("submitted", True)
    event = AuditEvent.objects.get(action="recommendation.submit")
    assert (event.actor, event.after["count"], event.after["status"]) == (officer, 3, "submitted")


def test_waiver_allows_two(make_recommend_application, division, track, officer, secretariat):
    recommend_n(make_recommend_application, division, track, officer, 2)
    services.recommendation_minimum_waive(division=division, track=track, waived=True, reason="本市该领域企业较少",
                                          by=secretariat)
    rlist = services.recommendation_list_submit(division=division, track=track, by=officer)
    assert (rlist.status, rlist.minimum_waived) == ("submitted", True)
    event = AuditEvent.objects.get(action="recommendation.waive")
    assert (event.reason, event.before["minimum_waived"], event.after["minimum_waived"]) == (
        "本市该领域企业较少", False, True)


def test_waiver_needs_reason(division, track, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.recommendation_minimum_waive(division=division, track=track, waived=True, reason=" ", by=secretariat)
    assert exc.value.messages == ["请填写免除（或恢复）最少推荐数的原因。"]


def test_empty_list_refused_even_if_waived(division, track, officer, secretariat):
    services.recommendation_minimum_waive(division=division, track=track, waived=True, reason="特批", by=secretariat)
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(division=division, track=track, by=officer)
    assert exc.value.messages == ["尚未推荐任何项目，不能提交推荐名单。"]


def test_list_submit_refused_after_deadline_unless_extended(make_recommend_application, contest, division, track, officer):
    recommend_n(make_recommend_application, division, track, officer, 3)
    phase = contest.phases.get(kind="recommendation")
    phase.opens_at = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    phase.closes_at = datetime.datetime(2025, 6, 30, 23, 59, tzinfo=datetime.UTC) - datetime.timedelta(hours=8)
    phase.save()
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(division=division, track=track, by=officer)
    assert exc.value.messages == ["已超过推荐截止时间（2025年6月30日 23:59），不能提交推荐名单，如需延期请联系大赛秘书处。"]
    division.extended_until = timezone.now() + datetime.timedelta(days=1)
    division.save()
    division.competition.refresh_from_db()
    assert services.recommendation_list_submit(division=division, track=track, by=officer).status == "submitted"


def test_submitted_list_locks_return_recommend_and_reorder(make_recommend_application, division, track, officer, secretariat):
    apps = recommend_n(make_recommend_application, division, track, officer, 3)
    pending = make_recommend_application(division=division, track=track)
    services.recommendation_list_submit(division=division, track=track, by=officer)
    for call in (lambda: services.application_recommend(application=pending, by=officer),
                 lambda: services.application_return(application=apps[0], reason="补材料", by=officer),
                 lambda: services.recommendation_move(application=apps[1], direction="up", by=officer)):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.messages == [services.LOCKED_MESSAGE]
    assert list(Application.objects.filter(pk__in=[a.pk for a in apps]).order_by("recommend_order")
                .values_list("pk", "status")) == [(a.pk, "recommended") for a in apps]
    rlist = RecommendationList.objects.get(division=division, track=track)
    services.recommendation_list_send_back(rlist=rlist, reason="请补充第三个项目的材料", by=secretariat)
    services.recommendation_move(application=apps[2], direction="up", by=officer)
    assert list(Application.objects.filter(status="recommended").order_by("recommend_order")
                .values_list("pk", flat=True)) == [apps[0].pk, apps[2].pk, apps[1].pk]


def test_return_records_reason_on_application_and_latest_version(make_recommend_application, division, track, officer):
    app = make_recommend_application(division=division, track=track)
    services.application_return(application=app, reason="缺少用户使用报告", by=officer)
    app.refresh_from_db()
    assert (app.status, app.return_reason, app.recommend_order) == ("returned", "缺少用户使用报告", None)
    assert app.versions.get(number=1).return_reason == "缺少用户使用报告"
    event = AuditEvent.objects.get(action="application.return")
    assert (event.reason, event.before["status"], event.after["status"]) == ("缺少用户使用报告", "submitted", "returned")


def test_return_needs_reason(make_recommend_application, division, track, officer):
    app = make_recommend_application(division=division, track=track)
    with pytest.raises(ValidationError) as exc:
        services.application_return(application=app, reason="", by=officer)
    assert exc.value.messages == ["请填写退回原因。"]
    app.refresh_from_db()
    assert app.status == "submitted"


def test_reorder_by_numbers(make_recommend_application, division, track, officer):
    a, b, c = recommend_n(make_recommend_application, division, track, officer, 3)
    services.recommendation_reorder(division=division, track=track, order=[c.pk, a.pk, b.pk], by=officer)
    assert list(Application.objects.order_by("recommend_order").values_list("pk", "recommend_order")) == [
        (c.pk, 1), (a.pk, 2), (b.pk, 3)]


def test_mail_to_applicant_when_returned_and_recommended(make_recommend_application, division, track, officer, enterprise,
                                                        django_capture_on_commit_callbacks, contest):
    enterprise.organisation.email = "office@lvyuan.test"
    enterprise.organisation.save()
    first, second = make_recommend_application(division=division, track=track), make_recommend_application(division=division, track=track)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_return(application=first, reason="缺少营业执照", by=officer)
        services.application_recommend(application=second, by=officer)
    assert [m.subject for m in mail.outbox] == [f"【{contest.title}】您的申报“{first.title}”已被退回",
                                                f"【{contest.title}】您的申报“{second.title}”已获推荐"]
    # mail goes to the organisation's accounts (each with its own message and opt-out), not its contact address
    assert mail.outbox[0].to == ["enterprise@example.com"]
    assert "退回原因：缺少营业执照" in mail.outbox[0].body


def test_no_mail_when_service_fails(make_recommend_application, division, track, officer, django_capture_on_commit_callbacks):
    app = make_recommend_application(division=division, track=track, status=Application.Status.RETURNED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.application_recommend(application=app, by=officer)
    assert mail.outbox == []


def test_mail_to_city_officers_when_list_sent_back(make_recommend_application, division, track, officer, secretariat,
                                                   django_capture_on_commit_callbacks, contest):
    recommend_n(make_recommend_application, division, track, officer, 3)
    rlist = services.recommendation_list_submit(division=division, track=track, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_list_send_back(rlist=rlist, reason="项目排序有误", by=secretariat)
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"【{contest.title}】郑州市“清洁生产技术创新成果”赛道推荐名单已退回", ["officer@example.com"])]
    assert "退回原因：项目排序有误" in mail.outbox[0].body
    rlist.refresh_from_db()
    assert (rlist.status, rlist.return_reason) == ("returned", "项目排序有误")


def test_accept_only_submitted(make_recommend_application, division, track, officer, secretariat):
    rlist = RecommendationList.objects.create(division=division, track=track)
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_accept(rlist=rlist, by=secretariat)
    assert exc.value.messages == ["只有已提交的推荐名单可以接收。"]
    recommend_n(make_recommend_application, division, track, officer, 3)
    services.recommendation_list_submit(division=division, track=track, by=officer)
    assert services.recommendation_list_accept(rlist=rlist, by=secretariat).status == "accepted"


def test_publish_needs_accepted_list_and_ordered_window(contest, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.publicity_publish(competition=contest, title="公示", starts_on=datetime.date(2025, 7, 6),
                                   ends_on=datetime.date(2025, 7, 12), by=secretariat)
    assert exc.value.messages == ["尚无已接收的推荐名单，不能发布公示。"]
    with pytest.raises(ValidationError) as exc:
        services.publicity_publish(competition=contest, title="公示", starts_on=datetime.date(2025, 7, 12),
                                   ends_on=datetime.date(2025, 7, 6), by=secretariat)
    assert exc.value.messages == ["公示结束日期不能早于开始日期。"]


def test_order_has_no_gaps_after_return_or_unrecommend(make_recommend_application, division, track, officer):
    a, b, c, d = recommend_n(make_recommend_application, division, track, officer, 4)
    services.application_return(application=b, reason="补材料", by=officer)
    services.application_unrecommend(application=a, by=officer)
    assert list(Application.objects.filter(status="recommended").order_by("recommend_order")
                .values_list("pk", "recommend_order")) == [(c.pk, 1), (d.pk, 2)]
    services.application_recommend(application=a, by=officer)
    assert Application.objects.get(pk=a.pk).recommend_order == 3
