"""The forms, the fixture and the demo step against seed 002 (word for word)."""

import json

import pytest

from applications.form_specs import PRODUCT, SERVICE, TECHNOLOGY, validate_model_number
from applications.forms_innovation import ApplicationForm
from applications.models import Application
from competitions.enums import CompetitionKind, PhaseKind
from competitions.models import Competition, Membership
from greencomp.seed.accounts import seed_accounts
from greencomp.seed.fixtures import loaders
from greencomp.seed.fixtures_innovation import load_innovation
from greencomp.seed.innovation import DEMO_TITLE, seed_innovation_demo

from ..factories import FIXTURE


def test_technology_form_labels_options_and_notes_match_the_seed():
    assert [s.title for s in TECHNOLOGY.sections] == ["一、申报单位基本情况", "二、申报技术基本情况", "三、依托项目/案例情况"]
    assert TECHNOLOGY.commitment_title == "四、承诺申明"
    assert TECHNOLOGY.subtitle == "（清洁生产技术、节能降碳技术、资源高效利用技术）"
    assert [o.value for o in TECHNOLOGY.field("tech_category").options] == ["清洁生产技术", "节能降碳技术", "资源高效利用技术"]
    assert [o.value for o in TECHNOLOGY.field("tech_stage").options] == ["研发类", "应用类"]
    assert [o.value for o in TECHNOLOGY.field("ip").options] == ["完全自主知识产权", "共享知识产权", "获授权使用"]
    assert TECHNOLOGY.field("scope").help == "明确该技术适用的对象，包括行业、工艺、工序等，还应说明技术应用时对环境、规模等的特殊要求"
    assert TECHNOLOGY.field("replicability").label == "示范性、可复制性"
    assert TECHNOLOGY.field("benefits").label == "技术应用前后取得的社会、经济、环境效益"
    assert TECHNOLOGY.notes[0] == "1.技术类别参考工作方案中大赛内容，只选取一项勾选"
    assert TECHNOLOGY.field("org_output").label == "2024年工业总产值（万元）"
    assert TECHNOLOGY.field("org_intro").help == "（从企业基本情况、生产规模、经营情况、技术研发及服务能力、所获资质及荣誉情况进行简述）"
    assert TECHNOLOGY.commitment_text == ("我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。"
                                          "在不涉及商业机密的情况下，自愿与其他企业分享经验。")
    assert TECHNOLOGY.proofs[5].label == "用户使用报告。（应包括对技术应用的结论性意见，并由应用项目/案例中的技术使用方加盖公章）"
    assert [p.code for p in TECHNOLOGY.proofs if p.required] == ["license", "ip", "user_report"]
    assert [f.label for f in TECHNOLOGY.fields if f.key in ("energy_saving", "water_saving", "co2_reduction")] == [
        "节能量（tce）", "节水量（t）", "减排二氧化碳（tCO2）"]


def test_product_and_service_forms_match_the_seed():
    assert [f.label for f in PRODUCT.sections[1].fields] == [
        "产品名称", "产品型号", "产品功能和主要技术参数", "资源属性", "能源属性", "环境属性", "品质属性", "低碳属性"]
    assert PRODUCT.field("model").help == "（填写一种型号，不允许填写系列型号）"
    assert PRODUCT.field("low_carbon").help == ("开展“碳足迹核算”，重点说明如何使用低碳原材料、工艺、技术、运输等方面"
                                                "减少企业产品碳排放的具体举措。")
    assert [p.label for p in PRODUCT.proofs][-3:] == ["产品碳足迹报告", "减少产品碳足迹相关措施证明材料",
                                                      "其他可以佐证绿色设计产品等相关证明材料。"]
    assert [o.value for o in SERVICE.field("direction").options] == [
        "绿色制造关键工艺系统解决方案", "绿色制造咨询评价服务", "末端污染物协同治理技术", "其他"]
    assert SERVICE.field("served_count").label == "2024年服务企业数量"
    assert SERVICE.commitment_title == "三、承诺申明"
    assert SERVICE.field("org_intro").help == "从供应商的基本情况、业务范围、相关资质、技术能力以及所获得荣誉等方面进行概括"
    assert [o.value for o in SERVICE.field("org_nature").options] == ["国有", "集体", "民营", "中外合资", "港澳台", "外商独资"]


def test_django_form_is_built_from_the_spec():
    form = ApplicationForm(spec=TECHNOLOGY)
    assert form.fields["tech_category"].label == "技术类别"
    assert form.fields["legal_phone"].label == "法定代表人电话"
    assert form.fields["principle"].widget.attrs["maxlength"] == 3000
    assert form.fields["proof_license"].label == "申报单位营业执照。"
    assert all(not f.required for f in form.fields.values())  # drafts keep anything


@pytest.mark.parametrize("model", ["YE4系列", "YE4-80~355", "A100、A200", "A100至A300", "A100,A200", "A100等"])
def test_series_model_numbers_are_refused(model):
    with pytest.raises(Exception) as exc:
        validate_model_number(model)
    assert exc.value.messages == ["产品型号只能填写一种型号，不允许填写系列型号（如“××系列”、型号范围或多个型号）。"]


def test_a_single_model_number_is_accepted():
    assert validate_model_number("YE4-160M-4") is None


def test_fixture_loads_the_contest_idempotently(db):
    assert loaders()["innovation"] is load_innovation
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    first = load_innovation(data)
    second = load_innovation(data)
    assert first == second
    assert Competition.objects.filter(kind=CompetitionKind.INNOVATION).count() == 1
    assert first.theme == "豫见绿色、创赢未来"
    assert first.organisers == "省工业和信息化厅、河南日报社"
    assert [(t.number, t.name, t.form_type, t.min_recommendations) for t in first.tracks.all()] == [
        (1, "清洁生产技术创新成果", "technology", 3), (2, "节能降碳技术创新成果", "technology", 3),
        (3, "资源高效利用技术创新成果", "technology", 3), (4, "工业绿色设计产品创新成果", "product", 3),
        (5, "绿色制造供应商服务工业绿色低碳发展典型案例", "service", 3)]
    names = list(first.divisions.values_list("name", flat=True))
    assert len(names) == 19 and names[0] == "郑州市" and names[17] == "济源示范区" and names[18] == "航空港区"
    closes = {p.kind: p.closes_at.isoformat() for p in first.phases.all()}
    assert closes[PhaseKind.PLAN] == "2025-06-10T15:59:59+00:00"
    assert closes[PhaseKind.RECOMMENDATION] == "2025-06-30T15:59:59+00:00"
    assert closes[PhaseKind.AGGREGATION] == "2025-07-05T15:59:59+00:00"
    assert closes[PhaseKind.REVIEW] == "2025-07-15T15:59:59+00:00"


def test_demo_step_is_idempotent_and_opens_submission(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = seed_accounts()
    load_innovation(json.loads(FIXTURE.read_text(encoding="utf-8")))
    demo = seed_innovation_demo(users)
    assert seed_innovation_demo(users) == demo
    assert Competition.objects.filter(title=DEMO_TITLE).count() == 1
    assert demo.status == "active"
    assert demo.phase(PhaseKind.REGISTRATION).is_open()
    assert demo.tracks.count() == 5 and demo.divisions.count() == 19
    assert list(Membership.objects.filter(user=users["miit-zhengzhou"], competition=demo).values_list(
        "division__name", flat=True)) == ["郑州市"]
    submitted = Application.objects.filter(competition=demo, status="submitted", division__name="郑州市",
                                           track__number=1)
    assert submitted.count() == 3
