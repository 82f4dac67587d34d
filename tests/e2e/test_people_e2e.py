"""The secretariat appoints one division officer on the division's page (account searched as one types) and one
from an Excel sheet; the role form's 赛区 picker follows its 竞赛 picker."""

import pytest
from playwright.sync_api import expect

from competitions.enums import Role
from competitions.models import Competition, Membership
from greencomp.models import User
from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.fixtures import load_all

from ..factories import UserFactory
from .conftest import appoint_by_excel, appoint_by_search, officer_sheet, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretariat_appoints_officers_on_the_page_and_by_excel(page, login, tmp_path):
    seed_accounts()
    load_all()
    henan = Competition.objects.get(doc_number="豫工文〔2022〕32号")
    kaifeng = henan.divisions.get(name="开封市")
    person = UserFactory(username="kf-union-2022", full_name="韩开封", phone="13703780001")
    login("secretariat", DEMO_PASSWORD)

    page.goto(f"{page.base_url}/competitions/{henan.pk}/divisions/{kaifeng.pk}/")
    appoint_by_search(page, "韩开", "韩开封（kf-union-2022", "people-officer")
    assert page.locator("#division-officers .officer-name").all_inner_texts() == ["韩开封"]
    assert list(Membership.objects.filter(user=person).values_list("role", "division_id")) == [
        (Role.OFFICER, kaifeng.pk)]
    screenshot(page, "people-officer-appointed")

    appoint_by_excel(page, officer_sheet(tmp_path / "officers.xlsx", [
        ["洛阳市", "孙洛阳", "13903790002", "sun@example.com", "洛阳市总工会", "副主席"]]), 1, "people-officer-import")
    sun = User.objects.get(username="13903790002")
    assert (sun.full_name, sun.organisation.name, [m.division.name for m in sun.memberships.all()]) == (
        "孙洛阳", "洛阳市总工会", ["洛阳市"])
    screenshot(page, "people-officer-imported")


def test_role_form_division_picker_follows_the_competition(page, login):
    seed_accounts()
    load_all()
    henan = Competition.objects.get(doc_number="豫工文〔2022〕32号")
    person = UserFactory(username="someone", full_name="某人")
    login("secretariat", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/accounts/{person.pk}/")
    page.fill("#id_competition-ts-control", "2022年全省")
    page.locator("#id_competition-ts-dropdown .option", has_text=henan.title).click()
    page.keyboard.press("Escape")
    page.locator("h1").click()  # away from the picker: under load the Escape may reach it before the choice did
    expect(page.locator("#id_competition-ts-dropdown")).to_be_hidden()
    page.click("#id_division-ts-control")
    # The options are asked for when the competition changes; under load the dropdown may open before they arrive
    # and close on the refresh, so wait for the options themselves, not for the open dropdown;
    # expect() retries until the options are exactly the chosen competition's divisions, in order.
    expect(page.locator("#id_division-ts-dropdown .option")).to_have_text(
        list(henan.divisions.order_by("order", "id").values_list("name", flat=True)))
    screenshot(page, "people-role-form-divisions")
