"""Nominations within the quota, submit / return, supporting files, and the selection limits."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competitions.enums import PhaseKind
from greencomp.models import AuditEvent
from reviews import services_commendation as services
from reviews import services_honours as honours_services
from reviews import services_nomination as nomination_services
from reviews.models import Nomination
from tests.factories import EntryFactory, PhaseFactory

PERSON = {"person_name": "李红梅", "gender": "女", "ethnicity": "回族", "post": "动力车间技术员", "frontline": True,
          "achievements": "主持余热回收改造，年节约标准煤800吨。"}


def test_unit_nomination_keeps_only_unit_fields(commendation, division, officer):
    entry = commendation["entries"][division.pk][0]
    n = nomination_services.nomination_create(award_type=commendation["unit"], division=division,
                                              data={"entry": entry, "person_name": "不应保存", "achievements": " 事迹 "},
                                              by=officer)
    assert (n.status, n.person_name, n.achievements, n.nominee) == ("draft", "", "事迹", entry.organisation.name)
    assert AuditEvent.objects.get(action="commendation.nominate").after["entry_id"] == entry.pk


def test_nomination_beyond_quota_is_refused_with_the_quota_named(commendation, division, officer):
    award, entries = commendation["person"], commendation["entries"][division.pk]
    for entry in entries:
        nomination_services.nomination_create(award_type=award, division=division, data={**PERSON, "entry": entry}, by=officer)
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_create(award_type=award, division=division, data={**PERSON, "entry": entries[0]},
                                              by=officer)
    assert exc.value.messages == ["已超出本赛区“绿色发展竞赛先进个人”推荐名额（2个），不能再推荐。"]
    assert Nomination.objects.filter(division=division, award_type=award).count() == 2


def test_nomination_needs_published_quota(commendation, division, officer):
    award = commendation["unit"]
    award.quotas_published_at = None
    award.save()
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_create(award_type=award, division=division,
                                              data={"entry": commendation["entries"][division.pk][0]}, by=officer)
    assert exc.value.messages == ["推荐名额尚未公布，暂不能推荐。"]


def test_nomination_of_another_divisions_entry_is_refused(commendation, division, other_division, officer):
    foreign = commendation["entries"][other_division.pk][0]
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_create(award_type=commendation["unit"], division=division, data={"entry": foreign},
                                              by=officer)
    assert exc.value.message_dict == {"entry": ["请选择本赛区登记的参赛单位。"]}
    assert not Nomination.objects.exists()


def test_same_unit_cannot_be_nominated_twice(commendation, division, officer):
    entry = commendation["entries"][division.pk][0]
    nomination_services.nomination_create(award_type=commendation["unit"], division=division, data={"entry": entry}, by=officer)
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_create(award_type=commendation["unit"], division=division, data={"entry": entry},
                                              by=officer)
    assert exc.value.message_dict == {"entry": [f"“{entry.organisation.name}”已被推荐为绿色发展竞赛先进单位，不能重复推荐。"]}


def test_team_and_individual_need_their_fields(commendation, division, officer):
    entry = commendation["entries"][division.pk][0]
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_create(award_type=commendation["team"], division=division, data={"entry": entry},
                                              by=officer)
    assert exc.value.message_dict == {"team_name": ["请填写班组（车间、工段）名称。"], "team_size": ["请填写人数。"]}
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_create(award_type=commendation["person"], division=division,
                                              data={"entry": entry, "person_name": "张三"}, by=officer)
    assert exc.value.message_dict == {"gender": ["请填写性别。"], "ethnicity": ["请填写民族。"],
                                      "post": ["请填写职务/岗位。"], "frontline": ["请选择是否一线职工。"]}


def test_submit_locks_and_return_reopens(commendation, division, officer, secretariat):
    entry = commendation["entries"][division.pk][0]
    n = nomination_services.nomination_create(award_type=commendation["unit"], division=division, data={"entry": entry},
                                              by=officer)
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_submit(nomination=n, by=officer)
    assert exc.value.message_dict == {"achievements": ["请填写主要事迹。"]}
    n = nomination_services.nomination_update(nomination=n, data={"entry": entry, "achievements": "节能成效显著。"}, by=officer)
    n = nomination_services.nomination_submit(nomination=n, by=officer)
    assert n.status == "submitted"
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_update(nomination=n, data={"entry": entry, "achievements": "改"}, by=officer)
    assert exc.value.messages == ["推荐材料已提交并锁定，不能修改。如需修改，请联系秘书处退回。"]
    n = honours_services.nomination_select(nomination=n, selected=True, escalated=False, by=secretariat)
    n = honours_services.nomination_return(nomination=n, reason="事迹缺少量化数据", by=secretariat)
    assert (n.status, n.return_reason, n.selected) == ("returned", "事迹缺少量化数据", False)
    n = nomination_services.nomination_update(nomination=n, data={"entry": entry, "achievements": "年节能1200吨标准煤。"},
                                              by=officer)
    assert nomination_services.nomination_submit(nomination=n, by=officer).status == "submitted"


def test_nomination_after_commendation_deadline_is_refused(commendation, competition, division, officer):
    PhaseFactory(competition=competition, kind=PhaseKind.COMMENDATION, name="先进推荐",
                 opens_at=timezone.make_aware(datetime.datetime(2020, 11, 1)), closes_at=timezone.make_aware(datetime.datetime(2020, 11, 30, 17, 0)))
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_create(award_type=commendation["unit"], division=division,
                                              data={"entry": commendation["entries"][division.pk][0]}, by=officer)
    assert exc.value.messages == ["已超过推荐截止时间（2020年11月30日 17:00），不能再推荐或修改。"]


def test_supporting_file_checks_extension_and_content(commendation, division, officer, settings):
    n = nomination_services.nomination_create(award_type=commendation["unit"], division=division,
                                              data={"entry": commendation["entries"][division.pk][0]}, by=officer)
    fake = SimpleUploadedFile("证明.pdf", b"MZ not a pdf at all")
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_file_add(nomination=n, upload=fake, by=officer)
    assert exc.value.messages == ["文件内容与扩展名不符：“证明.pdf”不是有效的PDF文件。"]
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_file_add(nomination=n, upload=SimpleUploadedFile("a.exe", b"MZ"), by=officer)
    assert exc.value.messages == ["不支持的文件类型“.exe”，此项只能上传PDF、JPG、PNG文件。"]
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        nomination_services.nomination_file_add(nomination=n, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 " + b"x" * 20),
                                                by=officer)
    assert exc.value.messages == ["文件过大：不能超过0 MB，当前文件0.1 MB。"]
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    doc = nomination_services.nomination_file_add(nomination=n, upload=SimpleUploadedFile("荣誉证书.pdf", b"%PDF-1.4 ok"),
                                                  by=officer)
    assert (doc.original_name, doc.size, doc.file.name.startswith("reviews/nominationfile/")) == ("荣誉证书.pdf", 11, True)


# ---- selection ----------------------------------------------------------------------------------------------------

def test_selection_limited_to_total_and_escalation_count(commendation, competition, division, other_division,
                                                         secretariat, nominate):
    team = commendation["team"]
    team.total = 2
    team.save()
    entries = commendation["entries"][division.pk] + commendation["entries"][other_division.pk]
    a, b, c = (nominate(team, e) for e in entries[:3])
    honours_services.nomination_select(nomination=a, selected=True, escalated=True, by=secretariat)
    honours_services.nomination_select(nomination=b, selected=True, escalated=False, by=secretariat)
    with pytest.raises(ValidationError) as exc:
        honours_services.nomination_select(nomination=c, selected=True, escalated=False, by=secretariat)
    assert exc.value.messages == ["“绿色发展竞赛先进班组（车间、工段）”已入选2个，达到评选总数，不能再选。"]
    with pytest.raises(ValidationError) as exc:
        honours_services.nomination_select(nomination=b, selected=True, escalated=True, by=secretariat)
    assert exc.value.messages == ["“河南省工人先锋号”择优申报已达1个，不能再选。"]
    with pytest.raises(ValidationError) as exc:
        honours_services.nomination_select(nomination=a, selected=False, escalated=False, by=secretariat)
    assert exc.value.messages == ["取消入选或取消择优申报须填写理由。"]
    honours_services.nomination_select(nomination=a, selected=False, escalated=False, reason="事迹与他赛区重复", by=secretariat)
    honours_services.nomination_select(nomination=c, selected=True, escalated=True, by=secretariat)
    assert sorted(Nomination.objects.filter(selected=True).values_list("pk", "escalated")) == [(b.pk, False),
                                                                                              (c.pk, True)]
    event = AuditEvent.objects.filter(action="commendation.select", target_id=str(a.pk)).latest("id")
    assert (event.before, event.after, event.reason) == (
        {"selected": True, "escalated": True, "selection_reason": ""},
        {"selected": False, "escalated": False, "selection_reason": "事迹与他赛区重复"}, "事迹与他赛区重复")


def test_only_submitted_can_be_selected_and_escalation_needs_selection(commendation, division, secretariat, nominate):
    entry = commendation["entries"][division.pk][0]
    draft = nominate(commendation["unit"], entry, status="draft", submitted_at=None)
    with pytest.raises(ValidationError) as exc:
        honours_services.nomination_select(nomination=draft, selected=True, escalated=False, by=secretariat)
    assert exc.value.messages == ["只有已提交的推荐才能入选。"]
    sent = nominate(commendation["team"], entry)
    with pytest.raises(ValidationError) as exc:
        honours_services.nomination_select(nomination=sent, selected=False, escalated=True, by=secretariat)
    assert exc.value.messages == ["只有入选的推荐才能择优申报。"]
    with pytest.raises(ValidationError) as exc:
        honours_services.nomination_select(nomination=nominate(commendation["unit"], EntryFactory(division=division)),
                                           selected=True, escalated=True, by=secretariat)
    assert exc.value.messages == ["“绿色发展竞赛先进单位”没有设置择优申报荣誉。"]


def test_award_total_cannot_drop_below_selected(commendation, division, secretariat, nominate):
    team = commendation["team"]
    n = nominate(team, commendation["entries"][division.pk][0])
    honours_services.nomination_select(nomination=n, selected=True, escalated=True, by=secretariat)
    with pytest.raises(ValidationError) as exc:
        services.award_type_update(award_type=team, total=0, escalation_name="河南省工人先锋号", escalation_count=0,
                                   by=secretariat)
    assert exc.value.messages == ["已入选1个，评选总数不能少于1。"]
    services.award_type_update(award_type=team, total=30, escalation_name="河南省工人先锋号", escalation_count=5,
                               reason="按通知设置", by=secretariat)
    team.refresh_from_db()
    assert (team.total, team.escalation_count) == (30, 5)
