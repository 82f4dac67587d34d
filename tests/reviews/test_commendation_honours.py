"""Issue 11: publishing the 通报表扬 (secretariat, confirmed, audited; withdrawn with a reason), the notifications to
the divisions concerned and the commended enterprises with accounts, and the read-only page for those concerned."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from greencomp.models import AuditEvent
from notifications.models import Notification
from reviews import services_honours as honours_services
from reviews.models import HonoursNotice, Nomination


@pytest.fixture
def honours(commendation, nominate, division, other_division, enterprise):
    """郑州市: enterprise's entry selected as 先进单位 and its 先进个人; 开封市: one 先进班组 selected, and one submitted
    but not selected (its enterprise is not commended)."""
    zz_entry, _zz_other = commendation["entries"][division.pk]
    zz_entry.organisation = enterprise.organisation
    zz_entry.save()
    kf_entry, kf_other = commendation["entries"][other_division.pk]
    return {
        "unit": nominate(commendation["unit"], zz_entry, selected=True),
        "person": nominate(commendation["person"], zz_entry, selected=True, escalated=True),
        "team": nominate(commendation["team"], kf_entry, selected=True),
        "unselected": nominate(commendation["unit"], kf_other),
    }


def inbox():
    return sorted((n.recipient.username, n.title) for n in Notification.objects.select_related("recipient"))


def test_publish_notifies_the_divisions_and_the_commended_enterprise(honours, named_users, competition, secretariat,
                                                                      enterprise):
    notice = honours_services.honours_publish(competition=competition, confirmed=True, doc_number="豫工文〔2026〕9号",
                                              by=secretariat)
    assert (notice.is_published, notice.published_by, notice.doc_number) == (True, secretariat, "豫工文〔2026〕9号")
    assert inbox() == [("enterprise", "通报表扬名单已发布"), ("officer", "通报表扬名单已发布"),
                       ("other_officer", "通报表扬名单已发布")]
    bodies = {n.recipient.username: n.body for n in Notification.objects.select_related("recipient")}
    assert bodies["officer"] == f"{competition.title}通报表扬名单已发布，郑州市推荐的2个先进单位、班组或个人入选。"
    assert bodies["other_officer"] == f"{competition.title}通报表扬名单已发布，开封市推荐的1个先进单位、班组或个人入选。"
    assert bodies["enterprise"] == (f"{competition.title}通报表扬名单已发布，{enterprise.organisation.name}入选："
                                    "绿色发展竞赛先进单位（郑州绿源测试有限公司）、绿色发展竞赛先进个人（王建国）。")
    event = AuditEvent.objects.get(action="commendation.honours_publish")
    assert (event.actor, event.after["selected"], event.after["escalated"]) == (secretariat, 3, 1)


def test_publish_needs_confirmation_and_a_selection(honours, named_users, competition, secretariat):
    with pytest.raises(ValidationError) as exc:
        honours_services.honours_publish(competition=competition, confirmed=False, by=secretariat)
    assert exc.value.messages == ["请确认发布：发布后评选结果锁定，相关赛区和受表扬单位将收到通知。"]
    Nomination.objects.update(selected=False, escalated=False)
    with pytest.raises(ValidationError) as exc:
        honours_services.honours_publish(competition=competition, confirmed=True, by=secretariat)
    assert exc.value.messages == ["尚无入选的先进单位、班组或个人，不能发布通报表扬。"]
    assert (Notification.objects.count(), AuditEvent.objects.filter(action__startswith="commendation.honours").count(),
            HonoursNotice.objects.filter(published_at__isnull=False).count()) == (0, 0, 0)


def test_published_list_locks_the_selection_until_withdrawn_with_a_reason(honours, named_users, competition,
                                                                          secretariat):
    honours_services.honours_publish(competition=competition, confirmed=True, by=secretariat)
    with pytest.raises(ValidationError) as exc:
        honours_services.nomination_select(nomination=honours["unselected"], selected=True, escalated=False, by=secretariat)
    assert exc.value.messages == [honours_services.MSG_HONOURS_PUBLISHED]
    with pytest.raises(ValidationError):
        honours_services.nomination_return(nomination=honours["team"], reason="材料不全", by=secretariat)
    with pytest.raises(ValidationError) as exc:
        honours_services.honours_withdraw(competition=competition, reason=" ", by=secretariat)
    assert exc.value.messages == ["请填写撤回发布的原因。"]
    Notification.objects.all().delete()
    notice = honours_services.honours_withdraw(competition=competition, reason="个人事迹材料需核实", by=secretariat)
    assert (notice.is_published, notice.withdraw_reason) == (False, "个人事迹材料需核实")
    assert inbox() == [("officer", "通报表扬名单已撤回"), ("other_officer", "通报表扬名单已撤回")]
    assert AuditEvent.objects.get(action="commendation.honours_withdraw").reason == "个人事迹材料需核实"
    honours_services.nomination_select(nomination=honours["unselected"], selected=True, escalated=False, by=secretariat)
    assert Nomination.objects.filter(selected=True).count() == 4


def _reader_statuses(client, named_users, url):
    got = {}
    for username, user in named_users.items():
        client.force_login(user)
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        got[username] = response.status_code
    return got


@pytest.mark.parametrize("name", ["honours_published", "honours_published_pdf"])
def test_published_list_is_read_by_those_concerned_only(client, honours, named_users, competition, secretariat, name):
    url = reverse(f"commendation:{name}", args=[competition.pk])
    nobody = {u: 404 for u in named_users}
    assert _reader_statuses(client, named_users, url) == {**nobody, "secretariat": 200}
    honours_services.honours_publish(competition=competition, confirmed=True, by=secretariat)
    assert _reader_statuses(client, named_users, url) == {**nobody, "secretariat": 200, "officer": 200,
                                                          "other_officer": 200, "enterprise": 200}


def test_published_page_shows_the_list_read_only(client, honours, named_users, competition, secretariat, enterprise):
    honours_services.honours_publish(competition=competition, confirmed=True, by=secretariat)
    client.force_login(enterprise)
    response = client.get(reverse("commendation:honours_published", args=[competition.pk]))
    tables = [(t["heading"], t["rows"]) for t in response.context["tables"]]
    assert tables == [
        ("绿色发展竞赛先进单位（1个）", [[1, "郑州绿源测试有限公司", "郑州市"]]),
        ("绿色发展竞赛先进班组（车间、工段）（1个）", [[1, "炼钢厂节能班组", honours["team"].entry.organisation.name, "开封市"]]),
        ("绿色发展竞赛先进个人（1名）", [[1, "王建国", "郑州绿源测试有限公司", "热力车间班长", "郑州市"]]),
        ("按程序申报河南省工人先锋号（0个）", []),
        ("按程序申报河南省五一劳动奖章（1名）", [[1, "王建国", "郑州绿源测试有限公司", "热力车间班长", "郑州市"]]),
    ]
    page = response.content.decode()
    assert ("<form" in page.split("<main")[-1], "撤回发布" in page) == (False, False)


@pytest.mark.parametrize("name", ["honours_publish", "honours_withdraw"])
def test_only_the_secretariat_publishes_or_withdraws(client, honours, named_users, competition, name):
    data = {"confirmed": "on", "reason": "核实"}
    before = AuditEvent.objects.count()
    for username, user in named_users.items():
        if username == "secretariat":
            continue
        client.force_login(user)
        assert (username, client.post(reverse(f"commendation:{name}", args=[competition.pk]), data).status_code) \
            == (username, 404)
    assert (AuditEvent.objects.count(), Notification.objects.count(), HonoursNotice.objects.count()) == (before, 0, 0)


def test_publish_and_withdraw_views(client, honours, named_users, competition, secretariat):
    client.force_login(secretariat)
    url = reverse("commendation:honours_publish", args=[competition.pk])
    response = client.post(url, {"doc_number": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["请勾选确认发布。"]
    assert not HonoursNotice.objects.filter(published_at__isnull=False).exists()
    response = client.post(url, {"confirmed": "on", "doc_number": "焦工文〔2020〕5号"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["通报表扬名单已发布，已通知相关赛区和受表扬单位。"]
    assert "焦工文〔2020〕5号" in response.content.decode()
    withdraw = reverse("commendation:honours_withdraw", args=[competition.pk])
    response = client.post(withdraw, {"reason": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["请填写撤回发布的原因。"]
    response = client.post(withdraw, {"reason": "名单有误"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["通报表扬已撤回，评选结果可重新调整。"]
    assert HonoursNotice.objects.get().withdraw_reason == "名单有误"


@pytest.mark.parametrize("rows", [1, 3])
def test_published_page_query_count(client, django_assert_num_queries, commendation, nominate, competition,
                                    secretariat, officer, division, rows):
    entries = commendation["entries"][division.pk]
    for i in range(rows):
        nominate(commendation["team"], entries[i % 2], team_name=f"班组{i}", selected=True)
    honours_services.honours_publish(competition=competition, confirmed=True, by=secretariat)
    client.force_login(officer)
    url = reverse("commendation:honours_published", args=[competition.pk])
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
