"""Pages of the expert review: blind review (no other expert's scores, names or counts anywhere), isolation
(404 and nothing written), forged POSTs to locked sheets, the frozen rubric form, imports, exports, the public
notice, and query counts that do not grow with the rows."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications import services_recommend as recommend_services
from applications.models import Application, Attachment, RecommendationList
from competitions.models import Track
from greencomp.models import AuditEvent
from reviews import services_prizes as prize_services
from reviews import services_review as services
from reviews.imports_review import ExpertImport
from reviews.models import Conflict, Criterion, Expert, Objection, Prize, Score, ScoreSheet
from reviews.selectors_review import CachedRanking, track_ranking, two_places

from ..factories import PDF_BYTES, assign, score, xlsx_file

pytestmark = pytest.mark.django_db

OTHER_COMMENT = "另一位专家的保密意见ZX"


@pytest.fixture
def shared(track2, make_review_entry, pool, settings):
    """One entry assigned to both experts; other_expert has submitted 87.5 with a comment."""
    entry = make_review_entry(track2, title="共享评审项目")
    attachment = Attachment.objects.create(application=entry, category="license", file=SimpleUploadedFile(
        "a.pdf", PDF_BYTES), original_name="营业执照.pdf", size=len(PDF_BYTES), sha256="0" * 64,
        content_type="application/pdf", uploaded_by=entry.created_by)
    mine = assign(entry, pool["expert"])
    theirs = assign(entry, pool["other_expert"])
    score(theirs, [21.5, 26, 22, 18], comment=OTHER_COMMENT)  # 87.5
    return {"entry": entry, "mine": mine, "theirs": theirs, "attachment": attachment}


def _text(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "ignore")
    return response.content.decode()


# ---- blind review -----------------------------------------------------------------------------------------

def test_expert_never_sees_another_experts_scores_names_or_counts(client, expert, other_expert, shared, pool):
    client.force_login(expert)
    other_code = pool["other_expert"].code
    pages = {reverse("review:tasks"): "共享评审项目", reverse("review:sheet", args=[shared["mine"].pk]): "共享评审项目",
             reverse("home"): "1 份评分表待提交"}
    for url, own in pages.items():
        html = _text(client.get(url))
        assert own in html
        for leak in ("87.5", "87.50", OTHER_COMMENT, other_expert.full_name, other_code, "已提交 1", "1 / 2"):
            assert leak not in html, (url, leak)
    # after submitting their own sheet, still nothing of the other
    score(shared["mine"], [10, 10, 10, 10])
    html = _text(client.get(reverse("review:sheet", args=[shared["mine"].pk])))
    assert "40.00" in html
    for leak in ("87.5", OTHER_COMMENT, other_expert.full_name, other_code):
        assert leak not in html
    html = _text(client.get(reverse("review:tasks")))
    assert other_code not in html and "87.5" not in html


def test_expert_cannot_reach_another_experts_sheet(client, expert, shared):
    client.force_login(expert)
    theirs = shared["theirs"]
    before = list(Score.objects.filter(sheet=theirs).values_list("value", "passed"))
    events = AuditEvent.objects.count()
    for name in ("review:sheet", "review:sheet_pdf", "review:sheet_application_pdf"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.get(reverse("review:sheet_attachment", args=[theirs.pk, shared["attachment"].pk])).status_code == 404
    assert client.post(reverse("review:sheet", args=[theirs.pk]), {"action": "save", "comment": "x"}).status_code == 404
    assert client.post(reverse("review:sheet_conflict", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    assert list(Score.objects.filter(sheet=theirs).values_list("value", "passed")) == before
    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_attachment_reachable_only_through_an_assignment(client, expert, shared, track2, make_review_entry, pool):
    client.force_login(expert)
    response = client.get(reverse("review:sheet_attachment", args=[shared["mine"].pk, shared["attachment"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES
    unassigned = make_review_entry(track2, title="未分配项目")
    foreign = Attachment.objects.create(application=unassigned, category="license", file=SimpleUploadedFile(
        "b.pdf", PDF_BYTES), original_name="b.pdf", size=1, sha256="0" * 64, content_type="application/pdf",
        uploaded_by=unassigned.created_by)
    # another application's attachment through my own sheet, and the innovation download
    assert client.get(reverse("review:sheet_attachment", args=[shared["mine"].pk, foreign.pk])).status_code == 404
    assert client.get(reverse("innovation:attachment_download", args=[unassigned.pk, foreign.pk])).status_code == 404


def test_forged_post_to_a_locked_sheet_changes_nothing(client, expert, shared, track2):
    score(shared["mine"], [20, 20, 20, 20])
    client.force_login(expert)
    criteria = Criterion.objects.filter(track=track2, is_gate=False)
    payload = {"action": "submit", "comment": "篡改"} | {f"score_{c.pk}": "1" for c in criteria}
    response = client.post(reverse("review:sheet", args=[shared["mine"].pk]), payload, follow=True)
    assert "评分表已提交并锁定，不能修改。如需修改，请联系大赛秘书处退回。" in response.content.decode()
    sheet = ScoreSheet.objects.get(pk=shared["mine"].pk)
    assert (sheet.total, sheet.comment) == (80, "评审意见")
    assert sorted(Score.objects.filter(sheet=sheet, value__isnull=False).values_list("value", flat=True)) == [20] * 4


# ---- the scoring page -------------------------------------------------------------------------------------

def test_draft_keeps_values_and_errors_keep_what_was_typed(client, expert, shared, track2):
    client.force_login(expert)
    url = reverse("review:sheet", args=[shared["mine"].pk])
    c = list(Criterion.objects.filter(track=track2).order_by("order"))
    response = client.post(url, {"action": "save", f"score_{c[2].pk}": "18.5", "comment": "初步意见"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'value="18.5"' in html and "初步意见" in html
    response = client.post(url, {"action": "submit", f"score_{c[2].pk}": "30", f"score_{c[3].pk}": "22",
                                 f"gate_{c[0].pk}": "fail", "comment": "未完"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "“技术成熟度”的得分应在0至25分之间。" in html
    assert "“具有独立法人资格”判定为不通过时，请填写原因。" in html
    assert 'value="30"' in html and 'value="22"' in html and "未完" in html
    assert ScoreSheet.objects.get(pk=shared["mine"].pk).status == "draft"


def test_declaring_conflict_from_the_page(client, expert, shared):
    client.force_login(expert)
    response = client.post(reverse("review:sheet_conflict", args=[shared["mine"].pk]), {"reason": "曾任该单位顾问"})
    assert response.status_code == 302
    assert not ScoreSheet.objects.filter(pk=shared["mine"].pk).exists()
    assert client.get(reverse("review:sheet", args=[shared["mine"].pk])).status_code == 404


# ---- secretariat pages: isolation -------------------------------------------------------------------------

SECRETARIAT_GETS = ["review:manage", "review:experts", "review:expert_import", "review:expert_import_template",
                    "review:progress", "review:awards", "review:awards_xlsx", "review:awards_pdf",
                    "review:organisation_awards_xlsx", "review:notice"]
TRACK_GETS = ["review:rubric", "review:assign", "review:ranking", "review:summary_xlsx", "review:prizes"]


@pytest.mark.parametrize("username", ["officer", "other_officer", "enterprise", "other_enterprise", "expert",
                                      "other_expert", "outsider"])
def test_secretariat_pages_are_404_for_everyone_else(client, named_users, username, shared, track2):
    client.force_login(named_users[username])
    competition = track2.competition
    for name in SECRETARIAT_GETS:
        assert client.get(reverse(name, args=[competition.pk])).status_code == 404, name
    for name in TRACK_GETS:
        assert client.get(reverse(name, args=[track2.pk])).status_code == 404, name
    assert client.get(reverse("review:expert_edit", args=[shared["mine"].expert_id])).status_code == 404
    events = AuditEvent.objects.count()
    posts = [(reverse("review:assign", args=[track2.pk]), {"action": "confirm",
                                                           "pair": f"{shared['entry'].pk}:{shared['theirs'].expert_id}"}),
             (reverse("review:prizes", args=[track2.pk]), {"action": "propose"}),
             (reverse("review:rubric", args=[track2.pk]), {"form": "settings", "method": "mean"}),
             (reverse("review:sheet_reopen", args=[shared["theirs"].pk]), {"reason": "x"}),
             (reverse("review:assignment_remove", args=[shared["mine"].pk]), {}),
             (reverse("review:remind", args=[competition.pk]), {}),
             (reverse("review:expert_edit", args=[shared["mine"].expert_id]), {"title": "x", "tracks": [track2.pk]}),
             (reverse("review:notice", args=[competition.pk]), {"action": "publish", "opens_on": "2025-07-20",
                                                                "closes_on": "2025-07-25"})]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert AuditEvent.objects.count() == events
    assert ScoreSheet.objects.get(pk=shared["theirs"].pk).status == "submitted"
    assert (Prize.objects.count(), ScoreSheet.objects.count()) == (0, 2)


def test_secretariat_edits_an_expert(client, secretariat, pool, track2):
    client.force_login(secretariat)
    url = reverse("review:expert_edit", args=[pool["expert"].pk])
    client.post(url, {"title": "研究员", "city": "开封市", "tracks": [track2.pk]})
    expert = Expert.objects.get(pk=pool["expert"].pk)
    assert (expert.title, expert.city, expert.available, [t.number for t in expert.tracks.all()]) == (
        "研究员", "开封市", False, [2])
    assert AuditEvent.objects.filter(action="review.expert_update").count() == 1


def test_rubric_form_is_read_only_once_frozen(client, secretariat, shared, track2):
    client.force_login(secretariat)
    html = client.get(reverse("review:rubric", args=[track2.pk])).content.decode()
    assert "评分细则已冻结，只能查看" in html
    assert "保存评分细则" not in html
    c = Criterion.objects.filter(track=track2, is_gate=False).first()
    response = client.post(reverse("review:rubric", args=[track2.pk]), {"form": "rubric", f"max_{c.pk}": "50",
                                                                      f"weight_{c.pk}": "50"})
    assert "该赛道已有专家提交评分表，评分细则已冻结，不能再修改。" in response.content.decode()
    c.refresh_from_db()
    assert c.max_score == 25


def test_secretariat_assigns_with_preview_and_hand_adjustment(client, secretariat, track2, make_review_entry, pool):
    entry = make_review_entry(track2, title="待分配项目")
    client.force_login(secretariat)
    html = client.post(reverse("review:assign", args=[track2.pk]), {"action": "preview"}).content.decode()
    assert "以下为自动分配的" in html and "缺 3 名" in html
    assert ScoreSheet.objects.count() == 0
    # keep only `expert`, drop other_expert by hand
    client.post(reverse("review:assign", args=[track2.pk]), {"action": "confirm",
                                                             "pair": [f"{entry.pk}:{pool['expert'].pk}"]})
    assert list(ScoreSheet.objects.values_list("expert__user__username", flat=True)) == ["expert"]
    client.post(reverse("review:assign", args=[track2.pk]), {"action": "confirm",
                                                             f"add_{entry.pk}": str(pool["other_expert"].pk)})
    assert ScoreSheet.objects.count() == 2


def test_expert_import_is_all_or_nothing(client, secretariat, review_contest, expert, other_expert):
    def upload(rows):
        return xlsx_file([ExpertImport.columns, *rows], name="experts.xlsx")

    client.force_login(secretariat)
    url = reverse("review:expert_import", args=[review_contest.pk])
    html = client.post(url, {"file": upload([["expert", "教授", "郑州市", "1,2", "是"],
                                             ["nobody", "", "", "9", "是"]])}).content.decode()
    assert "账号“nobody”不存在，请先创建账号" in html and "赛道序号“9”不存在" in html
    assert 'name="token"' not in html
    assert Expert.objects.count() == 0
    response = client.post(url, {"file": upload([["expert", "教授", "郑州市", "1,2", "是"],
                                                 ["other_expert", "研究员", "", "5", "否"]])})
    token = response.context["token"]
    client.post(url, {"token": token})
    assert list(Expert.objects.order_by("code").values_list("user__username", "code", "available")) == [
        ("expert", "专家01", True), ("other_expert", "专家02", False)]


# ---- exports ----------------------------------------------------------------------------------------------

def test_summary_export_shows_codes_never_names(client, secretariat, shared, pool, expert, other_expert):
    score(shared["mine"], [20, 20, 20, 20])
    client.force_login(secretariat)
    response = client.get(reverse("review:summary_xlsx", args=[shared["entry"].track_id]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    header = next(row for row in ws.iter_rows(values_only=True) if row[0] == "序号")
    assert header[:9] == ("序号", "排名", "项目名称", "申报单位", "推荐单位", "评分专家1", "总分1", "评分专家2", "总分2")
    data = next(row for row in ws.iter_rows(values_only=True) if row[2] == "共享评审项目")
    assert data[5:9] == ("专家01", 80, "专家02", 87.5)
    assert data[15:18] == (2, 83.75, None)  # 5 slots, then 有效评分表数, 平均分, 去掉最高最低分后平均分
    assert expert.full_name not in cells and other_expert.full_name not in cells


def test_sheet_pdf_has_signature_lines(client, expert, shared):
    client.force_login(expert)
    response = client.get(reverse("review:sheet_pdf", args=[shared["mine"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# ---- public 公示 --------------------------------------------------------------------------------------------

def test_public_notice_404_before_publication_then_objections(client, secretariat, shared, track2):
    url = reverse("review:public", args=[track2.competition_id])
    assert client.get(url).status_code == 404
    prize_services.prizes_propose(track=track2, by=secretariat)
    today = timezone.localdate()
    prize_services.notice_publish(competition=track2.competition, opens_on=today,
                                  closes_on=today + datetime.timedelta(days=7), by=secretariat)
    html = client.get(url).content.decode()
    assert "共享评审项目" in html and "一等奖" in html and "87.5" not in html
    response = client.post(url, {"name": "王五", "phone": "110", "text": "对该项目的评审结果有异议，请核实。"})
    assert "请填写正确的电话号码" in response.content.decode()
    assert Objection.objects.count() == 0
    client.post(url, {"application": shared["entry"].pk, "name": "王五", "phone": "0371-65512345",
                      "text": "对该项目的评审结果有异议，请核实。"})
    assert list(Objection.objects.values_list("name", "application__title")) == [("王五", "共享评审项目")]


# ---- query counts -----------------------------------------------------------------------------------------

def _entries_with_sheets(track2, make_review_entry, pool, n):
    for i in range(n):
        entry = make_review_entry(track2, title=f"计数项目{i}")
        score(assign(entry, pool["expert"]), [20, 20, 20, 20 - i])
        assign(entry, pool["other_expert"])


def test_progress_shows_sheets_per_track_and_per_expert(client, secretariat, track2, make_review_entry, pool):
    _entries_with_sheets(track2, make_review_entry, pool, 2)  # each entry: one sheet submitted, one draft
    client.force_login(secretariat)
    response = client.get(reverse("review:progress", args=[track2.competition_id]))
    tracks = [(t["number"], t["assigned"], t["done"]) for t in response.context["tracks"]]
    assert tracks == [(1, 0, 0), (2, 4, 2), (3, 0, 0), (4, 0, 0), (5, 0, 0)]
    rows = [(e.number, e.label, e.name, e.done, e.assigned, e.percent) for e in response.context["page"]]
    assert rows == [(1, pool["expert"].code, pool["expert"].user.full_name, 2, 2, 100),
                    (2, pool["other_expert"].code, pool["other_expert"].user.full_name, 0, 2, 0)]
    html = _text(response)
    assert '<span class="small text-nowrap">2 / 4</span>' in html
    assert html.count('<span class="small text-nowrap">2 / 2</span>') == 1
    assert html.count('<span class="small text-nowrap">0 / 2</span>') == 1


def test_cached_ranking_follows_a_reopened_sheet(client, secretariat, track2, make_review_entry, pool):
    _entries_with_sheets(track2, make_review_entry, pool, 3)
    client.force_login(secretariat)
    url = reverse("review:ranking", args=[track2.pk])
    before = client.get(url).context["page"]
    assert [(e.application.title, e.rank, e.n) for e in before] == [
        ("计数项目0", 1, 1), ("计数项目1", 2, 1), ("计数项目2", 3, 1)]
    sheet = ScoreSheet.objects.get(application__title="计数项目0", status=ScoreSheet.Status.SUBMITTED)
    services.sheet_reopen(sheet=sheet, reason="请复核第四项得分", by=secretariat)
    after = client.get(url).context["page"]
    assert [(e.application.title, e.rank, e.n) for e in after] == [
        ("计数项目1", 1, 1), ("计数项目2", 2, 1), ("计数项目0", None, 0)]
    assert after.paginator.count == 3


def test_cached_ranking_follows_submissions_accepted_lists_and_the_method(client, secretariat, track2,
                                                                           make_review_entry, pool):
    _entries_with_sheets(track2, make_review_entry, pool, 3)
    elsewhere = make_review_entry(track2, city="开封市", title="开封项目")
    score(assign(elsewhere, pool["expert"]), [10, 10, 10, 10], gates=[(False, "证明材料不足")])
    client.force_login(secretariat)
    url = reverse("review:ranking", args=[track2.pk])

    def ranked():
        return [(e.application.title, e.rank, e.n) for e in client.get(url).context["page"]]

    assert ranked() == [("计数项目0", 1, 1), ("计数项目1", 2, 1), ("计数项目2", 3, 1), ("开封项目", None, 1)]
    body = _text(client.get(url))
    assert '<tr class="table-danger">' in body and "基本要求未通过（1/1）：" in body and "：证明材料不足</td>" in body
    late = ScoreSheet.objects.get(application__title="计数项目2", expert=pool["other_expert"])
    score(late, [25, 30, 25, 20])  # a new submission: 计数项目2 now has a mean of (78 + 100) / 2
    assert ranked()[0] == ("计数项目2", 1, 2)
    summary = client.get(reverse("review:summary_xlsx", args=[track2.pk]))  # the same cached state
    ws = load_workbook(io.BytesIO(b"".join(summary.streaming_content))).active
    data = next(row for row in ws.iter_rows(values_only=True) if row[2] == "计数项目2")
    assert data[1] == 1 and data[5:9] == (pool["expert"].code, 78, pool["other_expert"].code, 100)
    rlist = RecommendationList.objects.get(track=track2, division__name="开封市")
    recommend_services.recommendation_list_send_back(rlist=rlist, reason="材料不全，请补充", by=secretariat)
    assert [title for title, _, _ in ranked()] == ["计数项目2", "计数项目0", "计数项目1"]  # no longer under review
    services.track_settings_update(track=track2, method="zscore", exclude_same_city=False, experts_per_entry=2,
                                   tie_criterion_id=track2.review.tie_criterion_id, by=secretariat)
    fresh = Track.objects.get(pk=track2.pk)
    expected = [(e.application.title, f"{e.zscore:.2f}") for e in track_ranking(fresh)]
    assert fresh.review.method == "zscore" and [title for title, _ in expected] != ["计数项目2", "计数项目0", "计数项目1"]
    assert [(e.application.title, e.score) for e in client.get(url).context["page"]] == expected


def test_ranking_entry_of_another_page_and_a_bogus_entry(client, secretariat, track2, make_review_entry, pool):
    _entries_with_sheets(track2, make_review_entry, pool, 3)
    client.force_login(secretariat)
    url = reverse("review:ranking", args=[track2.pk])
    wanted = Application.objects.get(title="计数项目2")
    response = client.get(url, {"entry": wanted.pk, "page": 7})
    assert response.context["selected"].application == wanted
    assert [s.expert.code for s in response.context["submitted_sheets"]] == [pool["expert"].code]
    for bogus in ("0", "x", str(wanted.pk + 1000)):
        assert client.get(url, {"entry": bogus}).context["selected"] is None


@pytest.mark.parametrize("value", [2.675, 0.005, 0.015, 1.005, 99.995, 12.345, 87.5, 100.0, 0.0, -0.0, -0.001, 1e-07,
                                   1 / 3, 2 / 3, 79.99999999999999])
def test_ranking_scores_print_as_floatformat_2(value):
    assert two_places(value) == floatformat(value, 2)


def test_cached_ranking_slices_its_chunks_like_a_list():
    rows = [(i, f"row{i}") for i in range(1, 121)]
    ranking = CachedRanking.of(rows)
    assert len(ranking) == 120 and len(ranking.chunks) == 3
    for part in (slice(0, 50), slice(49, 51), slice(50, 100), slice(100, 150), slice(30, 120), slice(120, 170)):
        assert ranking[part] == rows[part]
    assert ranking[119] == rows[119]
    assert (ranking.position_of(61), ranking.position_of(999)) == (60, None)
    assert len(CachedRanking.of([])) == 0 and CachedRanking.of([])[0:50] == []


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_do_not_grow(client, secretariat, expert, track2, make_review_entry, pool, n,
                                  django_assert_num_queries):
    _entries_with_sheets(track2, make_review_entry, pool, n)
    prize_services.prizes_propose(track=track2, by=secretariat)
    Objection.objects.bulk_create([Objection(competition=track2.competition, name="甲", phone="13812345678",
                                             text="异议内容说明文字") for _ in range(n)])
    competition = track2.competition
    client.force_login(secretariat)
    pages = {
        "ranking": (reverse("review:ranking", args=[track2.pk]), 17),  # cold: the ranking is computed and cached
        "ranking, cached": (reverse("review:ranking", args=[track2.pk]), 8),  # its state, then the page's rows
        "assign": (reverse("review:assign", args=[track2.pk]), 7),
        "prizes": (reverse("review:prizes", args=[track2.pk]), 6),
        "summary": (reverse("review:summary_xlsx", args=[track2.pk]), 9),  # from the ranking cached above
        "experts": (reverse("review:experts", args=[competition.pk]), 9),
        "progress": (reverse("review:progress", args=[competition.pk]), 8),
        "awards": (reverse("review:awards", args=[competition.pk]), 7),
        "awards_xlsx": (reverse("review:awards_xlsx", args=[competition.pk]), 6),
        "notice": (reverse("review:notice", args=[competition.pk]), 7),
    }
    for name, (url, count) in pages.items():
        with django_assert_num_queries(count):
            response = client.get(url)
            _text(response)
        assert response.status_code == 200, name
    client.force_login(expert)
    with django_assert_num_queries(9):
        html = _text(client.get(reverse("review:tasks")))
    assert html.count("计数项目") == n
    Prize.objects.update(level="first")
    prize_services.notice_publish(competition=competition, opens_on=timezone.localdate(),
                                  closes_on=timezone.localdate(), by=secretariat)
    client.logout()
    with django_assert_num_queries(4):
        assert client.get(reverse("review:public", args=[competition.pk])).status_code == 200


def test_secretariat_pdfs_render(client, secretariat, shared, track2):
    prize_services.prizes_propose(track=track2, by=secretariat)
    client.force_login(secretariat)
    for url in (reverse("review:sheet_pdf", args=[shared["theirs"].pk]),
                reverse("review:awards_pdf", args=[track2.competition_id])):
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
        assert response.content.startswith(b"%PDF")
    response = client.post(reverse("review:sheet_reopen", args=[shared["theirs"].pk]), {"reason": "请复核"})
    assert response.url == reverse("review:ranking", args=[track2.pk]) + f"?entry={shared['entry'].pk}#sheets"
    assert ScoreSheet.objects.get(pk=shared["theirs"].pk).status == "draft"
