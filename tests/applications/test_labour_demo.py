"""The demo step and the synthetic data generator of labour registration."""

import pytest

from applications.models import DivisionSubmission, Entry
from competitions.models import Division
from greencomp.models import User
from greencomp.seed.accounts import seed_accounts
from greencomp.seed.labour import (
    _synthetic_quotas,
    bench_targets,
    seed_entries_demo,
    synthetic_labour_competition,
)
from greencomp.seed.synthetic import GENERATORS
from greencomp.validators import validate_credit_code
from tests.factories import CompetitionFactory, labour_division

pytestmark = pytest.mark.django_db


def test_seed_entries_demo_registers_zhengzhou_firms_once(client):
    users = seed_accounts()
    competition = CompetitionFactory(title="2026年全省重点行业绿色发展竞赛（演示）")
    labour_division(users["union-zhengzhou"], competition, quota=70)
    seed_entries_demo(users, competition)
    seed_entries_demo(users, competition)  # idempotent
    assert list(Entry.objects.order_by("id").values_list("organisation__name", flat=True)) == [
        "郑州绿源装备制造有限公司", "郑州中原铝业热电有限公司", "河南豫中水泥集团有限公司", "郑州新材料化工股份有限公司"]
    demo_entry = Entry.objects.get(organisation=users["enterprise-demo"].organisation)
    assert demo_entry.indicators.get(period="contest").within_industry_average is True
    for code in Entry.objects.values_list("organisation__credit_code", flat=True):
        validate_credit_code(code)
    client.force_login(users["enterprise-demo"])
    assert client.get(f"/labour/entries/{demo_entry.pk}/").status_code == 200


def test_synthetic_quotas_total_and_the_1000_entry_division():
    assert sum(n for _d, n in _synthetic_quotas("province")) == 1000
    national = _synthetic_quotas("national")
    assert (len(national), sum(n for _d, n in national), national[0]) == (31, 10000, ("郑州市", 1000))


def test_synthetic_labour_province_and_its_bench_targets(client):
    seed_accounts()
    assert dict(GENERATORS)["劳动竞赛参赛单位"]("province") == "劳动竞赛“合成数据province·全省重点行业绿色发展竞赛”：31 个赛区，1000 家参赛单位"
    competition = synthetic_labour_competition("province")
    assert synthetic_labour_competition("province") == competition  # idempotent
    assert Division.objects.filter(competition=competition).count() == 31
    assert Entry.objects.filter(competition=competition).count() == 1000
    assert competition.quota_table.quotas.get(division__name="郑州市").entries == 70
    assert DivisionSubmission.objects.filter(division__competition=competition).count() == 15

    client.force_login(User.objects.get(username="secretariat"))
    assert [t.job for t in bench_targets() if t.url is None] == ["labour_summary_pdf"]  # timed as the worker runs it
    for target in [t for t in bench_targets() if t.url is not None]:
        response = client.get(target.url())
        assert (target.label, response.status_code) == (target.label, 200)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
