"""The one way services record a state change (SPEC: audit — who, when, what, before/after, reason)."""

import datetime
import decimal
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from .models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The named fields of `obj` as JSON-safe values, for `before` / `after`."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def _division_of(target) -> int | None:
    if target._meta.label == "competitions.Division":
        return target.pk
    return getattr(target, "division_id", None)


def audit_event(*, actor, action: str, target: models.Model, before=None, after=None, reason: str = "",
                competition_id: int | None = None, division_id: int | None = None) -> AuditEvent:
    """The event `audit_record` saves, unsaved: a write that records several saves them in one insert
    (`audit_record_all`)."""
    if competition_id is None:
        competition_id = target.pk if target._meta.label == "competitions.Competition" else getattr(
            target, "competition_id", None)
    if division_id is None:
        division_id = _division_of(target)
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        competition_id=competition_id,
        division_id=division_id,
        before=before,
        after=after,
        reason=reason,
    )


def audit_record(**event) -> AuditEvent:
    """Record one state change (the arguments of `audit_event`)."""
    record = audit_event(**event)
    record.save(force_insert=True)
    return record


def audit_record_all(events: list[AuditEvent]) -> list[AuditEvent]:
    """Record the events of one write in one insert, in their order."""
    return AuditEvent.objects.bulk_create(events)


def audit_created(obj: models.Model, *, by, action: str, fields: list[str], competition_id: int | None = None):
    """Save a new row the caller has validated and record its creation (`after` = the named fields)."""
    obj.save()
    audit_record(actor=by, action=action, target=obj, after=snapshot(obj, fields), competition_id=competition_id)
    return obj


def audit_changed(obj: models.Model, *, by, action: str, fields: list[str], save: list[str], clean: bool = True,
                  reason: str = "", **values) -> None:
    """Set `values` on a row the caller has locked, validate it (unless `clean` is off), save the `save` fields
    and record `fields` before and after."""
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    if clean:
        obj.full_clean()
    obj.save(update_fields=save)
    audit_record(actor=by, action=action, target=obj, before=before, after=snapshot(obj, fields), reason=reason)


# ---- reading the trail: Chinese action names, per-field 修改前 → 修改后 -----------------------------------------

# Every action code recorded with `audit_record` (tests/greencomp/test_audit_display.py greps the code for
# them): an unknown code shows as itself, so a new action is visible before it is named here.
ACTION_LABELS = {
    # accounts, organisations, roles
    "user_create": "新增账号", "user_activate": "启用账号", "user_deactivate": "停用账号",
    "membership_grant": "授予角色", "membership_revoke": "撤销角色",
    "organisation_create": "新增单位", "organisation_register": "单位自助注册", "organisation_approve": "单位注册审核",
    "organisation_update": "修改单位信息",
    # 成果展示与银企对接
    "showcase_consent": "成果展示授权", "financing_interest": "金融机构表达对接意向",
    "financing_interest_accept": "同意银企对接", "financing_interest_decline": "婉拒银企对接",
    "two_factor_enrol": "绑定两步验证", "two_factor_remove": "解除两步验证",
    "division_contacts_report": "报送参赛组织负责人和联络员",
    # competitions
    "competition_create": "新建竞赛", "competition_update": "修改竞赛", "competition_copy": "复制为新一届",
    "competition_copy_setup": "复制新一届的设置与人员",
    "competition_load": "载入竞赛方案", "competition.load_fixture": "载入竞赛方案",
    "competition.demo_copy": "生成演示竞赛", "phase_create": "新增阶段", "phase_delete": "删除阶段",
    "division_create": "新增赛区", "division_update": "修改赛区", "division_reorder": "调整赛区顺序",
    "track_create": "新增赛道", "assessment_batch_create": "新增审核认定批次",
    "division_named_participants": "记录通知列名的市直参赛企业",
    # labour competition
    "quota_table_update": "修改名额分配表", "quota_table_publish": "发布名额分配表",
    "labour_entry_register": "登记参赛项目", "labour_entry_update": "修改参赛项目", "labour_entry_withdraw": "撤回参赛项目",
    "labour_entries_import": "批量导入参赛项目", "labour_list_submit": "提交参赛名单", "labour_list_reopen": "退回参赛名单",
    "labour_division_extend": "延长赛区截止时间", "labour_document_upload": "上传参赛材料",
    "labour_indicator_save": "填报节能减排指标",
    # commendation
    "commendation.quota_propose": "生成表扬名额建议", "commendation.quota_set": "调整表扬名额",
    "commendation.quota_publish": "发布表扬名额", "commendation.award_create": "新增表扬类别",
    "commendation.award_update": "修改表扬类别", "commendation.nominate": "推荐表扬对象",
    "commendation.nomination_update": "修改表扬推荐", "commendation.nomination_delete": "删除表扬推荐",
    "commendation.nomination_submit": "提交表扬推荐", "commendation.nomination_return": "退回表扬推荐",
    "commendation.file_add": "上传表扬材料", "commendation.file_delete": "删除表扬材料",
    "commendation.select": "确定表扬名单", "commendation.honours_publish": "发布通报表扬",
    "commendation.honours_withdraw": "撤回通报表扬",
    # innovation contest: applications, recommendation, 公示
    "innovation.application.create": "新建申报", "innovation.application.save_draft": "保存申报草稿",
    "innovation.application.submit": "提交申报", "innovation.attachment.add": "上传申报附件",
    "innovation.attachment.delete": "删除申报附件",
    "application.recommend": "推荐申报项目", "application.unrecommend": "撤销推荐", "application.return": "退回申报",
    "recommendation.reorder": "调整推荐顺序", "recommendation.submit": "提交推荐名单",
    "recommendation.accept": "接收推荐名单", "recommendation.send_back": "退回推荐名单",
    "recommendation.waive": "免除最少推荐数", "publicity.publish": "发布推荐公示", "publicity.withdraw": "撤回推荐公示",
    # expert review and prizes
    "review.rubric_load": "载入评分标准", "review.rubric_update": "修改评分标准", "review.settings_update": "修改评审设置",
    "review.expert_add": "新增评审专家", "review.expert_update": "修改评审专家", "review.assign": "分配评审专家",
    "review.unassign": "取消评审分配", "review.conflict_declare": "声明回避", "review.sheet_save": "保存评分表", "review.sheet_submit": "提交评分表",
    "review.sheet_reopen": "退回评分表", "review.remind": "催办评审", "review.prize_counts": "设置获奖名额",
    "review.prizes_propose": "生成获奖建议名单", "review.prize_adjust": "调整奖项",
    "review.organisation_awards": "生成优秀组织奖名单", "review.notice_publish": "发布评比结果公示",
    "review.objection_lodge": "提出异议", "review.objection_answer": "答复异议", "review.notice_finalise": "确定最终名单",
    # grading campaign
    "grading.campaign_load": "载入绩效分级提升行动", "grading.industry_add": "新增省级重点行业",
    "grading.industry_branches": "修改重点行业分支", "grading.enterprise_save": "保存重点行业企业",
    "grading.item_add": "新增清单行", "grading.item_update": "修改清单行", "grading.item_delete": "删除清单行",
    "grading.list_import": "批量导入清单", "grading.list_submit": "清单备案", "grading.list_reopen": "退回清单",
    "grading.assessment_record": "录入审核评定", "grading.document_add": "上传评审材料",
    "grading.spot_check": "现场抽查复核", "grading.violation_record": "环境违法降级",
    "grading.disclosure_publish": "公开绩效分级结果", "grading.disclosure_withdraw": "撤回绩效分级结果公告",
    # portal: 通知公告 and API tokens
    "portal.notice_create": "新建通知公告", "portal.notice_update": "修改通知公告", "portal.notice_publish": "发布通知公告",
    "portal.notice_unpublish": "撤回通知公告", "portal.notice_attachment_add": "上传通知附件",
    "portal.notice_attachment_delete": "删除通知附件", "portal.token_create": "创建接口令牌",
    "portal.token_revoke": "吊销接口令牌",
}

# Keys of before/after that are not fields of the target.
EXTRA_LABELS = {
    "count": "数量", "rows": "行数", "items": "清单行数", "levels": "各行业绩效等级", "industries": "重点行业",
    "divisions": "赛区", "source": "来源", "version": "版本", "awarded": "获奖数", "ranked": "排名数",
    "tracks": "赛道数", "name": "名称", "sha256": "SHA-256", "title": "标题", "kind": "类型", "level": "绩效等级",
    "i": "序号", "prefix": "令牌前缀", "published_at": "发布时间", "sum": "合计", "total": "合计",
    "memberships": "任命数", "award_types": "表彰项目数", "batches": "批次数", "criteria": "评分项数",
    "experts": "评审专家数", "quota_total": "名额总数", "category": "附件类别", "size": "文件大小（字节）",
    "credit_code": "统一社会信用代码", "sheets": "评分表数", "employer": "工作单位", "scores": "各项评分",
}
EMPTY = "（空）"


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


@lru_cache(maxsize=1024)
def _field(model, key: str):
    """The model's field a before/after key names (per model and key once per process: models do not change)."""
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _datetime_text(text: str) -> str | None:
    """ISO date-times (stored in UTC) as Beijing time; plain dates as they are."""
    if len(text) < 16 or text[4] != "-" or "T" not in text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%Y-%m-%d %H:%M}"


@lru_cache(maxsize=256)
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)


def display_value(value, field=None) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and getattr(field, "choices", None):
        labels = _choice_labels(field)
        if value in labels:
            return str(labels[value])
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        # rows such as 竞赛内容 [{"title": …, "text": …}]: their keys are structure, their values the content
        return "；".join("：".join(display_value(x) for x in v.values()) if isinstance(v, dict) else display_value(v)
                        for v in value)
    if isinstance(value, list):
        return "、".join(display_value(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{display_value(v)}" for k, v in value.items())
    if isinstance(value, str):
        return _datetime_text(value) or value
    return str(value)


def field_label(model, key: str) -> str:
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return EXTRA_LABELS.get(key, key)


def event_changes(event) -> list[tuple[str, str, str]]:
    """(字段, 修改前, 修改后) for each key of before/after whose value changed (or that only one side has)."""
    model = ContentType.objects.get_for_id(event.target_type_id).model_class() if event.target_type_id else None
    if not isinstance(event.before or {}, dict) or not isinstance(event.after or {}, dict):
        return [("内容", display_value(event.before), display_value(event.after))]
    before, after = event.before or {}, event.after or {}
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        field = _field(model, key)
        rows.append((field_label(model, key), display_value(old, field) if key in before else "—",
                     display_value(new, field) if key in after else "—"))
    return rows
