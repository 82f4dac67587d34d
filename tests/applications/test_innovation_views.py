"""Pages of the innovation contest: drafts across logins, errors shown with the typed values kept, uploads,
isolation (404 and nothing written), query counts and the PDF."""

import datetime
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationVersion, Attachment
from applications.pdf_innovation import application_pdf
from applications.services_innovation import application_submit
from greencomp.models import AuditEvent

from ..factories import pdf_upload


def login(client, user, password):
    client.force_login(user)  # django-axes needs a request for authenticate(); the e2e test logs in for real
    return client


def post_form(client, application, data, url_name="innovation:edit", files=None):
    payload = {k: v for k, v in data.items() if v not in (False, None)}
    payload.update({k: "on" for k, v in data.items() if v is True})
    payload.update(files or {})
    return client.post(reverse(url_name, args=[application.pk]), payload)


def test_create_offers_only_eligible_tracks_and_refuses_others(client, enterprise, password, tracks):
    login(client, enterprise, password)
    response = client.get(reverse("innovation:create"))
    offered = [label for _value, label in response.context["form"].fields["track"].choices]
    assert offered == ["1. 清洁生产技术创新成果", "2. 节能降碳技术创新成果", "3. 资源高效利用技术创新成果",
                       "4. 工业绿色设计产品创新成果"]
    response = client.post(reverse("innovation:create"), {"track": tracks[5].pk, "name": "服务"})
    assert response.status_code == 200
    assert response.context["form"].errors["track"] == [
        "“绿色制造供应商服务工业绿色低碳发展典型案例”赛道的参赛对象为服务河南工业绿色低碳发展的绿色制造服务供应商，贵单位不能申报该赛道。"]
    assert Application.objects.count() == 0
    response = client.post(reverse("innovation:create"), {"track": tracks[2].pk, "name": "余热回收技术"})
    application = Application.objects.get()
    assert response.url == reverse("innovation:edit", args=[application.pk])
    assert (application.track.number, application.title) == (2, "余热回收技术")


def test_supplier_is_offered_track_5_only(client, supplier, password, tracks):
    login(client, supplier, password)
    response = client.get(reverse("innovation:create"))
    assert [label for _v, label in response.context["form"].fields["track"].choices] == [
        "5. 绿色制造供应商服务工业绿色低碳发展典型案例"]
    client.post(reverse("innovation:create"), {"track": tracks[1].pk, "name": "技术"})
    assert Application.objects.count() == 0


def test_draft_survives_logout_and_a_new_login(client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1], filled=False, proofs=False)
    login(client, enterprise, password)
    data = {**application.data, "scope": "适用于燃气锅炉", "org_employees": "abc"}
    response = post_form(client, application, data)
    assert response.status_code == 302
    client.logout()
    # a session that expired: the next request is anonymous and the draft is still in the database
    assert client.get(reverse("innovation:edit", args=[application.pk])).status_code == 302
    login(client, enterprise, password)
    response = client.get(reverse("innovation:edit", args=[application.pk]))
    assert response.context["form"]["scope"].value() == "适用于燃气锅炉"
    assert response.context["form"]["org_employees"].value() == "abc"


def test_submit_errors_are_shown_and_typed_values_kept(client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=False)
    login(client, enterprise, password)
    data = {**application.data, "org_credit_code": "91410100MA3X5Y7K20", "commitment": False,
            "principle": "刚刚输入的原理说明"}
    response = post_form(client, application, data, "innovation:submit",
                         files={"proof_license": pdf_upload("营业执照.pdf")})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["org_credit_code"] == ["统一社会信用代码校验位不正确，请核对后重新填写。"]
    assert form.errors["commitment"] == ["请勾选承诺申明后再提交。"]
    assert form.errors["proof_user_report"] == [
        "缺少必需的证明材料：用户使用报告。（应包括对技术应用的结论性意见，并由应用项目/案例中的技术使用方加盖公章）"]
    assert form["principle"].value() == "刚刚输入的原理说明"
    assert form["org_credit_code"].value() == "91410100MA3X5Y7K20"
    html = response.content.decode()
    assert '<a href="#id_org_credit_code" class="alert-link">统一社会信用代码</a>' in html
    application.refresh_from_db()
    assert (application.status, application.data["principle"]) == ("draft", "刚刚输入的原理说明")
    assert list(application.attachments.values_list("category", "original_name")) == [("license", "营业执照.pdf")]


def test_submit_succeeds_and_the_version_is_viewable(client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    login(client, enterprise, password)
    response = post_form(client, application, application.data, "innovation:submit")
    assert response.url == reverse("innovation:detail", args=[application.pk])
    assert ApplicationVersion.objects.filter(application=application).count() == 1
    page = client.get(reverse("innovation:version", args=[application.pk, 1]))
    assert page.context["version"].number == 1
    assert "高效低氮燃烧技术 · 第1版" in page.content.decode()
    assert client.get(reverse("innovation:edit", args=[application.pk])).status_code == 302


def test_edit_page_shows_guidance_counter_limits_and_formbar(client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=False)
    login(client, enterprise, password)
    html = client.get(reverse("innovation:edit", args=[application.pk])).content.decode()
    assert "重点说明该技术的工艺路线/工艺流程，各环节具体做法及效果技术创新点或与同类技术对比性能优越之处" in html
    assert 'maxlength="3000"' in html and 'class="gc-formbar' in html
    assert "二、申报技术基本情况" in html and "三、依托项目/案例情况" in html and "四、承诺申明" in html
    assert "提交后申报表将冻结" in html


def test_draft_save_with_a_refused_file_keeps_the_text_and_shows_the_error_on_its_field(
        client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=False)
    login(client, enterprise, password)
    exe = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    response = post_form(client, application, {**application.data, "principle": "附件失败时的原理"},
                         files={"proof_license": exe})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["草稿已保存，但有附件未能上传，请查看下方提示。"]
    form = response.context["form"]
    assert form.errors["proof_license"] == ["文件内容与扩展名不符：“报告.pdf”不是有效的PDF文件。"]
    assert form["principle"].value() == "附件失败时的原理"
    application.refresh_from_db()
    assert (application.data["principle"], application.attachments.count()) == ("附件失败时的原理", 0)


def test_upload_view_rejects_renamed_exe(client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=False)
    login(client, enterprise, password)
    exe = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    response = client.post(reverse("innovation:attachment_upload", args=[application.pk]),
                           {"category": "ip", "file": exe}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["文件内容与扩展名不符：“报告.pdf”不是有效的PDF文件。"]
    assert Attachment.objects.count() == 0


def test_download_is_an_attachment_for_owner_officer_and_secretariat(
        client, enterprise, zz_officer, secretariat, password, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    application_submit(application=application, by=enterprise)
    attachment = application.attachments.first()
    url = reverse("innovation:attachment_download", args=[application.pk, attachment.pk])
    for user in (enterprise, zz_officer, secretariat):
        login(client, user, password)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_officer_sees_drafts_of_nobody(client, enterprise, zz_officer, password, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    login(client, zz_officer, password)
    assert client.get(reverse("innovation:detail", args=[application.pk])).status_code == 404
    application_submit(application=application, by=enterprise)
    assert client.get(reverse("innovation:detail", args=[application.pk])).status_code == 200


@pytest.fixture
def foreign_application(enterprise, tracks, make_application):
    """enterprise's submitted-then-returned application (editable), with an attachment and a version."""
    application = make_application(enterprise, tracks[1])
    application_submit(application=application, by=enterprise)
    Application.objects.filter(pk=application.pk).update(status="returned", return_reason="补充材料")
    return Application.objects.get(pk=application.pk)


def test_isolation_other_users_get_404_and_nothing_is_written(
        client, named_users, kf_officer, zz_officer, supplier, password, foreign_application):
    application = foreign_application
    attachment = application.attachments.first()
    before = (Application.objects.get(pk=application.pk).data, Attachment.objects.count(),
              ApplicationVersion.objects.count(), AuditEvent.objects.count())
    gets = [reverse("innovation:edit", args=[application.pk]),
            reverse("innovation:attachment_download", args=[application.pk, attachment.pk]),
            reverse("innovation:version", args=[application.pk, 1]),
            reverse("innovation:pdf", args=[application.pk]),
            reverse("innovation:detail", args=[application.pk])]
    posts = [(reverse("innovation:edit", args=[application.pk]), {"name": "篡改", "scope": "x"}),
             (reverse("innovation:submit", args=[application.pk]), {"name": "篡改"}),
             (reverse("innovation:attachment_upload", args=[application.pk]),
              {"category": "other", "file": pdf_upload()}),
             (reverse("innovation:attachment_delete", args=[application.pk, attachment.pk]), {})]
    intruders = [u for name, u in named_users.items() if name not in ("enterprise", "secretariat")] + [
        kf_officer, supplier]
    for user in intruders:
        login(client, user, password)
        for url in gets:
            assert client.get(url).status_code in (403, 404), (user.username, url)
        for url, data in posts:
            assert client.post(url, data).status_code in (403, 404), (user.username, url)
    # the platform secretariat and the city's officer may read a submitted application, never write it
    for reader in (zz_officer, named_users["secretariat"]):
        login(client, reader, password)
        for url, data in posts:
            assert client.post(url, data).status_code in (403, 404)
    for url in gets[1:]:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # consuming a FileResponse closes its file
        assert response.status_code == 200
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404)
    assert before == (Application.objects.get(pk=application.pk).data, Attachment.objects.count(),
                      ApplicationVersion.objects.count(), AuditEvent.objects.count())


def test_applicant_gets_404_for_another_applicants_version_and_attachment_of_other_application(
        client, other_enterprise, password, foreign_application):
    login(client, other_enterprise, password)
    assert client.get(reverse("innovation:version", args=[foreign_application.pk, 1])).status_code == 404


def test_list_query_count_does_not_grow(client, enterprise, password, tracks, make_application,
                                        django_assert_num_queries):
    login(client, enterprise, password)
    make_application(enterprise, tracks[1], name="甲", proofs=False)
    client.get(reverse("innovation:list"))  # warm caches (content types, session)
    with django_assert_num_queries(7) as one:
        response = client.get(reverse("innovation:list"))
    assert [a.title for a in response.context["page"]] == ["甲"]
    [row] = response.context["page"]
    first = Application.objects.get(title="甲")
    assert (row.url, row.edit_url, row.pdf_url) == (reverse("innovation:detail", args=[first.pk]),
                                                    reverse("innovation:edit", args=[first.pk]),
                                                    reverse("innovation:pdf", args=[first.pk]))
    assert (row.status_label, row.deadline) == ("草稿", timezone.localtime(first.division.deadline()).strftime(
        "%Y-%m-%d %H:%M"))
    make_application(enterprise, tracks[2], name="乙", proofs=False)
    make_application(enterprise, tracks[4], name="丙", proofs=False)
    Application.objects.filter(title="乙").update(status=Application.Status.SUBMITTED, submitted_at=timezone.now())
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("innovation:list"))
    assert [a.title for a in response.context["page"]] == ["丙", "乙", "甲"]
    assert [bool(a.edit_url) for a in response.context["page"]] == [True, False, True]  # 编辑 only while editable


def test_home_tasks_list_drafts_with_deadline(client, enterprise, password, tracks, make_application,
                                              django_assert_num_queries):
    make_application(enterprise, tracks[1], name="甲", proofs=False)
    login(client, enterprise, password)
    client.get(reverse("home"))
    with django_assert_num_queries(len(_queries(client))) as one:
        response = client.get(reverse("home"))
    assert [t["title"] for t in response.context["tasks"]] == ["申报“甲”尚未提交"]
    make_application(enterprise, tracks[2], name="乙", proofs=False)
    make_application(enterprise, tracks[3], name="丙", proofs=False)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("home"))
    assert len(response.context["tasks"]) == 3


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    return ctx.captured_queries


def test_pdf_contains_the_official_text(client, enterprise, password, tracks, make_application, tmp_path):
    application = make_application(enterprise, tracks[2], name="窑炉余热梯级利用技术")
    application_submit(application=application, by=enterprise)
    login(client, enterprise, password)
    response = client.get(reverse("innovation:pdf", args=[application.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "form.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    for expected in ("河南省绿色低碳发展创新大赛", "申报表", "河南省工业和信息化厅制", "（单位公章）",
                     "☑节能降碳技术创新成果", "☐清洁生产技术创新成果", "窑炉余热梯级利用技术",
                     "一、申报单位基本情况", "二、申报技术基本情况", "三、依托项目/案例情况", "四、承诺申明",
                     "申报单位（公章）", "相关证明材料附后。"):
        assert expected in text, expected


def test_pdf_of_product_and_service_forms_render(enterprise, supplier, tracks, make_application):
    for user, track in ((enterprise, tracks[4]), (supplier, tracks[5])):
        application = make_application(user, track, name=f"演示{track.number}")
        assert application_pdf(application).startswith(b"%PDF-")


def test_autosave_stores_text_only_and_answers_json(client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=False)
    login(client, enterprise, password)
    response = client.post(reverse("innovation:edit", args=[application.pk]),
                           {**{k: v for k, v in application.data.items() if isinstance(v, str)},
                            "scope": "自动保存的内容", "proof_license": pdf_upload()},
                           headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200 and list(response.json()) == ["saved_at"]
    application.refresh_from_db()
    assert (application.data["scope"], application.attachments.count()) == ("自动保存的内容", 0)


def test_autosave_after_the_deadline_is_refused(client, enterprise, password, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=False)
    tracks[1].competition.phases.filter(kind="registration").update(
        closes_at=timezone.now() - datetime.timedelta(hours=1), opens_at=None)
    login(client, enterprise, password)
    response = client.post(reverse("innovation:edit", args=[application.pk]), {"scope": "迟到的内容"},
                           headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 409
    assert response.json()["error"].endswith("）已过，不能再修改或提交。")
    application.refresh_from_db()
    assert application.data["scope"] == "适用范围的说明文字。"  # unchanged


def test_stamped_scan_uploaded_after_submission_is_seen_by_the_city(
        client, enterprise, zz_officer, password, tracks, make_application):
    application = make_application(enterprise, tracks[1])
    application_submit(application=application, by=enterprise)
    login(client, enterprise, password)
    client.post(reverse("innovation:attachment_upload", args=[application.pk]),
                {"category": "stamped", "file": pdf_upload("盖章申报表.pdf")})
    login(client, zz_officer, password)
    html = client.get(reverse("innovation:detail", args=[application.pk])).content.decode()
    assert "盖章申报表.pdf" in html
    stamped = application.attachments.get(category="stamped")
    response = client.get(reverse("innovation:attachment_download", args=[application.pk, stamped.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_supplier_submits_a_track_5_case(client, supplier, password, tracks, make_application):
    application = make_application(supplier, tracks[5], name="钢铁企业能源管控中心建设服务案例")
    login(client, supplier, password)
    data = {**application.data, "direction": ["绿色制造咨询评价服务", "其他"], "direction_other": "碳足迹核算"}
    payload = {k: v for k, v in data.items() if isinstance(v, str)}
    payload.update({"direction": data["direction"], "commitment": "on"})
    response = client.post(reverse("innovation:submit", args=[application.pk]), payload)
    assert response.url == reverse("innovation:detail", args=[application.pk])
    application.refresh_from_db()
    assert (application.status, application.data["direction"], application.data["direction_other"]) == (
        "submitted", ["绿色制造咨询评价服务", "其他"], "碳足迹核算")
    html = client.get(reverse("innovation:detail", args=[application.pk])).content.decode()
    assert "☑其他，具体为碳足迹核算" in html
