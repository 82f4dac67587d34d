import io

import pytest
from django.urls import reverse

from competitions.enums import Role
from competitions.models import Membership
from greencomp.audit import audit_record
from greencomp.models import AuditEvent, Organisation, User

from ..factories import OrganisationFactory, UserFactory, xlsx_buffer


def _client(client, user, password):
    client.force_login(user)  # client.login() bypasses the request that django-axes needs
    return client


@pytest.mark.parametrize("username", ["officer", "other_officer", "enterprise", "expert", "outsider"])
def test_account_pages_refuse_non_secretariat_and_write_nothing(client, named_users, password, username):
    target = named_users["other_enterprise"]
    _client(client, named_users[username], password)
    before = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    assert client.get(reverse("accounts:list")).status_code == 403
    assert client.get(reverse("accounts:detail", args=[target.pk])).status_code == 403
    assert client.post(reverse("accounts:toggle_active", args=[target.pk]), {"reason": "x"}).status_code == 403
    assert client.post(reverse("accounts:detail", args=[target.pk]), {"role": "secretariat"}).status_code == 403
    assert client.post(reverse("accounts:create"), {"username": "intruder", "full_name": "x"}).status_code == 403
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == before
    target.refresh_from_db()
    assert target.is_active is True


def test_secretariat_creates_account_and_grants_officer_role(client, secretariat, division, password):
    _client(client, secretariat, password)
    response = client.post(reverse("accounts:create"), {"username": "wang", "full_name": "王五", "password": ""})
    wang = User.objects.get(username="wang")
    assert response.url == reverse("accounts:detail", args=[wang.pk])
    response = client.post(reverse("accounts:detail", args=[wang.pk]),
                           {"role": Role.OFFICER, "competition": division.competition.pk, "division": division.pk})
    assert response.status_code == 302
    assert [(m.role, m.division_id) for m in wang.memberships.all()] == [("officer", division.pk)]
    assert list(AuditEvent.objects.filter(target_id=str(wang.pk)).values_list("action", flat=True)) == ["user_create"]
    assert AuditEvent.objects.filter(action="membership_grant").count() == 1


def test_officer_role_needs_a_division(client, secretariat, competition, password):
    _client(client, secretariat, password)
    target = UserFactory()
    response = client.post(reverse("accounts:detail", args=[target.pk]),
                           {"role": Role.OFFICER, "competition": competition.pk})
    assert response.context["form"].errors == {"division": ["赛区负责人必须选择所负责的赛区。"]}
    assert target.memberships.count() == 0


def test_deactivate_records_reason(client, secretariat, enterprise, password):
    _client(client, secretariat, password)
    client.post(reverse("accounts:toggle_active", args=[enterprise.pk]), {"reason": "人员调离"})
    enterprise.refresh_from_db()
    assert enterprise.is_active is False
    event = AuditEvent.objects.get(action="user_deactivate")
    assert (event.before, event.after, event.reason, event.actor) == ({"is_active": True}, {"is_active": False},
                                                                       "人员调离", secretariat)


@pytest.mark.parametrize("route", ["accounts:toggle_active", "accounts:two_factor_reset"])
def test_the_signed_in_account_is_not_switched_off_or_reset_by_itself(client, secretariat, password, route):
    _client(client, secretariat, password)
    page = client.get(reverse("accounts:detail", args=[secretariat.pk])).content.decode()
    assert reverse(route, args=[secretariat.pk]) not in page  # no button for oneself
    assert client.post(reverse(route, args=[secretariat.pk]), {"reason": "试图停用自己"}).status_code == 403
    secretariat.refresh_from_db()
    assert secretariat.is_active is True
    assert not AuditEvent.objects.filter(action__in=["user_deactivate", "two_factor_remove"]).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_user_list_query_count_does_not_grow(client, secretariat, password, django_assert_num_queries, count,
                                             division):
    for _ in range(count):
        Membership.objects.create(user=UserFactory(), role=Role.OFFICER, competition=division.competition,
                                  division=division)
    _client(client, secretariat, password)
    with django_assert_num_queries(10):  # the roles with their competition and division in one query
        response = client.get(reverse("accounts:list"))
    assert len(response.context["page"]) == count + 1


def test_user_list_rows_show_roles_organisation_and_page(client, secretariat, password, division):
    officer = UserFactory(username="zz_officer", full_name="郑州联络员", organisation=None, is_active=False)
    Membership.objects.create(user=officer, role=Role.OFFICER, competition=division.competition, division=division)
    _client(client, secretariat, password)
    response = client.get(reverse("accounts:list"), {"q": "zz_officer"})
    html = response.content.decode()
    assert ('<tr><td>1</td><td>zz_officer</td><td>郑州联络员</td><td>—</td>\n'
            '    <td><span class="badge text-bg-light border me-1">赛区负责人·郑州市</span></td>\n'
            '    <td><span class="badge text-bg-secondary">停用</span></td>\n'
            f'    <td><a href="{reverse("accounts:detail", args=[officer.pk])}">查看</a></td></tr>') in html


def test_user_list_rows_escape_what_users_typed(client, secretariat, password):
    UserFactory(username="zz<b>", full_name="张<i>三</i>", organisation=OrganisationFactory(name="A&B公司"))
    _client(client, secretariat, password)
    html = client.get(reverse("accounts:list"), {"q": "zz<b>"}).content.decode()
    assert "<td>zz&lt;b&gt;</td><td>张&lt;i&gt;三&lt;/i&gt;</td><td>A&amp;B公司</td>" in html
    assert '<span class="badge text-bg-success">启用</span>' in html


@pytest.mark.parametrize("count", [1, 3])
def test_audit_list_query_count_does_not_grow(client, secretariat, password, django_assert_num_queries, count):
    for i in range(count):
        audit_record(actor=secretariat, action=f"test_{i}", target=secretariat)
    _client(client, secretariat, password)
    with django_assert_num_queries(9):  # no 赛区 choices before a 竞赛 is chosen (its 竞赛 are the top bar's)
        response = client.get(reverse("audit:list"))
    assert [e.action for e in response.context["page"]] == [f"test_{i}" for i in reversed(range(count))]


def _xlsx(rows):
    return xlsx_buffer([["账号批量导入模板"],
                        ["用户名", "姓名", "电子邮箱", "手机", "单位名称", "统一社会信用代码", "单位类型", "角色", "竞赛", "赛区"],
                        *rows], name="accounts.xlsx")


def test_account_import_with_one_bad_row_saves_nothing(client, secretariat, competition, division, password):
    _client(client, secretariat, password)
    upload = _xlsx([
        ["li", "李四", "li@example.com", "13812345678", "郑州市总工会", "", "工会", "赛区负责人", competition.title,
         division.name],
        ["zhao", "赵六", "", "12345", "", "", "", "评审专家", "", ""],
    ])
    response = client.post(reverse("accounts:import"), {"file": upload})
    rows = response.context["rows"]
    assert [r.errors for r in rows] == [[], ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。",
                                             "评审专家须填写竞赛"]]
    assert "token" not in response.context
    assert not User.objects.filter(username__in=["li", "zhao"]).exists()


def test_account_import_preview_then_confirm(client, secretariat, competition, division, password):
    _client(client, secretariat, password)
    upload = _xlsx([["li", "李四", "li@example.com", 13812345678, "郑州市总工会", "", "工会", "赛区负责人",
                     competition.title, division.name]])
    token = client.post(reverse("accounts:import"), {"file": upload}).context["token"]
    assert not User.objects.filter(username="li").exists()
    client.post(reverse("accounts:import"), {"token": token})
    li = User.objects.get(username="li")
    assert (li.phone, li.organisation.name, [m.division for m in li.memberships.all()]) == (
        "13812345678", "郑州市总工会", [division])


def test_account_import_refuses_a_non_excel_file(client, secretariat, password):
    _client(client, secretariat, password)
    fake = io.BytesIO(b"not a workbook")
    fake.name = "accounts.xlsx"
    response = client.post(reverse("accounts:import"), {"file": fake})
    assert response.context["form"].errors == {"file": ["无法读取该文件：文件已损坏或不是 Excel 表格。"]}


def test_enterprise_self_registration_needs_city_approval(client, officer, other_officer, password):
    data = {
        "organisation_name": "郑州新材料有限公司", "kind": "enterprise", "credit_code": "91410100MA3X5Y7K20",
        "city": "郑州市", "county": "金水区", "contact_name": "李雷", "contact_phone": "13800000000",
        "email": "lilei@example.com", "username": "lilei", "password1": "Strong-pass-2025", "password2": "Strong-pass-2025",
    }
    response = client.post(reverse("register"), data)
    assert response.context["form"].errors == {"credit_code": ["统一社会信用代码校验位不正确，请核对后重新填写。"]}
    assert response.context["form"]["organisation_name"].value() == "郑州新材料有限公司"
    data["credit_code"] = "91410100MA3X5Y7K29"
    client.post(reverse("register"), data)
    org = Organisation.objects.get(credit_code="91410100MA3X5Y7K29")
    assert org.status == "pending"
    response = client.post(reverse("login"), {"username": "lilei", "password": "Strong-pass-2025"})
    assert response.context["form"].non_field_errors() == ["您的单位注册申请正在审核中，审核通过后即可登录。"]

    # the 开封市 officer does not see a 郑州市 organisation; the 郑州市 officer approves it
    _client(client, other_officer, password)
    assert client.post(reverse("accounts:approval_decide", args=[org.pk]), {"decision": "approve"}).status_code == 404
    _client(client, officer, password)
    assert [o.name for o in client.get(reverse("accounts:approvals")).context["page"]] == ["郑州新材料有限公司"]
    client.post(reverse("accounts:approval_decide", args=[org.pk]), {"decision": "approve"})
    org.refresh_from_db()
    assert org.status == "approved"
    client.logout()
    response = client.post(reverse("login"), {"username": "lilei", "password": "Strong-pass-2025"})
    assert response.url == reverse("home")


def test_weak_password_refused_in_chinese(client, db):
    response = client.post(reverse("register"), {
        "organisation_name": "x", "kind": "enterprise", "credit_code": "91410100MA3X5Y7K29", "city": "郑州市",
        "contact_name": "a", "contact_phone": "13800000000", "email": "a@example.com", "username": "abc",
        "password1": "short", "password2": "short",
    })
    errors = response.context["form"].errors["password1"]
    assert "密码长度太短，至少需要10个字符。" in errors
    assert "密码需至少包含大写字母、小写字母、数字、符号中的3类。" in errors
