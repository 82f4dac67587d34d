"""Issue 12, items 1 and 2: a competition from its notice — the kind's standard phases and structure prefilled in
one form — and its divisions and quotas from the notice's own allocation table, pasted, previewed, confirmed."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import Entry
from competitions.enums import DivisionKind
from competitions.models import Competition, Division, Phase, Track
from competitions.notice_tables import MSG_UNKNOWN_LAYOUT, parse_notice_table, split_lines
from greencomp import competition_setup
from greencomp.models import AuditEvent, Organisation
from quotas.models import CityTarget, Quota, QuotaTable
from reviews.models import AssessmentBatch, AwardType, NominationQuota
from reviews.services_commendation import award_types_load_for, quota_propose

from ..factories import CompetitionFactory, DivisionFactory, PhaseFactory, submit_division_list, xlsx_file
from .test_notice_tables import JIAOZUO_NAMED, PROVINCE_2022

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
HERE = Path(__file__).parent / "notice_tables"
NOTICE = {
    "title": "2026年全省重点行业绿色发展竞赛", "organisers": "河南省总工会、河南省发展和改革委员会、河南省生态环境厅",
    "doc_number": "豫工文〔2026〕1号", "issue_date": "2026-04-08", "theme": "", "scope": "全省重点行业",
    "total_quota": "1000", "status": "draft", "contents_text": "比管理水平：健全竞赛组织机构",
}


def _form_post(form, prefix_data: dict) -> None:
    for bound in form:
        if bound.name == "DELETE":
            continue
        value = bound.field.widget.format_value(bound.value())
        if isinstance(value, list):  # a select's
            value = value[0]
        if value not in (None, False, ""):
            prefix_data[bound.html_name] = "on" if value is True else str(value)


def create_post(client, kind: str, year: int = 2026, **fields) -> tuple[str, dict]:
    """The prefilled page as the browser would send it back unchanged, plus `fields`."""
    url = f"{reverse('setup:create')}?kind={kind}&year={year}"
    page = client.get(url)
    data = {**NOTICE, "year": str(year)}
    for formset in (page.context["phases"], page.context["structure"]):
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for form in formset:
            _form_post(form, data)
    data.update(fields)
    return url, data


# ---- 1. a competition from its notice --------------------------------------------------------------------------

def test_create_asks_kind_and_year_first(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("setup:create"))
    assert response.templates[0].name == "competitions/competition_kind.html"
    assert list(response.context["form"].fields) == ["kind", "year"]


def test_labour_page_offers_the_standard_phases_and_award_types(client, secretariat):
    client.force_login(secretariat)
    page = client.get(f"{reverse('setup:create')}?kind=labour&year=2026")
    assert [(f.initial["kind"], f.initial["name"]) for f in page.context["phases"].initial_forms] == [
        ("registration", "报送竞赛方案和参赛企业名单"), ("plan", "参赛企业制定竞赛活动实施方案（年初）"),
        ("summary", "竞赛活动总结和绩效评估（年底）"),
        ("commendation", "总结选树：选树命名先进单位、先进班组（车间、工段）、先进个人"),
    ]
    assert page.context["phases"].initial_forms[0].initial["closes_at"] == datetime.datetime(
        2026, 6, 8, 23, 59, 59, tzinfo=SHANGHAI)
    assert [f.initial["name"] for f in page.context["structure"].initial_forms] == [
        "绿色发展竞赛先进单位", "绿色发展竞赛先进班组（车间、工段）", "绿色发展竞赛先进个人"]
    assert len(page.context["phases"].forms) == 6  # four prefilled, two blank for more


def test_labour_created_with_phases_and_award_types_in_one_go(client, secretariat):
    client.force_login(secretariat)
    url, data = create_post(client, "labour", **{"phases-1-DELETE": "on", "award_types-0-total": "50"})
    response = client.post(url, data)
    competition = Competition.objects.get(title="2026年全省重点行业绿色发展竞赛")
    assert response.url == reverse("setup:divisions_from_notice", args=[competition.pk])
    assert (competition.kind, competition.year, competition.total_quota) == ("labour", 2026, 1000)
    assert list(Phase.objects.filter(competition=competition).order_by("id").values_list("kind", "closes_at")) == [
        ("registration", datetime.datetime(2026, 6, 8, 23, 59, 59, tzinfo=SHANGHAI)), ("summary", None),
        ("commendation", None)]
    assert list(AwardType.objects.filter(competition=competition).values_list("name", "total")) == [
        ("绿色发展竞赛先进单位", 50), ("绿色发展竞赛先进班组（车间、工段）", 0), ("绿色发展竞赛先进个人", 0)]
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == sorted(
        ["competition_create"] + ["phase_create"] * 3 + ["commendation.award_create"] * 3)


def test_innovation_created_with_its_five_tracks(client, secretariat):
    client.force_login(secretariat)
    url, data = create_post(client, "innovation", title="2026年河南省工业绿色低碳发展创新大赛", total_quota="")
    client.post(url, data)
    competition = Competition.objects.get(title="2026年河南省工业绿色低碳发展创新大赛")
    assert list(Track.objects.filter(competition=competition).values_list("number", "form_type", "recommender")) == [
        (1, "technology", "city"), (2, "technology", "city"), (3, "technology", "city"), (4, "product", "city"),
        (5, "service", "supplier")]
    assert Phase.objects.filter(competition=competition).count() == 6


def test_grading_created_with_its_four_batches(client, secretariat):
    client.force_login(secretariat)
    url, data = create_post(client, "grading", year=2027, title="河南省2027年重点行业绩效分级提升行动方案", total_quota="")
    client.post(url, data)
    competition = Competition.objects.get(year=2027)
    assert list(AssessmentBatch.objects.filter(competition=competition).values_list("number", "deadline")) == [
        (1, datetime.date(2027, 8, 15)), (2, datetime.date(2027, 8, 30)), (3, datetime.date(2027, 9, 15)),
        (4, datetime.date(2027, 9, 30))]


def test_repeated_phase_kind_refused_and_typed_values_kept(client, secretariat):
    client.force_login(secretariat)
    url, data = create_post(client, "labour", **{"phases-1-kind": "registration", "phases-1-name": "再次报名"})
    response = client.post(url, data)
    assert response.context["phases"].non_form_errors() == ["阶段“报名/申报”重复，每类阶段只能设置一个。"]
    assert response.context["phases"].forms[1]["name"].value() == "再次报名"
    assert (Competition.objects.count(), Phase.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_award_type_row_error_saves_nothing(client, secretariat):
    client.force_login(secretariat)
    url, data = create_post(client, "labour", **{"award_types-0-escalation_count": "5"})
    response = client.post(url, data)
    assert response.context["structure"].errors == [{"escalation_count": ["择优申报数不能超过评选总数。"]}, {}, {}, {}]
    assert (Competition.objects.count(), Phase.objects.count(), AwardType.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize("username", ["officer", "expert", "enterprise", "outsider"])
def test_only_platform_secretariat_creates_from_notice(client, named_users, username):
    client.force_login(named_users[username])
    url = f"{reverse('setup:create')}?kind=labour&year=2026"
    before = Competition.objects.count()
    assert client.post(url, {**NOTICE, "title": "2027年竞赛"}).status_code == 403
    assert (Competition.objects.count(), AuditEvent.objects.count()) == (before, 0)


# ---- 2. divisions and quotas from the notice's table -----------------------------------------------------------

def paste(client, competition, name: str):
    url = reverse("setup:divisions_from_notice", args=[competition.pk])
    preview = client.post(url, {"text": (HERE / name).read_text(encoding="utf-8")})
    return url, preview


@pytest.fixture
def labour_2026(db):
    return CompetitionFactory(title="2026年全省重点行业绿色发展竞赛", total_quota=1000, status="draft")


def test_seed_000_paste_preview_then_confirm_makes_31_divisions_and_quotas(client, secretariat, labour_2026):
    client.force_login(secretariat)
    url, preview = paste(client, labour_2026, "seed000_annex1.txt")
    assert [(r.name, int(r.number)) for r in preview.context["table"].rows] == PROVINCE_2022
    assert Division.objects.filter(competition=labour_2026).exists() is False  # a preview writes nothing
    response = client.post(url, {"token": preview.context["token"]})
    assert response.url == reverse("competitions:divisions", args=[labour_2026.pk])
    quotas = Quota.objects.filter(division__competition=labour_2026).order_by("division__order")
    assert [(q.division.name, q.entries) for q in quotas] == PROVINCE_2022
    assert [d.order for d in Division.objects.filter(competition=labour_2026)] == list(range(1, 32))
    table = QuotaTable.objects.get(competition=labour_2026)
    assert (table.notice_total, table.status) == (1000, "draft")
    assert AuditEvent.objects.filter(action="division_create").count() == 31
    assert AuditEvent.objects.get(action="quota_table_update").reason == "按通知附件分配表批量新增赛区"


def test_seed_001_paste_makes_one_city_enterprise_division(client, secretariat):
    competition = CompetitionFactory(title="2026年焦作市重点企业“三比两降”节能减排劳动竞赛", total_quota=80)
    client.force_login(secretariat)
    url, preview = paste(client, competition, "seed001_annex.txt")
    client.post(url, {"token": preview.context["token"]})
    rows = [(q.division.name, q.division.kind, q.entries)
            for q in Quota.objects.filter(division__competition=competition).order_by("division__order")]
    assert len(rows) == 14 and sum(n for _name, _kind, n in rows) == 80
    assert rows[-1] == ("市直参赛企业", DivisionKind.CITY_ENTERPRISE, 13)
    named = AuditEvent.objects.get(action="division_named_participants")
    assert named.after == {"市直参赛企业": JIAOZUO_NAMED}


def test_seed_003_paste_makes_cities_and_their_targets(client, secretariat):
    competition = CompetitionFactory(kind="grading", title="河南省2026年重点行业绩效分级提升行动方案")
    client.force_login(secretariat)
    url, preview = paste(client, competition, "seed003_annex2.txt")
    client.post(url, {"token": preview.context["token"]})
    targets = CityTarget.objects.filter(division__competition=competition).order_by("number")
    assert [(t.number, t.division.name, int(t.target_share)) for t in targets][:4] == [
        (1, "郑州市", 25), (2, "洛阳市", 25), (3, "新乡市", 25), (4, "开封市", 20)]
    assert targets.count() == 18
    assert QuotaTable.objects.filter(competition=competition).exists() is False


def test_layout_of_another_kind_refused(client, secretariat, labour_2026):
    client.force_login(secretariat)
    _url, preview = paste(client, labour_2026, "seed003_annex2.txt")
    assert preview.context["table"].errors == ["此表格式不适用于劳动竞赛"]
    assert "token" not in preview.context


def test_existing_division_refused_nothing_written(client, secretariat, labour_2026):
    DivisionFactory(competition=labour_2026, name="郑州市")
    client.force_login(secretariat)
    _url, preview = paste(client, labour_2026, "seed000_annex1.txt")
    assert [(r.name, r.errors) for r in preview.context["table"].rows if r.errors] == [
        ("郑州市", ["本竞赛已有赛区“郑州市”"])]
    assert "token" not in preview.context
    assert "第4行“郑州市”：本竞赛已有赛区“郑州市”" in preview.content.decode()


def test_confirm_rechecks_a_division_added_since_the_preview(client, secretariat, labour_2026):
    client.force_login(secretariat)
    url, preview = paste(client, labour_2026, "seed000_annex1.txt")
    DivisionFactory(competition=labour_2026, name="河南油田")
    response = client.post(url, {"token": preview.context["token"]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["未保存任何赛区：第13行“河南油田”：本竞赛已有赛区“河南油田”"]
    assert list(Division.objects.filter(competition=labour_2026).values_list("name", flat=True)) == ["河南油田"]
    assert Quota.objects.exists() is False


def test_tampered_token_writes_nothing(client, secretariat, labour_2026):
    client.force_login(secretariat)
    url = reverse("setup:divisions_from_notice", args=[labour_2026.pk])
    response = client.post(url, {"token": "赛区\t参赛企业数\n郑州市\t1000"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["预览已过期，请重新粘贴分配表。"]
    assert Division.objects.filter(competition=labour_2026).exists() is False


def test_token_of_another_competition_is_refused(client, secretariat, labour_2026):
    other = CompetitionFactory(title="另一竞赛", total_quota=1000)
    client.force_login(secretariat)
    _url, preview = paste(client, other, "seed000_annex1.txt")
    url = reverse("setup:divisions_from_notice", args=[labour_2026.pk])
    client.post(url, {"token": preview.context["token"]})
    assert Division.objects.filter(competition__in=[labour_2026, other]).exists() is False


@pytest.mark.parametrize("username", ["officer", "other_officer", "expert", "enterprise", "outsider"])
def test_divisions_from_notice_is_the_secretariats(client, named_users, competition, username):
    client.force_login(named_users[username])
    url = reverse("setup:divisions_from_notice", args=[competition.pk])
    before = Division.objects.count()
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"text": "赛区\t参赛企业数\n洛阳市\t10"}).status_code in (403, 404)
    assert Division.objects.count() == before


# ---- the same from an Excel file (greencomp/imports.py ImportFlow) ----------------------------------------------

def xlsx_of(text: str) -> SimpleUploadedFile:
    return xlsx_file([[int(c) if c.isdigit() else c for c in cells] for _line, cells in split_lines(text)],
                     name="分配表.xlsx")


def test_seed_001_xlsx_import_preview_then_confirm(client, secretariat):
    competition = CompetitionFactory(title="2026年焦作市重点企业“三比两降”节能减排劳动竞赛", total_quota=80)
    client.force_login(secretariat)
    url = reverse("setup:divisions_from_notice_import", args=[competition.pk])
    preview = client.post(url, {"file": xlsx_of((HERE / "seed001_annex.txt").read_text(encoding="utf-8"))})
    assert [r.shown for r in preview.context["rows"]][-2:] == [
        ["建设", "4", ""], ["市直参赛企业", "13", "、".join(JIAOZUO_NAMED)]]
    assert Division.objects.filter(competition=competition).exists() is False
    response = client.post(url, {"token": preview.context["token"]})
    assert response.url == reverse("competitions:divisions", args=[competition.pk])
    assert list(Quota.objects.filter(division__competition=competition).order_by("division__order")
                .values_list("division__name", "entries"))[-3:] == [("交通", 1), ("建设", 4), ("市直参赛企业", 13)]


def test_xlsx_import_row_errors_save_nothing(client, secretariat, labour_2026):
    client.force_login(secretariat)
    url = reverse("setup:divisions_from_notice_import", args=[labour_2026.pk])
    preview = client.post(url, {"file": xlsx_of("赛区\t参赛企业数\n郑州市\t九百\n郑州市\t100\n合计\t1000")})
    assert [(r.line, r.errors) for r in preview.context["rows"]] == [
        (2, ["“九百”不是数字"]), (3, ["赛区“郑州市”在表中重复出现"])]
    assert preview.context["batch_errors"] == ["各赛区名额之和 100 与表中合计 1000 不一致"]
    assert "token" not in preview.context
    assert Division.objects.filter(competition=labour_2026).exists() is False


def test_xlsx_unknown_layout(client, secretariat, labour_2026):
    client.force_login(secretariat)
    url = reverse("setup:divisions_from_notice_import", args=[labour_2026.pk])
    preview = client.post(url, {"file": xlsx_of("城市\t数量\n郑州市\t70")})
    assert preview.context["form"].errors == {"file": [MSG_UNKNOWN_LAYOUT]}


@pytest.mark.parametrize("username", ["officer", "other_officer", "expert", "enterprise", "outsider"])
def test_xlsx_import_is_the_secretariats(client, named_users, competition, username):
    client.force_login(named_users[username])
    url = reverse("setup:divisions_from_notice_import", args=[competition.pk])
    before = Division.objects.count()
    assert client.post(url, {"file": xlsx_of("赛区\t参赛企业数\n洛阳市\t10")}).status_code in (403, 404)
    assert Division.objects.count() == before


# ---- 焦作's 市直参赛企业 in the commendation quotas ---------------------------------------------------------------

def test_jiaozuo_from_its_notice_shares_commendation_quotas_as_the_notice_counts(secretariat):
    """The notice's 80 = 67 + 13: the one 市直参赛企业 division, its 13 named enterprises registered by the city
    union, weighs 13 of 80 in the proportional proposal (先进单位 20 × m / 80 = m / 4)."""
    competition = CompetitionFactory(title="2026年焦作市重点企业“三比两降”节能减排劳动竞赛", total_quota=80,
                                     doc_number="焦工文〔2019〕27号")
    deadline = timezone.now() - datetime.timedelta(days=5)
    PhaseFactory(competition=competition, opens_at=deadline - datetime.timedelta(days=30), closes_at=deadline)
    table = parse_notice_table(split_lines((HERE / "seed001_annex.txt").read_text(encoding="utf-8")),
                               competition_title=competition.title, notice_total=80)
    divisions = competition_setup.divisions_from_notice(competition=competition, table=table, by=secretariat)
    organisations = iter(Organisation.objects.bulk_create(
        [Organisation(name=f"焦作参赛企业{i}", credit_code="") for i in range(80)]))
    Entry.objects.bulk_create([
        Entry(competition=competition, division=d, organisation=next(organisations), project="节能改造",
              project_address="焦作市", contact_name="联系人", contact_phone="0391-1234567", created_by=secretariat)
        for d in divisions for _ in range(d.quota.entries)])
    for d in divisions:
        submit_division_list(d, at=deadline)
    award_types_load_for(competition)
    unit = AwardType.objects.get(competition=competition, nominee_kind="unit")
    quota_propose(award_type=unit, measure="entries", by=secretariat)
    got = [(d.name, NominationQuota.objects.get(award_type=unit, division=d).count) for d in divisions]
    # floors 16; four seats by remainder: .75 马村区, 示范区; the .5 tie of 孟州市, 修武县, 山阳区 by larger measure
    assert got == [("沁阳市", 2), ("孟州市", 3), ("温县", 2), ("博爱县", 2), ("武陟县", 2), ("修武县", 2), ("解放区", 0),
                   ("山阳区", 0), ("中站区", 1), ("马村区", 1), ("示范区", 1), ("交通", 0), ("建设", 1),
                   ("市直参赛企业", 3)]
    assert sum(n for _name, n in got) == unit.total == 20
