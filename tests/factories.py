"""Every factory and builder of the tests, in one module, grouped by capability: accounts and competitions,
workbooks and files, then labour registration, commendation, innovation, city review, expert review, grading."""

import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from openpyxl import Workbook, load_workbook

from applications.form_specs import CHOICE, DECIMAL, INT, MULTI, TEXTAREA, spec_for
from applications.models import DivisionSubmission, Entry, EntryIndicator
from competitions.enums import CompetitionKind, CompetitionStatus, DivisionKind, FormType, PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase
from greencomp.enums import OrganisationKind
from greencomp.models import Organisation, User
from greencomp.seed.fixtures import FIXTURES_DIR
from greencomp.seed.fixtures_labour import load_labour
from greencomp.validators import CREDIT_CODE_ALPHABET, credit_code_check_char
from quotas.models import Quota, QuotaTable
from reviews.models import AwardType, Criterion, Nomination, ScoreSheet
from reviews.services_review import sheet_counters_update, sheet_save

# ---- accounts and competitions ----------------------------------------------------------------------------------

TEST_PASSWORD = "Test-pass-2025!"


def valid_credit_code(n: int) -> str:
    body = "9141010" + "".join(CREDIT_CODE_ALPHABET[(n // 31**i) % 31] for i in range(10))
    return body + credit_code_check_char(body)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    kind = OrganisationKind.ENTERPRISE
    credit_code = factory.Sequence(valid_credit_code)
    city = "郑州市"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CompetitionFactory(DjangoModelFactory):
    class Meta:
        model = Competition

    kind = CompetitionKind.LABOUR
    title = factory.Sequence(lambda n: f"测试竞赛{n}")
    year = 2026
    status = CompetitionStatus.ACTIVE


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"赛区{n}")
    kind = DivisionKind.CITY
    city = "郑州市"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.OFFICER


class NoticeFactory(DjangoModelFactory):
    """A published 通知公告 (pass published_at=None for a draft)."""

    class Meta:
        model = "portal.Notice"

    competition = factory.SubFactory(CompetitionFactory)
    title = factory.Sequence(lambda n: f"关于开展测试竞赛的通知{n}")
    body = "各省辖市：现将有关事项通知如下。"
    published_at = factory.LazyFunction(timezone.now)


class BankFactory(OrganisationFactory):
    """An approved financial institution (银企对接)."""

    name = factory.Sequence(lambda n: f"测试银行{n}郑州分行")
    kind = OrganisationKind.BANK


# ---- workbooks (every test-built .xlsx) -----------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(rows=(), *, merge=None) -> bytes:
    """An .xlsx whose first sheet holds `rows` one under another (a row: a sequence of cells; `[]` an empty row)."""
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    if merge:
        wb.active.merge_cells(merge)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows, *, name, content_type="text/plain", merge=None) -> SimpleUploadedFile:
    """The workbook of `rows` as an upload (SimpleUploadedFile's own default content type unless told)."""
    return SimpleUploadedFile(name, workbook_bytes(rows, merge=merge), content_type=content_type)


def xlsx_buffer(rows, *, name) -> io.BytesIO:
    """The workbook of `rows` as a named file object for the test client (content type guessed from `name`)."""
    buffer = io.BytesIO(workbook_bytes(rows))
    buffer.name = name
    return buffer


def sheet_of(response):
    """The first sheet of an .xlsx download (a streamed response)."""
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def sheet_rows(response) -> list[tuple]:
    """The cell values of an .xlsx download's first sheet, row by row."""
    return list(sheet_of(response).iter_rows(values_only=True))


def xlsx_save(path, rows):
    """The workbook of `rows` written to `path` (for a browser's file chooser); returns `path`."""
    Path(path).write_bytes(workbook_bytes(rows))
    return path


# ---- files ---------------------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="证明.pdf", content=PDF_BYTES, *, size=None) -> SimpleUploadedFile:
    """A small valid PDF upload; `size` pads it to that many bytes."""
    if size:
        content = content + b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def xlsx_bytes() -> bytes:
    """The smallest zip that passes for an .xlsx by its parts (not a workbook openpyxl can read)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


# ---- labour registration (issue 3) ----------------------------------------------------------------------------

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


def labour_division(officer, competition, *, quota, name="郑州市", **fields):
    """Division `name` of `competition` with a published quota of `quota` (the notice's total too), an open
    registration phase, and `officer` as its officer."""
    division = DivisionFactory(competition=competition, name=name, **fields)
    QuotaFactory(table=QuotaTableFactory(competition=competition, notice_total=quota), division=division, entries=quota)
    PhaseFactory(competition=competition)
    Membership.objects.create(user=officer, role=Role.OFFICER, competition=competition, division=division)
    return division


ENTRY_HEADERS = ["序号", "参赛单位", "统一社会信用代码", "所属行业", "参赛项目", "项目地址", "联系人", "联系电话"]


def xlsx_upload(rows, headers=None, name="参赛单位.xlsx", title="参赛单位汇总表", merge=None):
    """An .xlsx in the 附件2 layout (title row, then header, then rows)."""
    return xlsx_file([[title], headers or ENTRY_HEADERS, *rows], name=name, content_type=XLSX_TYPE, merge=merge)


def indicator(entry, period="contest", **values):
    defaults = {"year": 2026, "energy_total": 1000, "unit_consumption": 520, "unit_consumption_unit": "kgce/t",
                "industry_average": 560}
    defaults.update(values)
    return EntryIndicator.objects.create(entry=entry, period=period, **defaults)


def load_fixture(name: str, by=None):
    """One of the labour competitions of fixtures/ (e.g. labour_2022_henan.json), loaded."""
    return load_labour(json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8")), by=by)


# ---- commendation selection (issue 6) ---------------------------------------------------------------------------

class AwardTypeFactory(DjangoModelFactory):
    class Meta:
        model = AwardType

    name = factory.Sequence(lambda n: f"测试表彰项目{n}")
    nominee_kind = AwardType.NomineeKind.UNIT
    total = 4


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    award_type = None
    entry = None
    division = factory.LazyAttribute(lambda n: n.entry.division)
    competition = factory.LazyAttribute(lambda n: n.award_type.competition)
    achievements = "带领职工开展节能降耗攻关，年节约标准煤1200吨。"
    status = Nomination.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    created_by = factory.LazyAttribute(lambda n: n.entry.created_by)


def submit_division_list(division, *, at=None):
    return DivisionSubmission.objects.create(division=division, status=DivisionSubmission.Status.SUBMITTED,
                                             submitted_at=at or timezone.now() - datetime.timedelta(days=1))


# ---- innovation contest (issue 4) -------------------------------------------------------------------------------

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "innovation_2025_henan.json"


def open_registration(competition, *, days=30):
    now = timezone.now()
    competition.phases.filter(kind=PhaseKind.REGISTRATION).update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=days))


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


# ---- city review and aggregation --------------------------------------------------------------------------------

TRACKS = [
    (1, "清洁生产技术创新成果", FormType.TECHNOLOGY), (2, "节能降碳技术创新成果", FormType.TECHNOLOGY),
    (3, "资源高效利用技术创新成果", FormType.TECHNOLOGY), (4, "工业绿色设计产品创新成果", FormType.PRODUCT),
    (5, "绿色制造供应商服务工业绿色低碳发展典型案例", FormType.SERVICE),
]


# ---- expert review (issue 5) ------------------------------------------------------------------------------------

def assign(application, expert):
    sheet = ScoreSheet.objects.create(application=application, track=application.track, expert=expert)
    sheet_counters_update(added=[sheet])  # as assignment_confirm counts the sheets it creates
    return sheet


def score(sheet, values: list, *, gates=None, submit=True, comment="评审意见"):
    """Fill a sheet: `values` in criterion order for the scored criteria; gates default to 通过."""
    criteria = list(Criterion.objects.filter(track=sheet.track).order_by("order"))
    scored = [c for c in criteria if not c.is_gate]
    gate_values = {c.pk: (True, "") for c in criteria if c.is_gate}
    for c, value in zip([c for c in criteria if c.is_gate], gates or [], strict=False):
        gate_values[c.pk] = value
    return sheet_save(sheet=sheet, values={c.pk: str(v) for c, v in zip(scored, values, strict=True)},
                      gates=gate_values, comment=comment, submit=submit, by=sheet.expert.user)


def full_marks(track) -> list[Decimal]:
    return [c.max_score for c in Criterion.objects.filter(track=track, is_gate=False).order_by("order")]


# ---- grading campaign -------------------------------------------------------------------------------------------

def grading_data() -> dict:
    return json.loads((FIXTURES_DIR / "grading_2021_henan.json").read_text(encoding="utf-8"))
