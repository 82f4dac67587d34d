import datetime
import zoneinfo

from applications.models import Entry
from competitions.enums import DivisionKind
from competitions.models import Competition, Division
from competitions.selectors import division_named_participants
from greencomp.models import Organisation
from greencomp.seed.fixtures import load_all
from quotas.models import Quota
from quotas.selectors_labour import quota_lines

from ..factories import load_fixture
from .test_notice_tables import JIAOZUO_NAMED

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _table(competition):
    return [(d.name, d.quota_entries) for d in quota_lines(competition)]


def test_henan_2022_reproduces_annex_1(henan_2022):
    c = henan_2022
    assert (c.doc_number, c.year, c.issue_date, c.total_quota) == ("豫工文〔2022〕32号", 2022,
                                                                    datetime.date(2022, 4, 8), 1000)
    assert c.organisers == "河南省总工会、河南省发展和改革委员会、河南省生态环境厅"
    assert [item["title"] for item in c.contents] == ["比管理水平", "比技术创新", "比岗位建功", "降能耗", "降排放"]
    assert c.scope == "全省石油、化工、钢铁、有色金属、电力、煤炭、水泥、建材、交通运输、机械、制药、造纸等重点行业。"
    rows = _table(c)
    assert len(rows) == 31
    assert sum(n for _, n in rows) == 1000
    assert rows[0] == ("郑州市", 70)
    assert rows[15] == ("周口市", 50)
    assert rows[16] == ("驻马店市", 40)
    assert rows[-1] == ("省重点赛区示范点", 40)
    assert c.quota_table.notice_total == 1000
    assert c.quota_table.display_title == "2022年全省重点行业绿色发展竞赛参赛企业分配表"
    deadline = c.phase("registration").closes_at.astimezone(SHANGHAI)
    assert deadline == datetime.datetime(2022, 6, 8, 23, 59, 59, tzinfo=SHANGHAI)


def test_henan_2022_division_kinds(henan_2022):
    kinds = dict(Division.objects.filter(competition=henan_2022).values_list("name", "kind"))
    assert [n for n, k in kinds.items() if k == DivisionKind.CITY] == [
        "郑州市", "开封市", "洛阳市", "平顶山市", "安阳市", "鹤壁市", "新乡市", "焦作市", "濮阳市", "许昌市",
        "漯河市", "三门峡市", "南阳市", "商丘市", "信阳市", "周口市", "驻马店市", "济源示范区"]
    assert kinds["财贸轻纺系统"] == DivisionKind.INDUSTRY_UNION
    assert kinds["黄委会系统"] == DivisionKind.INDUSTRY_UNION
    assert kinds["河南油田"] == DivisionKind.ENTERPRISE_GROUP
    assert kinds["郑州铁路局"] == DivisionKind.ENTERPRISE_GROUP
    assert kinds["省重点赛区示范点"] == DivisionKind.DEMO_POINT


def test_jiaozuo_2019_reproduces_its_annex(jiaozuo_2019):
    c = jiaozuo_2019
    assert (c.doc_number, c.total_quota) == ("焦工文〔2019〕27号", 80)
    assert c.organisers == "焦作市总工会、焦作市发展和改革委员会、焦作市生态环境局"
    lines = list(quota_lines(c))
    areas = [(d.name, d.quota_entries) for d in lines if d.kind != DivisionKind.CITY_ENTERPRISE]
    assert len(areas) == 13
    assert areas[0] == ("沁阳市", 9)
    assert areas[-1] == ("建设", 4)
    assert sum(n for _, n in areas) == 67
    # the 13 named 市直参赛企业: one division the city union registers, its quota their number (67 + 13 = 80)
    enterprises = lines[-1]
    assert [d.name for d in lines if d.kind == DivisionKind.CITY_ENTERPRISE] == ["市直参赛企业"]
    assert (enterprises.name, enterprises.quota_entries, enterprises.organisation.name) == ("市直参赛企业", 13,
                                                                                           "焦作市总工会")
    assert sum(d.quota_entries for d in lines) == 80
    assert division_named_participants([enterprises.pk]) == {enterprises.pk: JIAOZUO_NAMED}
    assert Organisation.objects.filter(name__in=JIAOZUO_NAMED).count() == 13
    assert Entry.objects.filter(competition=c).count() == 0
    assert c.quota_table.display_title == "焦作市重点企业节能减排竞赛活动参赛企业名额分配表"
    deadline = c.phase("registration").closes_at.astimezone(SHANGHAI)
    assert deadline == datetime.datetime(2019, 4, 30, 23, 59, 59, tzinfo=SHANGHAI)


def test_loading_twice_changes_nothing(db):
    load_all()

    def counts():
        labour = Competition.objects.filter(kind="labour")
        return (labour.count(), Division.objects.filter(competition__in=labour).count(), Quota.objects.count())

    before = counts()
    load_all()
    load_fixture("labour_2022_henan.json")
    assert counts() == before == (2, 45, 45)  # 31 + 14 divisions, one quota row each
