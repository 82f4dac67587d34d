import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import services_recommend as services
from applications.models import Application, ApplicationVersion, Publicity, RecommendationList
from greencomp.models import AuditEvent
from notifications.models import ExportJob
from tests.factories import DivisionFactory, MembershipFactory, UserFactory, sheet_of

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def recommend_and_submit(make_recommend_application, division, track, officer, n=3, accept_by=None):
    apps = [make_recommend_application(division=division, track=track) for _ in range(n)]
    for app in apps:
        services.application_recommend(application=app, by=officer)
    rlist = services.recommendation_list_submit(division=division, track=track, by=officer)
    if accept_by:
        services.recommendation_list_accept(rlist=rlist, by=accept_by)
    return apps


def snapshot_db():
    return (list(Application.objects.order_by("pk").values_list("pk", "status", "return_reason", "recommend_order")),
            list(RecommendationList.objects.order_by("pk").values_list("pk", "status", "minimum_waived")),
            list(ApplicationVersion.objects.order_by("pk").values_list("pk", "return_reason")),
            AuditEvent.objects.count(), Publicity.objects.count())


# ---- city officer --------------------------------------------------------------------------------------

def test_city_list_shows_own_submissions_with_filters(client, make_recommend_application, division, other_division, track,
                                                      other_track, officer):
    mine = make_recommend_application(division=division, track=track, title="余热回收技术")
    make_recommend_application(division=division, track=other_track, title="高效电机系统")
    make_recommend_application(division=other_division, track=track, title="开封的技术")
    make_recommend_application(division=division, track=track, title="草稿技术", status=Application.Status.DRAFT)
    login(client, officer)
    response = client.get(reverse("recommend:division", args=[division.pk]), {"track": track.pk})
    assert [a.title for a in response.context["page"]] == ["余热回收技术"]
    response = client.get(reverse("recommend:division", args=[division.pk]), {"q": "电机"})
    assert [a.title for a in response.context["page"]] == ["高效电机系统"]
    services.application_recommend(application=mine, by=officer)
    response = client.get(reverse("recommend:division", args=[division.pk]), {"status": "recommended"})
    assert [a.title for a in response.context["page"]] == ["余热回收技术"]
    overview = {row["track"].number: (row["submitted"], row["recommended"]) for row in response.context["overview"]}
    assert overview == {1: (0, 1), 2: (1, 0), 3: (0, 0), 4: (0, 0), 5: (0, 0)}


def test_index_redirects_officer_to_own_city(client, contest, division, officer):
    response = login(client, officer).get(reverse("recommend:index"))
    assert response.url == reverse("recommend:division", args=[division.pk])


def test_application_detail_shows_data_and_attachment_download(client, make_recommend_application, division, track, officer):
    app = make_recommend_application(division=division, track=track, title="余热回收技术", attachment=True)
    login(client, officer)
    response = client.get(reverse("recommend:application", args=[app.pk]))
    cover = {line["label"]: line["value"] for line in response.context["display"]["cover"]}
    assert cover["联 系 人"] == app.data["contact_name"]
    attachment = app.attachments.get()
    unfiled = response.context["display"]["proofs"][-1]  # its category "营业执照" is no proof code of the form
    assert (unfiled["label"], [f["url"] for f in unfiled["files"]]) == (
        "其他附件", [reverse("recommend:attachment", args=[attachment.pk])])
    response = client.get(reverse("recommend:attachment", args=[attachment.pk]))
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_return_through_the_page_records_reason_applicant_sees_it_in_mail(
        client, make_recommend_application, division, track, officer, django_capture_on_commit_callbacks):
    app = make_recommend_application(division=division, track=track)
    login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recommend:application_return", args=[app.pk]), {"reason": "缺少检验检测报告"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.return_reason, app.versions.get().return_reason) == (
        "returned", "缺少检验检测报告", "缺少检验检测报告")
    assert mail.outbox[0].to == ["enterprise@example.com"]
    assert "退回原因：缺少检验检测报告" in mail.outbox[0].body
    page = client.get(reverse("recommend:application", args=[app.pk]))
    assert "缺少检验检测报告" in page.content.decode()


def test_submit_page_messages(client, make_recommend_application, division, track, officer):
    for _ in range(2):
        services.application_recommend(application=make_recommend_application(division=division, track=track), by=officer)
    login(client, officer)
    url = reverse("recommend:track_submit", args=[division.pk, track.pk])
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "每个赛道推荐参赛项目不少于3个，“清洁生产技术创新成果”赛道目前仅推荐2个，不能提交。"]
    services.application_recommend(application=make_recommend_application(division=division, track=track), by=officer)
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["“清洁生产技术创新成果”赛道推荐名单已提交大赛秘书处。"]
    assert RecommendationList.objects.get(division=division, track=track).status == "submitted"


def test_forged_posts_on_locked_list_change_nothing(client, make_recommend_application, division, track, officer):
    apps = recommend_and_submit(make_recommend_application, division, track, officer)
    pending = make_recommend_application(division=division, track=track)
    login(client, officer)
    before = snapshot_db()
    for name, target, data in (("application_recommend", pending.pk, {}),
                               ("application_return", apps[0].pk, {"reason": "x"}),
                               ("application_unrecommend", apps[0].pk, {}),
                               ("application_move", apps[1].pk, {"direction": "up"})):
        response = client.post(reverse(f"recommend:{name}", args=[target]), data, follow=True)
        assert [str(m) for m in response.context["messages"]] == [services.LOCKED_MESSAGE]
    response = client.post(reverse("recommend:track_reorder", args=[division.pk, track.pk]),
                           {f"order-{apps[2].pk}": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [services.LOCKED_MESSAGE]
    assert snapshot_db() == before


# ---- isolation -----------------------------------------------------------------------------------------

def test_other_city_officer_gets_404_and_nothing_is_written(client, make_recommend_application, division, track, officer,
                                                            other_officer, secretariat):
    app = make_recommend_application(division=division, track=track, attachment=True)
    recommended = make_recommend_application(division=division, track=track)
    services.application_recommend(application=recommended, by=officer)
    login(client, other_officer)
    before = snapshot_db()
    gets = [reverse("recommend:division", args=[division.pk]),
            reverse("recommend:division_export", args=[division.pk]),
            reverse("recommend:division_export", args=[division.pk]) + "?format=pdf",
            reverse("recommend:track", args=[division.pk, track.pk]),
            reverse("recommend:application", args=[app.pk]),
            reverse("recommend:attachment", args=[app.attachments.get().pk]),
            reverse("recommend:matrix", args=[division.competition_id]),
            reverse("recommend:summary", args=[division.competition_id]),
            reverse("recommend:summary_xlsx", args=[division.competition_id]),
            reverse("recommend:summary_pdf", args=[division.competition_id]),
            reverse("recommend:publicity_manage", args=[division.competition_id])]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [(reverse("recommend:application_return", args=[app.pk]), {"reason": "伪造"}),
             (reverse("recommend:application_recommend", args=[app.pk]), {}),
             (reverse("recommend:application_unrecommend", args=[recommended.pk]), {}),
             (reverse("recommend:application_move", args=[recommended.pk]), {"direction": "up"}),
             (reverse("recommend:track_reorder", args=[division.pk, track.pk]), {f"order-{recommended.pk}": "1"}),
             (reverse("recommend:track_submit", args=[division.pk, track.pk]), {}),
             (reverse("recommend:list_accept", args=[division.pk, track.pk]), {}),
             (reverse("recommend:list_send_back", args=[division.pk, track.pk]), {"reason": "伪造"}),
             (reverse("recommend:list_waive", args=[division.pk, track.pk]), {"waived": "1", "reason": "伪造"}),
             (reverse("recommend:publicity_manage", args=[division.competition_id]),
              {"title": "伪造", "starts_on": "2025-07-06", "ends_on": "2025-07-12"})]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert snapshot_db() == before


@pytest.mark.parametrize("username", ["enterprise", "other_enterprise", "expert", "outsider"])
def test_non_reviewers_get_404(client, named_users, username, make_recommend_application, division, track, contest):
    app = make_recommend_application(division=division, track=track, attachment=True)
    login(client, named_users[username])
    before = snapshot_db()
    for url in (reverse("recommend:division", args=[division.pk]),
                reverse("recommend:application", args=[app.pk]),
                reverse("recommend:attachment", args=[app.attachments.get().pk]),
                reverse("recommend:track", args=[division.pk, track.pk]),
                reverse("recommend:division_export", args=[division.pk]),
                reverse("recommend:matrix", args=[contest.pk]),
                reverse("recommend:summary_xlsx", args=[contest.pk])):
        assert client.get(url).status_code == 404, url
    for url in (reverse("recommend:application_return", args=[app.pk]),
                reverse("recommend:application_recommend", args=[app.pk]),
                reverse("recommend:track_submit", args=[division.pk, track.pk])):
        assert client.post(url, {"reason": "伪造"}).status_code == 404, url
    assert snapshot_db() == before


def test_officer_cannot_do_secretariat_actions_on_own_city(client, make_recommend_application, division, track, officer):
    recommend_and_submit(make_recommend_application, division, track, officer)
    login(client, officer)
    before = snapshot_db()
    for name, data in (("list_accept", {}), ("list_send_back", {"reason": "x"}),
                       ("list_waive", {"waived": "1", "reason": "x"})):
        assert client.post(reverse(f"recommend:{name}", args=[division.pk, track.pk]), data).status_code == 403
    assert snapshot_db() == before


def test_anonymous_is_sent_to_login(client, contest, division):
    response = client.get(reverse("recommend:division", args=[division.pk]))
    assert response.url.startswith(reverse("login"))


# ---- secretariat ---------------------------------------------------------------------------------------

def test_matrix_matches_what_cities_submitted(client, make_recommend_application, contest, division, other_division, track,
                                              other_track, officer, other_officer, secretariat):
    recommend_and_submit(make_recommend_application, division, track, officer)
    make_recommend_application(division=division, track=track)
    for _ in range(2):
        services.application_recommend(application=make_recommend_application(division=other_division, track=other_track),
                                       by=other_officer)
    response = login(client, secretariat).get(reverse("recommend:matrix", args=[contest.pk]))
    m = response.context["matrix"]
    assert [r["division"].name for r in m["rows"]] == ["郑州市", "开封市"]
    cells = {(r["division"].name, c["track"].number): (c["submitted"], c["recommended"], c["sent"])
             for r in m["rows"] for c in r["cells"] if c["submitted"]}
    assert cells == {("郑州市", 1): (4, 3, True), ("开封市", 2): (2, 2, False)}
    assert [r["total"] for r in m["rows"]] == [{"submitted": 4, "recommended": 3, "lists": 1},
                                               {"submitted": 2, "recommended": 2, "lists": 0}]
    assert [(t["submitted"], t["recommended"], t["lists"]) for t in m["col_totals"]] == [
        (4, 3, 1), (2, 2, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0)]
    assert m["grand"] == {"submitted": 6, "recommended": 5, "lists": 1}


def test_matrix_marks_late(client, make_recommend_application, contest, division, track, officer, secretariat):
    recommend_and_submit(make_recommend_application, division, track, officer)
    RecommendationList.objects.update(submitted_at=timezone.now() - datetime.timedelta(hours=2))
    phase = contest.phases.get(kind="recommendation")
    phase.closes_at = timezone.now() - datetime.timedelta(hours=1)
    phase.save()
    m = login(client, secretariat).get(reverse("recommend:matrix", args=[contest.pk])).context["matrix"]
    late = {(r["division"].name, c["track"].number) for r in m["rows"] for c in r["cells"] if c["late"]}
    # 郑州市 track 1 was submitted in time; everything still unsent is late.
    assert ("郑州市", 1) not in late
    assert len(late) == 2 * 5 - 1


def test_matrix_deadline_is_a_citys_later_extension(client, contest, division, other_division, secretariat):
    phase = contest.phases.get(kind="recommendation")
    phase.closes_at = timezone.now() - datetime.timedelta(hours=1)
    phase.save()
    division.extended_until = timezone.now() + datetime.timedelta(days=1)  # 郑州市: extended, not late yet
    division.save(update_fields=["extended_until"])
    other_division.extended_until = phase.closes_at - datetime.timedelta(days=1)  # earlier: the phase's counts
    other_division.save(update_fields=["extended_until"])
    m = login(client, secretariat).get(reverse("recommend:matrix", args=[contest.pk])).context["matrix"]
    assert [(r["division"].name, r["deadline"], sum(c["late"] for c in r["cells"])) for r in m["rows"]] == [
        ("郑州市", division.extended_until, 0), ("开封市", phase.closes_at, 5)]


def test_matrix_page_shows_each_cell(client, make_recommend_application, contest, division, track, other_track,
                                     officer, secretariat):
    recommend_and_submit(make_recommend_application, division, track, officer)
    RecommendationList.objects.filter(division=division, track=track).update(
        minimum_waived=True, submitted_at=timezone.now() - datetime.timedelta(hours=2))
    make_recommend_application(division=division, track=other_track, status=Application.Status.DRAFT)
    phase = contest.phases.get(kind="recommendation")
    phase.closes_at = timezone.now() - datetime.timedelta(hours=1)
    phase.save()
    html = login(client, secretariat).get(reverse("recommend:matrix", args=[contest.pk])).content.decode()
    sent = reverse("recommend:track", args=[division.pk, track.pk])
    unsent = reverse("recommend:track", args=[division.pk, other_track.pk])
    # in time, waived; then a late track whose only application is a draft (not counted)
    assert (f'<td class=""><a href="{sent}" class="text-decoration-none">3 / 3</a>\n      <div><span class="badge '
            'state-submitted">已提交</span> <span class="badge text-bg-light border">已免除</span></div></td>') in html
    assert (f'<td class="table-danger"><a href="{unsent}" class="text-decoration-none">0 / 0</a>\n      <div><span '
            'class="badge state-draft">未提交</span> <span class="badge state-late">逾期</span></div></td>') in html
    assert html.count('class="table-danger"') == 2 * 5 - 1
    deadline = timezone.localtime(phase.closes_at).strftime("%Y-%m-%d")
    assert (f'<tr><td>1</td><td class="text-start"><a href="{reverse("recommend:division", args=[division.pk])}">'
            f'郑州市</a><div class="small text-muted">截止 {deadline}</div></td>') in html
    assert '<td class="fw-bold">3 / 3<div class="small fw-normal">已报 1 个名单</div></td></tr>' in html


def test_matrix_page_escapes_city_names(client, contest, other_division, secretariat):
    other_division.name = "开封市<b>"
    other_division.save(update_fields=["name"])
    html = login(client, secretariat).get(reverse("recommend:matrix", args=[contest.pk])).content.decode()
    assert "开封市&lt;b&gt;</a>" in html and "开封市<b>" not in html


def test_matrix_of_a_contest_without_cities_lists_its_tracks(client, contest, secretariat):
    contest.divisions.all().delete()
    m = login(client, secretariat).get(reverse("recommend:matrix", args=[contest.pk])).context["matrix"]
    assert ([t.number for t in m["tracks"]], m["rows"]) == ([1, 2, 3, 4, 5], [])
    assert m["grand"] == {"submitted": 0, "recommended": 0, "lists": 0}


def test_matrix_of_a_contest_without_tracks_lists_its_cities(client, contest, secretariat):
    contest.tracks.all().delete()
    m = login(client, secretariat).get(reverse("recommend:matrix", args=[contest.pk])).context["matrix"]
    assert ([r["division"].name for r in m["rows"]], m["tracks"]) == (["郑州市", "开封市"], [])
    assert [r["total"] for r in m["rows"]] == [{"submitted": 0, "recommended": 0, "lists": 0}] * 2


def test_summary_excel_matches_submitted_lists(client, make_recommend_application, contest, division, other_division, track,
                                               other_track, officer, other_officer, secretariat):
    zz = recommend_and_submit(make_recommend_application, division, track, officer)
    kf = recommend_and_submit(make_recommend_application, other_division, track, other_officer, accept_by=secretariat)
    services.application_recommend(application=make_recommend_application(division=division, track=other_track), by=officer)
    response = login(client, secretariat).get(reverse("recommend:summary_xlsx", args=[contest.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2025年河南省工业绿色低碳发展创新大赛推荐汇总表"
    assert rows[1] == ("序号", "赛道", "推荐单位（省辖市）", "申报单位", "技术/产品/案例名称", "联系人", "联系电话")
    expected = [(i, "清洁生产技术创新成果", a.division.name, "郑州绿源测试有限公司", a.title, a.data["contact_name"],
                 a.data["contact_phone"]) for i, a in enumerate(zz + kf, start=1)]
    assert rows[2:] == expected  # 郑州市 before 开封市 (province order); the unsubmitted list is not there

    per_track = client.get(reverse("recommend:summary_xlsx", args=[contest.pk]), {"track": other_track.pk})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(per_track.streaming_content))).active
    assert list(ws.iter_rows(values_only=True))[2:] == []


def test_summary_pdf_renders(client, make_recommend_application, contest, division, track, officer, secretariat,
                             django_capture_on_commit_callbacks):
    """The PDF is built by a background job (下载中心); the page that asks for it returns at once."""
    recommend_and_submit(make_recommend_application, division, track, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, secretariat).get(reverse("recommend:summary_pdf", args=[contest.pk]))
    job = ExportJob.objects.get()
    assert response["Location"] == f"{reverse('notifications:downloads')}?job={job.pk}"
    response = client.get(reverse("notifications:export_download", args=[job.pk]))
    assert (response["Content-Type"], b"".join(response.streaming_content)[:5]) == ("application/pdf", b"%PDF-")


def test_city_export_contains_own_recommendations_before_submission(client, make_recommend_application, division, track,
                                                                    officer):
    app = make_recommend_application(division=division, track=track)
    services.application_recommend(application=app, by=officer)
    response = login(client, officer).get(reverse("recommend:division_export", args=[division.pk]),
                                          {"track": track.pk})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[3][4] == "技术/产品/案例名称"
    assert [r[4] for r in rows[4:] if isinstance(r[0], int)] == [app.title]


def test_secretariat_accepts_sends_back_and_waives_through_pages(client, make_recommend_application, division, track,
                                                                 officer, secretariat):
    recommend_and_submit(make_recommend_application, division, track, officer)
    login(client, secretariat)
    response = client.post(reverse("recommend:list_accept", args=[division.pk, track.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已接收郑州市“清洁生产技术创新成果”赛道推荐名单。"]
    response = client.post(reverse("recommend:list_send_back", args=[division.pk, track.pk]), {"reason": ""},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == ["请填写退回原因。"]
    client.post(reverse("recommend:list_send_back", args=[division.pk, track.pk]), {"reason": "请调整排序"})
    client.post(reverse("recommend:list_waive", args=[division.pk, track.pk]), {"waived": "1", "reason": "特批"})
    rlist = RecommendationList.objects.get(division=division, track=track)
    assert (rlist.status, rlist.return_reason, rlist.minimum_waived) == ("returned", "请调整排序", True)


# ---- 公示 ----------------------------------------------------------------------------------------------

def test_public_page_404_until_published_then_visible_without_login(client, make_recommend_application, contest, division,
                                                                    track, officer, secretariat):
    apps = recommend_and_submit(make_recommend_application, division, track, officer, accept_by=secretariat)
    public = reverse("recommend:public", args=[contest.pk])
    assert client.get(public).status_code == 404
    login(client, secretariat).post(reverse("recommend:publicity_manage", args=[contest.pk]), {
        "title": "2025年河南省工业绿色低碳发展创新大赛推荐项目公示", "starts_on": "2025-07-06",
        "ends_on": "2025-07-12", "note": ""})
    client.logout()
    response = client.get(public)
    assert response.context["rows"] == [[i, "清洁生产技术创新成果", "郑州市", "郑州绿源测试有限公司", a.title,
                                         a.data["contact_name"], a.data["contact_phone"]]
                                        for i, a in enumerate(apps, start=1)]
    html = response.content.decode()
    assert "2025年7月6日 至 2025年7月12日" in html
    assert apps[0].data["contact_phone"] not in html  # the public page shows no contact data
    assert AuditEvent.objects.filter(action="publicity.publish").count() == 1


def test_publicity_withdraw_hides_public_page(client, make_recommend_application, contest, division, track, officer,
                                              secretariat):
    recommend_and_submit(make_recommend_application, division, track, officer, accept_by=secretariat)
    services.publicity_publish(competition=contest, title="公示", starts_on=datetime.date(2025, 7, 6),
                               ends_on=datetime.date(2025, 7, 12), by=secretariat)
    login(client, secretariat).post(reverse("recommend:publicity_withdraw", args=[contest.pk]), {"reason": "有误"})
    client.logout()
    assert client.get(reverse("recommend:public", args=[contest.pk])).status_code == 404


# ---- query counts --------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 3])
def test_city_list_query_count(client, make_recommend_application, division, track, officer, n,
                               django_assert_num_queries):
    for _ in range(n):
        make_recommend_application(division=division, track=track, attachment=True)
    login(client, officer)
    url = reverse("recommend:division", args=[division.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES["city_list"]):
        assert len(client.get(url).context["page"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_track_list_query_count(client, make_recommend_application, division, track, officer, n, django_assert_num_queries):
    for _ in range(n):
        services.application_recommend(application=make_recommend_application(division=division, track=track), by=officer)
    login(client, officer)
    url = reverse("recommend:track", args=[division.pk, track.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES["track_list"]):
        assert len(client.get(url).context["recommended"]) == n


def _cities(contest, n):
    names = ["洛阳市", "平顶山市", "安阳市"]
    return [DivisionFactory(competition=contest, name=name, city=name) for name in names[:n]]


def _officered_cities(contest, n):
    """`n` more cities of `contest`, each with an officer of its own: (city, officer) pairs."""
    for d in _cities(contest, n):
        officer = UserFactory()
        MembershipFactory(user=officer, competition=contest, division=d)
        yield d, officer


@pytest.mark.parametrize("n", [1, 3])
def test_matrix_query_count(client, make_recommend_application, contest, track, secretariat, n, django_assert_num_queries):
    for d in _cities(contest, n):
        make_recommend_application(division=d, track=track)
    login(client, secretariat)
    url = reverse("recommend:matrix", args=[contest.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES["matrix"]):
        client.get(url)


@pytest.mark.parametrize("n", [1, 3])
def test_summary_export_query_count(client, make_recommend_application, contest, track, secretariat, n,
                                    django_assert_num_queries):
    for d, officer in _officered_cities(contest, n):
        recommend_and_submit(make_recommend_application, d, track, officer)
    login(client, secretariat)
    url = reverse("recommend:summary_xlsx", args=[contest.pk])
    b"".join(client.get(url).streaming_content)
    with django_assert_num_queries(QUERIES["summary_xlsx"]):
        response = client.get(url)
    ws = sheet_of(response)
    assert ws.max_row == 2 + 3 * n
    with django_assert_num_queries(QUERIES["summary"]):
        assert len(client.get(reverse("recommend:summary", args=[contest.pk])).context["rows"]) == 3 * n


@pytest.mark.parametrize("n", [1, 3])
def test_public_page_query_count(client, make_recommend_application, contest, track, secretariat, n,
                                 django_assert_num_queries):
    for d, officer in _officered_cities(contest, n):
        recommend_and_submit(make_recommend_application, d, track, officer, accept_by=secretariat)
    services.publicity_publish(competition=contest, title="公示", starts_on=datetime.date(2025, 7, 6),
                               ends_on=datetime.date(2025, 7, 12), by=secretariat)
    url = reverse("recommend:public", args=[contest.pk])
    with django_assert_num_queries(QUERIES["public"]):
        assert len(client.get(url).context["rows"]) == 3 * n


QUERIES = {"city_list": 11, "track_list": 9, "matrix": 6, "summary_xlsx": 6, "summary": 12, "public": 2}


def test_publicity_form_keeps_values_and_shows_chinese_errors(client, contest, secretariat):
    login(client, secretariat)
    response = client.post(reverse("recommend:publicity_manage", args=[contest.pk]),
                           {"title": "公示", "starts_on": "2025-07-12", "ends_on": "2025-07-06"})
    assert response.context["form"].errors == {"ends_on": ["公示结束日期不能早于开始日期。"]}
    response = client.post(reverse("recommend:publicity_manage", args=[contest.pk]),
                           {"title": "公示", "starts_on": "2025-07-06", "ends_on": "2025-07-12"})
    assert response.context["form"].non_field_errors() == ["尚无已接收的推荐名单，不能发布公示。"]
    assert response.context["form"]["title"].value() == "公示"
    assert Publicity.objects.count() == 0


def test_city_list_bogus_filters_list_nothing(client, make_recommend_application, division, track, other_track,
                                              officer):
    make_recommend_application(division=division, track=track, title="余热回收技术")
    login(client, officer)
    url = reverse("recommend:division", args=[division.pk])
    for params in ({"status": "xyz"}, {"track": "abc"}, {"track": 999999}, {"status": "draft"}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert list(response.context["page"]) == []
    response = client.get(url, {"track": track.pk, "status": "submitted"})
    assert [a.title for a in response.context["page"]] == ["余热回收技术"]
    assert f'<option value="{track.pk}" selected>' in response.content.decode()
