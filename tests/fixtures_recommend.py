"""Fixtures of city review and aggregation: the conftest `competition` turned into an innovation contest with
its five tracks and an open recommendation phase; `division` (郑州市, `officer`) and `other_division`
(开封市, `other_officer`) are its cities. `make_recommend_application` creates submitted applications directly."""

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Application, ApplicationVersion, Attachment
from competitions.enums import CompetitionKind, FormType, PhaseKind
from competitions.models import Phase, Track

TRACKS = [
    (1, "清洁生产技术创新成果", FormType.TECHNOLOGY), (2, "节能降碳技术创新成果", FormType.TECHNOLOGY),
    (3, "资源高效利用技术创新成果", FormType.TECHNOLOGY), (4, "工业绿色设计产品创新成果", FormType.PRODUCT),
    (5, "绿色制造供应商服务工业绿色低碳发展典型案例", FormType.SERVICE),
]
_serial = itertools.count(1)


@pytest.fixture
def contest(competition, division, other_division):
    competition.kind = CompetitionKind.INNOVATION
    competition.title = "2025年河南省工业绿色低碳发展创新大赛"
    competition.save(update_fields=["kind", "title"])
    now = timezone.now()
    Phase.objects.create(competition=competition, kind=PhaseKind.REGISTRATION, name="申报",
                         opens_at=now - datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=10))
    Phase.objects.create(competition=competition, kind=PhaseKind.RECOMMENDATION, name="推荐",
                         opens_at=now - datetime.timedelta(days=30), closes_at=now + datetime.timedelta(days=20))
    for number, name, form_type in TRACKS:
        Track.objects.create(competition=competition, number=number, name=name, form_type=form_type)
    return competition


@pytest.fixture
def track(contest):
    return contest.tracks.get(number=1)


@pytest.fixture
def other_track(contest):
    return contest.tracks.get(number=2)


@pytest.fixture
def make_recommend_application(contest, enterprise, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(*, division, track, status=Application.Status.SUBMITTED, user=None, title=None, order=None,
             attachment=False):
        user = user or enterprise
        n = next(_serial)
        title = title or f"测试技术{n}"
        data = {"title": title, "contact_name": f"联系人{n}", "contact_phone": f"1380371{n:04d}"}
        app = Application.objects.create(
            competition=contest, track=track, division=division, organisation=user.organisation, created_by=user,
            title=title, status=status, data=data, version=1, submitted_at=timezone.now(), recommend_order=order)
        ApplicationVersion.objects.create(application=app, number=1, data=data, submitted_at=app.submitted_at,
                                          submitted_by=user)
        if attachment:
            Attachment.objects.create(application=app, category="营业执照", file=ContentFile(b"%PDF-1.4 test", "a.pdf"),
                                      original_name="营业执照.pdf", size=13, sha256="0" * 64,
                                      content_type="application/pdf", uploaded_by=user)
        return app
    return make
