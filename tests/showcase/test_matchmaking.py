"""银企对接: a bank registers and is approved by the secretariat, sees the financing needs the applicant shared,
expresses interest; the applicant accepts or declines; the secretariat's table and its 对接清单 export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from greencomp.enums import OrganisationKind, OrganisationStatus
from greencomp.models import AuditEvent, Organisation
from greencomp.todo import todos_for
from notifications.models import Notification
from showcase.enums import InterestStatus
from showcase.models import FinancingInterest
from showcase.services import interest_decide, interest_express

from ..factories import valid_credit_code
from .conftest import CONTACT_PHONE, consent

PASSWORD = "Bank-pass-2025!x"


def register_form(**extra):
    return {"organisation_name": "中原示范银行郑州分行", "credit_code": valid_credit_code(777), "city": "郑州市",
            "county": "金水区", "contact_name": "吴经理", "contact_phone": "13700371234", "email": "wu@bank.example.cn",
            "username": "new-bank", "password1": PASSWORD, "password2": PASSWORD, **extra}


def test_bank_registers_and_only_the_secretariat_approves(client, secretariat, officer):
    response = client.post(reverse("showcase:bank_register"), register_form())
    assert response.status_code == 200
    org = Organisation.objects.get(name="中原示范银行郑州分行")
    assert (org.kind, org.status) == (OrganisationKind.BANK, OrganisationStatus.PENDING)
    assert list(Notification.objects.filter(kind="financing").values_list("recipient__username", "title")) == [
        ("secretariat", "金融机构注册待审核：中原示范银行郑州分行")]
    client.force_login(officer)  # 郑州市's officer approves enterprises of the city, never a bank
    assert client.post(reverse("accounts:approval_decide", args=[org.pk]), {"decision": "approve"}).status_code == 404
    org.refresh_from_db()
    assert org.status == OrganisationStatus.PENDING
    client.force_login(secretariat)
    client.post(reverse("accounts:approval_decide", args=[org.pk]), {"decision": "approve"})
    org.refresh_from_db()
    assert org.status == OrganisationStatus.APPROVED
    assert list(Notification.objects.filter(recipient__username="new-bank").values_list("title", "body")) == [
        ("注册申请已通过审核", "“中原示范银行郑州分行”的注册申请已通过审核，现在可以登录平台参与银企对接。")]


def test_bank_registration_keeps_values_and_says_what_is_wrong(client, db):
    response = client.post(reverse("showcase:bank_register"), register_form(credit_code="123", password2="x"))
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form.errors) == ["credit_code", "password2"]
    assert form["organisation_name"].value() == "中原示范银行郑州分行"
    assert Organisation.objects.filter(kind=OrganisationKind.BANK).count() == 0


def test_pending_bank_cannot_sign_in(client, db):
    client.post(reverse("showcase:bank_register"), register_form())
    response = client.post(reverse("login"), {"username": "new-bank", "password": PASSWORD})
    assert "正在审核中" in response.content.decode()


def test_bank_sees_shared_financing_fields_anonymous_does_not(client, make_project, enterprise, bank_user):
    project = make_project(organisation=enterprise.organisation)
    consent(project, enterprise, financing=("3000", "industrial", "新建生产线的秘密用途"))
    anonymous = client.get(reverse("showcase:project", args=[project.pk]))
    assert anonymous.context["project"].financing is None
    assert "新建生产线的秘密用途" not in anonymous.content.decode()
    client.force_login(bank_user)
    response = client.get(reverse("showcase:project", args=[project.pk]))
    assert response.context["project"].financing == {"need": "3,000", "purpose": "新建生产线的秘密用途",
                                                     "stage": "产业化阶段"}


def test_interest_accept_reveals_contact_to_that_bank_only(client, make_project, enterprise, bank_user,
                                                           other_bank_user):
    project = make_project(organisation=enterprise.organisation)
    client.force_login(bank_user)
    response = client.post(reverse("showcase:interest_create", args=[project.pk]), {"message": "可提供绿色信贷"})
    assert response.status_code == 302
    interest = FinancingInterest.objects.get()
    assert (interest.bank, interest.status, interest.message) == (bank_user.organisation, "pending", "可提供绿色信贷")
    assert list(Notification.objects.filter(kind="financing").values_list("recipient__username", flat=True)) == [
        "enterprise"]
    assert CONTACT_PHONE not in client.get(reverse("showcase:project", args=[project.pk])).content.decode()

    client.force_login(enterprise)
    page = client.get(reverse("showcase:mine"))
    assert [i.bank.name for i in page.context["rows"][0]["interests"]] == ["中原测试银行郑州分行"]
    client.post(reverse("showcase:interest_decide", args=[interest.pk]), {"decision": "accept", "reply": "欢迎"})
    interest.refresh_from_db()
    assert (interest.status, interest.reply, interest.decided_by) == ("accepted", "欢迎", enterprise)
    assert AuditEvent.objects.filter(action="financing_interest_accept", target_id=str(interest.pk)).count() == 1
    assert Notification.objects.filter(recipient=bank_user, kind="financing").count() == 1

    client.force_login(bank_user)
    assert CONTACT_PHONE in client.get(reverse("showcase:project", args=[project.pk])).content.decode()
    assert CONTACT_PHONE in client.get(reverse("showcase:bank_interests")).content.decode()
    client.force_login(other_bank_user)
    assert CONTACT_PHONE not in client.get(reverse("showcase:project", args=[project.pk])).content.decode()
    client.logout()
    assert CONTACT_PHONE not in client.get(reverse("showcase:project", args=[project.pk])).content.decode()


def test_interest_once_per_bank_and_project(client, make_project, bank_user):
    project = make_project()
    interest_express(application=project, message="第一次", by=bank_user)
    client.force_login(bank_user)
    response = client.post(reverse("showcase:interest_create", args=[project.pk]), {"message": "第二次"})
    assert response.context["form"].non_field_errors() == ["贵单位已对该项目表达过对接意向，请等待申报单位回复。"]
    assert list(FinancingInterest.objects.values_list("message", flat=True)) == ["第一次"]


def test_interest_in_a_hidden_project_is_404(client, make_project, bank_user):
    hidden = make_project(level="")
    client.force_login(bank_user)
    assert client.post(reverse("showcase:interest_create", args=[hidden.pk]), {"message": "x"}).status_code == 404
    assert FinancingInterest.objects.count() == 0


def test_decline_needs_a_reason_and_cannot_be_changed(client, make_project, enterprise, bank_user):
    project = make_project(organisation=enterprise.organisation)
    interest = interest_express(application=project, message="意向", by=bank_user)
    client.force_login(enterprise)
    client.post(reverse("showcase:interest_decide", args=[interest.pk]), {"decision": "decline"})
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING
    client.post(reverse("showcase:interest_decide", args=[interest.pk]), {"decision": "decline", "reply": "暂无计划"})
    client.post(reverse("showcase:interest_decide", args=[interest.pk]), {"decision": "accept"})
    interest.refresh_from_db()
    assert (interest.status, interest.reply) == ("declined", "暂无计划")


def test_other_applicant_cannot_answer(client, make_project, enterprise, other_enterprise, bank_user):
    interest = interest_express(application=make_project(organisation=enterprise.organisation), message="意向",
                                by=bank_user)
    client.force_login(other_enterprise)
    assert client.post(reverse("showcase:interest_decide", args=[interest.pk]),
                       {"decision": "accept"}).status_code == 404
    interest.refresh_from_db()
    assert interest.status == "pending"


def _interests(make_project, enterprise, bank_user, n):
    made = []
    for i in range(n):
        project = make_project(organisation=enterprise.organisation, city=("郑州市", "洛阳市")[i % 2])
        made.append(interest_express(application=project, message=f"意向{i}", by=bank_user))
    return made


def test_matchmaking_table_counts_and_filters(client, secretariat, make_project, enterprise, bank_user):
    first, second, third = _interests(make_project, enterprise, bank_user, 3)
    interest_decide(interest=first, accept=True, reply="", by=enterprise)
    client.force_login(secretariat)
    response = client.get(reverse("showcase:matchmaking"))
    assert [r["interest"].message for r in response.context["rows"]] == ["意向1", "意向0", "意向2"]
    counts = response.context["counts"]
    assert counts["banks"] == [{"bank__name": "中原测试银行郑州分行", "total": 3, "accepted": 1}]
    assert counts["cities"] == [{"application__division__name": "洛阳市", "total": 1, "accepted": 0},
                                {"application__division__name": "郑州市", "total": 2, "accepted": 1}]
    filtered = client.get(reverse("showcase:matchmaking"), {"status": "accepted"})
    assert [r["interest"].message for r in filtered.context["rows"]] == ["意向0"]


def test_matchmaking_export_lists_accepted_contact(client, secretariat, make_project, enterprise, bank_user):
    first, second = _interests(make_project, enterprise, bank_user, 2)
    interest_decide(interest=first, accept=True, reply="", by=enterprise)
    client.force_login(secretariat)
    response = client.get(reverse("showcase:matchmaking"), {"format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["对接清单", "按金融机构统计", "按赛道统计", "按省辖市统计"]
    rows = [[c for c in row] for row in book["对接清单"].iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r and r[0] == "序号"))
    body = rows[header + 1:]
    assert [(r[1], r[2], r[6], r[9], r[12]) for r in body] == [
        ("中原测试银行郑州分行", second.application.title, "洛阳市", "待回复", None),
        ("中原测试银行郑州分行", first.application.title, "郑州市", "已同意对接", CONTACT_PHONE)]
    bank_rows = [r for r in book["按金融机构统计"].iter_rows(values_only=True) if r and r[1] == "中原测试银行郑州分行"]
    assert [r[2:4] for r in bank_rows] == [(2, 1)]
    pdf = client.get(reverse("showcase:matchmaking"), {"format": "pdf"})
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:4]) == (200, "application/pdf", b"%PDF")


@pytest.mark.parametrize("n", [1, 3])
def test_matchmaking_query_count(client, secretariat, make_project, enterprise, bank_user,
                                 django_assert_num_queries, n):
    _interests(make_project, enterprise, bank_user, n)
    client.force_login(secretariat)
    client.get(reverse("showcase:matchmaking"))
    with django_assert_num_queries(11):
        response = client.get(reverse("showcase:matchmaking"))
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_matchmaking_export_query_count(client, secretariat, make_project, enterprise, bank_user,
                                        django_assert_num_queries, n):
    _interests(make_project, enterprise, bank_user, n)
    client.force_login(secretariat)
    client.get(reverse("showcase:matchmaking"))
    with django_assert_num_queries(8):
        response = client.get(reverse("showcase:matchmaking"), {"format": "xlsx"})
        content = b"".join(response.streaming_content)
    assert content[:2] == b"PK"


@pytest.mark.parametrize("n", [1, 3])
def test_applicant_and_bank_lists_query_count(client, make_project, enterprise, bank_user,
                                              django_assert_num_queries, n):
    _interests(make_project, enterprise, bank_user, n)
    for user, name, expected in ((enterprise, "showcase:mine", 7), (bank_user, "showcase:bank_interests", 5)):
        client.force_login(user)
        client.get(reverse(name))
        with django_assert_num_queries(expected):
            assert client.get(reverse(name)).status_code == 200


def test_pending_interest_is_a_task_on_the_applicants_home(client, make_project, enterprise, bank_user):
    interest = interest_express(application=make_project(organisation=enterprise.organisation), message="意向",
                                by=bank_user)
    assert [t["title"] for t in todos_for(enterprise) if t["role"] == "银企对接"] == ["1 个金融机构对接意向待回复"]
    interest_decide(interest=interest, accept=True, reply="", by=enterprise)
    assert [t for t in todos_for(enterprise) if t["role"] == "银企对接"] == []
    assert [t for t in todos_for(bank_user) if t["role"] == "银企对接"] == []


def test_an_answered_interest_offers_no_buttons_and_refuses_a_second_answer(client, make_project, enterprise,
                                                                           bank_user):
    interest = interest_express(application=make_project(organisation=enterprise.organisation), message="意向",
                                by=bank_user)
    client.force_login(enterprise)
    url = reverse("showcase:interest_decide", args=[interest.pk])
    assert f'action="{url}"' in client.get(reverse("showcase:mine")).content.decode()
    interest_decide(interest=interest, accept=True, reply="", by=enterprise)
    assert f'action="{url}"' not in client.get(reverse("showcase:mine")).content.decode()
    assert client.post(url, {"decision": "decline", "reply": "改主意"}).status_code == 403
    interest.refresh_from_db()
    assert interest.status == "accepted"
