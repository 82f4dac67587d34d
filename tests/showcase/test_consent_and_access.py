"""The applicant's consent page (recorded with time, audited, errors in place), permission tests per view for
each named user, and a sweep of every public page for data nobody consented to show."""

import pytest
from django.urls import reverse

from greencomp.models import AuditEvent
from showcase.models import FinancingInterest, ShowcaseConsent
from showcase.services import interest_express

from .conftest import CONTACT_PHONE, consent


def test_consent_is_recorded_with_time_and_audited(client, make_project, enterprise):
    project = make_project(organisation=enterprise.organisation)
    client.force_login(enterprise)
    response = client.post(reverse("showcase:consent", args=[project.pk]), {
        "show_in_gallery": "yes", "shown_fields": ["principle", "energy_saving"], "contact_public": "on",
        "financing_shared": "on", "financing_need": "1200.5", "financing_stage": "pilot", "financing_purpose": "中试线"})
    assert response.status_code == 302
    row = ShowcaseConsent.objects.get(application=project)
    assert (row.show_in_gallery, row.shown_fields, row.contact_public, row.financing_shared, str(row.financing_need),
            row.financing_stage, row.consented_by) == (True, ["principle", "energy_saving"], True, True, "1200.50",
                                                       "pilot", enterprise)
    assert row.consented_at is not None
    event = AuditEvent.objects.get(action="showcase_consent")
    assert (event.actor, event.before, event.after["shown_fields"]) == (
        enterprise, None, ["技术原理及创新点", "节能量（tce）"])
    client.post(reverse("showcase:consent", args=[project.pk]), {"show_in_gallery": "no"})
    row.refresh_from_db()
    assert (row.show_in_gallery, row.shown_fields, row.financing_shared, row.financing_need) == (False, [], False, None)
    assert AuditEvent.objects.filter(action="showcase_consent").count() == 2


def test_consent_errors_keep_the_values_and_save_nothing(client, make_project, enterprise):
    project = make_project(organisation=enterprise.organisation)
    client.force_login(enterprise)
    response = client.post(reverse("showcase:consent", args=[project.pk]), {
        "show_in_gallery": "yes", "financing_shared": "on", "financing_need": "-5", "financing_purpose": "扩产"})
    form = response.context["form"]
    assert form.errors == {"financing_need": ["请填写不小于0的数值。"],
                           "financing_stage": ["向金融机构提供融资需求时请选择项目所处阶段。"]}
    assert form["financing_purpose"].value() == "扩产"
    assert ShowcaseConsent.objects.count() == 0


def test_consent_refuses_a_field_of_another_form(client, make_project, enterprise):
    project = make_project(organisation=enterprise.organisation)
    client.force_login(enterprise)
    response = client.post(reverse("showcase:consent", args=[project.pk]), {"show_in_gallery": "yes",
                                                                              "shown_fields": ["legal_phone"]})
    assert list(response.context["form"].errors) == ["shown_fields"]
    assert ShowcaseConsent.objects.count() == 0


# ---- permissions per view ------------------------------------------------------------------------------------

@pytest.fixture
def world(make_project, enterprise, bank_user, named_users):
    project = make_project(organisation=enterprise.organisation)
    interest = interest_express(application=project, message="意向", by=bank_user)
    return {"project": project, "interest": interest, **named_users, "bank": bank_user}


def _status(client, user, method, url, data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


RESTRICTED = {
    # view: (method, url key, who may, data)
    "showcase:consent": ("post", "project", {"enterprise"}, {"show_in_gallery": "no"}),
    "showcase:interest_decide": ("post", "interest", {"enterprise"}, {"decision": "accept"}),
    "showcase:interest_create": ("post", "project", {"bank"}, {"message": "再次"}),
    "showcase:mine": ("get", None, {"enterprise", "other_enterprise"}, None),
    "showcase:bank_interests": ("get", None, {"bank"}, None),
    "showcase:matchmaking": ("get", None, {"secretariat"}, None),
}


@pytest.mark.parametrize("name", sorted(RESTRICTED))
def test_each_named_user_is_refused_or_served(client, world, name):
    method, key, allowed, data = RESTRICTED[name]
    url = reverse(name, args=[world[key].pk]) if key else reverse(name)
    outcome = {}
    for username in ("secretariat", "officer", "other_officer", "enterprise", "other_enterprise", "expert",
                     "other_expert", "outsider", "bank"):
        if username in allowed:
            continue
        before = (ShowcaseConsent.objects.count(), list(FinancingInterest.objects.values_list("status", flat=True)),
                  FinancingInterest.objects.count())
        outcome[username] = _status(client, world[username], method, url, data)
        after = (ShowcaseConsent.objects.count(), list(FinancingInterest.objects.values_list("status", flat=True)),
                 FinancingInterest.objects.count())
        assert after == before, username
    # the objects are looked up through selectors scoped to the user first (404), except the gallery's public
    # projects, where only the role is missing (403)
    scoped = key is not None and name != "showcase:interest_create"
    expected = {u: 404 if scoped else 403 for u in outcome}
    assert outcome == expected


def test_the_allowed_users_are_served(client, world):
    assert _status(client, world["enterprise"], "get", reverse("showcase:consent", args=[world["project"].pk])) == 200
    assert _status(client, world["bank"], "get", reverse("showcase:bank_interests")) == 200
    assert _status(client, world["secretariat"], "get", reverse("showcase:matchmaking")) == 200
    assert _status(client, world["bank"], "get", reverse("showcase:interest_create",
                                                         args=[world["project"].pk])) == 200


def test_anonymous_is_sent_to_login_and_public_pages_open(client, world):
    for name, (method, key, _, data) in RESTRICTED.items():
        url = reverse(name, args=[world[key].pk]) if key else reverse(name)
        response = getattr(client, method)(url, data or {})
        assert (name, response.status_code, response.url.split("?")[0]) == (name, 302, reverse("login"))
    assert client.get(reverse("showcase:gallery")).status_code == 200
    assert client.get(reverse("showcase:project", args=[world["project"].pk])).status_code == 200
    assert client.get(reverse("showcase:bank_register")).status_code == 200


# ---- nothing unconsented reachable anonymously ----------------------------------------------------------------

SECRETS = ("秘密联系人甲", CONTACT_PHONE, "secret@example.cn", "保密融资用途乙", "未同意的推荐项目丙", "保密技术原理丁")


def test_nothing_unconsented_is_reachable_anonymously(client, make_project, enterprise, other_enterprise, bank_user,
                                                      contest):
    winner = make_project(organisation=enterprise.organisation, title="公开的获奖项目")
    winner.data.update(contact_name="秘密联系人甲", org_email="secret@example.cn", principle="保密技术原理丁")
    winner.save(update_fields=["data"])
    consent(winner, enterprise, fields=["energy_saving"], contact=False,
            financing=("900", "pilot", "保密融资用途乙"))
    unconsented = make_project(level="", organisation=other_enterprise.organisation, title="未同意的推荐项目丙")
    unpublished = make_project(level="none", title="未同意的推荐项目丙（不授奖）")
    interest_express(application=winner, message="意向", by=bank_user)

    urls = [reverse("showcase:gallery"), reverse("showcase:project", args=[winner.pk]),
            reverse("showcase:bank_register"), reverse("login"), reverse("register")]
    urls += [f"{reverse('showcase:gallery')}?{q}" for q in (
        "track=1", "track=2", "city=郑州市", "prize=first", "prize=recommended", "industry=通用设备制造业", "page=2")]
    for url in urls:
        html = client.get(url).content.decode()
        assert [s for s in SECRETS if s in html] == [], url
    for hidden in (unconsented, unpublished):
        assert client.get(reverse("showcase:project", args=[hidden.pk])).status_code == 404
    assert "公开的获奖项目" in client.get(reverse("showcase:gallery")).content.decode()
