"""Demo and synthetic data of labour-competition registration.

`seed_entries_demo(users, competition)` registers a few firms in the demo competition's 郑州市 division through
the real services (idempotent). `synthetic_labour_competition(scale)` builds a competition of 31 divisions with the
附件1 quotas and fills it with entries by bulk_create: 1,000 for "province", 10,000 for "national"."""

import datetime

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from applications import services_labour as services
from applications.models import DivisionSubmission, Entry, EntryIndicator
from competitions.enums import CompetitionKind, CompetitionStatus, DivisionKind, PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase
from greencomp.enums import OrganisationKind
from greencomp.models import Organisation, User
from greencomp.seed.accounts import DEMO_PASSWORD
from greencomp.seed.bench import Target
from greencomp.validators import CREDIT_CODE_ALPHABET, credit_code_check_char
from quotas.models import Quota, QuotaTable


def _code(body17: str) -> str:
    return body17 + credit_code_check_char(body17)


DEMO_ENTRIES = [
    # 参赛单位, credit code body (17), 所属行业, 参赛项目, 项目地址, 联系人, 联系电话
    ("郑州绿源装备制造有限公司", None, "机械", "高效节能电机产线余热回收与能效提升",
     "郑州市中牟县汽车产业集聚区绿源路8号", "孙丽", "13803711234"),
    ("郑州中原铝业热电有限公司", "91410100MA40RD1K0", "有色金属", "电解铝烟气余热发电改造",
     "郑州市上街区厂前路12号", "刘建军", "0371-68912345"),
    ("河南豫中水泥集团有限公司", "91410100MA44LN8P3", "水泥", "水泥窑协同处置与低氮燃烧改造",
     "郑州市巩义市回郭镇工业园", "马晓燕", "13937166789"),
    ("郑州新材料化工股份有限公司", "91410100MA47XK2H5", "化工", "蒸汽系统节能与VOCs治理",
     "郑州市中牟县官渡镇化工园区5号", "杨帆", "0371-62298765"),
]
DEMO_ENTERPRISE_CODE = "91410100MA3X5Y7K29"  # 郑州绿源装备制造有限公司 (greencomp.seed.accounts)


@transaction.atomic
def seed_entries_demo(users: dict, competition: Competition) -> list[Entry]:
    """Register the demo firms in 郑州市 as `union-zhengzhou` and report the demo enterprise's indicators.
    Safe to run again: firms already registered in the competition are skipped."""
    officer = users["union-zhengzhou"]
    division = competition.divisions.get(name="郑州市")
    entries = []
    for name, body, industry, project, address, contact, phone in DEMO_ENTRIES:
        code = _code(body) if body else DEMO_ENTERPRISE_CODE
        entry = Entry.objects.filter(competition=competition, organisation__credit_code=code,
                                     status=Entry.Status.REGISTERED).first()
        if entry is None:
            entry = services.entry_register(division=division, organisation_name=name, credit_code=code,
                                            project=project, project_address=address, contact_name=contact,
                                            contact_phone=phone, industry=industry, by=officer)
        entries.append(entry)
    demo_entry = entries[0]
    enterprise_user = users.get("enterprise-demo")
    if enterprise_user and not demo_entry.indicators.exists():
        year = competition.year
        common = {"unit_consumption_unit": "kWh/台", "industry_average": "41"}
        services.entry_indicator_save(entry=demo_entry, period=EntryIndicator.Period.BASELINE, by=enterprise_user,
                                      values={"year": year - 1, "energy_total": "8650", "unit_consumption": "43.2",
                                              "energy_saved": "0", "water_saved": "0", "co2_reduced": "0", "so2": "1.8",
                                              "nox": "3.6", "particulates": "0.9", "cod": "2.1", **common})
        services.entry_indicator_save(entry=demo_entry, period=EntryIndicator.Period.CONTEST, by=enterprise_user,
                                      values={"year": year, "energy_total": "8120", "unit_consumption": "39.6",
                                              "energy_saved": "530", "water_saved": "12600", "co2_reduced": "1380",
                                              "so2": "1.5", "nox": "3.1", "particulates": "0.7", "cod": "1.9", **common})
    return entries


# ---- synthetic data for the benchmark ---------------------------------------------------------------------------

SEED_QUOTAS = [  # 附件1 of seed 000
    ("郑州市", 70), ("开封市", 40), ("洛阳市", 60), ("平顶山市", 50), ("安阳市", 40), ("鹤壁市", 30), ("新乡市", 40),
    ("焦作市", 50), ("濮阳市", 40), ("许昌市", 50), ("漯河市", 30), ("三门峡市", 20), ("南阳市", 50), ("商丘市", 30),
    ("信阳市", 30), ("周口市", 50), ("驻马店市", 40), ("济源示范区", 15), ("郑州铁路局", 10), ("黄委会系统", 5),
    ("财贸轻纺系统", 30), ("机械冶金建材系统", 30), ("农业交通建设系统", 40), ("能源化学地质系统", 40),
    ("电力系统", 30), ("河南油田", 10), ("中原油田", 15), ("大唐河南发电有限公司", 5), ("中电投河南分公司", 5),
    ("华能国际河南分公司", 5), ("省重点赛区示范点", 40),
]
SCALES = {"province": 1, "national": 10}


def _synthetic_quotas(scale: str) -> list[tuple[str, int]]:
    factor = SCALES[scale]
    quotas = [(name, n * factor) for name, n in SEED_QUOTAS]
    if factor > 1:  # give 郑州市 a full 1,000-entry table for the benchmark; the total stays 1,000 × factor
        quotas[0] = ("郑州市", 1000)
        quotas[-1] = (quotas[-1][0], quotas[-1][1] - (1000 - 70 * factor))
    return quotas


def _synthetic_code(scale: str, n: int) -> str:
    digits = "".join(CREDIT_CODE_ALPHABET[(n // 31**i) % 31] for i in range(10))
    return _code("9141LB" + ("P" if scale == "province" else "N") + digits)


def synthetic_title(scale: str) -> str:
    return f"合成数据{scale}·全省重点行业绿色发展竞赛"


@transaction.atomic
def synthetic_labour_competition(scale: str) -> Competition:
    """A labour competition with 31 divisions filled to their quota (1,000 / 10,000 entries), half the lists
    submitted, one officer `bench-officer-<scale>` of 郑州市. Returns the existing one if already built."""
    title = synthetic_title(scale)
    existing = Competition.objects.filter(title=title).first()
    if existing:
        return existing
    now = timezone.now()
    competition = Competition.objects.create(kind=CompetitionKind.LABOUR, title=title, year=now.year,
                                             status=CompetitionStatus.ACTIVE, total_quota=1000 * SCALES[scale])
    Phase.objects.create(competition=competition, kind=PhaseKind.REGISTRATION, name="参赛单位报送",
                         opens_at=now - datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=30))
    quotas = _synthetic_quotas(scale)
    divisions = Division.objects.bulk_create([
        Division(competition=competition, name=name, order=i, kind=DivisionKind.CITY if name.endswith("市")
                 else DivisionKind.INDUSTRY_UNION) for i, (name, _n) in enumerate(quotas, start=1)])
    table = QuotaTable.objects.create(competition=competition, notice_total=sum(n for _d, n in quotas),
                                      status=QuotaTable.Status.PUBLISHED, published_at=now)
    Quota.objects.bulk_create([Quota(table=table, division=d, entries=n)
                               for d, (_name, n) in zip(divisions, quotas, strict=True)])
    officer, created = User.objects.get_or_create(username=f"bench-officer-{scale}",
                                                  defaults={"full_name": "基准测试赛区负责人"})
    if created:

        officer.set_password(DEMO_PASSWORD)
        officer.save(update_fields=["password"])
    Membership.objects.get_or_create(user=officer, role=Role.OFFICER, competition=competition, division=divisions[0])
    total = sum(n for _name, n in quotas)
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"合成{scale}企业{n:05d}有限公司", kind=OrganisationKind.ENTERPRISE,
                      credit_code=_synthetic_code(scale, n)) for n in range(total)], batch_size=2000)
    orgs_iter = iter(orgs)  # primary keys are set by bulk_create on PostgreSQL and SQLite
    entries = [Entry(competition=competition, division=d, organisation=next(orgs_iter),
                     project=f"节能降耗改造项目{i + 1}", project_address=f"{d.name}工业园区{i + 1}号",
                     contact_name="联系人", contact_phone="0371-65512345", industry="钢铁", created_by=officer)
               for d, (_name, quota) in zip(divisions, quotas, strict=True) for i in range(quota)]
    Entry.objects.bulk_create(entries, batch_size=2000)
    DivisionSubmission.objects.bulk_create([
        DivisionSubmission(division=d, status=DivisionSubmission.Status.SUBMITTED, leader_name="分管领导",
                           filled_on=now.date(), filler_name="填表人", filler_phone="0371-65512345", submitted_at=now,
                           submitted_by=officer) for d in divisions[1::2]])
    return competition


def bench_competition(scale: str | None = None) -> Competition:
    """The synthetic labour competition of that scale; without one, the largest present (national, else province)."""
    for name in ([scale] if scale else ["national", "province"]):
        competition = Competition.objects.filter(title=synthetic_title(name)).first()
        if competition:
            return competition
    raise LookupError("请先运行 manage.py seed_synthetic 生成劳动竞赛合成数据。")


def bench_biggest_division(scale: str | None = None) -> Division:
    return (Division.objects.filter(competition=bench_competition(scale))
            .annotate(n=Count("labour_entries")).order_by("-n", "order").first())


def bench_targets(scale: str | None = None) -> list:
    """`bench` targets of labour registration (registered in greencomp.seed.synthetic.targets). The labels say
    what is measured; the bench adds the real row count."""

    def entries():
        return Entry.objects.filter(competition=bench_competition(scale), status=Entry.Status.REGISTERED)

    def biggest():
        return entries().filter(division=bench_biggest_division(scale)).order_by("pk")

    return [
        Target("参赛登记进度（各赛区）", "secretariat",
               lambda: reverse("labour:fill_rate", args=[bench_competition(scale).pk]),
               baseline=lambda: Division.objects.filter(competition=bench_competition(scale)).order_by("order")),
        Target("赛区参赛单位全表（最大赛区）", "secretariat",
               lambda: reverse("labour:division", args=[bench_biggest_division(scale).pk]), limit_ms=300,
               baseline=biggest, bare_rows=None),
        Target("参赛单位汇总表PDF（全部赛区，后台任务）", "secretariat", None, job="labour_summary_pdf",
               params=lambda: {"competition": bench_competition(scale).pk, "status": "", "q": ""},
               rows=lambda: entries().count(), measure_memory=True, limit_mb=400,
               limit_ms=lambda n: 20_000 if n > 1000 else 2_500),
    ]
