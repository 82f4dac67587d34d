"""The competition dashboard in Chromium: every chart is drawn by static/js/dashboard.js under the strict CSP (no
inline script, no error), the Henan map among them, at desktop and phone width. Screenshots in
artifacts/screenshots/dashboard-*."""

import pytest

from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.grading import seed_grading_demo

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_grading_dashboard_draws_every_chart_and_the_map(page, login):
    competition = seed_grading_demo(seed_accounts())
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    # a refused inline script or a missing static file shows here (the browser's own favicon request aside)
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    login("secretariat", DEMO_PASSWORD)
    for width, height, name in ((1366, 768, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{page.base_url}/dashboard/{competition.pk}/")
        page.wait_for_selector("#panel-map [data-chart] canvas")
        charts = page.locator("[data-chart]").count()
        assert page.locator("[data-chart]:has(canvas)").count() == charts
        assert charts == 6  # phases, levels, groups, cities, map, items
        assert page.locator("#panel-map [data-panel-table] tbody tr").first.inner_text().startswith("郑州市")
        screenshot(page, f"dashboard-grading-{name}")
    assert problems == []
