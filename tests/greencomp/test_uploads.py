"""The one upload mechanism (greencomp/uploads.py): checks and their messages, checksum, generated storage
names, the download response, and no orphan file after a failed transaction."""

import datetime
import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment, SubmissionPlan
from applications.services_innovation import application_create, attachment_add, attachment_delete
from applications.services_labour import submission_submit
from greencomp import uploads
from greencomp.uploads import atomic_with_files, stored_file_fill, upload_check

from ..factories import PDF_BYTES, PNG_BYTES, workbook_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
ALL = ("pdf", "jpg", "png", "doc", "docx", "xlsx")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def docx_bytes() -> bytes:
    """A minimal Word package: xlsx_bytes() of the innovation fixtures with the Word part instead."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as excel:
        types = excel.read("[Content_Types].xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def message_of(upload, allowed=ALL) -> str:
    with pytest.raises(ValidationError) as exc:
        upload_check(upload, allowed=allowed)
    (message,) = exc.value.messages
    return message


def stored_files(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


# ---- the checks and their one set of messages ------------------------------------------------------------------

def test_wrong_extension_is_refused_with_the_accepted_types():
    assert message_of(SimpleUploadedFile("方案.exe", b"MZ\x90\x00"), ("pdf", "doc", "docx")) == (
        "不支持的文件类型“.exe”，此项只能上传PDF、DOC、DOCX文件。")
    assert message_of(SimpleUploadedFile("方案", PDF_BYTES), ("pdf",)) == (
        "不支持的文件类型“.（无扩展名）”，此项只能上传PDF文件。")


def test_png_renamed_pdf_is_refused_for_its_content():
    assert message_of(SimpleUploadedFile("营业执照.pdf", PNG_BYTES)) == "文件内容与扩展名不符：“营业执照.pdf”不是有效的PDF文件。"


def test_oversized_file_is_refused_with_limit_and_size(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("大.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 512 * 1024 - len(PDF_BYTES)))
    assert message_of(big) == "文件过大：不能超过1 MB，当前文件1.5 MB。"
    just_over = SimpleUploadedFile("大.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 1 - len(PDF_BYTES)))
    assert message_of(just_over) == "文件过大：不能超过1 MB，当前文件1.1 MB。"


def test_empty_file_is_refused():
    assert message_of(SimpleUploadedFile("空.pdf", b"")) == "文件为空，请重新选择。"


def test_docx_and_xlsx_are_told_apart_by_their_parts():
    assert upload_check(SimpleUploadedFile("方案.docx", docx_bytes()), allowed=ALL).content_type == DOCX
    assert upload_check(SimpleUploadedFile("清单.xlsx", workbook_bytes()), allowed=ALL).content_type == XLSX
    assert upload_check(SimpleUploadedFile("清单.xlsx", xlsx_bytes()), allowed=ALL).content_type == XLSX
    assert message_of(SimpleUploadedFile("清单.xlsx", docx_bytes())) == "文件内容与扩展名不符：“清单.xlsx”不是有效的XLSX文件。"
    assert message_of(SimpleUploadedFile("方案.docx", workbook_bytes())) == (
        "文件内容与扩展名不符：“方案.docx”不是有效的DOCX文件。")
    assert message_of(SimpleUploadedFile("方案.docx", b"PK\x03\x04" + b"\x00" * 40)) == (
        "文件内容与扩展名不符：“方案.docx”不是有效的DOCX文件。")


def test_jpeg_doc_and_png_are_recognised():
    jpeg = upload_check(SimpleUploadedFile("照片.JPEG", b"\xff\xd8\xff\xe0" + b"\x00" * 32), allowed=("jpg",))
    doc = upload_check(SimpleUploadedFile("方案.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
                       allowed=("doc",))
    png = upload_check(SimpleUploadedFile("照.png", PNG_BYTES), allowed=("png",))
    assert [(c.extension, c.content_type) for c in (jpeg, doc, png)] == [
        ("jpg", "image/jpeg"), ("doc", "application/msword"), ("png", "image/png")]


def test_message_goes_on_the_named_field():
    with pytest.raises(ValidationError) as exc:
        upload_check(SimpleUploadedFile("空.pdf", b""), allowed=("pdf",), field="plan_file")
    assert exc.value.message_dict == {"plan_file": ["文件为空，请重新选择。"]}


def test_checksum_size_and_original_name():
    checked = upload_check(SimpleUploadedFile("../../证明.pdf", PDF_BYTES), allowed=("pdf",))
    assert (checked.sha256, checked.size, checked.original_name, checked.content_type) == (
        hashlib.sha256(PDF_BYTES).hexdigest(), len(PDF_BYTES), "证明.pdf", "application/pdf")


def test_help_texts_name_the_types():
    assert (uploads.type_names(("pdf", "jpg", "jpeg", "png")), uploads.accept_attribute(("pdf", "jpg"))) == (
        "PDF、JPG、PNG", ".pdf,.jpg,.jpeg")


# ---- storage -----------------------------------------------------------------------------------------------------

def test_storage_name_is_generated_not_derived_from_the_users_name(enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    attachment = attachment_add(application=application, category="license",
                                upload=SimpleUploadedFile("../郑州绿源 营业执照.PDF", PDF_BYTES), by=enterprise)
    assert re.fullmatch(r"applications/attachment/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert (attachment.original_name, attachment.sha256, attachment.uploaded_by) == (
        "郑州绿源 营业执照.PDF", hashlib.sha256(PDF_BYTES).hexdigest(), enterprise)
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_plan_file_is_a_stored_file_replaced_after_commit(registration_open, division, officer, make_labour_entry,
                                                         settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    make_labour_entry(division)
    kwargs = {"division": division, "leader_name": "王", "filled_on": datetime.date(2026, 6, 1),
              "filler_name": "李", "filler_phone": "13812345678", "by": officer}
    first = submission_submit(**kwargs, plan_file=SimpleUploadedFile("方案.pdf", PDF_BYTES)).plan
    division.labour_submission.status = "draft"
    division.labour_submission.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        second = submission_submit(**kwargs, plan_file=SimpleUploadedFile("新方案.docx", docx_bytes())).plan
    assert (SubmissionPlan.objects.get().original_name, second.pk, second.content_type) == ("新方案.docx", first.pk, DOCX)
    assert stored_files(settings) == [tmp_path / second.file.name]


# ---- download ----------------------------------------------------------------------------------------------------

def test_download_is_a_private_unsniffed_attachment_under_the_original_name(client, enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    attachment = attachment_add(application=application, category="license",
                                upload=SimpleUploadedFile("营业执照.pdf", PDF_BYTES), by=enterprise)
    client.force_login(enterprise)
    response = client.get(reverse("innovation:attachment_download", args=[application.pk, attachment.pk]))
    assert {k: response[k] for k in ("Content-Disposition", "Content-Type", "X-Content-Type-Options",
                                     "Cache-Control")} == {
        "Content-Disposition": "attachment; filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf",
        "Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_of_a_missing_file_is_404(client, enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    attachment = attachment_add(application=application, category="license",
                                upload=SimpleUploadedFile("营业执照.pdf", PDF_BYTES), by=enterprise)
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(enterprise)
    response = client.get(reverse("innovation:attachment_download", args=[application.pk, attachment.pk]))
    assert response.status_code == 404


def test_no_view_builds_a_file_response_of_its_own():
    """Every download goes through uploads.download_response (exports use greencomp/xlsx.py and pdf.py)."""
    offenders = [str(p.relative_to(ROOT)) for app in ("applications", "reviews", "competitions", "quotas", "greencomp")
                 for p in (ROOT / app).rglob("*.py")
                 if "FileResponse(" in p.read_text(encoding="utf-8") and p.name not in ("uploads.py", "xlsx.py", "pdf.py")]
    assert offenders == []


# ---- no orphan file ----------------------------------------------------------------------------------------------

@atomic_with_files()
def _store_then_fail(*, application, upload, by):
    """A service that stores its file and then refuses (as a later check or a database error would)."""
    attachment = Attachment(application=application, category="license")
    stored_file_fill(attachment, upload, upload_check(upload, allowed=("pdf",)), by=by)
    attachment.save()
    raise ValidationError("后续校验未通过。")


def test_a_service_that_raises_after_storing_leaves_no_file(enterprise, tracks, settings):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    with pytest.raises(ValidationError):
        _store_then_fail(application=application, upload=SimpleUploadedFile("a.pdf", PDF_BYTES), by=enterprise)
    assert (stored_files(settings), Attachment.objects.count()) == ([], 0)


def test_an_enclosing_transaction_that_fails_later_removes_the_file(enterprise, tracks, settings):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    with pytest.raises(ValidationError), atomic_with_files():
        attachment_add(application=application, category="license", upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
                       by=enterprise)
        assert len(stored_files(settings)) == 1
        raise ValidationError("外层事务失败。")
    assert (stored_files(settings), Attachment.objects.count()) == ([], 0)


def test_storing_outside_a_file_transaction_is_refused(enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES)
    with pytest.raises(RuntimeError):
        stored_file_fill(Attachment(application=application), upload, upload_check(upload, allowed=("pdf",)),
                         by=enterprise)


def test_a_deleted_attachment_loses_its_file_only_after_commit(enterprise, tracks, settings,
                                                               django_capture_on_commit_callbacks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    attachment = attachment_add(application=application, category="license",
                                upload=SimpleUploadedFile("a.pdf", PDF_BYTES), by=enterprise)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_delete(attachment=attachment, by=enterprise)
    assert len(stored_files(settings)) == 1  # not committed yet: a rollback would keep row and file together
    for callback in callbacks:
        callback()
    assert (stored_files(settings), Attachment.objects.count()) == ([], 0)


def test_a_refused_plan_shows_at_its_field_and_nothing_is_saved(client, registration_open, division, officer,
                                                                 make_labour_entry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_labour_entry(division)
    client.force_login(officer)
    response = client.post(reverse("labour:submit", args=[division.pk]), {
        "leader_name": "王分管", "filled_on": "2026-06-01", "filler_name": "李填表", "filler_phone": "0371-65512345",
        "plan_file": SimpleUploadedFile("郑州市竞赛方案.pdf", PNG_BYTES)})
    assert response.context["form"].errors == {"plan_file": ["文件内容与扩展名不符：“郑州市竞赛方案.pdf”不是有效的PDF文件。"]}
    assert "文件内容与扩展名不符：“郑州市竞赛方案.pdf”不是有效的PDF文件。" in response.content.decode()
    assert (SubmissionPlan.objects.count(), stored_files(settings)) == (0, [])
