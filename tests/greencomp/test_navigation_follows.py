"""Navigation follows the work (issue 12, item 9): a page of a competition makes it the current one."""

import pytest
from django.urls import reverse

from competitions.enums import CompetitionKind
from greencomp.navigation import competition_tools
from tests.factories import CompetitionFactory, DivisionFactory


def _sidebar_labels(response) -> list[str]:
    return [link["label"] for group in response.context["sidebar"] for link in group["links"]]


def test_a_competition_page_makes_it_current_in_top_bar_sidebar_and_next_pages(client, secretariat):
    labour = CompetitionFactory(title="2026年劳动竞赛", kind=CompetitionKind.LABOUR)
    grading = CompetitionFactory(title="2026年绩效分级提升", kind=CompetitionKind.GRADING)
    client.force_login(secretariat)
    client.post(reverse("competition_switch"), {"competition": grading.pk, "next": "/"})
    assert client.get(reverse("home")).context["current_competition"] == grading

    response = client.get(reverse("quota_tables:edit", args=[labour.pk]))
    assert response.context["current_competition"] == labour
    assert "名额分配表" in _sidebar_labels(response)
    assert f'<option value="{labour.pk}" selected>' in response.content.decode()
    home = client.get(reverse("home"))
    assert home.context["current_competition"] == labour


def test_a_competition_the_user_cannot_see_never_becomes_current(client, officer, division):
    hidden = CompetitionFactory(title="别的竞赛", kind=CompetitionKind.LABOUR)
    client.force_login(officer)
    response = client.get(reverse("competitions:detail", args=[hidden.pk]))
    assert response.status_code == 404
    assert client.session.get("competition_id") != hidden.pk


@pytest.mark.parametrize("kind,labels", [
    (CompetitionKind.INNOVATION, ["看板", "推荐汇总", "推荐汇总表", "推荐公示", "评审管理", "专家库", "评审进度", "获奖名单",
                                  "负责人与联络员", "通知公告"]),
    (CompetitionKind.LABOUR, ["看板", "名额分配表", "参赛登记进度", "评比表彰", "参赛单位汇总表", "通知公告"]),
    (CompetitionKind.GRADING, ["看板", "提升进展看板", "目标与批次", "通知公告"]),
])
def test_competition_page_links_to_every_tool_of_its_kind(client, secretariat, kind, labels):
    competition = CompetitionFactory(title="本届竞赛", kind=kind)
    DivisionFactory(competition=competition, name="郑州市", city="郑州市")
    client.force_login(secretariat)
    response = client.get(reverse("competitions:detail", args=[competition.pk]))
    tools = competition_tools(competition)
    assert [t["label"] for t in tools] == labels
    for tool in tools:
        assert f'href="{tool["url"]}"' in response.content.decode(), tool["label"]  # the page shows the link
        page = client.get(tool["url"])
        # an export run as a background job answers with its 下载中心 page
        assert page.status_code == 200 or page.url.startswith("/notifications/downloads/"), tool["label"]
        if page.streaming:
            b"".join(page.streaming_content)  # consuming a FileResponse closes its file


@pytest.mark.parametrize(("target", "lands"), [("/notifications/", "/notifications/"),
                                              ("https://evil.example/phish", "/"), ("//evil.example/", "/")])
def test_switching_competition_returns_only_to_a_page_of_this_site(client, secretariat, target, lands):
    competition = CompetitionFactory(kind=CompetitionKind.GRADING)
    client.force_login(secretariat)
    response = client.post(reverse("competition_switch"), {"competition": competition.pk, "next": target})
    assert response.status_code == 302 and response["Location"] == lands


def test_the_top_bar_picker_and_the_sidebar_are_escaped_and_titles_shortened(client, secretariat):
    long = CompetitionFactory(title="2026年<b>河南省</b>工业绿色低碳发展创新大赛工作方案（第二批）", year=2026,
                              kind=CompetitionKind.LABOUR)
    client.force_login(secretariat)
    client.post(reverse("competition_switch"), {"competition": long.pk, "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert (f'<option value="{long.pk}" selected>2026 · 2026年&lt;b&gt;河南省&lt;/b&gt;工业绿色低碳发展创新...'
            "</option>") in html
    assert ('<li class="nav-item"><a class="nav-link active" href="/"><i class="bi bi-house me-2"></i>首页</a></li>'
            in html)
    assert (f'<a class="nav-link " href="{reverse("quota_tables:edit", args=[long.pk])}"><i class="bi bi-table me-2">'
            "</i>名额分配表</a>") in html
