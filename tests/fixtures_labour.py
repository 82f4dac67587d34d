"""Factories and fixtures of labour-competition registration (issue 3, items 5–10).

`labour` gives the conftest competition a published quota table (郑州市 5, 开封市 5) and an open
registration phase; `make_labour_entry` registers entries directly (bypassing the service) for read tests."""

import datetime
import io

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from openpyxl import Workbook

from applications.models import DivisionSubmission, Entry, EntryIndicator
from competitions.enums import PhaseKind
from competitions.models import Phase
from quotas.models import Quota, QuotaTable

from .factories import OrganisationFactory, UserFactory


class QuotaTableFactory(DjangoModelFactory):
    class Meta:
        model = QuotaTable

    notice_total = 10
    status = QuotaTable.Status.PUBLISHED


class QuotaFactory(DjangoModelFactory):
    class Meta:
        model = Quota

    entries = 5


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase

    kind = PhaseKind.REGISTRATION
    name = "参赛单位报送"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    division = None
    competition = factory.LazyAttribute(lambda e: e.division.competition)
    organisation = factory.SubFactory(OrganisationFactory)
    project = factory.Sequence(lambda n: f"余热回收节能改造项目{n}")
    project_address = "郑州市上街区工业路1号"
    contact_name = "张三"
    contact_phone = "13812345678"
    industry = "钢铁"
    created_by = factory.SubFactory(UserFactory)


@pytest.fixture
def registration_open(competition, division, other_division, settings, tmp_path):
    """Quota table (郑州市 5, 开封市 5) and an open registration phase; uploads go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    table = QuotaTableFactory(competition=competition)
    QuotaFactory(table=table, division=division, entries=5)
    QuotaFactory(table=table, division=other_division, entries=5)
    phase = PhaseFactory(competition=competition)
    return {"table": table, "phase": phase}


@pytest.fixture
def make_labour_entry(registration_open):
    def make(division, **kwargs):
        return EntryFactory(division=division, **kwargs)

    return make


@pytest.fixture
def submit_labour_list(registration_open):
    def submit(division):
        return DivisionSubmission.objects.create(
            division=division, status=DivisionSubmission.Status.SUBMITTED, leader_name="王分管",
            filled_on=datetime.date(2026, 6, 1), filler_name="李填表", filler_phone="0371-65512345",
            submitted_at=timezone.now())

    return submit


def pdf_upload(name="竞赛方案.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def xlsx_upload(rows, headers=None, name="参赛单位.xlsx", title="参赛单位汇总表", merge=None):
    """An .xlsx in the 附件2 layout (title row, then header, then rows)."""
    headers = headers or ["序号", "参赛单位", "统一社会信用代码", "所属行业", "参赛项目", "项目地址", "联系人",
                          "联系电话"]
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def indicator(entry, period="contest", **values):
    defaults = {"year": 2026, "energy_total": 1000, "unit_consumption": 520, "unit_consumption_unit": "kgce/t",
                "industry_average": 560}
    defaults.update(values)
    return EntryIndicator.objects.create(entry=entry, period=period, **defaults)
