"""Eligibility, drafts, submission, snapshots, deadlines and uploads (services, exact Chinese messages)."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from applications.models import Application, ApplicationVersion, Attachment
from applications.services_innovation import (
    application_create,
    application_save_draft,
    application_submit,
    attachment_add,
    attachment_delete,
)
from competitions.enums import PhaseKind
from greencomp.models import AuditEvent

from ..factories import PNG_BYTES, pdf_upload, xlsx_bytes


def test_manufacturer_cannot_choose_track_5(enterprise, tracks):
    with pytest.raises(ValidationError) as exc:
        application_create(competition=tracks[5].competition, track=tracks[5], title="节能诊断服务", by=enterprise)
    assert exc.value.message_dict == {"track": [
        "“绿色制造供应商服务工业绿色低碳发展典型案例”赛道的参赛对象为服务河南工业绿色低碳发展的绿色制造服务供应商，贵单位不能申报该赛道。"]}
    assert Application.objects.count() == 0


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_supplier_cannot_choose_tracks_1_to_4(supplier, tracks, number):
    with pytest.raises(ValidationError) as exc:
        application_create(competition=tracks[number].competition, track=tracks[number], title="某技术", by=supplier)
    assert exc.value.message_dict["track"] == [
        f"“{tracks[number].name}”赛道的参赛对象为在河南省注册成立的制造业企业，贵单位不能申报该赛道。"]
    assert Application.objects.count() == 0


def test_non_henan_manufacturer_is_refused(enterprise, tracks):
    enterprise.organisation.is_henan = False
    enterprise.organisation.save(update_fields=["is_henan"])
    with pytest.raises(ValidationError):
        application_create(competition=tracks[1].competition, track=tracks[1], title="某技术", by=enterprise)


def test_supplier_may_enter_track_5_and_manufacturer_track_1(supplier, enterprise, tracks):
    case = application_create(competition=tracks[5].competition, track=tracks[5], title="节能诊断服务", by=supplier)
    tech = application_create(competition=tracks[1].competition, track=tracks[1], title="低氮燃烧", by=enterprise)
    assert (case.division.name, tech.division.name) == ("郑州市", "郑州市")
    assert case.data["name"] == "节能诊断服务" and case.data["org_name"] == "河南测试绿色服务有限公司"


def test_airport_zone_firms_belong_to_the_airport_division(enterprise, tracks):
    enterprise.organisation.county = "航空港区"
    enterprise.organisation.save(update_fields=["county"])
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    assert application.division.name == "航空港区"


def test_same_technology_cannot_enter_two_tracks(enterprise, tracks, make_application):
    make_application(enterprise, tracks[1], name="高效低氮燃烧技术")
    with pytest.raises(ValidationError) as exc:
        application_create(competition=tracks[2].competition, track=tracks[2], title="高效低氮 燃烧技术", by=enterprise)
    assert exc.value.message_dict == {"name": ["同一技术只能选择一个赛道：“高效低氮 燃烧技术”已在“清洁生产技术创新成果”赛道申报。"]}


def test_profile_prefills_the_organisation_section(enterprise, tracks):
    org = enterprise.organisation
    org.address, org.nature, org.employees, org.contact_phone = "郑州市某路1号", "民营", 860, "13803711234"
    org.save()
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    assert (application.data["org_address"], application.data["org_nature"], application.data["org_employees"],
            application.data["contact_phone"], application.data["org_credit_code"]) == (
        "郑州市某路1号", "民营", "860", "13803711234", org.credit_code)


def test_draft_saves_incomplete_and_invalid_values_unchanged(enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    application_save_draft(application=application, by=enterprise, data={
        "name": "半成品技术", "org_credit_code": "123", "org_employees": "-5", "scope": "只写了一半"})
    application.refresh_from_db()
    assert (application.title, application.data["org_credit_code"], application.data["org_employees"],
            application.data["scope"], application.status) == ("半成品技术", "123", "-5", "只写了一半", "draft")
    assert AuditEvent.objects.filter(action="innovation.application.save_draft").count() == 1


def test_submit_reports_wrong_credit_code_missing_proof_and_commitment(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=False)
    data = {**application.data, "org_credit_code": "91410100MA3X5Y7K20", "commitment": False,
            "org_employees": "-1", "legal_phone": "12345", "org_email": "not-an-email"}
    application_save_draft(application=application, data=data, by=enterprise)
    attachment_add(application=application, category="license", upload=pdf_upload(), by=enterprise)
    with pytest.raises(ValidationError) as exc:
        application_submit(application=application, by=enterprise)
    errors = exc.value.message_dict
    assert errors["org_credit_code"] == ["统一社会信用代码校验位不正确，请核对后重新填写。"]
    assert errors["commitment"] == ["请勾选承诺申明后再提交。"]
    assert errors["org_employees"] == ["请填写不小于0的数值。"]
    assert errors["org_email"] == ["请填写正确的电子邮箱地址。"]
    assert errors["legal_phone"] == ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。"]
    assert errors["proof_ip"] == ["缺少必需的证明材料：技术专利证书及知识产权证明、成果鉴定、检验检测报告等。"
                                  "（如知识产权与其他企事业单位共有，需同时提供由该企事业单位出具的正式授权使用声明）"]
    assert errors["proof_user_report"] == ["缺少必需的证明材料：用户使用报告。（应包括对技术应用的结论性意见，并由应用项目/案例中的技术使用方加盖公章）"]
    assert "proof_license" not in errors
    application.refresh_from_db()
    assert (application.status, application.version, application.data["org_credit_code"]) == (
        "draft", 0, "91410100MA3X5Y7K20")
    assert ApplicationVersion.objects.count() == 0


def test_submit_requires_the_text_of_a_chosen_option(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    application_save_draft(application=application, data={**application.data, "ip": "共享知识产权"}, by=enterprise)
    with pytest.raises(ValidationError) as exc:
        application_submit(application=application, by=enterprise)
    assert exc.value.message_dict == {"ip_sharer": ["选择“共享知识产权”时请填写共享人。"]}


def test_product_model_series_is_refused_at_submission(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[4], name="高效电机")
    application_save_draft(application=application, data={**application.data, "model": "YE4系列"}, by=enterprise)
    with pytest.raises(ValidationError) as exc:
        application_submit(application=application, by=enterprise)
    assert exc.value.message_dict == {"model": ["产品型号只能填写一种型号，不允许填写系列型号（如“××系列”、型号范围或多个型号）。"]}


def test_submit_freezes_a_version_and_resubmission_after_return_adds_one(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    application_submit(application=application, by=enterprise)
    application.refresh_from_db()
    assert (application.status, application.version) == ("submitted", 1)
    first = application.versions.get()
    assert first.data == application.data
    assert [(a["category"], a["sha256"]) for a in first.attachments] == [
        (a.category, a.sha256) for a in application.attachments.order_by("category", "id")]
    assert AuditEvent.objects.filter(action="innovation.application.submit").count() == 1
    with pytest.raises(ValidationError) as exc:
        application_save_draft(application=application, data={"name": "改"}, by=enterprise)
    assert exc.value.messages == ["该申报已提交，不能再修改；被退回后方可修改。"]
    # the city returns it (the recommend capability's service does this)
    Application.objects.filter(pk=application.pk).update(status="returned", return_reason="请补充用户使用报告")
    application.refresh_from_db()
    application_save_draft(application=application, data={**application.data, "scope": "修订后的适用范围"}, by=enterprise)
    application_submit(application=application, by=enterprise)
    versions = list(application.versions.order_by("number").values_list("number", "return_reason", "data__scope"))
    assert versions == [(1, "请补充用户使用报告", "适用范围的说明文字。"), (2, "", "修订后的适用范围")]


def test_no_edits_or_submission_after_the_deadline(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    competition = tracks[1].competition
    competition.phases.filter(kind=PhaseKind.REGISTRATION).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1), opens_at=None)
    application = Application.objects.get(pk=application.pk)
    with pytest.raises(ValidationError) as exc:
        application_submit(application=application, by=enterprise)
    assert exc.value.messages[0].startswith("申报截止时间（") and exc.value.messages[0].endswith("）已过，不能再修改或提交。")
    with pytest.raises(ValidationError):
        application_save_draft(application=application, data={}, by=enterprise)
    # a division's extension reopens it for that division only
    application.division.extended_until = timezone.now() + datetime.timedelta(days=1)
    application.division.save(update_fields=["extended_until"])
    application = Application.objects.get(pk=application.pk)
    application_submit(application=application, by=enterprise)
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_deadline_message_is_in_shanghai_time(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    closes = datetime.datetime(2025, 6, 30, 15, 59, 59, tzinfo=datetime.UTC)
    tracks[1].competition.phases.filter(kind=PhaseKind.REGISTRATION).update(closes_at=closes, opens_at=None)
    with pytest.raises(ValidationError) as exc:
        application_submit(application=Application.objects.get(pk=application.pk), by=enterprise)
    assert exc.value.messages == ["申报截止时间（2025年6月30日 23:59）已过，不能再修改或提交。"]


def test_upload_rejects_a_renamed_exe(enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    exe = SimpleUploadedFile("营业执照.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    with pytest.raises(ValidationError) as exc:
        attachment_add(application=application, category="license", upload=exe, by=enterprise)
    assert exc.value.messages == ["文件内容与扩展名不符：“营业执照.pdf”不是有效的PDF文件。"]
    assert Attachment.objects.count() == 0


def test_upload_rejects_wrong_extension_and_fake_xlsx(enterprise, tracks):
    application = application_create(competition=tracks[4].competition, track=tracks[4], title="X", by=enterprise)
    with pytest.raises(ValidationError) as exc:
        attachment_add(application=application, category="license", upload=SimpleUploadedFile("a.exe", b"MZ"),
                       by=enterprise)
    assert exc.value.messages == ["不支持的文件类型“.exe”，此项只能上传PDF、JPG、PNG文件。"]
    fake = SimpleUploadedFile("清单.xlsx", b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ValidationError) as exc:
        attachment_add(application=application, category="materials", upload=fake, by=enterprise)
    assert exc.value.messages == ["文件内容与扩展名不符：“清单.xlsx”不是有效的XLSX文件。"]
    good = attachment_add(application=application, category="materials",
                          upload=SimpleUploadedFile("清单.xlsx", xlsx_bytes()), by=enterprise)
    png = attachment_add(application=application, category="license", upload=SimpleUploadedFile("照.png", PNG_BYTES),
                         by=enterprise)
    assert (good.content_type, png.content_type) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/png")


@override_settings(UPLOAD_MAX_BYTES=1024 * 1024)
def test_upload_rejects_an_oversized_file(enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 512 * 1024 - 9))
    with pytest.raises(ValidationError) as exc:
        attachment_add(application=application, category="license", upload=big, by=enterprise)
    assert exc.value.messages == ["文件过大：不能超过1 MB，当前文件1.5 MB。"]
    assert Attachment.objects.count() == 0


def test_upload_is_stored_under_a_generated_name_with_its_checksum(enterprise, tracks):
    application = application_create(competition=tracks[1].competition, track=tracks[1], title="X", by=enterprise)
    attachment = attachment_add(application=application, category="license", upload=pdf_upload("../../营业执照.pdf"),
                                by=enterprise)
    assert attachment.original_name == "营业执照.pdf"
    assert attachment.file.name.startswith("applications/") and "营业执照" not in attachment.file.name
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").hexdigest()


def test_attachments_are_deleted_only_while_editable(enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    application_submit(application=application, by=enterprise)
    attachment = application.attachments.first()
    with pytest.raises(ValidationError):
        attachment_delete(attachment=attachment, by=enterprise)
    assert application.attachments.count() == 3
    # the stamped scan may still be uploaded after submission
    attachment_add(application=Application.objects.get(pk=application.pk), category="stamped", upload=pdf_upload(),
                   by=enterprise)
    assert application.attachments.filter(category="stamped").count() == 1
