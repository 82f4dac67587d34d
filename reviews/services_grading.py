"""Writes of the assessment side: a city records an assessment in its batch (with documents), the province
spot-checks, a violation downgrades a level (三(七)), and the province publishes a city's results (信息公开).
Every level change goes through `_level_set`, which locks the enterprise's link, keeps the history and refreshes
the dashboard's tallies of the enterprise's city."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import LEVEL_RANK, EnterpriseIndustry, GradingEnterprise, GradingLevel
from applications.selectors_grading import ITEM_COUNTY_ORDER
from greencomp.audit import audit_record, snapshot
from greencomp.uploads import atomic_with_files, stored_file_fill, upload_check
from notifications.enums import NotificationKind
from notifications.recipients import division_officers
from notifications.services import notify
from quotas.services_grading import grading_tallies_refresh

from .models import Assessment, AssessmentBatch, AssessmentDocument, Disclosure, LevelChange, Violation

DOCUMENT_TYPES = ("pdf", "jpg", "png", "docx", "xlsx")


def _level_set(*, enterprise: GradingEnterprise, industry, level: str, on: datetime.date, source: str, reason: str,
               by, **links) -> str:
    """Set the enterprise's level in one industry and append the change to its history; returns the level
    before. The other industries of the enterprise keep their levels."""
    link = EnterpriseIndustry.objects.select_for_update().get(enterprise=enterprise, industry=industry)
    before = link.level
    link.level, link.level_since = level, on
    link.save(update_fields=["level", "level_since"])
    LevelChange.objects.create(enterprise=enterprise, industry=industry, level_before=before, level_after=level,
                               changed_on=on, source=source, reason=reason, by=by, **links)
    grading_tallies_refresh(competition_id=enterprise.competition_id, division_id=enterprise.division_id)
    return before


def _saved_with_level(event, *, level: str, on: datetime.date, source: str, reason: str, by, **links) -> None:
    """Save a new assessment or violation and set the level it decides in its industry (`links` names it)."""
    event.full_clean()
    event.save()
    _level_set(enterprise=event.enterprise, industry=event.industry, level=level, on=on, source=source, reason=reason,
               by=by, **links)


def _notify_city(enterprise: GradingEnterprise, competition, *, title: str, body: str) -> None:
    """The enterprise's city officers hear of its new level: `title` follows the enterprise's name, `body` the
    competition's title."""
    notify(recipients=division_officers(enterprise.division), kind=NotificationKind.GRADING, competition=competition,
           title=f"“{enterprise.name}”{title}", url=reverse("grading:enterprise_detail", args=[enterprise.pk]),
           body=f"{competition.title}：{body}")


def batch_accepts(batch: AssessmentBatch, industry) -> bool:
    return batch.includes_support or batch.group_id is None or industry.group_id == batch.group_id


@transaction.atomic
def assessment_record(*, batch: AssessmentBatch, enterprise: GradingEnterprise, industry, level: str,
                      assessed_on: datetime.date, reviewers: str, notes: str = "", by) -> Assessment:
    batch = AssessmentBatch.objects.select_for_update().get(pk=batch.pk)
    if enterprise.competition_id != batch.competition_id:
        raise ValidationError("该企业不属于本次绩效分级提升行动。")
    if timezone.localdate() > batch.deadline:
        raise ValidationError(f"{batch}的审核认定已于{batch.deadline:%Y年%m月%d日}截止。")
    link = enterprise.industry_links.filter(industry=industry).first()
    if link is None:
        raise ValidationError({"industry": f"“{enterprise.name}”不属于“{industry.name}”行业。"})
    if not batch_accepts(batch, industry):
        raise ValidationError({"industry": f"“{industry.name}”不属于{batch}的审核范围（{batch.name}）。"})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "评定时间不能晚于今天。"})
    if not level:
        raise ValidationError({"level": "请选择绩效等级。"})
    assessment = Assessment(batch=batch, enterprise=enterprise, industry=industry, level=level,
                            previous_level=link.level, assessed_on=assessed_on, reviewers=reviewers.strip(),
                            notes=notes, recorded_by=by)
    _saved_with_level(assessment, level=level, on=assessed_on, source=LevelChange.Source.ASSESSMENT,
                      reason=f"{batch}审核评定", by=by, assessment=assessment)
    audit_record(actor=by, action="grading.assessment_record", target=assessment,
                 before={"level": assessment.previous_level},
                 after=snapshot(assessment, ["level", "assessed_on", "reviewers"]),
                 competition_id=batch.competition_id)
    _notify_city(enterprise, batch.competition, title="绩效等级评定结果已录入",
                 body=f"{batch}审核评定“{enterprise.name}”（{industry.name}）为{assessment.get_level_display()}。")
    return assessment


@atomic_with_files()
def assessment_document_add(*, assessment: Assessment, upload, by) -> AssessmentDocument:
    checked = upload_check(upload, allowed=DOCUMENT_TYPES)
    document = AssessmentDocument(assessment=assessment)
    stored_file_fill(document, upload, checked, by=by)
    document.save()
    audit_record(actor=by, action="grading.document_add", target=document,
                 after={"name": document.original_name, "sha256": document.sha256},
                 competition_id=assessment.batch.competition_id)
    return document


@transaction.atomic
def spot_check_mark(*, assessment: Assessment, outcome: str, note: str, corrected_level: str = "", by) -> Assessment:
    """The province selects an assessment for 现场抽查复核 and records the outcome; a failed check sets the
    level found on site."""
    assessment = Assessment.objects.select_for_update().select_related("enterprise", "batch", "industry").get(
        pk=assessment.pk)
    if outcome not in Assessment.SpotCheck.values or not outcome:
        raise ValidationError({"outcome": "请选择复核结果。"})
    if outcome == Assessment.SpotCheck.FAILED:
        if not corrected_level:
            raise ValidationError({"corrected_level": "复核未通过时请选择复核后等级。"})
        if LEVEL_RANK[corrected_level] >= LEVEL_RANK[assessment.level]:
            raise ValidationError({"corrected_level": "复核后等级必须低于评定等级。"})
        if not note.strip():
            raise ValidationError({"note": "复核未通过时请填写复核意见。"})
    before = snapshot(assessment, ["spot_check", "spot_check_note", "spot_check_level"])
    assessment.spot_check, assessment.spot_check_note = outcome, note.strip()
    assessment.spot_check_level = corrected_level if outcome == Assessment.SpotCheck.FAILED else ""
    assessment.spot_checked_at = timezone.now()
    assessment.save(update_fields=["spot_check", "spot_check_note", "spot_check_level", "spot_checked_at"])
    if outcome == Assessment.SpotCheck.FAILED:
        _level_set(enterprise=assessment.enterprise, industry=assessment.industry, level=corrected_level,
                   on=timezone.localdate(),
                   source=LevelChange.Source.SPOT_CHECK, reason=f"现场抽查复核未通过：{note.strip()}", by=by,
                   assessment=assessment)
    audit_record(actor=by, action="grading.spot_check", target=assessment, before=before,
                 after=snapshot(assessment, ["spot_check", "spot_check_note", "spot_check_level"]),
                 reason=note.strip(), competition_id=assessment.batch.competition_id)
    return assessment


def one_step_down(level: str) -> str:
    return {"L": "B", "A": "B", "B": "B-", "B-": "C", "C": "D"}.get(level, "D")


@transaction.atomic
def violation_record(*, enterprise: GradingEnterprise, industry, kind: str, occurred_on: datetime.date,
                     description: str, level_after: str, by) -> Violation:
    """三(七): an environmental violation downgrades the enterprise (实行降级处理) in the industry concerned."""
    link = EnterpriseIndustry.objects.select_for_update().filter(enterprise=enterprise, industry=industry).first()
    if link is None:
        raise ValidationError({"industry": f"“{enterprise.name}”不属于“{industry.name}”行业。"})
    if not link.level:
        raise ValidationError({"industry": f"该企业的“{industry.name}”行业尚未评级，无法降级。"})
    if link.level == GradingLevel.D:
        raise ValidationError({"level_after": f"该企业的“{industry.name}”行业已是D级，无法再降级。"})
    if not level_after or LEVEL_RANK[level_after] >= LEVEL_RANK[link.level]:
        raise ValidationError({"level_after": "降级后的绩效等级必须低于当前等级。"})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "发现日期不能晚于今天。"})
    violation = Violation(enterprise=enterprise, industry=industry, kind=kind, occurred_on=occurred_on,
                          description=description.strip(), level_before=link.level, level_after=level_after,
                          recorded_by=by)
    _saved_with_level(violation, level=level_after, on=occurred_on, source=LevelChange.Source.VIOLATION,
                      reason=f"{violation.get_kind_display()}：{violation.description}", by=by, violation=violation)
    audit_record(actor=by, action="grading.violation_record", target=violation,
                 before={"industry": industry.name, "level": violation.level_before},
                 after={"industry": industry.name, "level": level_after, "kind": kind}, reason=violation.description,
                 competition_id=enterprise.competition_id)
    _notify_city(enterprise, enterprise.competition, title=f"因{violation.get_kind_display()}降级",
                 body=f"“{enterprise.name}”因{violation.get_kind_display()}由{violation.get_level_before_display()}"
                      f"降为{violation.get_level_after_display()}。")
    return violation


def disclosure_rows(division) -> list[dict]:
    """The announced levels of a city: one row per rated (enterprise, industry)."""
    qs = (EnterpriseIndustry.objects.filter(enterprise__division=division).exclude(level="")
          .select_related("enterprise", "industry").order_by(*ITEM_COUNTY_ORDER, "enterprise__name", "industry__number"))
    return [{"county": link.enterprise.county, "name": link.enterprise.name, "industries": link.industry.name,
             "level": GradingLevel(link.level).label, "since": link.level_since and link.level_since.isoformat()}
            for link in qs]


@transaction.atomic
def disclosure_publish(*, division, by) -> Disclosure:
    rows = disclosure_rows(division)
    disclosure, created = Disclosure.objects.select_for_update().get_or_create(
        division=division, defaults={"rows": rows, "published_at": timezone.now(), "published_by": by})
    if not created:
        disclosure.rows, disclosure.published_at, disclosure.published_by = rows, timezone.now(), by
        disclosure.save(update_fields=["rows", "published_at", "published_by"])
    audit_record(actor=by, action="grading.disclosure_publish", target=disclosure, after={"rows": len(rows)},
                 competition_id=division.competition_id)
    return disclosure


@transaction.atomic
def disclosure_withdraw(*, division, reason: str, by) -> None:
    disclosure = Disclosure.objects.select_for_update().filter(division=division).first()
    if disclosure is None:
        raise ValidationError("该市的绩效分级结果尚未公开。")
    audit_record(actor=by, action="grading.disclosure_withdraw", target=disclosure, before={"rows": len(disclosure.rows)},
                 reason=reason, competition_id=division.competition_id)
    disclosure.delete()
