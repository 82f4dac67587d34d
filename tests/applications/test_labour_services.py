"""Registration services: quota, duplicates, deadlines (Asia/Shanghai), the submitted lock, reopen, extension."""

import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services_labour as services
from applications.models import DivisionSubmission, Entry
from greencomp.models import AuditEvent, Organisation
from tests.factories import pdf_upload, valid_credit_code

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def register(division, by, n=0, **overrides):
    data = dict(division=division, organisation_name=f"河南新登记{n}有限公司", credit_code=valid_credit_code(5000 + n),
                project="烧结余热回收节能改造", project_address="郑州市上街区工业路1号", contact_name="张三",
                contact_phone="0371-65512345", industry="钢铁", by=by)
    data.update(overrides)
    return services.entry_register(**data)


def messages_of(exc_info):
    return exc_info.value.messages


def test_register_creates_organisation_entry_and_audit(registration_open, division, officer):
    entry = register(division, officer)
    assert entry.organisation.credit_code == valid_credit_code(5000)
    assert entry.organisation.name == "河南新登记0有限公司"
    assert entry.competition_id == division.competition_id
    assert list(AuditEvent.objects.filter(action="labour_entry_register").values_list("target_id", flat=True)) == [
        str(entry.pk)]


def test_register_links_existing_organisation_by_credit_code(registration_open, division, officer, enterprise):
    code = enterprise.organisation.credit_code
    entry = register(division, officer, organisation_name="名称不同", credit_code=code.lower())
    assert entry.organisation == enterprise.organisation
    assert Organisation.objects.filter(credit_code=code).count() == 1


def test_register_refuses_beyond_quota_with_message_naming_it(registration_open, division, officer):
    for n in range(5):
        register(division, officer, n)
    with pytest.raises(ValidationError) as exc:
        register(division, officer, 9)
    assert messages_of(exc) == ["已超出本赛区参赛名额（5个），不能再登记。"]
    assert Entry.objects.filter(division=division).count() == 5
    assert not Organisation.objects.filter(credit_code=valid_credit_code(5009)).exists()


def test_withdrawn_entry_frees_its_place(registration_open, division, officer):
    entries = [register(division, officer, n) for n in range(5)]
    services.entry_withdraw(entry=entries[0], reason="企业停产", by=officer)
    register(division, officer, 7)
    assert Entry.objects.filter(division=division, status="registered").count() == 5


def test_same_credit_code_twice_in_a_competition_names_the_division(registration_open, division, other_division, officer,
                                                                     other_officer):
    register(division, officer, 1)
    with pytest.raises(ValidationError) as exc:
        register(other_division, other_officer, 1)
    assert exc.value.message_dict == {"credit_code": [
        f"统一社会信用代码 {valid_credit_code(5001)} 的单位已在“郑州市”赛区登记，同一竞赛中不能重复登记。"]}


def test_wrong_credit_code_and_phone_are_refused_at_the_field(registration_open, division, officer):
    with pytest.raises(ValidationError) as exc:
        register(division, officer, credit_code="91410100MA3X5Y7K20")
    assert exc.value.message_dict == {"credit_code": ["统一社会信用代码校验位不正确，请核对后重新填写。"]}
    with pytest.raises(ValidationError) as exc:
        register(division, officer, contact_phone="12345")
    assert exc.value.message_dict == {"contact_phone": [
        "请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。"]}
    assert Entry.objects.count() == 0


def test_no_quota_row_means_no_registration(competition, division, officer):
    with pytest.raises(ValidationError) as exc:
        register(division, officer)
    assert messages_of(exc) == ["本赛区尚未分配参赛名额，不能登记。"]


def test_after_deadline_nothing_can_be_registered_edited_or_submitted(registration_open, division, officer, make_labour_entry):
    entry = make_labour_entry(division)
    deadline = datetime.datetime(2022, 6, 8, 23, 59, tzinfo=SHANGHAI)
    registration_open["phase"].closes_at = deadline
    registration_open["phase"].opens_at = deadline - datetime.timedelta(days=60)
    registration_open["phase"].save()
    expected = ["已超过报送截止时间（2022年6月8日 23:59），不能再登记、修改或报送。如需延期，请联系秘书处。"]
    with pytest.raises(ValidationError) as exc:
        register(division, officer)
    assert messages_of(exc) == expected
    with pytest.raises(ValidationError) as exc:
        services.entry_update(entry=entry, project="新名称", project_address="地址", contact_name="李四",
                              contact_phone="13812345678", industry="化工", by=officer)
    assert messages_of(exc) == expected
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(division=division, leader_name="王", filled_on=datetime.date(2022, 6, 9),
                                   filler_name="李", filler_phone="13812345678", plan_file=pdf_upload("竞赛方案.pdf"),
                                   by=officer)
    assert messages_of(exc) == expected
    entry.refresh_from_db()
    assert entry.project.startswith("余热回收")
    assert not DivisionSubmission.objects.exists()


def test_deadline_is_compared_in_shanghai_time(registration_open, division, officer, monkeypatch):
    # 2022-06-08 23:59 in Shanghai is 15:59 UTC: one minute later (UTC 16:00) registration is closed.
    registration_open["phase"].opens_at = datetime.datetime(2022, 5, 1, tzinfo=SHANGHAI)
    registration_open["phase"].closes_at = datetime.datetime(2022, 6, 8, 23, 59, tzinfo=SHANGHAI)
    registration_open["phase"].save()
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2022, 6, 8, 15, 58, tzinfo=datetime.UTC))
    register(division, officer, 1)
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2022, 6, 8, 16, 0, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError):
        register(division, officer, 2)


def test_extension_reopens_registration_for_that_division_only(registration_open, division, other_division, officer,
                                                               other_officer, secretariat):
    registration_open["phase"].closes_at = timezone.now() - datetime.timedelta(days=1)
    registration_open["phase"].opens_at = timezone.now() - datetime.timedelta(days=30)
    registration_open["phase"].save()
    with pytest.raises(ValidationError) as exc:
        services.division_extend(division=division, until=timezone.now() + datetime.timedelta(days=3), reason=" ",
                                 by=secretariat)
    assert exc.value.message_dict == {"reason": ["请填写延期原因。"]}
    services.division_extend(division=division, until=timezone.now() + datetime.timedelta(days=3),
                             reason="疫情原因延期报送", by=secretariat)
    register(division, officer, 1)
    with pytest.raises(ValidationError):
        register(other_division, other_officer, 2)
    event = AuditEvent.objects.get(action="labour_division_extend")
    assert (event.reason, event.actor, event.before) == ("疫情原因延期报送", secretariat, {"extended_until": None})


def test_submitted_list_is_locked_until_reopened(registration_open, division, officer, secretariat, make_labour_entry):
    entry = make_labour_entry(division)
    submission = services.submission_submit(division=division, leader_name="王分管",
                                            filled_on=datetime.date(2026, 6, 1), filler_name="李填表",
                                            filler_phone="0371-65512345", plan_file=pdf_upload("竞赛方案.pdf"), by=officer)
    assert submission.status == "submitted"
    assert submission.plan.file.name.startswith("applications/submissionplan/") and "竞赛方案" not in submission.plan.file.name
    locked = ["本赛区参赛名单已报送，不能再登记、修改或撤回。如需修改，请联系秘书处退回。"]
    with pytest.raises(ValidationError) as exc:
        register(division, officer)
    assert messages_of(exc) == locked
    with pytest.raises(ValidationError) as exc:
        services.entry_withdraw(entry=entry, by=officer)
    assert messages_of(exc) == locked
    with pytest.raises(ValidationError) as exc:
        services.submission_reopen(division=division, reason="", by=secretariat)
    assert exc.value.message_dict == {"reason": ["请填写退回修改的原因。"]}
    services.submission_reopen(division=division, reason="请补充项目地址", by=secretariat)
    services.entry_withdraw(entry=entry, by=officer)
    assert AuditEvent.objects.get(action="labour_list_reopen").reason == "请补充项目地址"


def test_submit_needs_entries_and_a_plan(registration_open, division, officer, make_labour_entry):
    kwargs = dict(division=division, leader_name="王", filled_on=datetime.date(2026, 6, 1), filler_name="李",
                  filler_phone="13812345678", by=officer)
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(**kwargs, plan_file=pdf_upload("竞赛方案.pdf"))
    assert messages_of(exc) == ["尚未登记参赛单位，不能报送。"]
    make_labour_entry(division)
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(**kwargs)
    assert exc.value.message_dict == {"plan_file": ["请上传竞赛方案（PDF、DOC 或 DOCX）。"]}


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("方案.exe", b"MZ\x90\x00"), "不支持的文件类型“.exe”，此项只能上传PDF、DOC、DOCX文件。"),
    (SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf"), "文件内容与扩展名不符：“方案.pdf”不是有效的PDF文件。"),
    (SimpleUploadedFile("方案.docx", b"%PDF-1.4 renamed"), "文件内容与扩展名不符：“方案.docx”不是有效的DOCX文件。"),
    (SimpleUploadedFile("方案.pdf", b""), "文件为空，请重新选择。"),
])
def test_plan_file_extension_and_content_must_agree(registration_open, division, officer, make_labour_entry, upload, message):
    make_labour_entry(division)
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(division=division, leader_name="王", filled_on=datetime.date(2026, 6, 1),
                                   filler_name="李", filler_phone="13812345678", plan_file=upload, by=officer)
    assert exc.value.message_dict == {"plan_file": [message]}
    assert not DivisionSubmission.objects.exists()


def test_oversized_plan_file_is_refused(registration_open, division, officer, make_labour_entry, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    make_labour_entry(division)
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(division=division, leader_name="王", filled_on=datetime.date(2026, 6, 1),
                                   filler_name="李", filler_phone="13812345678",
                                   plan_file=pdf_upload("竞赛方案.pdf", size=1024 * 1024 + 1), by=officer)
    assert exc.value.message_dict == {"plan_file": ["文件过大：不能超过1 MB，当前文件1.1 MB。"]}


def test_docx_plan_is_accepted(registration_open, division, officer, make_labour_entry):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    make_labour_entry(division)
    submission = services.submission_submit(
        division=division, leader_name="王", filled_on=datetime.date(2026, 6, 1), filler_name="李",
        filler_phone="13812345678", plan_file=SimpleUploadedFile("竞赛方案.docx", buf.getvalue()), by=officer)
    assert (submission.plan.original_name, submission.plan.file.name.endswith(".docx")) == ("竞赛方案.docx", True)
