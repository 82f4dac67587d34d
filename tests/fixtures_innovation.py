"""Fixtures of the innovation contest (issue 4): the 2025 contest loaded from its fixture file with submission
open, an officer of its 郑州市, applications filled with valid data, and small files of each type."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.form_specs import CHOICE, DECIMAL, INT, MULTI, TEXTAREA, spec_for
from applications.models import Application
from applications.services_innovation import application_create, attachment_add
from competitions.enums import CompetitionStatus, PhaseKind, Role
from greencomp.enums import OrganisationKind
from greencomp.seed.fixtures_innovation import load_innovation

from .factories import MembershipFactory, OrganisationFactory, UserFactory

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "innovation_2025_henan.json"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="证明.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def open_registration(competition, *, days=30):
    now = timezone.now()
    competition.phases.filter(kind=PhaseKind.REGISTRATION).update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=days))


@pytest.fixture
def innovation(db, settings, tmp_path):
    """The 2025 contest from fixtures/, active, with its registration phase open (uploads go to tmp_path)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    competition = load_innovation(json.loads(FIXTURE.read_text(encoding="utf-8")))
    competition.status = CompetitionStatus.ACTIVE
    competition.save(update_fields=["status"])
    open_registration(competition)
    return competition


@pytest.fixture
def tracks(innovation):
    return {t.number: t for t in innovation.tracks.all()}


@pytest.fixture
def zz_officer(innovation):
    """郑州市工业和信息化局 — officer of the contest's 郑州市."""
    user = UserFactory(username="zz_officer", organisation=OrganisationFactory(kind=OrganisationKind.MIIT,
                                                                               credit_code=""))
    MembershipFactory(user=user, role=Role.OFFICER, competition=innovation,
                      division=innovation.divisions.get(name="郑州市"))
    return user


@pytest.fixture
def kf_officer(innovation):
    user = UserFactory(username="kf_officer")
    MembershipFactory(user=user, role=Role.OFFICER, competition=innovation,
                      division=innovation.divisions.get(name="开封市"))
    return user


@pytest.fixture
def supplier(db):
    return UserFactory(username="supplier", organisation=OrganisationFactory(
        name="河南测试绿色服务有限公司", kind=OrganisationKind.SUPPLIER))


def valid_data(form_type: str, organisation, name="高效低氮燃烧技术") -> dict:
    """A complete, valid form: every required field filled, the commitment ticked."""
    spec = spec_for(form_type)
    data = {}
    for f in spec.fields:
        if f.kind == CHOICE:
            data[f.key] = f.options[0].value
        elif f.kind == MULTI:
            data[f.key] = [f.options[0].value]
        elif f.kind in (INT, DECIMAL):
            data[f.key] = "12"
        elif f.kind == TEXTAREA:
            data[f.key] = f"{f.label}的说明文字。"
        else:
            data[f.key] = ""
    data.update({
        "name": name, "org_name": organisation.name, "org_credit_code": organisation.credit_code,
        "org_address": "郑州市中牟县绿源路8号", "org_industry": "通用设备制造业", "org_products": "节能电机",
        "legal_name": "赵志强", "legal_phone": "0371-62551234", "org_email": "office@example.com",
        "contact_name": "孙丽", "contact_phone": "13803711234", "project_name": "示范项目", "model": "YE4-160M-4",
        "commitment": True,
    })
    return {k: v for k, v in data.items() if k in {f.key for f in spec.fields}}


@pytest.fixture
def make_application():
    def make(user, track, *, name="高效低氮燃烧技术", filled=True, proofs=True):
        application = application_create(competition=track.competition, track=track, title=name, by=user)
        if filled:
            Application.objects.filter(pk=application.pk).update(
                data=valid_data(track.form_type, user.organisation, name=name))
            application.refresh_from_db()
        if proofs:
            for proof in spec_for(track.form_type).proofs:
                if proof.required:
                    attachment_add(application=application, category=proof.code, upload=pdf_upload(), by=user)
        return application

    return make
