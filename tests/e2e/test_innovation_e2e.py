"""enterprise-demo fills the 技术类 form over two sittings, sees the errors, submits and downloads the PDF."""

import json

import pytest

from applications.models import Application
from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.fixtures_innovation import load_innovation
from greencomp.seed.innovation import seed_innovation_demo

from ..factories import FIXTURE, PDF_BYTES
from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pdf_file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


def logout(page):
    page.click("text=孙丽")
    page.click("button:has-text('退出登录')")
    page.wait_for_url("**/auth/login/")


def test_enterprise_fills_technology_form_over_two_sittings_and_submits(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = seed_accounts()
    load_innovation(json.loads(FIXTURE.read_text(encoding="utf-8")))
    seed_innovation_demo(users)

    # first sitting: create, type a little, save the draft, log out
    login("enterprise-demo", DEMO_PASSWORD)
    page.click("text=新建申报")
    assert page.locator("label:has-text('绿色制造供应商服务工业绿色低碳发展典型案例')").count() == 1
    assert page.locator("input[name=track][disabled]").count() == 0  # refused tracks are shown disabled, not offered
    page.check("text=2. 节能降碳技术创新成果")
    page.fill("#id_name", "水泥窑炉余热梯级利用技术")
    page.click("button:has-text('创建并填写申报表')")
    page.wait_for_url("**/edit/")
    assert page.input_value("#id_org_name") == "郑州绿源装备制造有限公司"  # pre-filled from the profile
    page.fill("#id_scope", "适用于水泥、玻璃等行业的窑炉余热回收。")
    screenshot(page, "innovation-1-first-sitting")
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector(".alert-success:has-text('草稿已保存。')")
    logout(page)

    # second sitting: the draft is there; finish it with a wrong credit code, no commitment, one proof
    login("enterprise-demo", DEMO_PASSWORD)
    page.click("text=我的申报")
    page.click("text=编辑")
    assert page.input_value("#id_scope") == "适用于水泥、玻璃等行业的窑炉余热回收。"
    page.check("input[name=tech_category][value=节能降碳技术]")
    page.check("input[name=tech_stage][value=应用类]")
    page.check("input[name=ip][value=完全自主知识产权]")
    for key in ("principle", "practicality", "replicability", "project_content", "benefits"):
        page.fill(f"#id_{key}", f"{key} 的具体说明。")
    page.fill("#id_project_name", "某水泥公司余热发电改造项目")
    page.fill("#id_energy_saving", "3200")
    page.fill("#id_org_credit_code", "91410100MA3X5Y7K20")
    page.set_input_files("#id_proof_license", files=[pdf_file("营业执照.pdf")])
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('提交')")
    page.wait_for_selector(".alert-danger:has(ul)")
    summary = page.locator(".alert-danger:has(ul)").inner_text()
    assert "统一社会信用代码：统一社会信用代码校验位不正确，请核对后重新填写。" in summary
    assert "请勾选承诺申明后再提交。" in summary
    assert "缺少必需的证明材料：用户使用报告。" in summary
    assert page.input_value("#id_project_name") == "某水泥公司余热发电改造项目"  # nothing typed is lost
    screenshot(page, "innovation-2-errors")

    # fix and submit
    page.fill("#id_org_credit_code", "91410100MA3X5Y7K29")
    page.check("#id_commitment")
    page.set_input_files("#id_proof_ip", files=[pdf_file("专利证书.pdf")])
    page.set_input_files("#id_proof_user_report", files=[pdf_file("用户使用报告.pdf")])
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('提交')")
    page.wait_for_url("**/innovation/*/")
    assert "申报已提交" in page.locator(".alert-success").inner_text()
    screenshot(page, "innovation-3-submitted")
    application = Application.objects.get(title="水泥窑炉余热梯级利用技术")
    assert (application.status, application.version, application.attachments.count()) == ("submitted", 1, 3)

    with page.expect_download() as download_info:
        page.click("text=下载申报表PDF")
    download = download_info.value
    target = tmp_path / "form.pdf"
    download.save_as(target)
    assert download.suggested_filename == "申报表_水泥窑炉余热梯级利用技术.pdf"
    assert target.read_bytes().startswith(b"%PDF-")


def test_text_typed_while_the_session_expired_is_saved_after_logging_in_again(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = seed_accounts()
    load_innovation(json.loads(FIXTURE.read_text(encoding="utf-8")))
    demo = seed_innovation_demo(users)
    login("enterprise-demo", DEMO_PASSWORD)
    page.goto(page.base_url + f"/innovation/new/?competition={demo.pk}")
    page.check("text=1. 清洁生产技术创新成果")
    page.fill("#id_name", "印染废水深度处理回用技术")
    page.click("button:has-text('创建并填写申报表')")
    page.wait_for_url("**/edit/")
    page.context.clear_cookies()  # the session is gone (expired, or the server restarted with new keys)
    page.fill("#id_practicality", "会话过期后才输入的文字")
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.click("button:has-text('保存草稿')")
    page.wait_for_timeout(1500)
    assert messages == ["登录已过期，未能保存。请勿关闭本页，在新窗口重新登录后再点“保存草稿”。"]
    assert page.input_value("#id_practicality") == "会话过期后才输入的文字"  # still on the page
    screenshot(page, "innovation-4-session-expired")
    other = page.context.new_page()
    other.goto(page.base_url + "/auth/login/")
    other.fill("#id_username", "enterprise-demo")
    other.fill("#id_password", DEMO_PASSWORD)
    other.click("button[type=submit]")
    other.wait_for_load_state("networkidle")
    other.close()
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector(".alert-success:has-text('草稿已保存。')")
    application = Application.objects.get(title="印染废水深度处理回用技术")
    assert application.data["practicality"] == "会话过期后才输入的文字"
