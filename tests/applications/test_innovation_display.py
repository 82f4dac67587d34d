"""One application display (issue 10 item 6, issue 13 application PDFs): the city officer's review page, the expert's
score sheet, the applicant's page and the official PDF show each of the three 附件1 forms with the official section
headings, the Chinese labels in form order, option texts, the quantified figures as a nested table and the proofs by
their Chinese names — and none of the internal keys. The expected sequences are copied from seed 002 附件1, not
derived from form_specs, so a wrong label in the spec fails here too."""

import re
import subprocess
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.form_specs import spec_for
from applications.models import Application, RecommendationList
from applications.pdf_innovation import application_pdf
from applications.services_innovation import application_submit

from ..factories import assign
from .filled_forms import filled

pytestmark = pytest.mark.django_db

ORG_ENTERPRISE = ["一、申报单位基本情况", "单位名称", "统一社会信用代码", "单位地址", "所属行业", "主要产品", "单位性质",
                  "☑民营", "2024年工业总产值（万元）", "86,520.5", "员工人数", "法定代表人", "姓名：赵志强", "电话",
                  "电子邮箱", "传真", "0371-62551235", "单位简介"]
COMMITMENT = ["我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。"]
EXPECTED = {
    2: ORG_ENTERPRISE + [
        "二、申报技术基本情况", "技术名称", "燃气锅炉烟气余热深度回收技术", "技术类别", "☐清洁生产技术", "☑节能降碳技术",
        "☐资源高效利用技术", "技术所处阶段", "☐研发类", "☑应用类", "适用范围", "知识产权情况", "☐完全自主知识产权",
        "☑共享知识产权，共享人：郑州大学", "☐获授权使用，授权人：", "技术原理及创新点", "技术实用性", "示范性、可复制性",
        "三、依托项目/案例情况", "依托项目/案例名称", "依托项目/案例内容", "技术应用前后取得的社会、经济、环境效益",
        "量化指标", "节能量（tce）", "节水量（t）", "减排二氧化碳（tCO2）", "废气污染物减排量（t）", "废水（污水）减排量（t）",
        "危废减量（t）", "2,470", "36,000", "4,110", "12.6",
        "四、承诺申明", *COMMITMENT, "申报单位营业执照。", "申报单位自建或共建研发机构证明材料。",
        "技术专利证书及知识产权证明、成果鉴定、检验检测报告等。", "申报技术相关科技奖励或行业奖励证明。", "用户使用报告。",
        "其他可以佐证所申报技术产品性能水平"],
    4: ORG_ENTERPRISE + [
        "二、申报产品基本情况", "产品名称", "超低氮冷凝式燃气热水锅炉", "产品型号", "LYRS-2.8-Q", "产品功能和主要技术参数",
        "资源属性", "能源属性", "环境属性", "品质属性", "低碳属性",
        "四、承诺申明", *COMMITMENT, "申报单位营业执照。", "原辅材料清单", "原辅材料检测报告", "产品检测报告",
        "产品碳足迹报告", "减少产品碳足迹相关措施证明材料", "其他可以佐证绿色设计产品等相关证明材料。"],
    5: ["一、申报单位基本情况", "单位名称", "河南清风节能科技服务有限公司", "统一社会信用代码", "单位地址", "单位性质",
        "2024年服务企业数量", "146", "员工人数", "法定代表人", "单位简介",
        "二、服务案例基本情况", "服务案例名称", "服务方向", "☐绿色制造关键工艺系统解决方案", "☑绿色制造咨询评价服务",
        "☐末端污染物协同治理技术", "☑其他，具体为能源管控中心建设", "服务能力", "典型案例介绍", "服务成效",
        "三、承诺申明", *COMMITMENT, "申报单位营业执照", "人员方面证明材料", "相关资质证明材料",
        "服务案例相关证明材料", "其他相关佐证材料"],
}
# Keys of Application.data and proof codes that once leaked onto the officer's page.
LEAKS = ["org_fax", "org_name", "benefits", "ip_sharer", "energy_saving", "tech_category", "direction_other",
         "low_carbon", "commitment", "contact_phone", "license", "user_report", "True", "False", "None"]


class _Region(HTMLParser):
    """The visible text inside the element with the given id (the display partial), one string per text node."""

    def __init__(self, element_id):
        super().__init__()
        self.element_id, self.depth, self.texts = element_id, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += tag not in ("col", "br", "input", "img")

    def handle_endtag(self, tag):
        if self.depth and tag not in ("col", "br", "input", "img"):
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.texts.append(data.strip())


def display_text(html: str) -> str:
    region = _Region("application-display")
    region.feed(html)
    assert region.texts, "the display partial is missing"
    return "\n".join(region.texts)


def assert_in_order(text: str, expected: list[str]) -> None:
    at = 0
    for item in expected:
        found = text.find(item, at)
        assert found >= 0, f"{item!r} missing after position {at}: …{text[at:at + 80]!r}"
        at = found + len(item)


def assert_no_keys(text: str, form_type: str) -> None:
    keys = [f.key for f in spec_for(form_type).fields] + [p.code for p in spec_for(form_type).proofs] + LEAKS
    for key in keys:
        assert not re.search(rf"(?<![A-Za-z_]){key}(?![A-Za-z_])", text), key


@pytest.fixture
def filled_forms(enterprise, supplier, tracks, make_application):
    """A submitted, realistically filled application of each form (tracks 2, 4, 5), required proofs attached."""
    made = {}
    for user, number in ((enterprise, 2), (enterprise, 4), (supplier, 5)):
        track = tracks[number]
        data = filled(track.form_type)
        application = make_application(user, track, name=data["name"])
        Application.objects.filter(pk=application.pk).update(data=data)
        application.refresh_from_db()
        made[number] = application_submit(application=application, by=user)
    return made


@pytest.mark.parametrize("number", [2, 4, 5])
def test_officer_review_page_shows_the_form_in_order_without_internal_keys(client, zz_officer, filled_forms, number):
    application = filled_forms[number]
    client.force_login(zz_officer)
    text = display_text(client.get(reverse("recommend:application", args=[application.pk])).content.decode())
    assert_in_order(text, EXPECTED[number])
    assert_no_keys(text, application.track.form_type)
    attachment = application.attachments.get(category="license")
    assert reverse("recommend:attachment", args=[attachment.pk]) in client.get(
        reverse("recommend:application", args=[application.pk])).content.decode()


@pytest.mark.parametrize("number", [2, 4, 5])
def test_expert_sheet_shows_the_form_in_order_without_internal_keys(client, expert, pool, filled_forms, number):
    application = filled_forms[number]
    Application.objects.filter(pk=application.pk).update(status=Application.Status.RECOMMENDED)
    RecommendationList.objects.create(division=application.division, track=application.track,
                                      status=RecommendationList.Status.ACCEPTED, submitted_at=timezone.now())
    sheet = assign(application, pool["expert"])
    client.force_login(expert)
    html = client.get(reverse("review:sheet", args=[sheet.pk])).content.decode()
    text = display_text(html)
    assert_in_order(text, EXPECTED[number])
    assert_no_keys(text, application.track.form_type)
    attachment = application.attachments.get(category="license")
    assert reverse("review:sheet_attachment", args=[sheet.pk, attachment.pk]) in html
    assert reverse("innovation:attachment_download", args=[application.pk, attachment.pk]) not in html


@pytest.mark.parametrize("number", [2, 4, 5])
def test_applicant_page_and_version_show_the_same_display(client, enterprise, supplier, filled_forms, number):
    application = filled_forms[number]
    client.force_login(application.created_by)
    page = display_text(client.get(reverse("innovation:detail", args=[application.pk])).content.decode())
    version = display_text(client.get(reverse("innovation:version", args=[application.pk, 1])).content.decode())
    assert_in_order(page, EXPECTED[number])
    assert_in_order(version, EXPECTED[number])
    assert_no_keys(page, application.track.form_type)
    assert version.replace("（第1版提交时的附件清单）", "") == page  # the frozen version reads the same, files unlinked


def pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _content_lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines()
            if line.strip() and not re.fullmatch(r"第\s*\d+\s*页\s*共\s*\d+\s*页", line.strip())]


@pytest.mark.parametrize("number", [2, 4, 5])
def test_pdf_shows_the_form_in_order_on_full_pages(filled_forms, tmp_path, number):
    application = filled_forms[number]
    spec = spec_for(application.track.form_type)
    pages = pdf_pages(application_pdf(application), tmp_path)
    text = "\n".join(pages)
    assert_in_order(re.sub(r"\s+", "", text), [re.sub(r"\s+", "", item) for item in EXPECTED[number]])
    assert_no_keys(text, application.track.form_type)
    cover = _content_lines(pages[0])
    submitted = timezone.localtime(application.submitted_at)
    assert cover[-2:] == ["河南省工业和信息化厅制", f"{submitted.year}年{submitted.month}月{submitted.day}日"]  # on page 1
    headings = [s.title for s in spec.sections] + [spec.commitment_title]
    for n, page in enumerate(pages[1:], start=2):
        lines = _content_lines(page)
        assert len("".join(lines)) > 300, f"page {n} is nearly empty: {lines}"
        assert lines[-1] not in headings, f"page {n} ends with the heading {lines[-1]}"
