"""The 操作记录 reads as Chinese: action names for every code the code records, per-field 修改前 → 修改后 with the
fields' verbose names, Beijing time; filters by competition, division, actor, action and dates; Excel export;
a constant number of queries."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ImprovementList
from greencomp.audit import ACTION_LABELS, audit_record, event_changes
from greencomp.models import AuditEvent
from tests.factories import sheet_rows

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_every_recorded_action_has_a_chinese_name():
    out = subprocess.run(["grep", "-rhoE", r'action="[a-z_.]+"', "--include=*.py", "applications", "competitions",
                          "greencomp", "quotas", "reviews"], cwd=ROOT, capture_output=True, text=True).stdout
    codes = {m[len('action="'):-1] for m in out.split()} - {"store_true", "synthetic"}
    assert len(codes) > 90
    assert sorted(codes - set(ACTION_LABELS)) == []
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in ACTION_LABELS.values())


def test_changes_use_verbose_names_choices_and_beijing_time(secretariat, g_city):
    lst = ImprovementList.objects.create(division=g_city)
    event = audit_record(actor=secretariat, action="grading.list_reopen", target=lst,
                         before={"status": "submitted", "submitted_at": "2026-04-08T02:30:00+00:00", "items": 3},
                         after={"status": "draft", "submitted_at": None, "items": 3}, reason="数据有误")
    assert event_changes(event) == [("状态", "已备案", "草稿"), ("备案时间", "2026-04-08 10:30", "（空）")]
    assert event.division_id == g_city.pk


def test_changes_show_rows_scores_and_counts_without_internal_keys(secretariat, competition):
    event = audit_record(actor=secretariat, action="review.sheet_save", target=competition, after={
        "contents": [{"title": "比管理水平", "text": "积极贯彻绿色发展理念"}, {"title": "降能耗", "text": "控制单耗"}],
        "scores": {"具有独立法人资格": True, "技术成熟度": "20.00", "经济效益": None}, "criteria": 26,
        "employer": "郑州大学"})
    assert event_changes(event) == [
        ("竞赛内容", "—", "比管理水平：积极贯彻绿色发展理念；降能耗：控制单耗"),
        ("各项评分", "—", "具有独立法人资格：是；技术成熟度：20.00；经济效益：（空）"), ("评分项数", "—", "26"),
        ("工作单位", "—", "郑州大学")]
    assert ACTION_LABELS["review.sheet_save"] == "保存评分表"


def _events(secretariat, g_city, g_other_city, n):
    for i in range(n):
        lst, _ = ImprovementList.objects.get_or_create(division=g_city if i % 2 == 0 else g_other_city)
        audit_record(actor=secretariat, action="grading.list_reopen", target=lst, before={"status": "submitted"},
                     after={"status": "draft"}, reason=f"原因{i}")


def test_page_shows_chinese_and_filters(client, secretariat, g_officer, g_city, g_other_city):
    _events(secretariat, g_city, g_other_city, 3)
    audit_record(actor=g_officer, action="grading.list_submit", target=g_city.improvement_list,
                 before={"status": "draft"}, after={"status": "submitted", "items": 2})
    client.force_login(secretariat)
    html = client.get(reverse("audit:list")).content.decode()
    assert "退回清单" in html and "清单备案" in html and "grading.list_reopen</td>" not in html
    assert "<b>状态</b>：已备案 → 草稿" in html
    response = client.get(reverse("audit:list"), {"division": g_other_city.pk})
    assert [r["event"].reason for r in response.context["rows"]] == ["原因1"]
    response = client.get(reverse("audit:list"), {"action": "grading.list_submit"})
    assert [r["action"] for r in response.context["rows"]] == ["清单备案"]
    response = client.get(reverse("audit:list"), {"actor": "郑州市生态"})
    assert [r["event"].actor for r in response.context["rows"]] == [g_officer]
    response = client.get(reverse("audit:list"), {"competition": g_city.competition_id, "action": "grading.list_reopen"})
    assert len(response.context["rows"]) == 3
    today = timezone.localdate()
    response = client.get(reverse("audit:list"), {"since": (today + datetime.timedelta(days=1)).isoformat()})
    assert response.context["rows"] == []
    response = client.get(reverse("audit:list"), {"since": today.isoformat(), "until": today.isoformat(),
                                                  "action": "grading.list_reopen"})
    assert len(response.context["rows"]) == 3
    response = client.get(reverse("audit:list"), {"since": "2026-13-40"})
    assert response.status_code == 200 and "since" in response.context["filters"].errors


def test_excel_export_follows_the_filters(client, secretariat, g_city, g_other_city):
    _events(secretariat, g_city, g_other_city, 3)
    client.force_login(secretariat)
    response = client.get(reverse("audit:list"), {"division": g_city.pk, "format": "xlsx"})
    rows = sheet_rows(response)
    assert rows[0][0] == "操作记录"
    assert rows[1][0] == "筛选条件：赛区：郑州市"
    assert rows[2] == ("序号", "时间（北京时间）", "操作人", "操作", "对象类型", "对象", "字段", "修改前", "修改后", "原因")
    body = rows[3:]
    assert [(r[0], r[3], r[6], r[7], r[8], r[9]) for r in body] == [
        (1, "退回清单", "状态", "已备案", "草稿", "原因2"), (2, "退回清单", "状态", "已备案", "草稿", "原因0")]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", body[0][1])
    first = AuditEvent.objects.order_by("-at", "-id").first()
    assert body[0][1] == f"{timezone.localtime(first.at):%Y-%m-%d %H:%M:%S}"


def test_page_rows_show_time_actor_scope_and_target(client, secretariat, g_city):
    _events(secretariat, g_city, g_city, 1)
    audit_record(actor=None, action="user_create", target=secretariat, after={"username": "secretariat"})
    client.force_login(secretariat)
    html = client.get(reverse("audit:list")).content.decode()
    system, reopen = AuditEvent.objects.order_by("-at", "-id")[:2]
    assert (f'<tr><td>1</td><td class="text-nowrap">{timezone.localtime(system.at):%Y-%m-%d %H:%M:%S}</td>'
            '<td>系统</td>\n    <td class="text-nowrap" title="user_create">新增账号</td>\n'
            '    <td class="small">—</td>\n') in html
    assert (f'<tr><td>2</td><td class="text-nowrap">{timezone.localtime(reopen.at):%Y-%m-%d %H:%M:%S}</td>'
            f'<td>{secretariat}</td>\n    <td class="text-nowrap" title="grading.list_reopen">退回清单</td>\n'
            f'    <td class="small">{g_city.competition.title}<br>郑州市</td>\n'
            f'    <td class="small"><span class="text-muted">{reopen.target_type.name}</span><br>'
            f'{reopen.target_repr}</td>\n') in html


@pytest.mark.parametrize("n", [1, 3])
def test_audit_page_query_count_is_constant(client, secretariat, g_city, g_other_city, n, django_assert_num_queries):
    _events(secretariat, g_city, g_other_city, n)
    client.force_login(secretariat)
    client.get(reverse("audit:list"))
    with django_assert_num_queries(6):  # division names read in the events' query, titles from the top bar's
        response = client.get(reverse("audit:list"), {"action": "grading.list_reopen"})
    assert [r["event"].reason for r in response.context["rows"]] == [f"原因{i}" for i in reversed(range(n))]


def test_division_picker_offers_the_chosen_competitions_divisions(client, secretariat, g_city, g_other_city,
                                                                  division):
    _events(secretariat, g_city, g_other_city, 2)
    client.force_login(secretariat)

    def offered(**params):
        field = client.get(reverse("audit:list"), params).context["filters"].form.fields["division"]
        return [label for _, label in field.choices]
    assert offered() == ["全部赛区"]
    title = g_city.competition.title
    assert division.competition_id != g_city.competition_id  # another competition's 郑州市: not offered
    assert offered(competition=g_city.competition_id) == ["全部赛区", *(
        f"{d.name}（{title}）" for d in g_city.competition.divisions.order_by("order", "id"))]
    assert f"郑州市（{title}）" in offered(competition=g_city.competition_id)
    assert offered(division=g_other_city.pk) == ["全部赛区", f"{g_other_city.name}（{g_city.competition.title}）"]
    response = client.get(reverse("audit:list"), {"division": g_other_city.pk})
    assert [r["event"].reason for r in response.context["rows"]] == ["原因1"]


def test_count_stops_at_the_cap_and_says_so(client, secretariat, g_city, g_other_city, monkeypatch):
    _events(secretariat, g_city, g_other_city, 5)
    client.force_login(secretariat)
    total = AuditEvent.objects.count()
    monkeypatch.setattr("greencomp.views.AUDIT_COUNT_CAP", total)
    html = client.get(reverse("audit:list")).content.decode()
    assert f"共 {total} 条</div>" in html and "以上" not in html
    monkeypatch.setattr("greencomp.views.AUDIT_COUNT_CAP", 4)
    response = client.get(reverse("audit:list"))
    html = response.content.decode()
    assert response.context["page"].paginator.count == 4 and len(response.context["rows"]) == 4
    assert "共 4 条以上（请用筛选条件缩小范围）</div>" in html
    response = client.get(reverse("audit:list"), {"division": g_other_city.pk})  # filtered below the cap: exact
    assert "共 2 条</div>" in response.content.decode()


def test_rows_escape_what_users_typed(client, secretariat, g_city):
    secretariat.full_name = "张<b>三</b>"
    secretariat.save(update_fields=["full_name"])
    lst, _ = ImprovementList.objects.get_or_create(division=g_city)
    audit_record(actor=secretariat, action="grading.list_reopen", target=lst,
                 before={"status": "submitted"}, after={"status": "draft"}, reason="<script>x</script>")
    client.force_login(secretariat)
    html = client.get(reverse("audit:list")).content.decode()
    assert "<td>张&lt;b&gt;三&lt;/b&gt;</td>" in html and "<td>&lt;script&gt;x&lt;/script&gt;</td></tr>" in html
    assert "<script>x" not in html
