"""Pages and exports of commendation: isolation (404 and nothing written), content, query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import EntryIndicator
from greencomp.models import AuditEvent
from reviews.models import Nomination, NominationFile, NominationQuota
from reviews.selectors_commendation import quota_row_cells
from tests.factories import AwardTypeFactory, EntryFactory


def texts(response) -> str:
    return response.content.decode()


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def foreign(commendation, other_division, nominate, other_officer, settings, tmp_path):
    """A draft and a submitted nomination of 开封市 (other_officer), with a supporting file."""
    entries = commendation["entries"][other_division.pk]
    draft = nominate(commendation["unit"], entries[0], status="draft", submitted_at=None)
    sent = nominate(commendation["person"], entries[1])
    doc = NominationFile.objects.create(nomination=sent, file=SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
                                        original_name="证书.pdf", size=8, sha256="0" * 64, uploaded_by=other_officer)
    return {"draft": draft, "sent": sent, "file": doc}


def _state():
    return (list(Nomination.objects.order_by("pk").values_list("status", "selected", "escalated", "achievements",
                                                              "return_reason")),
            NominationFile.objects.count(), AuditEvent.objects.count(),
            list(NominationQuota.objects.order_by("pk").values_list("count", flat=True)))


OFFICER_URLS = [
    ("get", "commendation:nomination", "draft"), ("post", "commendation:nomination_edit", "draft"),
    ("post", "commendation:nomination_submit", "draft"), ("post", "commendation:nomination_delete", "draft"),
    ("post", "commendation:file_upload", "draft"), ("get", "commendation:file_download", "file"),
    ("post", "commendation:file_delete", "file"), ("get", "commendation:nomination", "sent"),
]
SECRETARIAT_URLS = [
    ("post", "commendation:nomination_select", "sent"), ("post", "commendation:nomination_return", "sent"),
]


@pytest.mark.parametrize("username", ["officer", "enterprise", "other_enterprise", "expert", "other_expert",
                                      "outsider"])
def test_foreign_nominations_are_404_and_nothing_written(client, named_users, foreign, username):
    client.force_login(named_users[username])
    before = _state()
    for method, name, key in OFFICER_URLS + SECRETARIAT_URLS:
        url = reverse(name, args=[foreign[key].pk])
        data = {"entry": foreign[key].pk, "achievements": "篡改", "selected": "on", "reason": "x",
                "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
        response = client.post(url, data) if method == "post" else client.get(url)
        assert (name, response.status_code) == (name, 404)
    assert _state() == before


def test_secretariat_cannot_see_or_touch_drafts(client, secretariat, foreign):
    client.force_login(secretariat)
    before = _state()
    for name in ("commendation:nomination", "commendation:nomination_edit"):
        assert client.get(reverse(name, args=[foreign["draft"].pk])).status_code == 404
    assert client.post(reverse("commendation:nomination_select", args=[foreign["draft"].pk]),
                       {"selected": "on"}).status_code == 404
    assert _state() == before


def test_secretariat_cannot_edit_a_divisions_nomination(client, secretariat, foreign):
    client.force_login(secretariat)
    before = _state()
    response = client.post(reverse("commendation:nomination_edit", args=[foreign["sent"].pk]), {"achievements": "x"})
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("username", ["officer", "other_officer", "enterprise", "expert", "outsider"])
def test_secretariat_pages_are_404_for_others(client, named_users, commendation, competition, username):
    client.force_login(named_users[username])
    award = commendation["unit"]
    before = _state()
    for name, pk in [("commendation:awards", competition.pk), ("commendation:quotas_xlsx", competition.pk),
                     ("commendation:quotas_pdf", competition.pk), ("commendation:honours_xlsx", competition.pk),
                     ("commendation:honours_pdf", competition.pk), ("commendation:award_edit", award.pk),
                     ("commendation:quotas", award.pk), ("commendation:selection", award.pk)]:
        assert (name, client.get(reverse(name, args=[pk])).status_code) == (name, 404)
    for name, pk in [("commendation:quotas", award.pk), ("commendation:award_edit", award.pk),
                     ("commendation:award_create", competition.pk),
                     ("commendation:awards_load", competition.pk)]:
        assert client.post(reverse(name, args=[pk]), {"action": "save", "count_1": "9", "total": "9"}
                           ).status_code == 404
    assert _state() == before


@pytest.mark.parametrize("username", ["officer", "enterprise", "expert", "outsider"])
def test_foreign_division_pages_are_404(client, named_users, commendation, other_division, username):
    client.force_login(named_users[username])
    before = _state()
    assert client.get(reverse("commendation:division", args=[other_division.pk])).status_code == 404
    assert client.get(reverse("commendation:division_pdf", args=[other_division.pk])).status_code == 404
    url = reverse("commendation:nomination_create", args=[other_division.pk, commendation["unit"].pk])
    assert client.post(url, {"entry": commendation["entries"][other_division.pk][0].pk}).status_code == 404
    assert _state() == before


# ---- the officer's pages --------------------------------------------------------------------------------------

def test_officer_nominates_and_is_refused_beyond_quota(client, officer, commendation, division):
    client.force_login(officer)
    award, entries = commendation["team"], commendation["entries"][division.pk]
    url = reverse("commendation:nomination_create", args=[division.pk, award.pk])
    for i, entry in enumerate(entries):
        response = client.post(url, {"entry": entry.pk, "team_name": f"节能班组{i}", "team_size": "8",
                                     "achievements": "事迹"})
        assert response.status_code == 302
    response = client.post(url, {"entry": entries[0].pk, "team_name": "第三个", "team_size": "5"})
    assert response.status_code == 200
    assert "已超出本赛区“绿色发展竞赛先进班组（车间、工段）”推荐名额（2个），不能再推荐。" in texts(response)
    assert 'value="第三个"' in texts(response)  # what was typed is kept
    assert Nomination.objects.filter(division=division).count() == 2
    page = client.get(reverse("commendation:division", args=[division.pk]))
    assert "推荐名额 <strong class=\"quota\">2</strong> 个，已推荐 2 个，剩余 0 个" in texts(page)


def test_nomination_page_shows_indicators(client, officer, commendation, division, nominate):
    entry = commendation["entries"][division.pk][0]
    EntryIndicator.objects.create(entry=entry, period="contest", year=2026, energy_total=1000, unit_consumption=90,
                                  industry_average=100, energy_saved=120)
    n = nominate(commendation["unit"], entry, status="draft", submitted_at=None)
    client.force_login(officer)
    body = texts(client.get(reverse("commendation:nomination", args=[n.pk])))
    assert "竞赛年单耗控制在同行业平均水平以内。" in body
    assert "<tr><td>节能量（tce）</td><td class=\"text-end\">—</td><td class=\"text-end\">120.00</td></tr>" in body


def test_file_upload_and_download(client, officer, commendation, division, nominate):
    n = nominate(commendation["unit"], commendation["entries"][division.pk][0], status="draft", submitted_at=None)
    client.force_login(officer)
    client.post(reverse("commendation:file_upload", args=[n.pk]),
                {"file": SimpleUploadedFile("节能证书.png", b"\x89PNG\r\n\x1a\nxxxx")})
    doc = NominationFile.objects.get()
    response = client.get(reverse("commendation:file_download", args=[doc.pk]))
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\nxxxx"


# ---- the secretariat's pages ----------------------------------------------------------------------------------

def test_quota_page_proposes_and_publishes(client, secretariat, competition, division, other_division, commendation):
    award = AwardTypeFactory(competition=competition, total=5, name="新项目")
    client.force_login(secretariat)
    url = reverse("commendation:quotas", args=[award.pk])
    client.post(url, {"action": "propose", "measure": "entries"})
    body = texts(client.get(url))
    assert [q.count for q in NominationQuota.objects.filter(award_type=award).order_by("division_id")] == [3, 2]
    assert '<div class="fs-5 fw-bold " id="quota-sum">5</div>' in body
    assert "<td class=\"text-end\">2.5000</td><td class=\"text-end\">2</td><td class=\"text-end\">0.5000</td>" \
           "<td class=\"text-end\">+1</td>" in body
    client.post(url, {"action": "save", f"count_{division.pk}": "4", f"count_{other_division.pk}": "1"})
    client.post(url, {"action": "publish"})
    award.refresh_from_db()
    assert award.quotas_published
    assert [q.count for q in NominationQuota.objects.filter(award_type=award).order_by("division_id")] == [4, 1]


def test_selection_page_filters_and_composition(client, secretariat, commendation, division, other_division,
                                                nominate):
    person = commendation["person"]
    a = nominate(person, commendation["entries"][division.pk][0], selected=True, escalated=True)
    nominate(person, commendation["entries"][other_division.pk][0], person_name="赵六", frontline=False,
             selected=True)
    nominate(person, commendation["entries"][other_division.pk][1], person_name="钱七")
    client.force_login(secretariat)
    url = reverse("commendation:selection", args=[person.pk])
    body = texts(client.get(url))
    assert '<div class="fs-5 fw-bold" id="selected-count">2 / 4</div>' in body
    assert '<div class="fs-5 fw-bold" id="frontline">1 名（50%）</div>' in body
    assert "郑州市 1</span>" in body and "开封市 1</span>" in body
    assert "钢铁 1</span>" in body and "电力 1</span>" in body
    filtered = texts(client.get(url, {"division": division.pk}))
    assert "王建国" in filtered and "赵六" not in filtered and "钱七" not in filtered
    waiting = texts(client.get(url, {"status": "unselected"}))
    assert "钱七" in waiting and "赵六" not in waiting
    response = client.post(reverse("commendation:nomination_select", args=[a.pk]), {"selected": "on"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.selected, a.escalated) == (True, True)  # un-escalating without a reason is refused


def test_selection_rows_show_state_links_and_what_the_user_may_select(client, secretariat, commendation, division,
                                                                     other_division, nominate):
    person = commendation["person"]
    chosen = nominate(person, commendation["entries"][division.pk][0], selected=True, escalated=True)
    returned = nominate(person, commendation["entries"][other_division.pk][0], person_name="赵六",
                        status=Nomination.Status.RETURNED)
    client.force_login(secretariat)
    body = texts(client.get(reverse("commendation:selection", args=[person.pk])))
    select_url = reverse("commendation:nomination_select", args=[chosen.pk])
    assert ('<span class="badge state-accepted">已入选</span> <span class="badge state-recommended">择优申报</span>'
            in body)
    assert '<span class="badge state-returned">已退回</span>' in body
    assert f'<form method="post" action="{select_url}"' in body
    assert f'<a href="{reverse("commendation:nomination", args=[returned.pk])}">查看</a>' in body
    assert f'id="sel-{chosen.pk}" checked >' in body  # a submitted nomination may be selected …
    assert f'id="sel-{returned.pk}"  disabled>' in body  # … a returned one may not (has_perm)


def test_honours_exports(client, secretariat, commendation, competition, division, other_division, nominate):
    team = commendation["team"]
    nominate(team, commendation["entries"][other_division.pk][0], team_name="=cmd|' /C calc'!A0", selected=True)
    nominate(team, commendation["entries"][division.pk][0], selected=True, escalated=True)
    client.force_login(secretariat)
    wb = workbook(client.get(reverse("commendation:honours_xlsx", args=[competition.pk])))
    assert wb.sheetnames == ["1.绿色发展竞赛先进单位", "2.绿色发展竞赛先进班组（车间、工段）", "3.绿色发展竞赛先进个人",
                             "4.河南省工人先锋号", "5.河南省五一劳动奖章"]
    ws = wb["2.绿色发展竞赛先进班组（车间、工段）"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "2026年全省重点行业绿色发展竞赛通报表扬名单"  # the document title first
    assert values[1][0] == "绿色发展竞赛先进班组（车间、工段）（2个）"
    header = values.index(["序号", "班组（车间、工段）名称", "所在单位", "所属赛区"])
    e1 = commendation["entries"][division.pk][0].organisation.name
    e2 = commendation["entries"][other_division.pk][0].organisation.name
    assert values[header + 1:header + 3] == [[1, "炼钢厂节能班组", e1, "郑州市"], [2, "=cmd|' /C calc'!A0", e2, "开封市"]]
    assert ws.cell(header + 3, 2).data_type == "s"
    esc = [[c.value for c in row] for row in wb["4.河南省工人先锋号"].iter_rows()]
    assert [esc[0][0], esc[1][0]] == ["2026年全省重点行业绿色发展竞赛通报表扬名单", "按程序申报河南省工人先锋号（1个）"]
    assert esc[-1] == [1, "炼钢厂节能班组", e1, "郑州市"]
    pdf = client.get(reverse("commendation:honours_pdf", args=[competition.pk]))
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    one = workbook(client.get(reverse("commendation:honours_xlsx", args=[competition.pk]), {"award": team.pk}))
    assert one.sheetnames == ["1.绿色发展竞赛先进班组（车间、工段）", "2.河南省工人先锋号"]


def test_home_tasks(client, officer, secretariat, commendation, division, nominate):
    nominate(commendation["unit"], commendation["entries"][division.pk][0], status="draft", submitted_at=None)
    nominate(commendation["team"], commendation["entries"][division.pk][0])
    client.force_login(officer)
    body = texts(client.get("/"))
    assert "郑州市“绿色发展竞赛先进单位”推荐名额2个，已推荐1个，1个未提交" in body
    client.force_login(secretariat)
    body = texts(client.get("/"))
    assert "2026年全省重点行业绿色发展竞赛“绿色发展竞赛先进班组（车间、工段）”有1个推荐待评选（已入选0/4）" in body


def test_quota_table_export(client, secretariat, commendation, competition):
    client.force_login(secretariat)
    wb = workbook(client.get(reverse("commendation:quotas_xlsx", args=[competition.pk])))
    values = [[c.value for c in row] for row in wb.active.iter_rows()]
    assert values[0][0] == "2026年全省重点行业绿色发展竞赛推荐名额分配表"
    assert values[1:] == [
        ["序号", "赛区", "绿色发展竞赛先进单位", "绿色发展竞赛先进班组（车间、工段）", "绿色发展竞赛先进个人", "合计"],
        [1, "郑州市", 2, 2, 2, 6], [2, "开封市", 2, 2, 2, 6], [None, "合计", 4, 4, 4, 12],
        [None, "评选总数", 4, 4, 4, 12]]


# ---- query counts: 1 item and 3 items, the same number of queries -------------------------------------------------

def _grow(commendation, division, nominate, n):
    """n submitted, selected nominations of the individual award in `division` (quota raised to fit)."""
    person = commendation["person"]
    NominationQuota.objects.filter(award_type=person, division=division).update(count=5)
    person.total = 5
    person.save()
    for _ in range(n):
        nominate(person, EntryFactory(division=division, industry="化工"), selected=True)
    return person


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_officer_pages(client, officer, commendation, division, nominate, django_assert_num_queries, n):
    _grow(commendation, division, nominate, n)
    client.force_login(officer)
    client.get("/")  # warm the session
    with django_assert_num_queries(12):  # + the 通报表扬 state (its link once published)
        assert client.get(reverse("commendation:division", args=[division.pk])).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(reverse("commendation:division_pdf", args=[division.pk])).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_secretariat_pages(client, secretariat, commendation, competition, division, nominate,
                                        django_assert_num_queries, n):
    person = _grow(commendation, division, nominate, n)
    client.force_login(secretariat)
    client.get("/")
    with django_assert_num_queries(11):  # the page's enterprises are read for its rows only
        assert client.get(reverse("commendation:selection", args=[person.pk])).status_code == 200
    with django_assert_num_queries(6):  # the quotas read with their divisions (subqueries)
        assert client.get(reverse("commendation:quotas", args=[person.pk])).status_code == 200
    with django_assert_num_queries(10):  # + the 通报表扬 state
        assert client.get(reverse("commendation:awards", args=[competition.pk])).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts_exports(client, secretariat, commendation, competition, division, nominate,
                              django_assert_num_queries, n):
    _grow(commendation, division, nominate, n)
    client.force_login(secretariat)
    client.get("/")
    for name, count in [("commendation:honours_xlsx", 6), ("commendation:honours_pdf", 6),
                        ("commendation:quotas_xlsx", 7), ("commendation:quotas_pdf", 7)]:
        with django_assert_num_queries(count):
            response = client.get(reverse(name, args=[competition.pk]))
            assert response.status_code == 200
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)


def test_award_create_page(client, secretariat, competition, commendation):
    client.force_login(secretariat)
    url = reverse("commendation:award_create", args=[competition.pk])
    response = client.post(url, {"name": "绿色发展竞赛先进单位", "nominee_kind": "unit", "total": "5",
                                 "escalation_count": "0"})
    assert "表彰项目“绿色发展竞赛先进单位”已存在。" in texts(response)
    response = client.post(url, {"name": "节能技术标兵", "nominee_kind": "individual", "total": "10",
                                 "escalation_name": "河南省五一劳动奖章", "escalation_count": "2"})
    assert response.status_code == 302
    assert list(competition.award_types.filter(name="节能技术标兵").values_list(
        "nominee_kind", "total", "escalation_name", "escalation_count", "order")) == [
        ("individual", 10, "河南省五一劳动奖章", 2, 4)]
    assert AuditEvent.objects.filter(action="commendation.award_create").count() == 1


def test_award_edit_page_shows_its_fields_and_the_way_back(client, secretariat, competition, commendation):
    award = commendation["unit"]
    client.force_login(secretariat)
    page = texts(client.get(reverse("commendation:award_edit", args=[award.pk])))
    assert "一、评选总数与择优申报" in page
    assert [label in page for label in ("评选总数", "择优申报荣誉", "择优申报数", "修改理由")] == [True] * 4
    back = reverse("commendation:awards", args=[award.competition_id])
    assert f'<button class="btn btn-primary" type="submit">保存</button><a class="btn btn-link" href="{back}">取消</a>' in page


# The rows' template before quota_row_cells wrote them: the row's HTML must stay what it rendered.
OLD_QUOTA_ROW = """{% for r in rows %}<tr{% if r.basis.tie %} class="table-warning"{% endif %}>
    <td>{{ forloop.counter }}</td><td>{{ r.division.name }}</td>
    <td class="text-end"><input type="number" step="any" min="0" name="score_{{ r.division.pk }}" class="form-control form-control-sm text-end" style="width:6em" aria-label="{{ r.division.name }}评分" value="{% if r.basis.measure_key == 'score' %}{{ r.basis.measure }}{% endif %}"></td>
    {% if r.basis %}<td class="text-end">{{ r.basis.measure }}</td><td class="text-end">{{ r.basis.share }}</td><td class="text-end">{{ r.basis.floor }}</td><td class="text-end">{{ r.basis.remainder }}</td><td class="text-end">{% if r.basis.bonus %}+1{% endif %}</td>
    <td class="small">{% if not r.basis.eligible %}<span class="badge state-late">{{ r.basis.note }}</span>{% elif r.basis.tie %}{{ r.basis.note }}{% endif %}{% if r.basis.edited %} <span class="badge text-bg-info">已手工调整</span>{% endif %}</td>
    {% else %}<td colspan="6" class="text-muted small">—</td>{% endif %}
    <td><input type="number" min="0" name="count_{{ r.division.pk }}" value="{{ r.count }}" class="form-control form-control-sm text-end" aria-label="{{ r.division.name }}推荐名额"></td>
    <td class="text-end">{{ r.used }}</td>
  </tr>{% endfor %}"""


@pytest.mark.parametrize("basis", [
    {}, {"measure_key": "entries", "measure": 70, "share": "14.0000", "floor": 14, "remainder": "0.0000", "bonus": 0,
         "eligible": True, "tie": False, "note": ""},
    {"measure_key": "score", "measure": 85.5, "share": "2.5000", "floor": 2, "remainder": "0.5000", "bonus": 1,
     "eligible": True, "tie": True, "note": "并列<末位>", "edited": True},
    {"measure_key": "entries", "measure": 0, "share": "0.0000", "floor": 0, "remainder": "0.0000", "bonus": 0,
     "eligible": False, "tie": False, "note": "未按时报送参赛名单"}])
def test_quota_rows_html_is_what_the_template_wrote(division, basis):
    division.name = "郑州<市>"
    rows = [{"division": division, "count": 3, "basis": basis, "used": 2}]
    expected = engines["django"].from_string(OLD_QUOTA_ROW).render({"rows": rows})
    assert quota_row_cells(rows)[0]["html"] == expected
