"""People of a competition (issue 12): the role form, officers appointed on the division's page and from Excel,
the searchable pickers' options, the innovation cities' 参赛组织负责人 / 联络员."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competitions.enums import CompetitionKind, Role
from competitions.models import Division, Membership
from greencomp.forms import MembershipForm
from greencomp.models import AuditEvent, Organisation, User
from notifications.models import Notification

from ..factories import CompetitionFactory, DivisionFactory, MembershipFactory, UserFactory, xlsx_buffer


def _counts():
    return (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count(),
            Organisation.objects.count(), Notification.objects.count(),
            Division.objects.filter(contacts_reported_at__isnull=False).count())


@pytest.fixture
def contest(db):
    return CompetitionFactory(kind=CompetitionKind.INNOVATION, title="2026年河南省工业绿色低碳发展创新大赛")


@pytest.fixture
def contest_city(contest):
    return DivisionFactory(competition=contest, name="洛阳市", city="洛阳市")


@pytest.fixture
def contest_officer(contest, contest_city):
    user = UserFactory(username="miit-luoyang", full_name="洛阳工信")
    MembershipFactory(user=user, role=Role.OFFICER, competition=contest, division=contest_city)
    return user


# ---- the role form -----------------------------------------------------------------------------------------------

def test_role_form_has_no_default_role(db):
    form = MembershipForm()
    assert (form.fields["role"].choices[0], form["role"].value()) == (("", "请选择角色"), None)
    bound = MembershipForm({"role": ""})
    assert bound.errors == {"role": ["该字段是必填项。"]}


def test_secretariat_role_refused_without_confirmation_and_reason(client, secretariat, outsider):
    client.force_login(secretariat)
    before = _counts()
    response = client.post(reverse("accounts:detail", args=[outsider.pk]), {"role": Role.SECRETARIAT})
    assert response.context["form"].errors == {"confirm_secretariat": ["授予秘书处角色须勾选确认。"],
                                               "reason": ["授予秘书处角色须填写原因。"]}
    response = client.post(reverse("accounts:detail", args=[outsider.pk]),
                           {"role": Role.SECRETARIAT, "confirm_secretariat": "on"})
    assert response.context["form"].errors == {"reason": ["授予秘书处角色须填写原因。"]}
    response = client.post(reverse("accounts:detail", args=[outsider.pk]),
                           {"role": Role.SECRETARIAT, "reason": "省总工会经济技术部新任"})
    assert response.context["form"].errors == {"confirm_secretariat": ["授予秘书处角色须勾选确认。"]}
    assert _counts() == before


def test_secretariat_role_granted_with_confirmation_and_reason(client, secretariat, outsider, competition):
    client.force_login(secretariat)
    response = client.post(reverse("accounts:detail", args=[outsider.pk]), {
        "role": Role.SECRETARIAT, "competition": competition.pk, "confirm_secretariat": "on",
        "reason": "省总工会经济技术部新任"})
    assert response.status_code == 302
    assert [(m.role, m.competition_id) for m in outsider.memberships.all()] == [("secretariat", competition.pk)]
    event = AuditEvent.objects.get(action="membership_grant")
    assert (event.reason, event.actor) == ("省总工会经济技术部新任", secretariat)
    assert list(Notification.objects.filter(recipient=outsider).values_list("title", flat=True)) == [
        "您已获得“秘书处”角色"]


def test_division_picker_shows_only_the_chosen_competitions_divisions(client, secretariat, outsider, competition,
                                                                      division, other_division):
    elsewhere = CompetitionFactory(title="2025年全省重点行业绿色发展竞赛")
    DivisionFactory(competition=elsewhere, name="郑州市")
    DivisionFactory(competition=elsewhere, name="洛阳市")
    client.force_login(secretariat)
    response = client.get(reverse("accounts:detail", args=[outsider.pk]), {"competition": competition.pk})
    field = response.context["form"].fields["division"]
    assert {d.pk for d in field.queryset} == {division.pk, other_division.pk}
    assert response.context["form"]["division"].field.widget.attrs["data-depends-on"] == "id_competition"
    assert set(MembershipForm().fields["division"].queryset) == set()
    options = client.get(reverse("people:division_options"), {"competition": competition.pk}).json()
    assert options == {"results": [{"value": division.pk, "text": "郑州市"}, {"value": other_division.pk,
                                                                           "text": "开封市"}]}


def test_officer_role_with_a_division_of_another_competition_is_refused(client, secretariat, outsider, competition):
    foreign = DivisionFactory(competition=CompetitionFactory(), name="郑州市")
    client.force_login(secretariat)
    response = client.post(reverse("accounts:detail", args=[outsider.pk]),
                           {"role": Role.OFFICER, "competition": competition.pk, "division": foreign.pk})
    assert response.context["form"].errors == {"division": ["所选赛区不属于所选竞赛，请重新选择。"]}
    assert outsider.memberships.count() == 0


def test_revoking_a_role_needs_a_reason(client, secretariat, officer, division):
    membership = officer.memberships.get()
    client.force_login(secretariat)
    url = reverse("accounts:membership_revoke", args=[officer.pk, membership.pk])
    before = _counts()
    client.post(url, {"reason": "  "})
    assert _counts() == before
    client.post(url, {"reason": "人员调整"})
    assert officer.memberships.count() == 0
    assert AuditEvent.objects.get(action="membership_revoke").reason == "人员调整"
    assert list(Notification.objects.filter(recipient=officer).values_list("body", flat=True)) == [
        f"您在{division.competition}（郑州市）的“赛区负责人”角色已被撤销。原因：人员调整"]


def test_deactivating_an_account_needs_a_reason(client, secretariat, enterprise):
    client.force_login(secretariat)
    before = _counts()
    client.post(reverse("accounts:toggle_active", args=[enterprise.pk]), {"reason": ""})
    enterprise.refresh_from_db()
    assert (enterprise.is_active, _counts()) == (True, before)
    client.post(reverse("accounts:toggle_active", args=[enterprise.pk]), {"reason": "人员调离"})
    enterprise.refresh_from_db()
    assert (enterprise.is_active, AuditEvent.objects.get(action="user_deactivate").reason) == (False, "人员调离")


# ---- officers on the division's page -----------------------------------------------------------------------------

def test_division_page_shows_the_officers_panel(client, secretariat, officer, competition, division):
    client.force_login(secretariat)
    response = client.get(reverse("competitions:division_edit", args=[competition.pk, division.pk]))
    html = response.content.decode()
    assert 'id="division-officers"' in html
    assert [m.user.username for m in response.context["division"].officers] == ["officer"]
    assert reverse("people:officer_remove", args=[competition.pk, division.pk, officer.memberships.get().pk]) in html


def test_appoint_an_existing_account(client, secretariat, competition, division):
    person = UserFactory(username="zz-union", full_name="王强")
    client.force_login(secretariat)
    url = reverse("people:officers", args=[competition.pk, division.pk])
    response = client.post(url, {"mode": "existing", "existing-user": person.pk})
    assert response.url == reverse("competitions:division_edit", args=[competition.pk, division.pk])
    assert [(m.role, m.division_id) for m in person.memberships.all()] == [("officer", division.pk)]
    assert list(Notification.objects.filter(recipient=person).values_list("title", flat=True)) == [
        "您已获得“赛区负责人”角色"]
    response = client.post(url, {"mode": "existing", "existing-user": person.pk})
    assert response.context["appoint_form"].errors == {"user": ["王强 已是“郑州市”的赛区负责人。"]}
    assert person.memberships.count() == 1


def test_appoint_a_new_account_with_its_organisation(client, secretariat, competition, division):
    client.force_login(secretariat)
    url = reverse("people:officers", args=[competition.pk, division.pk])
    data = {"mode": "new", "new-full_name": "李敏", "new-phone": "12345", "new-email": "limin@example.com",
            "new-organisation_name": "郑州市总工会", "new-title": "副主席"}
    before = _counts()
    response = client.post(url, data)
    form = response.context["create_form"]
    assert form.errors == {"phone": ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。"]}
    assert (form["full_name"].value(), _counts()) == ("李敏", before)
    client.post(url, {**data, "new-phone": "13912345678"})
    user = User.objects.get(username="13912345678")
    assert (user.full_name, user.phone, user.title, user.organisation.name, user.organisation.kind,
            user.has_usable_password()) == ("李敏", "13912345678", "副主席", "郑州市总工会", "union", False)
    assert [m.division_id for m in user.memberships.all()] == [division.pk]
    response = client.post(url, {**data, "new-phone": "13912345678"})
    assert response.context["create_form"].errors == {
        "phone": ["手机号13912345678已有账号，请在“选择已有账号”中搜索后任命。"]}


def test_remove_an_officer_needs_a_reason(client, secretariat, officer, competition, division):
    membership = officer.memberships.get()
    client.force_login(secretariat)
    url = reverse("people:officer_remove", args=[competition.pk, division.pk, membership.pk])
    before = _counts()
    client.post(url, {})
    assert _counts() == before
    client.post(url, {"reason": "换届"})
    assert (officer.memberships.count(), AuditEvent.objects.get(action="membership_revoke").reason) == (0, "换届")


def test_account_search_finds_active_accounts(client, secretariat, division):
    UserFactory(username="zhao", full_name="赵郑州", phone="13800000001")
    UserFactory(username="gone", full_name="赵离职", is_active=False)
    client.force_login(secretariat)
    assert client.get(reverse("people:account_options"), {"q": "赵"}).json() == {
        "results": [{"value": User.objects.get(username="zhao").pk, "text": "赵郑州（zhao，13800000001）"}]}


# ---- officers from Excel -----------------------------------------------------------------------------------------

def _xlsx(rows, header=("赛区", "姓名", "手机", "邮箱", "单位", "职务")):
    return xlsx_buffer([["赛区负责人批量任命"], header, *rows], name="officers.xlsx")


def test_officer_import_reports_each_bad_row_and_writes_nothing(client, secretariat, competition, division):
    CompetitionFactory(title="别的竞赛").divisions.create(name="洛阳市", kind="city")
    client.force_login(secretariat)
    before = _counts()
    response = client.post(reverse("people:officer_import", args=[competition.pk]), {"file": _xlsx([
        ["郑州市", "张三", "13812345678", "zs@example.com", "郑州市总工会", "副主席"],
        ["洛阳市", "李四", "13812345679", "", "", ""],
        ["郑州市", "王五", "1381234", "wang@", "", ""],
        ["郑州市", "张三", "13812345678", "", "", ""],
    ])})
    assert [r.errors for r in response.context["rows"]] == [
        [], ["本竞赛没有赛区“洛阳市”"],
        ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。", "电子邮箱“wang@”格式不正确"],
        ["与第3行重复（同一赛区、同一手机号）"]]
    assert "token" not in response.context
    assert _counts() == before


def test_officer_import_preview_then_confirm(client, secretariat, competition, division, other_division):
    existing = UserFactory(username="kf-union", full_name="钱开封", phone="13700000000")
    client.force_login(secretariat)
    url = reverse("people:officer_import", args=[competition.pk])
    response = client.post(url, {"file": _xlsx([
        ["郑州市", "张三", "13812345678", "zs@example.com", "郑州市总工会", "副主席"],
        ["开封市", "钱开封", "13700000000", "", "", ""],
        ["开封市", "张三", "13812345678", "", "", ""],
    ])})
    assert [r.warnings for r in response.context["rows"]] == [[], ["使用已有账号“kf-union”"], []]
    response = client.post(url, {"token": response.context["token"]})
    assert response.url == reverse("competitions:divisions", args=[competition.pk])
    zhang = User.objects.get(username="13812345678")
    assert (zhang.full_name, zhang.email, zhang.title, zhang.organisation.name) == (
        "张三", "zs@example.com", "副主席", "郑州市总工会")
    assert sorted(Membership.objects.filter(role=Role.OFFICER, user__in=[zhang, existing])
                  .values_list("user__username", "division__name")) == [
        ("13812345678", "开封市"), ("13812345678", "郑州市"), ("kf-union", "开封市")]


def test_officer_import_template_has_the_columns(client, secretariat, competition, division):
    client.force_login(secretariat)
    response = client.get(reverse("people:officer_import_template", args=[competition.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[-2:] == [["赛区", "姓名", "手机", "邮箱", "单位", "职务"],
                         ["郑州市", "张三", "13812345678", "zhangsan@example.com", "郑州市总工会", "副主席"]]


# ---- 参赛组织负责人和联络员 --------------------------------------------------------------------------------------

CONTACTS = {"leader_name": "刘洋", "leader_post": "副局长", "leader_phone": "0379-63900001",
            "leader_email": "liuyang@example.com", "liaison_name": "陈静", "liaison_post": "节能科科长",
            "liaison_phone": "13903790001", "liaison_email": ""}


def test_city_officer_reports_contacts(client, contest_officer, contest_city):
    client.force_login(contest_officer)
    url = reverse("people:contacts", args=[contest_city.pk])
    response = client.post(url, {**CONTACTS, "liaison_name": "", "leader_phone": "12"})
    assert response.context["form"].errors == {
        "leader_phone": ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。"],
        "liaison_name": ["该字段是必填项。"]}
    contest_city.refresh_from_db()
    assert contest_city.contacts_reported_at is None
    assert client.post(url, CONTACTS).url == url
    contest_city.refresh_from_db()
    assert {k: getattr(contest_city, k) for k in CONTACTS} == CONTACTS
    event = AuditEvent.objects.get(action="division_contacts_report")
    assert (event.actor, event.after["leader_name"]) == (contest_officer, "刘洋")


def test_secretariat_sees_every_city_with_the_missing_ones_marked(client, secretariat, contest, contest_city):
    DivisionFactory(competition=contest, name="开封市", city="开封市", leader_name="周", liaison_name="吴",
                    leader_post="副局长", contacts_reported_at="2026-06-01T10:00:00+08:00")
    client.force_login(secretariat)
    response = client.get(reverse("people:contacts_table", args=[contest.pk]))
    assert [(d.name, bool(d.contacts_reported_at)) for d in response.context["page"]] == [
        ("洛阳市", False), ("开封市", True)]
    assert response.context["missing"] == 1
    export = client.get(reverse("people:contacts_export", args=[contest.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [r[:3] + r[-1:] for r in rows[-2:]] == [[1, "洛阳市", None, "未报送"],
                                                 [2, "开封市", "周", "已报送（2026年6月1日 10:00）"]]


@pytest.mark.parametrize("count", [1, 3])
def test_contacts_table_and_export_query_count_does_not_grow(client, secretariat, contest, count,
                                                             django_assert_num_queries):
    for i in range(count):
        DivisionFactory(competition=contest, name=f"市{i}")
    client.force_login(secretariat)
    with django_assert_num_queries(11):
        response = client.get(reverse("people:contacts_table", args=[contest.pk]))
    assert len(response.context["page"]) == count
    with django_assert_num_queries(5):
        export = client.get(reverse("people:contacts_export", args=[contest.pk]))
    assert len(list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows())) == count + 2


def test_contacts_only_for_the_innovation_contest(client, officer, division):
    client.force_login(officer)
    assert client.get(reverse("people:contacts", args=[division.pk])).status_code == 403


# ---- permissions: each named user, foreign objects, nothing written ---------------------------------------------

@pytest.mark.parametrize("username", ["officer", "other_officer", "enterprise", "other_enterprise", "expert",
                                      "other_expert", "outsider"])
def test_people_pages_refuse_everyone_but_the_secretariat(client, named_users, username, competition, division,
                                                          contest, contest_city, contest_officer):
    membership = named_users["officer"].memberships.get()
    client.force_login(named_users[username])
    urls = [reverse("people:officers", args=[competition.pk, division.pk]),
            reverse("people:officer_remove", args=[competition.pk, division.pk, membership.pk]),
            reverse("people:officer_import", args=[competition.pk]),
            reverse("people:officer_import_template", args=[competition.pk]),
            reverse("people:contacts_table", args=[contest.pk]),
            reverse("people:contacts_export", args=[contest.pk]),
            reverse("people:contacts", args=[contest_city.pk]),
            reverse("people:account_options") + "?q=officer",
            reverse("people:division_options") + f"?competition={competition.pk}"]
    before = _counts()
    statuses = {(url, client.get(url).status_code in (403, 404, 405), client.post(url, {
        "mode": "new", "new-full_name": "x", "new-phone": "13800000009", "reason": "x", **CONTACTS,
    }).status_code in (403, 404)) for url in urls}
    assert statuses == {(url, True, True) for url in urls}
    assert _counts() == before
    assert named_users["officer"].memberships.count() == 1


def test_foreign_division_is_404_and_nothing_written(client, secretariat, competition, contest_officer, division):
    foreign = DivisionFactory(competition=CompetitionFactory(kind=CompetitionKind.INNOVATION), name="开封市")
    other = DivisionFactory(competition=contest_officer.memberships.get().competition, name="安阳市")
    client.force_login(contest_officer)
    before = _counts()
    for target in (foreign, other):
        url = reverse("people:contacts", args=[target.pk])
        assert (client.get(url).status_code, client.post(url, CONTACTS).status_code) == (404, 404)
    client.force_login(secretariat)
    url = reverse("people:officers", args=[competition.pk, foreign.pk])  # a division of another competition
    assert (client.get(url).status_code, client.post(url, {"mode": "existing"}).status_code) == (404, 404)
    assert _counts() == before


def test_competition_secretariat_appoints_only_in_their_competition(client, competition, division, contest,
                                                                     contest_city):
    own = UserFactory(username="contest-secretariat")
    MembershipFactory(user=own, role=Role.SECRETARIAT, competition=contest)
    person = UserFactory(username="someone")
    client.force_login(own)
    before = _counts()
    response = client.post(reverse("people:officers", args=[competition.pk, division.pk]),
                           {"mode": "existing", "existing-user": person.pk})
    assert (response.status_code, _counts()) == (404, before)
    assert client.get(reverse("people:division_options"), {"competition": competition.pk}).status_code == 404
    client.post(reverse("people:officers", args=[contest.pk, contest_city.pk]),
                {"mode": "existing", "existing-user": person.pk})
    assert [m.division_id for m in person.memberships.all()] == [contest_city.pk]


def test_searchable_pickers_load_as_files_only(client, secretariat, outsider):
    """CSP (script-src 'self'): the vendored Tom Select and static/js/searchable.js, no inline script."""
    client.force_login(secretariat)
    html = client.get(reverse("accounts:detail", args=[outsider.pk])).content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert [s for s in scripts if "src=" not in s] == []
    assert [re.search(r'src="([^"]+)"', s).group(1) for s in scripts][-3:] == [
        "/static/vendor/tom-select/js/tom-select.complete.min.js", "/static/js/searchable.js", "/static/js/app.js"]
    assert html.count("data-searchable") == 2 + html.count('aria-label="当前竞赛" data-autosubmit data-searchable')


@pytest.mark.parametrize("count", [1, 3])
def test_picker_options_query_count_does_not_grow(client, secretariat, competition, count,
                                                  django_assert_num_queries):
    for i in range(count):
        UserFactory(username=f"zhou{i}", full_name=f"周{i}")
        DivisionFactory(competition=competition, name=f"市{i}")
    client.force_login(secretariat)
    with django_assert_num_queries(7):
        accounts = client.get(reverse("people:account_options"), {"q": "周"}).json()["results"]
    with django_assert_num_queries(5):
        divisions = client.get(reverse("people:division_options"), {"competition": competition.pk}).json()["results"]
    assert (len(accounts), len(divisions)) == (count, count)
