"""Issue 12, item 2: a notice's allocation table read in its own layout, as copied out of the seed notices."""

import decimal
from pathlib import Path

from competitions.enums import DivisionKind
from competitions.notice_tables import MSG_UNKNOWN_LAYOUT, parse_notice_table, split_lines

HERE = Path(__file__).parent / "notice_tables"
SEED_000 = (HERE / "seed000_annex1.txt").read_text(encoding="utf-8")
SEED_001 = (HERE / "seed001_annex.txt").read_text(encoding="utf-8")
SEED_003 = (HERE / "seed003_annex2.txt").read_text(encoding="utf-8")

PROVINCE_2022 = [
    ("郑州市", 70), ("开封市", 40), ("洛阳市", 60), ("平顶山市", 50), ("安阳市", 40), ("鹤壁市", 30), ("新乡市", 40),
    ("焦作市", 50), ("濮阳市", 40), ("许昌市", 50), ("漯河市", 30), ("三门峡市", 20), ("南阳市", 50), ("商丘市", 30),
    ("信阳市", 30), ("周口市", 50), ("驻马店市", 40), ("济源示范区", 15), ("郑州铁路局", 10), ("黄委会系统", 5),
    ("财贸轻纺系统", 30), ("机械冶金建材系统", 30), ("农业交通建设系统", 40), ("能源化学地质系统", 40), ("电力系统", 30),
    ("河南油田", 10), ("中原油田", 15), ("大唐河南发电有限公司", 5), ("中电投河南分公司", 5), ("华能国际河南分公司", 5),
    ("省重点赛区示范点", 40),
]
JIAOZUO_NAMED = ["中铝中州铝业有限公司", "焦作万方铝业股份有限公司", "龙蟒佰利联集团股份有限公司", "昊华宇航化工有限责任公司",
                 "凤神轮胎股份有限公司", "神华国能焦作电厂有限公司", "华润电力焦作有限公司", "河南中轴股份有限公司",
                 "焦作市城市垃圾处置管理站", "焦作坚固水泥有限公司", "焦作金冠嘉华电力有限公司", "蒙牛乳业(焦作)有限公司", "焦煤集团"]


def parse(text, **kwargs):
    return parse_notice_table(split_lines(text), **kwargs)


def test_seed_000_two_column_pairs_read_left_then_right():
    table = parse(SEED_000, notice_total=1000)
    assert (table.layout, table.total, table.sum, table.errors) == ("pairs", 1000, 1000, [])
    assert [(r.name, int(r.number)) for r in table.rows] == PROVINCE_2022
    kinds = {r.name: r.kind for r in table.rows}
    assert (kinds["郑州市"], kinds["济源示范区"], kinds["财贸轻纺系统"], kinds["河南油田"], kinds["省重点赛区示范点"]) == (
        DivisionKind.CITY, DivisionKind.CITY, DivisionKind.INDUSTRY_UNION, DivisionKind.ENTERPRISE_GROUP,
        DivisionKind.DEMO_POINT)


def test_seed_001_named_enterprises_are_one_division_not_thirteen():
    table = parse(SEED_001, competition_title="2026年焦作市重点企业“三比两降”节能减排劳动竞赛", notice_total=80)
    assert (table.layout, table.total, table.sum, table.is_valid) == ("named", 80, 80, True)
    assert [(r.name, int(r.number), r.kind, r.city) for r in table.rows] == [
        ("沁阳市", 9, "county", "焦作市"), ("孟州市", 10, "county", "焦作市"), ("温县", 8, "county", "焦作市"),
        ("博爱县", 8, "county", "焦作市"), ("武陟县", 8, "county", "焦作市"), ("修武县", 6, "county", "焦作市"),
        ("解放区", 1, "county", "焦作市"), ("山阳区", 2, "county", "焦作市"), ("中站区", 4, "county", "焦作市"),
        ("马村区", 3, "county", "焦作市"), ("示范区", 3, "county", "焦作市"), ("交通", 1, "industry_union", "焦作市"),
        ("建设", 4, "industry_union", "焦作市"), ("市直参赛企业", 13, "city_enterprise", "焦作市"),
    ]
    assert table.rows[-1].named == JIAOZUO_NAMED


def test_seed_003_cities_and_target_shares():
    table = parse(SEED_003)
    assert (table.layout, table.is_valid, len(table.rows)) == ("cities", True, 18)
    assert [(r.name, r.number) for r in table.rows[:3]] == [("郑州市", 25), ("洛阳市", 25), ("新乡市", 25)]
    assert (table.rows[-1].name, table.rows[-1].city, table.rows[-1].number) == ("济源市", "济源示范区", decimal.Decimal(15))


def test_unknown_layout():
    table = parse("郑州市 70\n开封市 40")
    assert (table.layout, table.rows, table.errors) == ("", [], [MSG_UNKNOWN_LAYOUT])


def test_errors_per_row_duplicate_and_non_numeric():
    table = parse("赛区\t参赛企业数\n郑州市\t七十\n开封市\t40\n郑州市\t10\n洛阳市\t2.5\n合 计\t\t1000")
    assert [(r.line, r.name, r.errors) for r in table.rows if r.errors] == [
        (2, "郑州市", ["“七十”不是数字"]), (4, "郑州市", ["赛区“郑州市”在表中重复出现"]), (5, "洛阳市", ["“2.5”须为整数"])]
    assert table.errors == ["各赛区名额之和 50 与表中合计 1000 不一致"]


def test_total_checked_against_the_notice_total_when_the_table_has_none():
    table = parse("赛区\t参赛企业数\n郑州市\t70\n开封市\t40", notice_total=1000)
    assert table.errors == ["各赛区名额之和 110 与竞赛设置的参赛名额总数 1000 不一致"]
    assert parse("赛区\t参赛企业数\n郑州市\t70\n开封市\t40\n合计\t110", notice_total=1000).errors == [
        "表中合计 110 与竞赛设置的参赛名额总数 1000 不一致"]


def test_typed_with_spaces_and_full_width_digits():
    table = parse("赛 区    参赛企业数\n郑州市    ７０\n温 县    8\n合 计    78")
    assert ([(r.name, int(r.number)) for r in table.rows], table.errors) == ([("郑州市", 70), ("温县", 8)], [])


def test_a_non_city_in_the_city_table():
    table = parse("序号\t省辖市\tA、B 级企业占比 (%)\n1\t郑州市\t≥25\n2\t雄安新区\t≥15\n3\t开封市\t120")
    assert [(r.name, r.errors) for r in table.rows if r.errors] == [
        ("雄安新区", ["“雄安新区”不是河南省的省辖市"]), ("开封市", ["占比“120”超过 100%"])]
