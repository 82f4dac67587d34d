"""The competition dashboard (看板): every number equals the count of the list page or selector it summarises;
an officer sees only their own division; the query count does not grow with divisions or entries; a
competition without divisions shows an empty state."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Application, EnterpriseIndustry, EntryDocument
from applications.selectors_labour import division_entries, fill_rate_rows
from applications.selectors_recommend import division_applications, recommended_in
from competitions.enums import CompetitionKind, PhaseKind, Role
from greencomp.selectors_dashboard import dashboard_of
from quotas.models import QuotaTable
from quotas.selectors_grading import city_shares, item_progress
from reviews.models import Nomination, Prize
from reviews.selectors_commendation import quota_rows, selection_queryset
from reviews.selectors_review import awarded_prizes, track_progress

from ..factories import (
    CompetitionFactory,
    DivisionFactory,
    EntryFactory,
    MembershipFactory,
    PhaseFactory,
    QuotaFactory,
    UserFactory,
    assign,
    full_marks,
    indicator,
    score,
)

pytestmark = pytest.mark.django_db


def url(competition):
    return f"/dashboard/{competition.pk}/"


def rows_of(board, key):
    return board.panel(key).rows


def column(rows, index):
    return {row[1]: row[index] for row in rows}


# ---- labour ---------------------------------------------------------------------------------------------

@pytest.fixture
def labour(registration_open, competition, division, other_division, make_labour_entry, submit_labour_list):
    """郑州市: 3 entries of 5, list submitted; 开封市: 1 entry of 5, not submitted."""
    for _ in range(3):
        make_labour_entry(division)
    make_labour_entry(other_division)
    EntryFactory(division=other_division, status="withdrawn")  # a withdrawn entry is not counted
    submit_labour_list(division)
    return competition


def test_labour_fill_rates_equal_the_fill_rate_list(client, secretariat, labour, division, other_division):
    board = dashboard_of(secretariat, labour)
    fill = rows_of(board, "fill")
    listed = fill_rate_rows(secretariat, labour)
    assert column(fill, 3) == {r["division"].name: r["registered"] for r in listed}
    assert column(fill, 3) == {"郑州市": division_entries(division).count(), "开封市": division_entries(other_division).count()}
    assert fill == [[1, "郑州市", 5, 3, pytest.approx(60), "已报送"], [2, "开封市", 5, 1, pytest.approx(20), "未报送"]]
    assert rows_of(board, "status") == [["已报送", 1], ["未报送", 1], ["逾期未报送", 0]]
    assert [(k.label, k.value) for k in board.kpis[:3]] == [("赛区", 2), ("参赛名额", 10), ("已登记", 4)]


def test_labour_documents_equal_the_entries_records(secretariat, labour, division, other_division, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second, _third = division_entries(division)
    for entry, kind in ((first, "plan"), (first, "summary"), (second, "plan")):
        EntryDocument.objects.create(entry=entry, kind=kind, file=ContentFile(b"%PDF-1.4", name="a.pdf"),
                                     original_name="材料.pdf", size=8, sha256="0" * 64, uploaded_by=first.created_by)
    indicator(first)
    indicator(first, period="baseline", year=2025)  # a baseline alone is not the competition year's report
    indicator(second, period="baseline", year=2025)
    rows = {row[1]: row[2:] for row in rows_of(dashboard_of(secretariat, labour), "documents")}
    plans = EntryDocument.objects.filter(entry__division=division, kind="plan").values("entry").distinct().count()
    assert rows["郑州市"] == [division_entries(division).count(), plans, 1, 1]
    assert rows["郑州市"] == [3, 2, 1, 1]
    assert rows["开封市"] == [1, 0, 0, 0]


def test_labour_late_division_is_listed(secretariat, labour, registration_open, other_division):
    phase = registration_open["phase"]
    phase.opens_at, phase.closes_at = timezone.now() - datetime.timedelta(days=20), timezone.now() - datetime.timedelta(days=1)
    phase.save()
    labour.refresh_from_db()
    board = dashboard_of(secretariat, labour)
    late = [r["division"].name for r in fill_rate_rows(secretariat, labour) if r["late"]]
    assert late == ["开封市"]
    assert [r[1] for r in rows_of(board, "late")] == late
    assert rows_of(board, "status") == [["已报送", 1], ["未报送", 0], ["逾期未报送", 1]]


def test_labour_map_shows_the_cities(secretariat, labour):
    chart = dashboard_of(secretariat, labour).panel("map").chart
    assert chart["map"] == "河南"
    assert chart["data"] == [{"name": "郑州市", "value": 60.0}, {"name": "开封市", "value": 20.0}]


def test_nominations_per_award_equal_the_quota_and_selection_pages(secretariat, commendation, nominate, division):
    unit = commendation["unit"]
    zz, kf = commendation["entries"][division.pk], next(v for k, v in commendation["entries"].items() if k != division.pk)
    nominate(unit, zz[0])
    nominate(unit, zz[1], status=Nomination.Status.DRAFT)
    nominate(unit, kf[0], selected=True)
    board = dashboard_of(secretariat, unit.competition)
    awards = {row[0]: row for row in rows_of(board, "awards")}
    used = sum(r["used"] for r in quota_rows(unit))
    places = sum(r["count"] for r in quota_rows(unit))
    sent = selection_queryset(unit).count()
    assert awards[unit.name] == [unit.name, unit.total, places, used, sent, 1]
    assert awards[unit.name] == [unit.name, 4, 4, 3, 2, 1]


def test_officer_sees_only_own_division(client, officer, competition, commendation, nominate, division):
    """开封市 has entries, a submitted list and a nomination: none of it reaches 郑州市's officer."""
    kf_entry = next(v for k, v in commendation["entries"].items() if k != division.pk)[0]
    nominate(commendation["unit"], kf_entry)
    labour = competition
    board = dashboard_of(officer, labour)
    assert board.scoped is True
    assert [r[1] for r in rows_of(board, "fill")] == ["郑州市"]
    assert {row[0]: row[2:] for row in rows_of(board, "awards")}[commendation["unit"].name] == [2, 0, 0, 0]
    client.force_login(officer)
    response = client.get(url(labour))
    assert response.status_code == 200
    assert "开封市" not in response.content.decode()
    export = client.get(f"/dashboard/{labour.pk}/export/fill/")
    ws = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    names = [row[1] for row in ws.iter_rows(values_only=True)]
    assert "郑州市" in names and "开封市" not in names


def test_export_rows_equal_the_page_table(client, secretariat, labour):
    client.force_login(secretariat)
    response = client.get(f"/dashboard/{labour.pk}/export/fill/")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == f"{labour.title} · 各赛区填报率"
    header = rows.index(("序号", "赛区", "名额", "已登记", "填报率（%）", "报送状态"))
    assert rows[header + 1:header + 3] == [(1, "郑州市", 5, 3, 60, "已报送"), (2, "开封市", 5, 1, 20, "未报送")]
    pdf = client.get(f"/dashboard/{labour.pk}/export/fill/?format=pdf")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert client.get(f"/dashboard/{labour.pk}/export/nothing/").status_code == 404


def test_page_shows_every_panel_with_its_table_and_chart_data(client, secretariat, labour):
    client.force_login(secretariat)
    response = client.get(url(labour))
    html = response.content.decode()
    keys = [p.key for p in response.context["board"].panels]
    assert keys == ["phases", "status", "fill", "map", "late", "documents", "awards"]
    for key in keys:
        assert f'id="panel-{key}"' in html
        assert f'data-panel-table="{key}"' in html
    assert '<script id="chart-fill" type="application/json">' in html
    assert "<script>" not in html  # CSP: no inline script


@pytest.mark.parametrize("user_name, status", [("secretariat", 200), ("officer", 200), ("other_officer", 200),
                                                ("expert", 403), ("enterprise", 403), ("outsider", 404)])
def test_who_may_open_the_dashboard(client, named_users, labour, user_name, status):
    client.force_login(named_users[user_name])
    assert client.get(url(labour)).status_code == status
    export = client.get(f"/dashboard/{labour.pk}/export/fill/")
    export.close()  # the workbook's temporary file
    assert export.status_code == status


def test_foreign_competition_is_404(client, officer, labour):
    foreign = CompetitionFactory(title="另一竞赛")
    DivisionFactory(competition=foreign, name="洛阳市", city="洛阳市")
    client.force_login(officer)
    assert client.get(url(foreign)).status_code == 404
    assert client.get(f"/dashboard/{foreign.pk}/export/fill/").status_code == 404


def _labour_world(n):
    competition = CompetitionFactory(title="查询次数竞赛")
    PhaseFactory(competition=competition)
    table = QuotaTable.objects.create(competition=competition, notice_total=10 * n, status="published")
    for i in range(n):
        d = DivisionFactory(competition=competition, name=f"赛区{i}", city="郑州市", order=i)
        QuotaFactory(table=table, division=d, entries=10)
        for _ in range(n):
            EntryFactory(division=d)
    return competition


@pytest.mark.parametrize("n", [1, 3])
def test_labour_dashboard_query_count_is_constant(client, secretariat, n, django_assert_num_queries):
    competition = _labour_world(n)
    client.force_login(secretariat)
    client.get(url(competition))
    with django_assert_num_queries(12):
        response = client.get(url(competition))
    assert len(response.context["board"].panel("fill").rows) == n


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_export_query_count_is_constant(client, secretariat, n, django_assert_num_queries):
    competition = _labour_world(n)
    client.force_login(secretariat)
    client.get(url(competition))
    with django_assert_num_queries(11):
        response = client.get(f"/dashboard/{competition.pk}/export/fill/")
        ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sum(1 for row in ws.iter_rows(values_only=True) if isinstance(row[0], int) and str(row[1]).startswith("赛区")) == n


# ---- innovation -----------------------------------------------------------------------------------------

@pytest.fixture
def contest_apps(contest, division, other_division, track, other_track, make_recommend_application):
    make_recommend_application(division=division, track=track)
    make_recommend_application(division=division, track=track, status=Application.Status.RECOMMENDED)
    make_recommend_application(division=division, track=other_track, status=Application.Status.RETURNED)
    make_recommend_application(division=other_division, track=track, status=Application.Status.RECOMMENDED)
    make_recommend_application(division=other_division, track=track, status=Application.Status.DRAFT)
    return contest


def test_innovation_counts_equal_the_city_review_lists(secretariat, contest_apps, division, track, other_track):
    contest_apps.refresh_from_db()
    board = dashboard_of(secretariat, contest_apps)
    tracks = {row[1]: row[2:] for row in rows_of(board, "tracks")}  # 草稿, 已提交, 已退回, 已推荐, 已撤回
    assert tracks[track.name] == [1, 1, 0, 2, 0]
    assert tracks[other_track.name] == [0, 0, 1, 0, 0]
    assert tracks[track.name][1] == sum(division_applications(d, track=track, status="submitted").count()
                                        for d in contest_apps.divisions.all())
    recommend = {row[1]: row for row in rows_of(board, "recommend")}
    assert recommend["郑州市"][2:4] == [division_applications(division).count(),
                                       recommended_in(division, track).count()]
    assert recommend["郑州市"][2:4] == [3, 1]
    assert rows_of(board, "status") == [["草稿", 1], ["已提交", 1], ["已退回", 1], ["已推荐", 2], ["已撤回", 0]]


def test_innovation_officer_sees_own_city_and_no_review(officer, contest_apps, track):
    contest_apps.refresh_from_db()
    board = dashboard_of(officer, contest_apps)
    assert [row[1] for row in rows_of(board, "recommend")] == ["郑州市"]
    assert {row[1]: row[2:] for row in rows_of(board, "tracks")}[track.name] == [0, 1, 0, 1, 0]
    assert board.panel("review") is None


def test_review_progress_equals_the_progress_page(secretariat, review_contest, make_review_entry, track2, pool):
    application = make_review_entry(track2)
    score(assign(application, pool["expert"]), full_marks(track2))
    assign(application, pool["other_expert"])
    review_contest.refresh_from_db()
    board = dashboard_of(secretariat, review_contest)
    rows = {row[1]: row[2:5] for row in rows_of(board, "review")}
    expected = {t.name: [t.assigned, t.done, t.assigned - t.done] for t in track_progress(review_contest)}
    assert rows == expected
    assert rows[track2.name] == [2, 1, 1]


def test_prizes_per_track_equal_the_award_list(secretariat, review_contest, make_review_entry, track2):
    first, second, third = (make_review_entry(track2) for _ in range(3))
    for rank, (application, level) in enumerate(((first, "first"), (second, "second"), (third, "none")), start=1):
        Prize.objects.create(track=track2, application=application, rank=rank, proposed_level=level, level=level)
    review_contest.refresh_from_db()
    rows = {row[1]: row[2:] for row in rows_of(dashboard_of(secretariat, review_contest), "prizes")}
    awarded = awarded_prizes(review_contest)
    assert sum(sum(r) for r in rows.values()) == len(awarded) == 2
    assert rows[track2.name] == [1, 1, 0, 0]


def _innovation_world(n, contest, make_recommend_application, track):
    for i in range(n):
        d = DivisionFactory(competition=contest, name=f"城市{i}", city="郑州市", order=10 + i)
        for _ in range(n):
            make_recommend_application(division=d, track=track)


@pytest.mark.parametrize("n", [1, 3])
def test_innovation_dashboard_query_count_is_constant(client, secretariat, contest, track, make_recommend_application,
                                                      n, django_assert_num_queries):
    _innovation_world(n, contest, make_recommend_application, track)
    client.force_login(secretariat)
    client.get(url(contest))
    with django_assert_num_queries(11):
        response = client.get(url(contest))
    assert response.status_code == 200


# ---- grading --------------------------------------------------------------------------------------------

@pytest.fixture
def graded(grading, g_city, g_other_city, make_enterprise, make_item, g_officer):
    a = make_enterprise(g_city, "华鑫铸造", ["铸造", "工业涂装"], "B")
    make_enterprise(g_city, "豫中砖瓦", ["砖瓦窑"], "D")
    make_enterprise(g_other_city, "汴龙铸业", ["铸造"], "C")
    make_item(a, "铸造", target="A", by=g_officer)
    return grading


def test_grading_numbers_equal_the_grading_selectors(secretariat, graded):
    board = dashboard_of(secretariat, graded)
    cities = {row[1]: row[2:] for row in rows_of(board, "cities")}
    assert cities == {r.label: [r.total, r.good, r.share, f"≥{r.target.normalize():f}", r.needed]
                      for r in city_shares(graded)}
    assert cities["郑州市"][:2] == [2, 1]
    levels = dict(map(tuple, rows_of(board, "levels")))
    assert levels["B"] == EnterpriseIndustry.objects.filter(enterprise__competition=graded, level="B").count() == 2
    assert (levels["C"], levels["D"]) == (1, 1)
    items = {row[1]: row[2:] for row in rows_of(board, "items")}
    assert items == {r.label: [r.total, r.achieved, r.due_soon, r.overdue] for r in item_progress(graded)}
    assert items["郑州市"] == [1, 0, 0, 0]


def test_grading_officer_sees_own_city_only(client, g_officer, graded):
    board = dashboard_of(g_officer, graded)
    assert [row[1] for row in rows_of(board, "cities")] == ["郑州市"]
    assert [row[1] for row in rows_of(board, "filing")] == ["郑州市"]
    assert dict(map(tuple, rows_of(board, "levels")))["C"] == 0  # 开封市's C enterprise is not counted
    client.force_login(g_officer)
    assert "开封市" not in client.get(url(graded)).content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_grading_dashboard_query_count_is_constant(client, secretariat, grading, g_city, make_enterprise, n,
                                                   django_assert_num_queries):
    for i in range(n):
        make_enterprise(g_city, f"企业{i}", ["铸造", "工业涂装"], "B")
    client.force_login(secretariat)
    client.get(url(grading))
    with django_assert_num_queries(14):
        response = client.get(url(grading))
    assert response.status_code == 200


def test_fresh_grading_campaign_without_divisions_renders_an_empty_state(client, secretariat):
    campaign = CompetitionFactory(kind=CompetitionKind.GRADING, title="2027年绩效分级提升行动")
    client.force_login(secretariat)
    response = client.get(url(campaign))
    assert response.status_code == 200
    assert "本竞赛尚未设置赛区（省辖市）" in response.content.decode()
    assert [p.key for p in response.context["board"].panels] == ["phases"]
    grading_page = client.get(f"/grading/{campaign.pk}/")
    assert grading_page.status_code == 200
    assert "本行动尚未设置省辖市" in grading_page.content.decode()


# ---- the timeline ---------------------------------------------------------------------------------------

def test_timeline_marks_today_and_each_phase_state(secretariat):
    competition = CompetitionFactory()
    DivisionFactory(competition=competition, name="郑州市")
    now = timezone.now()
    PhaseFactory(competition=competition, kind=PhaseKind.REGISTRATION, name="报送",
                 opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1))
    PhaseFactory(competition=competition, kind=PhaseKind.SUMMARY, name="总结",
                 opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=10))
    PhaseFactory(competition=competition, kind=PhaseKind.COMMENDATION, name="表彰",
                 opens_at=now + datetime.timedelta(days=20), closes_at=now + datetime.timedelta(days=30))
    panel = dashboard_of(secretariat, competition, now=now).panel("phases")
    assert [(row[1], row[4]) for row in panel.rows] == [("报送", "已截止"), ("总结", "进行中"), ("表彰", "未开始")]
    assert panel.chart["today"] == int(now.timestamp() * 1000)
    assert [p["state"] for p in panel.chart["phases"]] == ["已截止", "进行中", "未开始"]


def test_competition_page_links_to_the_dashboard(client, officer, secretariat, labour):
    link = f'href="/dashboard/{labour.pk}/"'
    for user in (secretariat, officer):
        client.force_login(user)
        assert link in client.get(f"/competitions/{labour.pk}/").content.decode()


def test_member_without_division_role_cannot_open(client, labour):
    expert_only = UserFactory(username="expert_only")
    MembershipFactory(user=expert_only, role=Role.EXPERT, competition=labour)
    client.force_login(expert_only)
    assert client.get(url(labour)).status_code == 403
