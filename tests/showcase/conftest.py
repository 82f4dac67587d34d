"""成果展示与银企对接: the 2025 contest with its results 公示 published, projects made from valid form data, and
bank accounts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application
from greencomp.seed.innovation import sample_data
from reviews.models import Prize, ResultNotice
from showcase.display import optional_fields
from showcase.services import consent_record

from ..factories import BankFactory, OrganisationFactory, UserFactory

CONTACT_PHONE = "13912345678"  # the contact data every test project carries: never public without consent


@pytest.fixture
def contest(innovation):
    today = timezone.localdate()
    ResultNotice.objects.create(competition=innovation, opens_on=today - datetime.timedelta(days=10),
                                closes_on=today - datetime.timedelta(days=3), published_at=timezone.now())
    return innovation


@pytest.fixture
def make_project(contest, secretariat):
    counter = iter(range(1, 1000))

    def make(*, track=2, city="郑州市", organisation=None, title=None, level="first", competition=None,
             figures=("100", "200", "300"), industry="通用设备制造业"):
        i = next(counter)
        competition = competition or contest
        track = competition.tracks.get(number=track)
        organisation = organisation or OrganisationFactory(name=f"{city}展示企业{i}有限公司", city=city)
        title = title or f"展示项目{i}"
        data = sample_data(track.form_type, organisation, title)
        data.update(energy_saving=figures[0], water_saving=figures[1], co2_reduction=figures[2],
                    contact_name=f"联系人{i}", contact_phone=CONTACT_PHONE, org_industry=industry)
        application = Application.objects.create(
            competition=competition, track=track, division=competition.divisions.get(name=city),
            organisation=organisation, created_by=secretariat, title=title, status=Application.Status.RECOMMENDED,
            version=1, submitted_at=timezone.now(), data=data)
        if level:
            Prize.objects.create(track=track, application=application, rank=i, proposed_level=level, level=level)
        return application

    return make


def consent(application, by, *, show=True, fields="all", contact=False, financing=None):
    keys = [k for k, _ in optional_fields(application)] if fields == "all" else list(fields)
    need, stage, purpose = financing or (None, "", "")
    return consent_record(application=application, show_in_gallery=show, shown_fields=keys, contact_public=contact,
                          financing_shared=financing is not None, financing_need=Decimal(need) if need else None,
                          financing_purpose=purpose, financing_stage=stage, by=by)


@pytest.fixture
def bank_user(db):
    return UserFactory(username="bank", organisation=BankFactory(name="中原测试银行郑州分行"))


@pytest.fixture
def other_bank_user(db):
    return UserFactory(username="other_bank", organisation=BankFactory(name="豫北测试银行新乡分行", city="新乡市"))
