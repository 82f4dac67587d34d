"""Demo data of 成果展示与银企对接 (seed_demo step, after the accounts and the fixtures): the 2025 contest of
`fixtures/` gets published results — award-winning projects in several cities and tracks, most with the
applicant's consent and some with financing needs — one consented recommended project, one recommended project
without consent (never shown), and the demo bank `bank-demo` with interests in three projects (one accepted,
the one of enterprise-demo waiting for its answer). Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from competitions.enums import CompetitionKind
from competitions.models import Competition
from greencomp.enums import OrganisationKind, OrganisationStatus
from greencomp.models import Organisation, User
from greencomp.services import enterprise_register, organisation_decide
from greencomp.validators import credit_code_check_char
from reviews.models import Prize, ResultNotice
from showcase.display import optional_fields
from showcase.enums import FinancingStage
from showcase.models import FinancingInterest
from showcase.services import consent_record, interest_decide, interest_express

from .accounts import DEMO_PASSWORD
from .innovation import FIXTURE_TITLE, sample_data

BANK = ("中原绿色金融银行股份有限公司郑州分行", "91410100MA47BK003", "bank-demo")
ALL = "all"  # every optional field of the form
# (organisation key or name, city, track, title, prize level or "" (recommended only), consent, figures
# 节能量/节水量/减排二氧化碳, financing (万元, stage, purpose) or None)
PROJECTS = [
    ("enterprise", "郑州市", 2, "永磁同步电机系统节能改造技术", "first", ALL, ("12600", "38000", "33500"),
     ("3000", FinancingStage.INDUSTRIAL, "新建高效电机生产线")),
    ("supplier", "郑州市", 5, "钢铁企业能源管控中心建设服务案例", "second", ALL, None, ("800", FinancingStage.EXPANSION,
                                                                             "扩大节能诊断服务团队")),
    ("洛阳中钢热能装备有限公司", "洛阳市", 2, "工业窑炉余热梯级回收利用技术", "first", ALL, ("18400", "52000", "48900"),
     ("5000", FinancingStage.INDUSTRIAL, "余热回收装备扩产")),
    ("新乡绿洲化工有限公司", "新乡市", 1, "化工园区废水分质回用清洁生产技术", "second", ALL, ("2300", "260000", "6100"), None),
    ("焦作再生资源科技有限公司", "焦作市", 3, "铝灰渣无害化与资源化利用技术", "third", ALL, ("5100", "12000", "13800"),
     ("1500", FinancingStage.PILOT, "中试线建设")),
    ("许昌节能装备有限公司", "许昌市", 4, "高效永磁变频空气压缩机", "excellence", "base", None, None),
    ("南阳光电材料有限公司", "南阳市", 2, "光伏玻璃窑炉全氧燃烧节能技术", "excellence", None, ("9800", "15000", "26000"), None),
    ("安阳钢构绿色建材有限公司", "安阳市", 3, "钢渣微粉高值化利用技术", "", ALL, ("3200", "8000", "8500"),
     ("2000", FinancingStage.RND, "研发中心建设")),
    ("商丘未授权演示有限公司", "商丘市", 1, "未经同意的推荐项目（不展示）", "", None, ("999", "999", "999"), None),
]
INTERESTS = [(2, "我行可提供绿色信贷及碳减排支持工具贷款，期限最长5年，欢迎洽谈。", True),
             (0, "我行关注贵单位电机节能改造项目，可提供绿色项目贷款及供应链金融服务。", None),
             (4, "可提供科技型企业中试贷款，利率优惠。", False)]


def _code(base17: str) -> str:
    return base17 + credit_code_check_char(base17)


def _bank(users: dict) -> User:
    name, base, username = BANK
    user = User.objects.filter(username=username).first()
    if user is None:
        user = enterprise_register(organisation_name=name, kind=OrganisationKind.BANK, credit_code=_code(base),
                                   city="郑州市", county="金水区", contact_name="吴晓东", contact_phone="13700371234",
                                   username=username, email=f"{username}@demo.greencomp", password=DEMO_PASSWORD)
    if user.organisation.status == OrganisationStatus.PENDING:
        organisation_decide(organisation=user.organisation, approve=True, reason="", by=users["secretariat"])
    return user


def _applicant(users: dict, key: str, city: str, kind: str) -> tuple[Organisation, User]:
    if key in ("enterprise", "supplier"):
        user = users[f"{key}-demo"]
        return user.organisation, user
    org, _ = Organisation.objects.get_or_create(name=key, defaults={
        "kind": kind, "city": city, "status": OrganisationStatus.APPROVED, "industry": "制造业",
        "contact_name": "演示联系人", "contact_phone": "13800000001"})
    return org, users["secretariat"]


def _project(contest, users, spec, now) -> Application:
    key, city, number, title, level, consent, figures, financing = spec
    track = contest.tracks.get(number=number)
    org, by = _applicant(users, key, city, OrganisationKind.SUPPLIER if track.for_suppliers else
                         OrganisationKind.ENTERPRISE)
    application = Application.objects.filter(competition=contest, title=title).first()
    if application is not None:
        return application
    data = sample_data(track.form_type, org, title)
    if figures:
        data.update(zip(("energy_saving", "water_saving", "co2_reduction"), figures, strict=True))
    data.update(contact_name=org.contact_name or "演示联系人", contact_phone=org.contact_phone or "13800000001")
    application = Application.objects.create(
        competition=contest, track=track, division=contest.divisions.get(name=city), organisation=org,
        created_by=by, title=title, status=Application.Status.RECOMMENDED, data=data, version=1, submitted_at=now)
    if level:
        rank = Prize.objects.filter(track=track).count() + 1
        Prize.objects.create(track=track, application=application, rank=rank, proposed_level=level, level=level)
    if consent:
        keys = [k for k, _ in optional_fields(application)] if consent == ALL else []
        consent_record(application=application, show_in_gallery=True, shown_fields=keys,
                       contact_public=consent == ALL and key not in ("enterprise",), financing_shared=bool(financing),
                       financing_need=Decimal(financing[0]) if financing else None,
                       financing_purpose=financing[2] if financing else "",
                       financing_stage=financing[1] if financing else "", by=by)
    return application


@transaction.atomic
def seed_showcase_demo(users: dict) -> Competition | None:
    contest = Competition.objects.filter(kind=CompetitionKind.INNOVATION, title=FIXTURE_TITLE).first()
    if contest is None:
        return None
    now = timezone.now()
    projects = [_project(contest, users, spec, now) for spec in PROJECTS]
    today = timezone.localdate()
    ResultNotice.objects.get_or_create(competition=contest, defaults={
        "opens_on": today - datetime.timedelta(days=20), "closes_on": today - datetime.timedelta(days=13),
        "published_at": now - datetime.timedelta(days=20), "finalised_at": now - datetime.timedelta(days=12)})
    bank = _bank(users)
    for index, message, accept in INTERESTS:
        application = projects[index]
        if FinancingInterest.objects.filter(application=application, bank=bank.organisation).exists():
            continue
        interest = interest_express(application=application, message=message, by=bank)
        if accept is not None:
            owner = User.objects.filter(organisation=application.organisation).first() or users["secretariat"]
            interest_decide(interest=interest, accept=accept, reply="" if accept else "暂无融资计划，感谢关注。",
                            by=owner)
    return contest
