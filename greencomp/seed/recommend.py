"""Demo and synthetic data of city review and aggregation (for `seed_demo`, `seed_synthetic` and `bench`)."""

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from applications import services_recommend as services
from applications.models import Application, ApplicationVersion, Publicity, RecommendationList
from applications.selectors_recommend import CITY_ORDER
from competitions.enums import CompetitionKind, CompetitionStatus, DivisionKind, FormType, PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase, Track
from greencomp.enums import OrganisationKind
from greencomp.models import Organisation, User

SCALES = {"province": 20, "national": 200}  # applications per city and track (18 cities × 5 tracks)
TRACKS = [
    (1, "清洁生产技术创新成果", FormType.TECHNOLOGY), (2, "节能降碳技术创新成果", FormType.TECHNOLOGY),
    (3, "资源高效利用技术创新成果", FormType.TECHNOLOGY), (4, "工业绿色设计产品创新成果", FormType.PRODUCT),
    (5, "绿色制造供应商服务工业绿色低碳发展典型案例", FormType.SERVICE),
]
DEMO_PROJECTS = [
    ("郑州华润清洁能源有限公司", "燃气锅炉烟气余热深度回收技术", "王立新", "13903711001"),
    ("河南豫中新材料股份有限公司", "低氮燃烧与SCR协同脱硝技术", "李静", "13903711002"),
    ("郑州东方环保装备有限公司", "挥发性有机物沸石转轮浓缩焚烧技术", "赵鹏", "13903711003"),
    ("郑州宇翔节能科技有限公司", "高效永磁同步电机系统节能改造", "刘芳", "13903711004"),
]


@transaction.atomic
def seed_recommend_demo(competition: Competition | None = None) -> int:
    """郑州市 in the demo innovation contest: four submitted track-1 applications, three of them recommended
    (miit-zhengzhou reviews the fourth and submits the list in the demo). Idempotent; returns how many
    applications it created (0 when already there or when no demo contest / officer exists yet)."""
    competition = competition or Competition.objects.filter(
        kind=CompetitionKind.INNOVATION, status=CompetitionStatus.ACTIVE).order_by("-year", "-id").first()
    officer = User.objects.filter(username="miit-zhengzhou").first()
    if competition is None or officer is None:
        return 0
    division = Division.objects.filter(competition=competition, name="郑州市").first()
    track = Track.objects.filter(competition=competition, number=1).first()
    if division is None or track is None or Application.objects.filter(
            division=division, track=track, title__in=[p[1] for p in DEMO_PROJECTS]).exists():
        return 0
    now = timezone.now()
    for i, (org_name, title, contact, phone) in enumerate(DEMO_PROJECTS):
        org, _ = Organisation.objects.get_or_create(name=org_name, defaults={
            "kind": OrganisationKind.ENTERPRISE, "city": "郑州市", "email": ""})
        user, created = User.objects.get_or_create(username=f"demo-applicant-{i + 1}", defaults={
            "full_name": contact, "organisation": org, "email": f"demo-applicant-{i + 1}@demo.greencomp"})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        data = {"title": title, "contact_name": contact, "contact_phone": phone}
        app = Application.objects.create(competition=competition, track=track, division=division, organisation=org,
                                         created_by=user, title=title, status=Application.Status.SUBMITTED,
                                         data=data, version=1, submitted_at=now)
        ApplicationVersion.objects.create(application=app, number=1, data=data, submitted_at=now, submitted_by=user)
        if i < 3:
            services.application_recommend(application=app, by=officer)
    return len(DEMO_PROJECTS)


def _code(n: int) -> str:
    return f"SYN{n:08d}"


@transaction.atomic
def synthetic_recommend(scale: str) -> Competition:
    """18 cities × 5 tracks × 20 (province) or × 200 (national) submitted applications of a fresh synthetic
    innovation contest, each city with an officer `synthetic-<scale>-officer-<n>` (password unusable; bench logs
    in with force_login): per city and track 5 recommended (ordered), 2 returned, the rest submitted; the lists
    of 12 cities accepted, 4 submitted, the others open. Bulk inserts, no audit trail (synthetic data)."""
    title = f"（合成数据·{scale}）工业绿色低碳发展创新大赛"
    existing = Competition.objects.filter(kind=CompetitionKind.INNOVATION, title=title).first()
    if existing:
        return existing
    per_cell = SCALES[scale]
    now = timezone.now()
    competition = Competition.objects.create(
        kind=CompetitionKind.INNOVATION, title=title, year=2025,
        status=CompetitionStatus.ACTIVE, theme="豫见绿色、创赢未来")
    Phase.objects.create(competition=competition, kind=PhaseKind.RECOMMENDATION, name="推荐",
                         opens_at=now - datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=30))
    tracks = Track.objects.bulk_create([Track(competition=competition, number=n, name=name, form_type=form)
                                        for n, name, form in TRACKS])
    cities = CITY_ORDER[:18]
    divisions = Division.objects.bulk_create([Division(competition=competition, name=c, city=c, order=i,
                                                       kind=DivisionKind.CITY) for i, c in enumerate(cities)])
    officers = User.objects.bulk_create([User(username=f"synthetic-{scale}-officer-{competition.pk}-{i + 1}",
                                              full_name=f"{c}推荐单位", email="", password="!")
                                         for i, c in enumerate(cities)])
    Membership.objects.bulk_create([Membership(user=u, role=Role.OFFICER, competition=competition, division=d)
                                    for u, d in zip(officers, divisions, strict=True)])
    serial = itertools.count(Organisation.objects.count() + 1)
    orgs = Organisation.objects.bulk_create([
        Organisation(name=f"合成企业{n}有限公司", kind=OrganisationKind.ENTERPRISE, city=c, credit_code="")
        for c in cities for n in [next(serial)]])
    applicants = User.objects.bulk_create([User(username=f"synthetic-{scale}-applicant-{competition.pk}-{o.pk}",
                                                organisation=o, email="", password="!") for o in orgs])
    apps = []
    for d, user in zip(divisions, applicants, strict=True):
        for t in tracks:
            for k in range(per_cell):
                status = ("recommended" if k < 5 else "returned" if k < 7 else "submitted")
                apps.append(Application(
                    competition=competition, track=t, division=d, organisation=user.organisation, created_by=user,
                    title=f"{d.name}{t.number}号赛道项目{k + 1}", status=status, version=1, submitted_at=now,
                    recommend_order=k + 1 if k < 5 else None, return_reason="材料不全" if status == "returned" else "",
                    data={"title": f"{d.name}{t.number}号赛道项目{k + 1}", "contact_name": f"联系人{k + 1}",
                          "contact_phone": f"1380371{k:04d}"}))
    Application.objects.bulk_create(apps, batch_size=2000)
    lists = []
    for i, d in enumerate(divisions):
        status = "accepted" if i < 12 else "submitted" if i < 16 else "draft"
        lists += [RecommendationList(division=d, track=t, status=status,
                                     submitted_at=None if status == "draft" else now) for t in tracks]
    RecommendationList.objects.bulk_create(lists)
    return competition


WAITING_CITY = "许昌市"
WAITING_PROJECTS = [
    ("许昌远东传动轴股份有限公司", "传动轴热处理余热梯级利用技术"),
    ("河南森源重工有限公司", "专用车涂装VOCs低温等离子协同治理技术"),
    ("许昌瑞贝卡水处理有限公司", "发制品染整废水分质回用技术"),
]


@transaction.atomic
def seed_waiting_list_demo(competition: Competition) -> bool:
    """One city's track-1 list submitted and waiting for the secretariat to accept it. Idempotent."""
    division = Division.objects.filter(competition=competition, name=WAITING_CITY).first()
    track = Track.objects.filter(competition=competition, number=1).first()
    if division is None or track is None or RecommendationList.objects.filter(division=division, track=track).exists():
        return False
    now = timezone.now()
    for order, (org_name, title) in enumerate(WAITING_PROJECTS, start=1):
        org, _ = Organisation.objects.get_or_create(name=org_name, defaults={
            "kind": OrganisationKind.ENTERPRISE, "city": WAITING_CITY, "status": "approved"})
        creator = User.objects.get(username="secretariat")
        data = {"title": title}
        app = Application.objects.create(competition=competition, track=track, division=division, organisation=org,
                                         created_by=creator, title=title, status=Application.Status.RECOMMENDED,
                                         recommend_order=order, data=data, version=1, submitted_at=now)
        ApplicationVersion.objects.create(application=app, number=1, data=data, submitted_at=now,
                                          submitted_by=creator)
    RecommendationList.objects.create(division=division, track=track, status=RecommendationList.Status.SUBMITTED,
                                      submitted_at=now)
    return True


def seed_publicity_demo(users: dict, competition: Competition) -> bool:
    """The accepted cities' recommended projects in an open 公示 (two days ago to five days ahead), so the
    portal home shows an open 公示. Idempotent: a competition that has its 公示 already keeps it."""
    if Publicity.objects.filter(competition=competition).exists() or not RecommendationList.objects.filter(
            division__competition=competition, status=RecommendationList.Status.ACCEPTED).exists():
        return False
    today = timezone.localdate()
    services.publicity_publish(competition=competition, title=f"{competition.title}推荐项目公示",
                               starts_on=today - datetime.timedelta(days=2), ends_on=today + datetime.timedelta(days=5),
                               note="公示期内如有异议，请以书面形式向大赛秘书处反映。", by=users["secretariat"])
    return True
