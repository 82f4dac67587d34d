import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from competitions import services
from competitions.enums import CompetitionStatus, DivisionKind, PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase
from greencomp import competition_setup
from greencomp.models import AuditEvent, User
from greencomp.seed.accounts import seed_accounts
from greencomp.seed.quotas import seed_labour_demo, synthetic_labour
from quotas.models import Quota, QuotaTable

from ..factories import DivisionFactory, UserFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

COMPETITION_POST = {
    "kind": "labour", "title": "2027年全省重点行业绿色发展竞赛", "year": "2027", "organisers": "河南省总工会",
    "doc_number": "豫工文〔2027〕1号", "issue_date": "2027-04-01", "theme": "", "scope": "全省重点行业",
    "total_quota": "1000", "status": "draft", "contents_text": "比管理水平：健全竞赛组织机构\n降能耗：控制在平均水平以内",
}


def _phase_post(competition=None, **fields):
    data = {"phases-TOTAL_FORMS": "1", "phases-INITIAL_FORMS": "0", "phases-MIN_NUM_FORMS": "0",
            "phases-MAX_NUM_FORMS": "1000"}
    data.update({f"phases-0-{k}": v for k, v in fields.items()})
    return data


# ---- create / edit -------------------------------------------------------------------------------------------

def test_secretariat_creates_a_competition(client, secretariat):
    client.force_login(secretariat)
    data = {**COMPETITION_POST, "phases-TOTAL_FORMS": "0", "phases-INITIAL_FORMS": "0",
            "award_types-TOTAL_FORMS": "0", "award_types-INITIAL_FORMS": "0"}
    response = client.post(reverse("setup:create") + "?kind=labour&year=2027", data)
    competition = Competition.objects.get(title="2027年全省重点行业绿色发展竞赛")
    assert response.url == reverse("setup:divisions_from_notice", args=[competition.pk])
    assert competition.contents == [{"title": "比管理水平", "text": "健全竞赛组织机构"},
                                    {"title": "降能耗", "text": "控制在平均水平以内"}]
    assert competition.issue_date == datetime.date(2027, 4, 1)
    assert AuditEvent.objects.get(action="competition_create").actor == secretariat


def test_edit_saves_phases_in_shanghai_time(client, secretariat, competition):
    client.force_login(secretariat)
    data = {**COMPETITION_POST, "title": competition.title, "year": "2026", "status": "active",
            **_phase_post(kind="registration", name="报送参赛企业名单", opens_at="2026-04-08T00:00",
                          closes_at="2026-06-08T23:59")}
    response = client.post(reverse("setup:edit", args=[competition.pk]), data)
    assert response.status_code == 302
    phase = Phase.objects.get(competition=competition)
    assert phase.closes_at == datetime.datetime(2026, 6, 8, 23, 59, tzinfo=SHANGHAI)
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"competition_update", "phase_create"}


def test_edit_refuses_phase_closing_before_it_opens(client, secretariat, competition):
    client.force_login(secretariat)
    data = {**COMPETITION_POST, "title": competition.title,
            **_phase_post(kind="registration", name="报名", opens_at="2026-06-08T00:00",
                          closes_at="2026-04-08T00:00")}
    response = client.post(reverse("setup:edit", args=[competition.pk]), data)
    assert response.context["formset"].errors == [{"closes_at": ["截止时间不能早于开始时间。"]}]
    assert not Phase.objects.exists()
    assert Competition.objects.get(pk=competition.pk).title == competition.title


def test_total_quota_change_follows_into_the_draft_quota_table(secretariat, quota_table):
    competition = quota_table.competition
    competition_setup.competition_update(competition=competition, data={"total_quota": 120}, by=secretariat)
    quota_table.refresh_from_db()
    assert quota_table.notice_total == 120


# ---- divisions ----------------------------------------------------------------------------------------------

def test_division_create_edit_and_reorder(client, secretariat, competition, division, other_division):
    client.force_login(secretariat)
    response = client.post(reverse("competitions:division_create", args=[competition.pk]), {
        "name": "中牟县", "kind": DivisionKind.COUNTY, "parent": division.pk, "city": "郑州市"})
    assert response.status_code == 302
    county = Division.objects.get(name="中牟县")
    assert (county.parent, county.competition, county.order) == (division, competition, 1)
    response = client.post(reverse("competitions:division_create", args=[competition.pk]), {
        "name": "郑州市", "kind": DivisionKind.CITY})
    assert response.context["form"].errors == {"name": ["本竞赛已有名为“郑州市”的赛区。"]}
    response = client.post(reverse("competitions:division_edit", args=[competition.pk, division.pk]), {
        "name": "郑州市", "kind": DivisionKind.CITY, "parent": county.pk})
    assert response.context["form"].errors == {"parent": ["上级赛区不能是本赛区或其下级赛区。"]}
    client.post(reverse("competitions:division_move", args=[competition.pk, county.pk]), {"direction": "up"})
    order = list(Division.objects.filter(competition=competition).order_by("order", "id").values_list("name", flat=True))
    assert order == ["郑州市", "中牟县", "开封市"]


# ---- permissions ---------------------------------------------------------------------------------------------

MANAGE_URLS = ["setup:edit", "setup:copy", "competitions:divisions", "competitions:division_create"]


@pytest.mark.parametrize("name", MANAGE_URLS)
@pytest.mark.parametrize("username,status", [("officer", 403), ("other_officer", 403), ("expert", 403),
                                             ("enterprise", 403), ("outsider", 404)])
def test_secretariat_pages_refused_and_nothing_written(client, named_users, competition, name, username, status):
    client.force_login(named_users[username])
    url = reverse(name, args=[competition.pk])
    events = AuditEvent.objects.count()
    assert client.get(url).status_code == status
    assert client.post(url, {**COMPETITION_POST, "name": "新赛区", "kind": "city", "year": "2030"}).status_code == status
    assert Competition.objects.count() == 1
    assert Division.objects.filter(name="新赛区").count() == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("name", ["competitions:division_edit", "competitions:division_move"])
@pytest.mark.parametrize("username,status", [("officer", 403), ("outsider", 404)])
def test_division_actions_refused(client, named_users, competition, division, name, username, status):
    client.force_login(named_users[username])
    url = reverse(name, args=[competition.pk, division.pk])
    response = client.post(url, {"name": "改名", "kind": "city", "direction": "down", "username": username})
    assert response.status_code == status
    assert Division.objects.get(pk=division.pk).name == "郑州市"
    assert Membership.objects.filter(division=division, user__username=username).exists() == (username == "officer")


@pytest.mark.parametrize("username", ["officer", "expert", "enterprise", "outsider"])
def test_only_platform_secretariat_creates(client, named_users, username):
    client.force_login(named_users[username])
    assert client.post(reverse("setup:create"), COMPETITION_POST).status_code == 403
    assert not Competition.objects.filter(title=COMPETITION_POST["title"]).exists()


def test_secretariat_of_a_foreign_competition_gets_404(client, competition, henan_2022):
    user = UserFactory(username="henan-secretariat")
    Membership.objects.create(user=user, role=Role.SECRETARIAT, competition=henan_2022)
    client.force_login(user)
    assert client.get(reverse("competitions:divisions", args=[henan_2022.pk])).status_code == 200
    assert client.get(reverse("competitions:divisions", args=[competition.pk])).status_code == 404
    assert client.get(reverse("quota_tables:edit", args=[competition.pk])).status_code == 404


# ---- copy ----------------------------------------------------------------------------------------------------

def test_copy_2022_into_a_2023_draft(client, secretariat, henan_2022):
    client.force_login(secretariat)
    response = client.post(reverse("setup:copy", args=[henan_2022.pk]), {"year": "2023", "title": ""})
    copy = Competition.objects.get(year=2023)
    assert response.url == reverse("competitions:detail", args=[copy.pk])
    assert (copy.title, copy.status, copy.copied_from, copy.doc_number) == (
        "2023年全省重点行业绿色发展竞赛", CompetitionStatus.DRAFT, henan_2022, "")
    quotas = list(Quota.objects.filter(table__competition=copy).order_by("division__order")
                  .values_list("division__name", "entries"))
    assert len(quotas) == 31 and quotas[0] == ("郑州市", 70) and sum(n for _, n in quotas) == 1000
    assert copy.quota_table.status == QuotaTable.Status.DRAFT
    assert copy.quota_table.display_title == "2023年全省重点行业绿色发展竞赛参赛企业分配表"
    assert copy.phase(PhaseKind.REGISTRATION).closes_at == datetime.datetime(2023, 6, 8, 23, 59, 59, tzinfo=SHANGHAI)
    assert AuditEvent.objects.get(action="competition_copy").after["divisions"] == 31
    response = client.post(reverse("setup:copy", args=[henan_2022.pk]), {"year": "2023", "title": ""})
    assert response.context["form"].errors == {"title": ["2023 年度已有名为“2023年全省重点行业绿色发展竞赛”的竞赛。"]}


def test_copy_keeps_parents(secretariat, competition, division):
    county = DivisionFactory(competition=competition, name="中牟县", kind=DivisionKind.COUNTY, parent=division)
    copy = services.competition_copy(source=competition, year=2027, by=secretariat).competition
    copied = Division.objects.get(competition=copy, name=county.name)
    assert copied.parent == Division.objects.get(competition=copy, name="郑州市")


# ---- query counts ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("name", ["competitions:divisions", "competitions:detail"])
def test_query_count_does_not_grow(client, secretariat, competition, django_assert_num_queries, n, name):
    table = QuotaTable.objects.create(competition=competition, notice_total=10)
    for i in range(n):
        d = DivisionFactory(competition=competition, name=f"赛区{i}", organisation=None, order=i)
        Quota.objects.create(table=table, division=d, entries=1)
        Membership.objects.create(user=UserFactory(), role=Role.OFFICER, competition=competition, division=d)
    client.force_login(secretariat)
    with django_assert_num_queries(10 if name == "competitions:divisions" else 11):
        response = client.get(reverse(name, args=[competition.pk]))
    assert response.status_code == 200


# ---- demo ------------------------------------------------------------------------------------------------------

def test_labour_demo_is_current_open_and_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the seed notices carry their quota tables as attachments
    users = seed_accounts()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    call_command("seed_demo", force=True, stdout=io.StringIO())
    demo = Competition.objects.get(year=timezone.localdate().year, copied_from__doc_number="豫工文〔2022〕32号")
    assert demo.status == CompetitionStatus.ACTIVE
    assert demo.phase(PhaseKind.REGISTRATION).is_open()
    assert demo.quota_table.status == QuotaTable.Status.PUBLISHED
    officer = Membership.objects.get(user=users["union-zhengzhou"], role=Role.OFFICER)
    assert officer.division.name == "郑州市" and officer.competition == demo
    assert Membership.objects.filter(user=users["secretariat"], role=Role.SECRETARIAT, competition=demo).count() == 1
    assert Competition.objects.filter(kind="labour").count() == 3
    assert seed_labour_demo({**users, "secretariat": User.objects.get(username="secretariat")}) == demo


def test_synthetic_labour_national_scale(db):
    made = synthetic_labour("national")
    assert len(made) == 10
    last = made[-1]
    assert last.divisions.count() == 31 + 18 * 10
    assert sum(Quota.objects.filter(table__competition=last).values_list("entries", flat=True)) == 1180
    assert QuotaTable.objects.get(competition=last).notice_total == 1180
    assert synthetic_labour("national") == made


def test_unchanged_edit_keeps_deadline_seconds(client, secretariat, henan_2022):
    client.force_login(secretariat)
    url = reverse("setup:edit", args=[henan_2022.pk])
    response = client.get(url)
    form, formset = response.context["form"], response.context["formset"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data["issue_date"] = "2022-04-08"
    data["contents_text"] = form.fields["contents_text"].initial
    data.update({"phases-TOTAL_FORMS": "2", "phases-INITIAL_FORMS": "1", "phases-MIN_NUM_FORMS": "0",
                 "phases-MAX_NUM_FORMS": "1000"})
    phase_form = formset.forms[0]
    for name in ("id", "kind", "name", "opens_at", "closes_at"):
        data[f"phases-0-{name}"] = phase_form[name].value() if name in ("id", "kind", "name") else \
            phase_form[name].as_widget().split('value="')[1].split('"')[0]
    data["phases-0-competition"] = henan_2022.pk
    assert client.post(url, data).status_code == 302
    closes = Phase.objects.get(competition=henan_2022).closes_at
    assert closes == datetime.datetime(2022, 6, 8, 23, 59, 59, tzinfo=SHANGHAI)
    assert not AuditEvent.objects.filter(action__startswith="phase").exists()
