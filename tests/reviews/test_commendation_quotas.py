"""Award types from the data file and the proportional quota proposal (largest-remainder method)."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import Entry
from competitions.enums import DivisionKind
from competitions.models import Competition
from greencomp.models import AuditEvent, Organisation
from greencomp.seed.fixtures import load_all
from reviews import services_commendation as services
from reviews.models import AwardType, NominationQuota
from reviews.services_commendation import QuotaLine, largest_remainder
from tests.factories import (
    AwardTypeFactory,
    CompetitionFactory,
    DivisionFactory,
    PhaseFactory,
    UserFactory,
    submit_division_list,
)

JIAOZUO_COUNTIES = [("沁阳市", 9), ("孟州市", 10), ("温县", 8), ("博爱县", 8), ("武陟县", 8), ("修武县", 6),
                    ("解放区", 1), ("山阳区", 2), ("中站区", 4), ("马村区", 3), ("示范区", 3), ("交通", 1), ("建设", 4)]
JIAOZUO_ENTERPRISES = ["中铝中州铝业有限公司", "焦作万方铝业股份有限公司", "龙蟒佰利联集团股份有限公司",
                       "昊华宇航化工有限责任公司", "凤神轮胎股份有限公司", "神华国能焦作电厂有限公司",
                       "华润电力焦作有限公司", "河南中轴股份有限公司", "焦作市城市垃圾处置管理站", "焦作坚固水泥有限公司",
                       "焦作金冠嘉华电力有限公司", "蒙牛乳业(焦作)有限公司", "焦煤集团"]


def lines(*measures, eligible=None):
    return [QuotaLine(division_id=i + 1, name=f"赛区{i + 1}", order=i + 1, measure=Fraction(m),
                      eligible=True if eligible is None else eligible[i]) for i, m in enumerate(measures)]


def counts(result):
    return [line.count for line in result]


# ---- the method itself, by hand ---------------------------------------------------------------------------------

def test_largest_remainder_plain_example():
    # 7 × (50, 30, 20) / 100 = 3.5, 2.1, 1.4 → floors 3, 2, 1 (6); the one seat left goes to remainder .5
    result = largest_remainder(7, lines(50, 30, 20))
    assert counts(result) == [4, 2, 1]
    assert [(ln.floor, ln.bonus) for ln in result] == [(3, 1), (2, 0), (1, 0)]
    assert [ln.remainder for ln in result] == [Fraction(1, 2), Fraction(1, 10), Fraction(2, 5)]
    assert [ln.tie for ln in result] == [False, False, False]


def test_largest_remainder_tie_broken_by_larger_measure():
    # 4 × (5, 15, 20) / 40 = 0.5, 1.5, 2.0 → floors 0, 1, 2; remainders .5 and .5 tie: larger measure (15) wins
    result = largest_remainder(4, lines(5, 15, 20))
    assert counts(result) == [0, 2, 2]
    assert [ln.tie for ln in result] == [True, True, False]
    assert result[0].note == "余数并列：余数相同时，依次按测算依据数值较大、赛区排序在前者优先。"


def test_largest_remainder_tie_broken_by_division_order():
    # 5 × (1, 1, 1, 1) / 4 = 1.25 each → floors 1 each, one seat left, all equal: the first in order gets it
    result = largest_remainder(5, lines(1, 1, 1, 1))
    assert counts(result) == [2, 1, 1, 1]
    assert all(ln.tie for ln in result)


def test_largest_remainder_ineligible_line_gets_none():
    result = largest_remainder(6, lines(10, 10, 10, eligible=[True, False, True]))
    assert counts(result) == [3, 0, 3]
    assert result[1].share == 0


def test_largest_remainder_exact_division_needs_no_bonus():
    result = largest_remainder(10, lines(6, 4))
    assert counts(result) == [6, 4]
    assert [ln.bonus for ln in result] == [0, 0]


# ---- 焦作 2019: the 13 areas of the quota table plus the one 市直参赛企业 division of the 13 named enterprises ------

@pytest.fixture
def jiaozuo(db):
    competition = CompetitionFactory(title="焦作市重点企业“三比两降”节能减排劳动竞赛", year=2019,
                                     doc_number="焦工文〔2019〕27号")
    deadline = timezone.now() - datetime.timedelta(days=5)
    PhaseFactory(competition=competition, opens_at=deadline - datetime.timedelta(days=30), closes_at=deadline)
    officer = UserFactory()  # each division's officer; for 市直参赛企业 the city union's
    plan = [(name, n, DivisionKind.COUNTY) for name, n in JIAOZUO_COUNTIES]
    plan += [("市直参赛企业", len(JIAOZUO_ENTERPRISES), DivisionKind.CITY_ENTERPRISE)]
    divisions = []
    orgs = Organisation.objects.bulk_create([Organisation(name=f"焦作测试企业{i}", credit_code="") for i in range(67)]
                                            + [Organisation(name=name, credit_code="") for name in JIAOZUO_ENTERPRISES])
    org_iter = iter(orgs)
    entries = []
    for order, (name, n, kind) in enumerate(plan, start=1):
        d = DivisionFactory(competition=competition, name=name, kind=kind, order=order, city="焦作市")
        divisions.append(d)
        entries += [Entry(competition=competition, division=d, organisation=next(org_iter), project="节能改造",
                          project_address="焦作市", contact_name="联系人", contact_phone="0391-1234567",
                          industry="化工", created_by=officer) for _ in range(n)]
        # 沁阳市 sent its list after the deadline: 未按要求报相关资料的视为未举办竞赛
        submit_division_list(d, at=deadline + datetime.timedelta(days=1) if name == "沁阳市" else deadline)
    Entry.objects.bulk_create(entries)
    services.award_types_load_for(competition)
    return competition, divisions


def test_jiaozuo_award_types_load_from_data(jiaozuo):
    competition, _divisions = jiaozuo
    again = services.award_types_load_for(competition)  # idempotent
    rows = list(AwardType.objects.filter(competition=competition).order_by("order")
                .values_list("name", "nominee_kind", "total", "escalation_name", "escalation_count"))
    assert rows == [
        ("节能减排竞赛先进单位", "unit", 20, "焦作市五一劳动奖状", 3),
        ("节能减排竞赛先进班组、车间、工段", "team", 30, "焦作市工人先锋号", 5),
        ("节能减排竞赛先进个人和技术标兵", "individual", 30, "焦作市五一劳动奖章", 5),
    ]
    assert len(again) == 3


def test_provincial_2022_award_types_load_with_counts_to_set(db):
    competition = CompetitionFactory(doc_number="豫工文〔2022〕32号")
    services.award_types_load_for(competition)
    assert list(AwardType.objects.filter(competition=competition).order_by("order")
                .values_list("name", "nominee_kind", "total")) == [
        ("绿色发展竞赛先进单位", "unit", 0), ("绿色发展竞赛先进班组（车间、工段）", "team", 0),
        ("绿色发展竞赛先进个人", "individual", 0)]


def test_jiaozuo_proposal_adds_up_and_skips_the_late_division(jiaozuo, secretariat):
    competition, divisions = jiaozuo
    unit, team, person = AwardType.objects.filter(competition=competition).order_by("order")
    for award in (unit, team, person):
        services.quota_propose(award_type=award, measure="entries", by=secretariat)
    got = {award.total: [NominationQuota.objects.get(award_type=award, division=d).count for d in divisions]
           for award in (unit, team)}
    # measures 孟州 10, 温县/博爱/武陟 8, 修武 6, 解放 1, 山阳 2, 中站 4, 马村/示范 3, 交通 1, 建设 4, 市直参赛企业 13
    # = 71 (沁阳市's 9 entries excluded). 20 × m / 71: floors 2, 2, 2, 2, 1, 0, 0, 1, 0, 0, 0, 1, 3 = 14; six seats by
    # remainder — 马村区, 示范区 (.845, equal measure: order), 孟州市 (.817), 修武县 (.690), 市直参赛企业 (.662), 山阳区
    # (.563); next is .282 (解放区, 交通), so no tie decides a seat.
    assert got[20] == [0, 3, 2, 2, 2, 2, 0, 1, 1, 1, 1, 0, 1, 4]
    # 30 × m / 71: floors 4, 3, 3, 3, 2, 0, 0, 1, 1, 1, 0, 1, 5 = 24; six seats — 山阳区 (.845), 中站区 and 建设 (.690,
    # equal measure: order), 修武县 (.535), 市直参赛企业 (.493), then the .423 tie of 解放区 and 交通 goes to 解放区 by order.
    assert got[30] == [0, 4, 3, 3, 3, 3, 1, 1, 2, 1, 1, 0, 2, 6]
    for award in (unit, team, person):
        assert sum(NominationQuota.objects.filter(award_type=award).values_list("count", flat=True)) == award.total
    qinyang = NominationQuota.objects.get(award_type=unit, division=divisions[0])
    assert qinyang.basis == {"measure_key": "entries", "measure": 9, "eligible": False, "share": "0.0000",
                             "floor": 0, "remainder": "0.0000", "bonus": 0, "tie": False,
                             "note": "逾期报送参赛名单，不分配名额"}
    mengzhou = NominationQuota.objects.get(award_type=unit, division=divisions[1])
    assert mengzhou.basis == {"measure_key": "entries", "measure": 10, "eligible": True, "share": "2.8169",
                              "floor": 2, "remainder": "0.8169", "bonus": 1, "tie": False, "note": ""}
    assert AuditEvent.objects.filter(action="commendation.quota_propose").count() == 3


def test_jiaozuo_proposal_when_everyone_was_on_time(jiaozuo, secretariat):
    competition, divisions = jiaozuo
    divisions[0].labour_submission.submitted_at = divisions[0].deadline()
    divisions[0].labour_submission.save()
    unit = AwardType.objects.get(competition=competition, nominee_kind="unit")
    services.quota_propose(award_type=unit, measure="entries", by=secretariat)
    got = [NominationQuota.objects.get(award_type=unit, division=d).count for d in divisions]
    # 20 × m / 80 = m / 4: floors 2, 2, 2, 2, 2, 1, 0, 0, 1, 0, 0, 0, 1, 3 (市直参赛企业 13 → 3.25) = 16; four seats:
    # .75 ×2 (马村, 示范), then the .5 tie of 孟州 (10), 修武 (6), 山阳 (2) — two seats, by larger measure.
    assert got == [2, 3, 2, 2, 2, 2, 0, 0, 1, 1, 1, 0, 1, 3]
    assert sum(got) == 20
    ties = [d.name for d in divisions if NominationQuota.objects.get(award_type=unit, division=d).basis["tie"]]
    assert ties == ["孟州市", "修武县", "山阳区"]


def test_proposal_gives_nothing_to_a_division_that_never_submitted(competition, division, other_division,
                                                                   registration_open, make_labour_entry, secretariat):
    make_labour_entry(division)
    make_labour_entry(other_division)
    submit_division_list(division)
    award = AwardTypeFactory(competition=competition, total=3)
    services.quota_propose(award_type=award, measure="entries", by=secretariat)
    assert {q.division.name: (q.count, q.basis["note"]) for q in NominationQuota.objects.filter(award_type=award)} \
        == {"郑州市": (3, ""), "开封市": (0, "未报送参赛名单，不分配名额")}


def test_proposal_by_score_and_by_summaries(commendation, competition, division, other_division, secretariat):
    award = AwardTypeFactory(competition=competition, total=5, name="按评分")
    services.quota_propose(award_type=award, measure="score", scores={division.pk: "92.5", other_division.pk: 60},
                           by=secretariat)
    # 5 × 92.5 / 152.5 = 3.033, 5 × 60 / 152.5 = 1.967 → 3 + 0, 1 + 1
    assert [q.count for q in NominationQuota.objects.filter(award_type=award).order_by("division_id")] == [3, 2]
    other = AwardTypeFactory(competition=competition, total=5, name="按总结")
    with pytest.raises(ValidationError) as exc:
        services.quota_propose(award_type=other, measure="summaries", by=secretariat)
    assert exc.value.messages == ["没有按时报送参赛名单且竞赛成效不为零的赛区，无法按比例测算。"]


def test_published_quotas_need_a_reason_and_cover_nominations(commendation, division, secretariat, nominate):
    unit = commendation["unit"]
    nominate(unit, commendation["entries"][division.pk][0])
    with pytest.raises(ValidationError) as exc:
        services.quotas_set(award_type=unit, counts={division.pk: 3}, by=secretariat)
    assert exc.value.messages == ["推荐名额已公布，修改须填写理由。"]
    with pytest.raises(ValidationError) as exc:
        services.quotas_set(award_type=unit, counts={division.pk: 0}, reason="调整", by=secretariat)
    assert exc.value.messages == ["郑州市已推荐1个，名额不能少于已推荐数。"]
    services.quotas_set(award_type=unit, counts={division.pk: 3}, reason="郑州市成效突出", by=secretariat)
    assert NominationQuota.objects.get(award_type=unit, division=division).count == 3
    event = AuditEvent.objects.get(action="commendation.quota_set")
    assert (event.before, event.after, event.reason) == ({"郑州市": 2, "开封市": 2}, {"郑州市": 3, "开封市": 2},
                                                         "郑州市成效突出")
    with pytest.raises(ValidationError) as exc:
        services.quota_propose(award_type=unit, measure="entries", by=secretariat)
    assert exc.value.messages == ["推荐名额已公布，不能重新测算。如需调整，请直接修改名额并填写理由。"]


def test_publish_quotas(competition, division, secretariat, registration_open):
    award = AwardTypeFactory(competition=competition, total=2)
    with pytest.raises(ValidationError) as exc:
        services.quotas_publish(award_type=award, by=secretariat)
    assert exc.value.messages == ["尚未分配推荐名额，不能公布。"]
    services.quotas_set(award_type=award, counts={division.pk: 2}, by=secretariat)
    services.quotas_publish(award_type=award, by=secretariat)
    award.refresh_from_db()
    assert award.quotas_published


def test_jiaozuo_award_types_load_from_the_fixtures(db):
    load_all()
    jiaozuo = Competition.objects.get(doc_number="焦工文〔2019〕27号")
    assert list(jiaozuo.award_types.order_by("order").values_list(
        "name", "nominee_kind", "total", "escalation_name", "escalation_count")) == [
        ("节能减排竞赛先进单位", "unit", 20, "焦作市五一劳动奖状", 3),
        ("节能减排竞赛先进班组、车间、工段", "team", 30, "焦作市工人先锋号", 5),
        ("节能减排竞赛先进个人和技术标兵", "individual", 30, "焦作市五一劳动奖章", 5),
    ]
    henan = Competition.objects.get(doc_number="豫工文〔2022〕32号", copied_from=None)
    assert list(henan.award_types.order_by("order").values_list("name", flat=True)) == [
        "绿色发展竞赛先进单位", "绿色发展竞赛先进班组（车间、工段）", "绿色发展竞赛先进个人"]
    load_all()
    assert jiaozuo.award_types.count() == 3
