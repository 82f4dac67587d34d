"""Named users shared by every test (STYLE.md): one of each role, and a foreign twin for isolation tests; then the
fixtures that tests of several folders use, grouped by capability (a folder's own live in its conftest.py).

`competition` has two divisions: `division` (officer) and `other_division` (other_officer)."""

import datetime
import itertools
import json

import pytest
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils import timezone

from applications.form_specs import spec_for
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    DivisionSubmission,
    EnterpriseIndustry,
    GradingEnterprise,
    ImprovementItem,
    ImprovementList,
    RecommendationList,
)
from applications.services_innovation import application_create, attachment_add
from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind, Role
from competitions.models import Phase, Track
from greencomp.enums import OrganisationKind
from greencomp.seed.fixtures_innovation import load_innovation
from greencomp.seed.innovation import sample_data
from quotas.models import Industry, Quota, QuotaTable
from quotas.services_grading import grading_fixture_load, grading_tallies_refresh
from reviews.models import AwardType, NominationQuota
from reviews.services_prizes import notice_publish, prizes_propose
from reviews.services_review import expert_add, rubrics_load_for

from .factories import (
    FIXTURE,
    TEST_PASSWORD,
    TRACKS,
    AwardTypeFactory,
    CompetitionFactory,
    DivisionFactory,
    EntryFactory,
    MembershipFactory,
    NominationFactory,
    OrganisationFactory,
    PhaseFactory,
    QuotaFactory,
    QuotaTableFactory,
    UserFactory,
    assign,
    grading_data,
    load_fixture,
    open_registration,
    pdf_upload,
    score,
    submit_division_list,
    valid_data,
)


@pytest.fixture(autouse=True)
def _close_file_responses(monkeypatch):
    """Django's test client closes a streaming response only once its content has been read; a test that looks
    at the headers alone leaves the (temporary) file open until the garbage collector finds it, and its
    ResourceWarning — an error here — lands in whichever later test is running. Close them when the test ends."""
    opened = []
    init = FileResponse.__init__

    def tracking_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(FileResponse, "__init__", tracking_init)
    yield
    for response in opened:  # the file only: response.close() would send request_finished after the database
        if response.file_to_stream is not None:  # has gone
            response.file_to_stream.close()

@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Tests hash passwords with MD5 (the production hasher stays PBKDF2): hashing is most of a user factory's cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def competition(db):
    return CompetitionFactory(title="2026年全省重点行业绿色发展竞赛", total_quota=100)


@pytest.fixture
def division(competition):
    return DivisionFactory(competition=competition, name="郑州市", city="郑州市")


@pytest.fixture
def other_division(competition):
    return DivisionFactory(competition=competition, name="开封市", city="开封市")


@pytest.fixture
def secretariat(db):
    user = UserFactory(username="secretariat", full_name="秘书处")
    MembershipFactory(user=user, role=Role.SECRETARIAT, competition=None)
    return user


@pytest.fixture
def officer(division):
    user = UserFactory(username="officer", organisation=OrganisationFactory(kind=OrganisationKind.UNION, credit_code=""))
    MembershipFactory(user=user, role=Role.OFFICER, competition=division.competition, division=division)
    return user


@pytest.fixture
def other_officer(other_division):
    user = UserFactory(username="other_officer")
    MembershipFactory(user=user, role=Role.OFFICER, competition=other_division.competition, division=other_division)
    return user


@pytest.fixture
def enterprise(db):
    return UserFactory(username="enterprise", organisation=OrganisationFactory(name="郑州绿源测试有限公司"))


@pytest.fixture
def other_enterprise(db):
    return UserFactory(username="other_enterprise", organisation=OrganisationFactory(name="开封其他测试有限公司",
                                                                                      city="开封市"))


@pytest.fixture
def expert(competition):
    user = UserFactory(username="expert", organisation=OrganisationFactory(kind=OrganisationKind.OTHER,
                                                                           name="郑州大学", credit_code=""))
    MembershipFactory(user=user, role=Role.EXPERT, competition=competition)
    return user


@pytest.fixture
def other_expert(competition):
    user = UserFactory(username="other_expert")
    MembershipFactory(user=user, role=Role.EXPERT, competition=competition)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def named_users(secretariat, officer, other_officer, enterprise, other_enterprise, expert, other_expert, outsider):
    return {u.username: u for u in (secretariat, officer, other_officer, enterprise, other_enterprise, expert,
                                    other_expert, outsider)}


# ---- labour registration (issue 3) ----------------------------------------------------------------------------

@pytest.fixture
def registration_open(competition, division, other_division, settings, tmp_path):
    """Quota table (郑州市 5, 开封市 5) and an open registration phase; uploads go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    table = QuotaTableFactory(competition=competition)
    QuotaFactory(table=table, division=division, entries=5)
    QuotaFactory(table=table, division=other_division, entries=5)
    phase = PhaseFactory(competition=competition)
    return {"table": table, "phase": phase}


@pytest.fixture
def make_labour_entry(registration_open):
    """Registers entries directly (bypassing the service) for read tests."""
    def make(division, **kwargs):
        return EntryFactory(division=division, **kwargs)

    return make


@pytest.fixture
def submit_labour_list(registration_open):
    def submit(division):
        return DivisionSubmission.objects.create(
            division=division, status=DivisionSubmission.Status.SUBMITTED, leader_name="王分管",
            filled_on=datetime.date(2026, 6, 1), filler_name="李填表", filler_phone="0371-65512345",
            submitted_at=timezone.now())

    return submit


@pytest.fixture
def henan_2022(db):
    return load_fixture("labour_2022_henan.json")


@pytest.fixture
def jiaozuo_2019(db):
    return load_fixture("labour_2019_jiaozuo.json")


@pytest.fixture
def quota_table(competition, division, other_division):
    """The shared competition (notice total 100) with 郑州市 60 and 开封市 40, as a draft."""
    table = QuotaTable.objects.create(competition=competition, notice_total=100)
    Quota.objects.create(table=table, division=division, entries=60)
    Quota.objects.create(table=table, division=other_division, entries=40)
    return table


# ---- commendation selection (issue 6) ---------------------------------------------------------------------------

@pytest.fixture
def commendation(registration_open, competition, division, other_division):
    """Both divisions submitted their lists on time, two entries each, three award types (unit 4, team 4 with
    工人先锋号 1, individual 4 with 五一劳动奖章 1) and published quotas of 2 per division."""
    entries = {division.pk: [EntryFactory(division=division, industry=i) for i in ("钢铁", "化工")],
               other_division.pk: [EntryFactory(division=other_division, industry=i) for i in ("电力", "水泥")]}
    submit_division_list(division)
    submit_division_list(other_division)
    published = timezone.now()
    unit = AwardTypeFactory(competition=competition, name="绿色发展竞赛先进单位", order=1,
                            quotas_published_at=published)
    team = AwardTypeFactory(competition=competition, name="绿色发展竞赛先进班组（车间、工段）", order=2,
                            nominee_kind=AwardType.NomineeKind.TEAM, escalation_name="河南省工人先锋号",
                            escalation_count=1, quotas_published_at=published)
    person = AwardTypeFactory(competition=competition, name="绿色发展竞赛先进个人", order=3,
                              nominee_kind=AwardType.NomineeKind.INDIVIDUAL, escalation_name="河南省五一劳动奖章",
                              escalation_count=1, quotas_published_at=published)
    for award in (unit, team, person):
        for d in (division, other_division):
            NominationQuota.objects.create(award_type=award, division=d, count=2)
    return {"unit": unit, "team": team, "person": person, "entries": entries}


@pytest.fixture
def nominate():
    """A nomination made directly (bypassing the service), for read tests."""

    def make(award, entry, **kwargs):
        defaults = {}
        if award.nominee_kind == AwardType.NomineeKind.TEAM:
            defaults = {"team_name": "炼钢厂节能班组", "team_size": 12}
        if award.nominee_kind == AwardType.NomineeKind.INDIVIDUAL:
            defaults = {"person_name": "王建国", "gender": "男", "ethnicity": "汉族", "post": "热力车间班长",
                        "frontline": True}
        return NominationFactory(award_type=award, entry=entry, **{**defaults, **kwargs})

    return make


# ---- innovation contest (issue 4) -------------------------------------------------------------------------------

@pytest.fixture
def innovation(db, settings, tmp_path):
    """The 2025 contest from fixtures/, active, with its registration phase open (uploads go to tmp_path)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    competition = load_innovation(json.loads(FIXTURE.read_text(encoding="utf-8")))
    competition.status = CompetitionStatus.ACTIVE
    competition.save(update_fields=["status"])
    open_registration(competition)
    return competition


@pytest.fixture
def tracks(innovation):
    return {t.number: t for t in innovation.tracks.all()}


@pytest.fixture
def zz_officer(innovation):
    """郑州市工业和信息化局 — officer of the contest's 郑州市."""
    user = UserFactory(username="zz_officer", organisation=OrganisationFactory(kind=OrganisationKind.MIIT,
                                                                               credit_code=""))
    MembershipFactory(user=user, role=Role.OFFICER, competition=innovation,
                      division=innovation.divisions.get(name="郑州市"))
    return user


@pytest.fixture
def supplier(db):
    return UserFactory(username="supplier", organisation=OrganisationFactory(
        name="河南测试绿色服务有限公司", kind=OrganisationKind.SUPPLIER))


@pytest.fixture
def make_application():
    """An application of `user` filled with valid data and its required proofs, through the services."""
    def make(user, track, *, name="高效低氮燃烧技术", filled=True, proofs=True):
        application = application_create(competition=track.competition, track=track, title=name, by=user)
        if filled:
            Application.objects.filter(pk=application.pk).update(
                data=valid_data(track.form_type, user.organisation, name=name))
            application.refresh_from_db()
        if proofs:
            for proof in spec_for(track.form_type).proofs:
                if proof.required:
                    attachment_add(application=application, category=proof.code, upload=pdf_upload(), by=user)
        return application

    return make


# ---- city review and aggregation: `competition` as an innovation contest -------------------------------------------

@pytest.fixture
def contest(competition, division, other_division):
    """The conftest `competition` turned into an innovation contest with its five tracks and an open recommendation
    phase; `division` (郑州市, `officer`) and `other_division` (开封市, `other_officer`) are its cities."""
    competition.kind = CompetitionKind.INNOVATION
    competition.title = "2025年河南省工业绿色低碳发展创新大赛"
    competition.save(update_fields=["kind", "title"])
    now = timezone.now()
    Phase.objects.create(competition=competition, kind=PhaseKind.REGISTRATION, name="申报",
                         opens_at=now - datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=10))
    Phase.objects.create(competition=competition, kind=PhaseKind.RECOMMENDATION, name="推荐",
                         opens_at=now - datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=20))
    for number, name, form_type in TRACKS:
        Track.objects.create(competition=competition, number=number, name=name, form_type=form_type)
    return competition


@pytest.fixture
def track(contest):
    return contest.tracks.get(number=1)


@pytest.fixture
def other_track(contest):
    return contest.tracks.get(number=2)


_serial = itertools.count(1)


@pytest.fixture
def make_recommend_application(contest, enterprise, settings, tmp_path):
    """Submitted applications created directly (bypassing the service)."""
    settings.MEDIA_ROOT = tmp_path

    def make(*, division, track, status=Application.Status.SUBMITTED, user=None, title=None, order=None,
             attachment=False):
        user = user or enterprise
        n = next(_serial)
        title = title or f"测试技术{n}"
        data = {"title": title, "contact_name": f"联系人{n}", "contact_phone": f"1380371{n:04d}"}
        app = Application.objects.create(
            competition=contest, track=track, division=division, organisation=user.organisation, created_by=user,
            title=title, status=status, data=data, version=1, submitted_at=timezone.now(), recommend_order=order)
        ApplicationVersion.objects.create(application=app, number=1, data=data, submitted_at=app.submitted_at,
                                          submitted_by=user)
        if attachment:
            Attachment.objects.create(application=app, category="营业执照", file=ContentFile(b"%PDF-1.4 test", "a.pdf"),
                                      original_name="营业执照.pdf", size=13, sha256="0" * 64,
                                      content_type="application/pdf", uploaded_by=user)
        return app
    return make


# ---- expert review (issue 5) ------------------------------------------------------------------------------------

@pytest.fixture
def review_contest(innovation, secretariat):
    """The 2025 contest with its rubrics."""
    rubrics_load_for(innovation, by=secretariat)
    return innovation


@pytest.fixture
def track2(review_contest):
    """节能降碳技术创新成果 (technology form: two gates, four scored criteria, tie on 技术创新点)."""
    return review_contest.tracks.get(number=2)


@pytest.fixture
def make_review_entry(review_contest, secretariat):
    """An application under review: recommended by its city in an accepted list for its track."""
    counter = iter(range(1, 1000))

    def make(track, *, organisation=None, city="郑州市", title=None, submitted_at=None):
        i = next(counter)
        division = review_contest.divisions.get(name=city)
        organisation = organisation or OrganisationFactory(name=f"{city}参评企业{i}有限公司", city=city)
        title = title or f"参评项目{i}"
        application = Application.objects.create(
            competition=review_contest, track=track, division=division, organisation=organisation,
            created_by=secretariat, title=title, status=Application.Status.RECOMMENDED, version=1,
            submitted_at=submitted_at or timezone.now() - datetime.timedelta(days=30 - i),
            data=sample_data(track.form_type, organisation, title))
        RecommendationList.objects.update_or_create(division=division, track=track, defaults={
            "status": RecommendationList.Status.ACCEPTED, "submitted_at": timezone.now()})
        return application

    return make


@pytest.fixture
def pool(review_contest, expert, other_expert, secretariat):
    """`expert` (郑州大学) and `other_expert` as experts of every track of the contest."""
    tracks = list(review_contest.tracks.all())
    return {
        "expert": expert_add(competition=review_contest, user=expert, title="教授", tracks=tracks, by=secretariat),
        "other_expert": expert_add(competition=review_contest, user=other_expert, title="高级工程师", tracks=tracks,
                                   by=secretariat),
    }


@pytest.fixture
def notice(track2, make_review_entry, pool, secretariat):
    """The contest's 公示, open from today for five days: one project of track2 scored 20 on every criterion by
    `expert`, the prizes proposed."""
    score(assign(make_review_entry(track2), pool["expert"]), [20, 20, 20, 20])
    prizes_propose(track=track2, by=secretariat)
    today = timezone.localdate()
    return notice_publish(competition=track2.competition, opens_on=today,
                          closes_on=today + datetime.timedelta(days=5), by=secretariat)


# ---- grading campaign -------------------------------------------------------------------------------------------

@pytest.fixture
def grading(db):
    """The 2021 campaign loaded from fixtures/ with its dates moved so that the list is open and the batches run
    today."""
    shift = (timezone.localdate() - datetime.timedelta(days=10) - datetime.date(2021, 8, 1)).days
    competition = grading_fixture_load(grading_data(), title="绩效分级测试", year=2026, shift_days=shift,
                                       status="active")
    Phase.objects.filter(competition=competition, kind="registration").update(
        closes_at=timezone.now() + datetime.timedelta(days=5))
    return competition


@pytest.fixture
def g_city(grading):
    return grading.divisions.get(name="郑州市")


@pytest.fixture
def g_other_city(grading):
    return grading.divisions.get(name="开封市")


@pytest.fixture
def g_officer(g_city):
    user = UserFactory(username="eco_zz", full_name="郑州市生态环境局")
    MembershipFactory(user=user, role=Role.OFFICER, competition=g_city.competition, division=g_city)
    return user


@pytest.fixture
def g_other_officer(g_other_city):
    user = UserFactory(username="eco_kf", full_name="开封市生态环境局")
    MembershipFactory(user=user, role=Role.OFFICER, competition=g_other_city.competition, division=g_other_city)
    return user


@pytest.fixture
def industry(grading):
    def get(name):
        return Industry.objects.get(group__competition=grading, name=name)

    return get


@pytest.fixture
def make_enterprise(industry):
    def make(division, name, industries, level="", county="新郑市"):
        """`level`: one level for every industry, or a dict industry name → level."""
        e = GradingEnterprise.objects.create(competition=division.competition, division=division, name=name,
                                             county=county)
        for n in industries:
            EnterpriseIndustry.objects.create(enterprise=e, industry=industry(n),
                                              level=level.get(n, "") if isinstance(level, dict) else level)
        # written directly (not through the services), so the dashboard's tallies are refreshed here
        grading_tallies_refresh(competition_id=division.competition_id, division_id=division.pk)
        return e

    return make


@pytest.fixture
def make_item(industry):
    def make(enterprise, industry_name, target="B", indicator="有组织排放", due=None, by=None):
        lst, _ = ImprovementList.objects.get_or_create(division=enterprise.division)
        item = ImprovementItem.objects.create(
            improvement_list=lst, enterprise=enterprise, industry=industry(industry_name),
            current_level=enterprise.industry_links.get(industry__name=industry_name).level, target_level=target, indicator=indicator, problems="问题",
            measures="措施", due_date=due or timezone.localdate() + datetime.timedelta(days=60), created_by=by)
        grading_tallies_refresh(competition_id=enterprise.competition_id, division_id=enterprise.division_id)
        return item

    return make
