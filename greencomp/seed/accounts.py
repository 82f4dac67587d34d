"""Demo organisations and accounts (issue 2, item 7). All demo passwords are `demo-pass-2025`."""

from django.db import transaction

from competitions.enums import Role
from competitions.models import Membership
from greencomp.enums import OrganisationKind
from greencomp.models import Organisation, User
from greencomp.services import enterprise_register, organisation_decide
from greencomp.validators import credit_code_check_char

DEMO_PASSWORD = "demo-pass-2025"

ORGANISATIONS = {
    "hnzgh": dict(name="河南省总工会", kind=OrganisationKind.UNION, city="郑州市"),
    "zz-union": dict(name="郑州市总工会", kind=OrganisationKind.UNION, city="郑州市"),
    "zz-miit": dict(name="郑州市工业和信息化局", kind=OrganisationKind.MIIT, city="郑州市"),
    "zz-eco": dict(name="郑州市生态环境局", kind=OrganisationKind.ECOLOGY, city="郑州市"),
    "enterprise": dict(
        name="郑州绿源装备制造有限公司", kind=OrganisationKind.ENTERPRISE, city="郑州市", county="中牟县",
        credit_code="91410100MA3X5Y7K29", address="郑州市中牟县汽车产业集聚区绿源路8号", industry="通用设备制造业",
        main_products="高效节能电机、变频调速装置", nature="民营", output_value="56800.00", employees=860,
        legal_rep_name="赵志强", legal_rep_phone="0371-62551234", email="office@lvyuan-demo.cn",
        fax="0371-62551235", contact_name="孙丽", contact_phone="13803711234",
        intro="公司成立于2012年，专业从事高效节能电机及配套变频装置的研发与制造，为国家级绿色工厂。",
    ),
    "supplier": dict(
        name="河南清风节能科技服务有限公司", kind=OrganisationKind.SUPPLIER, city="郑州市", county="金水区",
        credit_code="91410105MA4G8N2R1A", address="郑州市金水区花园路66号", industry="节能技术服务",
        main_products="能源审计、节能诊断、合同能源管理", nature="民营", output_value="8600.00", employees=120,
        legal_rep_name="钱文博", legal_rep_phone="0371-65889900", email="service@qingfeng-demo.cn",
        contact_name="周敏", contact_phone="13937112345",
        intro="公司为工业企业提供节能诊断、碳排放核算与绿色工厂创建咨询服务。",
    ),
    "zzu": dict(name="郑州大学", kind=OrganisationKind.OTHER, city="郑州市"),
    "hpu": dict(name="河南理工大学", kind=OrganisationKind.OTHER, city="焦作市"),
    "energy-center": dict(name="河南省节能监察中心", kind=OrganisationKind.OTHER, city="郑州市"),
    "lit": dict(name="洛阳理工学院", kind=OrganisationKind.OTHER, city="洛阳市"),
    "haut": dict(name="河南工业大学", kind=OrganisationKind.OTHER, city="郑州市"),
}

ACCOUNTS = [
    # username, full name, organisation key, platform-wide secretariat?
    ("secretariat", "省级秘书处", "hnzgh", True),
    ("union-zhengzhou", "郑州市总工会（赛区负责人）", "zz-union", False),
    ("miit-zhengzhou", "郑州市工业和信息化局（推荐单位）", "zz-miit", False),
    ("eco-zhengzhou", "郑州市生态环境局（绩效分级）", "zz-eco", False),
    ("enterprise-demo", "孙丽", "enterprise", False),
    ("supplier-demo", "周敏", "supplier", False),
    ("expert1", "王建国", "zzu", False),
    ("expert2", "李红梅", "hpu", False),
    ("expert3", "张伟", "energy-center", False),
    ("expert4", "刘洋", "lit", False),
    ("expert5", "陈静", "haut", False),
]


@transaction.atomic
def seed_accounts() -> dict[str, User]:
    orgs = {}
    for key, fields in ORGANISATIONS.items():
        lookup = {"credit_code": fields["credit_code"]} if fields.get("credit_code") else {"name": fields["name"]}
        orgs[key], _ = Organisation.objects.update_or_create(defaults=fields, **lookup)
    users = {}
    for username, full_name, org_key, platform_secretariat in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "organisation": orgs[org_key], "email": f"{username}@demo.greencomp"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if platform_secretariat:
            Membership.objects.get_or_create(user=user, role=Role.SECRETARIAT, competition=None, division=None)
        users[username] = user
    return users


# Two enterprises that registered themselves in 郑州市: one approved by union-zhengzhou (its mail goes out through
# the job worker under `make run`), one still waiting for the city's approval (a 待办 for the officers).
SELF_REGISTRATIONS = [
    ("郑州恒达新能源科技有限公司", "91410100MA46HD0010", "hengda-demo", True),
    ("郑州蓝天环保材料有限公司", "91410100MA46LT0020", "lantian-demo", False),
]


@transaction.atomic
def seed_registrations_demo(users: dict) -> int:
    """Idempotent: a credit code already registered is left as it is. Returns how many it registered."""
    made = 0
    for name, code, username, approve in SELF_REGISTRATIONS:
        code = code[:-1] + credit_code_check_char(code[:-1])
        if Organisation.objects.filter(credit_code=code).exists():
            continue
        enterprise_register(organisation_name=name, kind=OrganisationKind.ENTERPRISE, credit_code=code,
                            city="郑州市", county="中牟县", contact_name="演示联系人", contact_phone="13800000000",
                            username=username, email=f"{username}@demo.greencomp", password=DEMO_PASSWORD)
        if approve:
            organisation_decide(organisation=Organisation.objects.get(credit_code=code), approve=True, reason="",
                                by=users["union-zhengzhou"])
        made += 1
    return made
