"""Anonymous in Chromium: the portal home shows the seed competitions' notices and the open 公示, an objection is
lodged from it; nothing unpublished appears on any public page or API endpoint; no CSP violation; 390 px wide."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Publicity
from competitions.models import Competition, Track
from greencomp.seed.accounts import seed_accounts
from greencomp.seed.fixtures import load_all
from greencomp.seed.notices import SEED_NOTICES, seed_notices
from reviews.models import Objection, ResultNotice

from ..factories import CompetitionFactory, DivisionFactory, NoticeFactory
from ..portal.conftest import SECRET, attach, prize_for
from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = seed_accounts()["secretariat"]
    load_all(by=secretariat)
    seed_notices(by=secretariat)
    contest = Competition.objects.get(title="2025年河南省工业绿色低碳发展创新大赛")
    today = timezone.localdate()
    ResultNotice.objects.create(competition=contest, opens_on=today - datetime.timedelta(days=1),
                                closes_on=today + datetime.timedelta(days=6), published_at=timezone.now())
    Publicity.objects.create(competition=contest, title="推荐项目公示", starts_on=today - datetime.timedelta(days=30),
                             ends_on=today - datetime.timedelta(days=23), published_at=timezone.now())
    prize = prize_for(contest, contest.tracks.get(number=1), title="钢铁烧结烟气超低排放技术", by=secretariat)
    # unpublished: a draft notice with its attachment, a 公示 and results of another contest, a draft competition
    attach(NoticeFactory(competition=contest, title=f"草稿通知{SECRET}", body=SECRET, published_at=None), secretariat)
    hidden = CompetitionFactory(title="另一大赛", kind="innovation")
    Publicity.objects.create(competition=hidden, title=f"未发布公示{SECRET}", starts_on=today, ends_on=today)
    ResultNotice.objects.create(competition=hidden, opens_on=today, closes_on=today)
    DivisionFactory(competition=hidden, name="洛阳市", city="洛阳市")
    hidden_track = Track.objects.create(competition=hidden, number=1, name="清洁生产技术创新成果", form_type="technology")
    prize_for(hidden, hidden_track, title=f"未公示获奖项目{SECRET}", by=secretariat)
    NoticeFactory(competition=CompetitionFactory(title=f"草稿竞赛{SECRET}", status="draft"), title=f"通知{SECRET}")
    return {"contest": contest, "prize": prize, "hidden": hidden}


def _watch_csp(page) -> list:
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    return problems


def test_anonymous_reads_notices_and_lodges_an_objection_from_the_home(page, portal_world):
    csp = _watch_csp(page)
    page.goto(page.base_url + "/")
    notices = page.locator("#notices li").all_inner_texts()
    assert [title for _, title in SEED_NOTICES.values() if not any(title in n for n in notices)] == []
    assert page.locator("#open-publicity li").count() == 1
    assert "公示中" in page.locator("#open-publicity").inner_text()
    screenshot(page, "portal_home_1366")

    page.click("#open-publicity >> text=提出异议")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("review:public", args=[portal_world["contest"].pk]) + "#objection")
    page.select_option("#id_application", str(portal_world["prize"].application_id))
    page.fill("#id_name", "李明")
    page.fill("#id_phone", "13800138000")
    page.fill("#id_text", "该项目的节能量数据与企业公开报告不一致，请核实。")
    page.click("#objection button")
    page.wait_for_load_state("networkidle")
    assert "您的异议已提交，大赛秘书处将核实处理。" in page.content()
    screenshot(page, "portal_objection_lodged_1366")
    objection = Objection.objects.get()
    assert (objection.name, objection.application_id, objection.competition_id) == (
        "李明", portal_world["prize"].application_id, portal_world["contest"].pk)
    page.goto(page.base_url + reverse("portal:competition", args=[portal_world["contest"].pk]))
    assert page.locator("#tracks li").count() == 5
    screenshot(page, "portal_competition_1366")
    assert csp == []


def test_home_and_a_notice_are_readable_on_a_phone(browser, live_server, portal_world):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    csp = _watch_csp(page)
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "portal_home_390")
    page.click("#notices li >> nth=0 >> a")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("#notice-body").inner_text().strip() != ""
    screenshot(page, "portal_notice_390")
    assert csp == []
    context.close()


def test_nothing_unpublished_is_on_any_public_page_or_endpoint(page, portal_world):
    contest, hidden = portal_world["contest"], portal_world["hidden"]
    page.goto(page.base_url + "/")
    links = {a.split("#")[0] for a in page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
             if not a.startswith(("/auth/", "/showcase/"))}
    api = [reverse(n) for n in ("api:competitions", "api:notices", "api:public_lists", "api:schema")]
    api += [reverse("api:competition", args=[c.pk]) for c in Competition.objects.exclude(status="draft")]
    api += [reverse("api:publicity", args=[contest.pk]), reverse("api:results", args=[contest.pk]),
            reverse("api:notices") + "?q=草稿"]
    pages = sorted(links) + [reverse("api:docs"), reverse("portal:notices") + "?q=草稿"]
    for url in pages:
        assert page.goto(page.base_url + url).status == 200, url
        assert SECRET not in page.content(), url
    for url in api:  # the endpoints, fetched in the same browser context
        response = page.request.get(page.base_url + url)
        assert response.status == 200 and SECRET not in response.text(), url
    for url in (reverse("api:publicity", args=[hidden.pk]), reverse("api:results", args=[hidden.pk]),
                reverse("review:public", args=[hidden.pk]), reverse("recommend:public", args=[hidden.pk])):
        assert page.goto(page.base_url + url).status == 404, url
    assert len(pages) + len(api) > 20
