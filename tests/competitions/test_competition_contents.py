"""竞赛内容 on the competition page shows each item with its label, whatever notice it came from."""

import re

import pytest
from django.urls import reverse

from competitions.models import content_item


def _contents(client, competition) -> list[str]:
    page = client.get(reverse("competitions:detail", args=[competition.pk])).content.decode()
    block = page[page.index(">竞赛内容<"):]
    block = block[:block.index("</ol>")]
    return [re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)]


def test_labour_contents_keep_their_titles(client, secretariat, henan_2022):
    client.force_login(secretariat)
    items = _contents(client, henan_2022)
    assert [i.split("。")[0] for i in items] == ["比管理水平", "比技术创新", "比岗位建功", "降能耗", "降排放"]


def test_innovation_contents_show_their_labels(client, secretariat, innovation):
    client.force_login(secretariat)
    items = _contents(client, innovation)
    assert items[:2] == ["大赛时间：2025年6-7月", "大赛地点：郑州市"]
    assert not any(i.startswith("。") or i == "" for i in items)


def test_grading_stages_show_name_dates_and_note(client, secretariat, grading):
    client.force_login(secretariat)
    items = _contents(client, grading)
    assert len(items) == 4
    assert [i.split("：")[0] for i in items] == ["动员部署阶段", "对标提升阶段", "审核评定阶段", "信息公开阶段"]
    assert all(re.search(r"\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日", i) for i in items)


@pytest.mark.parametrize(("item", "expected"), [
    ({"title": "降能耗", "text": "降低能源消耗指标"}, {"title": "降能耗", "sep": "。", "text": "降低能源消耗指标"}),
    ({"label": "邮箱", "text": "hngxtjn@163.com"}, {"title": "邮箱", "sep": "：", "text": "hngxtjn@163.com"}),
    ({"name": "动员部署阶段", "opens": "2021-05-20", "closes": "2021-05-31", "note": "报省生态环境厅。"},
     {"title": "动员部署阶段", "sep": "：", "text": "2021年5月20日至2021年5月31日。报省生态环境厅。"}),
])
def test_content_item_shapes(item, expected):
    assert content_item(item) == expected
