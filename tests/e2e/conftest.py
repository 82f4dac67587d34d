"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the system browser is used. Screenshots go to artifacts/screenshots/ (git-ignored)."""

import os
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                      "--disable-dev-shm-usage"],
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)  # generous: CI runs two workers on two cores
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login(page):
    def do_login(username, password):
        page.goto(page.base_url + "/auth/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do_login


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


OFFICER_COLUMNS = ["赛区", "姓名", "手机", "邮箱", "单位", "职务"]


def officer_sheet(path: Path, rows) -> Path:
    """The officers' import template (赛区, 姓名, 手机, 邮箱, 单位, 职务) filled with `rows`."""
    wb = Workbook()
    ws = wb.active
    ws.append(OFFICER_COLUMNS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def appoint_by_search(page, typed: str, option: str, name: str) -> None:
    """On a division's page: type into the account search, pick the option, appoint."""
    page.fill("#id_existing-user-ts-control", typed)
    page.locator(".ts-dropdown .option", has_text=option).click()
    screenshot(page, f"{name}-search")
    page.click("#appoint-existing")
    page.wait_for_selector(".alert-success")


def appoint_by_excel(page, sheet: Path, rows: int, name: str) -> None:
    """From a division's page: open the Excel bulk appointment, upload, check the preview, confirm."""
    page.click("#division-officers a:has-text('Excel 批量任命')")
    page.set_input_files("#id_file", str(sheet))
    page.click("#upload")
    assert page.locator("#import-preview tbody tr").count() == rows
    screenshot(page, f"{name}-preview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#confirm-import")
    page.wait_for_selector(".alert-success")
