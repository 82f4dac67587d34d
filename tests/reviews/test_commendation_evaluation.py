"""竞赛开展情况 as the basis of the proportional nomination quota: the year-end evaluation's 达标 entries."""

from applications.models import EntryIndicator
from reviews import services_commendation as services
from reviews.models import NominationQuota
from tests.factories import AwardTypeFactory, EntryFactory, indicator


def _evaluated(division, *, achieved: bool):
    entry = EntryFactory(division=division)
    indicator(entry, EntryIndicator.Period.BASELINE, year=2025, energy_saved=100, unit_consumption=500,
              industry_average=None)
    indicator(entry, EntryIndicator.Period.TARGET, energy_saved=200, unit_consumption=480, industry_average=None)
    # achieved: 节能量 250 ≥ 200 and 单耗 470 ≤ 480, within the average 490; missed: 单耗 485 > 480
    indicator(entry, EntryIndicator.Period.CONTEST, energy_saved=250, unit_consumption=470 if achieved else 485,
              industry_average=490)
    return entry


def test_quota_proposal_by_achieved_evaluations(commendation, competition, division, other_division, secretariat):
    for _ in range(3):
        _evaluated(division, achieved=True)
    _evaluated(division, achieved=False)
    _evaluated(other_division, achieved=True)
    _evaluated(other_division, achieved=False)
    award = AwardTypeFactory(competition=competition, total=7, name="按绩效评估")
    services.quota_propose(award_type=award, measure="achieved", by=secretariat)
    quotas = {q.division.name: q for q in NominationQuota.objects.filter(award_type=award)}
    # 7 × 3/4 = 5.25 → 5; 7 × 1/4 = 1.75 → 1, and the one seat left goes to the larger remainder (.75)
    assert {name: q.count for name, q in quotas.items()} == {"郑州市": 5, "开封市": 2}
    assert (quotas["郑州市"].basis["measure"], quotas["开封市"].basis["measure"]) == (3, 1)
    assert quotas["开封市"].basis["remainder"] == "0.7500"
    assert services.MEASURES["achieved"] == "年底绩效评估达标的参赛企业数"
