"""Writes of the city's side of the grading campaign: the enterprise register and the 绩效提升企业清单 (附件3)
with its 备案 (submission), reopening, and the all-or-nothing Excel imports. Each write that changes what the
dashboard counts (enterprises, their industries and levels, list rows) ends with one
`grading_tallies_refresh` of its city."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from competitions.enums import PhaseKind
from competitions.models import Division
from greencomp.audit import audit_created, audit_record, snapshot
from greencomp.imports import parse_date, rows_recheck
from greencomp.validators import validate_credit_code
from notifications.enums import NotificationKind
from notifications.recipients import division_officers
from notifications.services import notify
from quotas.services_grading import grading_tallies_refresh
from reviews.models import LevelChange

from .models import (
    LEVEL_RANK,
    EnterpriseIndustry,
    GradingEnterprise,
    GradingLevel,
    ImprovementItem,
    ImprovementList,
)
from .selectors_grading import county_code_of, industries_of

ITEM_FIELDS = ["enterprise", "industry", "branch", "current_level", "target_level", "indicator", "problems",
               "measures", "due_date", "remarks"]


def level_from_label(text: str) -> str:
    """'A' / 'b-' / 'B级' / '绩效引领性' / '引领性' / '未评级' / '' → the stored level; else a Chinese message."""
    text = (text or "").strip()
    if text in ("", "未评级", "未评"):
        return ""
    if text in ("绩效引领性", "引领性", "绩效引领性企业"):
        return GradingLevel.LEADING
    level = text.upper().replace("－", "-").removesuffix("级")
    if level not in ("A", "B", "B-", "C", "D"):
        raise ValidationError(f"绩效等级“{text}”无效，应为 A、B、B-、C、D、绩效引领性 或 未评级")
    return level


# ---- the enterprise register --------------------------------------------------------------------------------

def _level_history(*, enterprise, industry, before: str, after: str, on, source: str, reason: str, by,
                   **links) -> None:
    LevelChange.objects.create(enterprise=enterprise, industry=industry, level_before=before, level_after=after,
                               changed_on=on, source=source, reason=reason, by=by, **links)


def _levels_text(links) -> dict:
    return {link.industry.name: GradingLevel(link.level).label for link in links}


def _tallies_refresh(division: Division) -> None:
    grading_tallies_refresh(competition_id=division.competition_id, division_id=division.pk)


@transaction.atomic
def enterprise_save(*, division: Division, name: str, county: str, industries: list, level: str = "",
                    levels: dict | None = None, credit_code: str = "", level_since: datetime.date | None = None,
                    by, enterprise: GradingEnterprise | None = None) -> GradingEnterprise:
    """Create or update one register entry. The level is per industry: `levels` maps an industry's pk to its
    level; an industry not in it keeps its level, or starts at `level` when it is new. Changes go to the
    level history of that industry."""
    enterprise = _enterprise_write(division=division, name=name, county=county, industries=industries, level=level,
                                   levels=levels, credit_code=credit_code, level_since=level_since, by=by,
                                   enterprise=enterprise)
    _tallies_refresh(division)
    return enterprise


def _enterprise_write(*, division: Division, name: str, county: str, industries: list, level: str,
                      levels: dict | None, credit_code: str, level_since: datetime.date | None, by,
                      enterprise: GradingEnterprise | None) -> GradingEnterprise:
    """enterprise_save without the tallies' refresh (an import refreshes them once, after all its rows)."""
    levels = levels or {}
    if not industries:
        raise ValidationError({"industries": "请至少选择一个重点行业。"})
    if any(i.group.competition_id != division.competition_id for i in industries):
        raise ValidationError({"industries": "所选行业不属于本次绩效分级提升行动。"})
    if enterprise is None:
        enterprise = GradingEnterprise(competition_id=division.competition_id, division=division)
        before = None
    else:
        enterprise = GradingEnterprise.objects.select_for_update().get(pk=enterprise.pk)
        before = snapshot(enterprise, ["name", "county", "credit_code"]) | {
            "levels": _levels_text(enterprise.industry_links.select_related("industry"))}
    enterprise.name, enterprise.county = name.strip(), county.strip()
    enterprise.county_code = county_code_of(division, enterprise.county)
    enterprise.credit_code = credit_code.strip().upper()
    if GradingEnterprise.objects.filter(division=division, name=enterprise.name).exclude(pk=enterprise.pk).exists():
        raise ValidationError({"name": f"本市企业名录中已有“{enterprise.name}”。"})
    enterprise.full_clean()
    enterprise.save()
    EnterpriseIndustry.objects.filter(enterprise=enterprise).exclude(industry__in=industries).delete()
    have = {link.industry_id: link for link in EnterpriseIndustry.objects.select_for_update().filter(
        enterprise=enterprise)}
    today = timezone.localdate()
    for industry in industries:
        link = have.get(industry.pk) or EnterpriseIndustry(enterprise=enterprise, industry=industry)
        old = link.level if link.pk else ""
        new = levels.get(industry.pk, old if link.pk else level)
        if link.pk and new == old:
            continue
        link.level = new
        link.level_since = (level_since or today) if new else None
        link.save()
        if new != old:
            _level_history(enterprise=enterprise, industry=industry, before=old, after=new,
                           on=link.level_since or today, source="register",
                           reason="企业名录录入" if before is None else "企业名录修改", by=by)
    after = snapshot(enterprise, ["name", "county", "credit_code"]) | {
        "levels": _levels_text(enterprise.industry_links.select_related("industry").order_by("industry__number"))}
    audit_record(actor=by, action="grading.enterprise_save", target=enterprise, before=before, after=after)
    return enterprise


def link_level(enterprise: GradingEnterprise, industry) -> str:
    link = EnterpriseIndustry.objects.filter(enterprise=enterprise, industry=industry).first()
    return link.level if link else ""


# ---- the improvement list (附件3) ----------------------------------------------------------------------------

def list_deadline(division: Division):
    return division.deadline(PhaseKind.REGISTRATION)


def _lock_open_list(division: Division) -> ImprovementList:
    """Lock the city's list row and check that it can still be changed."""
    improvement_list, _ = ImprovementList.objects.get_or_create(division=division)
    improvement_list = ImprovementList.objects.select_for_update().get(pk=improvement_list.pk)
    if improvement_list.status == ImprovementList.Status.SUBMITTED:
        raise ValidationError("清单已备案，不能修改；如需修改请联系省生态环境厅退回。")
    deadline = list_deadline(division)
    if deadline and timezone.now() > deadline:
        raise ValidationError(f"清单备案已于{timezone.localtime(deadline):%Y年%m月%d日 %H:%M}截止，不能修改。")
    return improvement_list


PAST_DUE_MESSAGE = "拟完成时间不能早于今天，请填写今后的日期。"


def _check_item(item: ImprovementItem, *, due_changed: bool = True) -> None:
    if due_changed and item.due_date and item.due_date < timezone.localdate():
        raise ValidationError({"due_date": PAST_DUE_MESSAGE})
    if item.industry_id and not item.enterprise.industry_links.filter(industry_id=item.industry_id).exists():
        EnterpriseIndustry.objects.create(enterprise=item.enterprise, industry=item.industry)
    item.full_clean(exclude=["improvement_list", "enterprise", "created_by"])


@transaction.atomic
def improvement_items_add(*, division: Division, enterprise: GradingEnterprise, industries: list, values: dict,
                          by) -> list[ImprovementItem]:
    """One row per industry of a cross-industry enterprise; each row's 备注 names the other industries."""
    improvement_list = _lock_open_list(division)
    if enterprise.division_id != division.pk:
        raise ValidationError("该企业不属于本市。")
    if not industries:
        raise ValidationError({"industries": "请至少选择一个重点行业类型。"})
    taken = set(improvement_list.items.filter(enterprise=enterprise).values_list("industry__name", flat=True))
    items = []
    for industry in industries:
        if industry.name in taken:
            raise ValidationError(f"清单中已有“{enterprise.name}”的“{industry.name}”行业，请直接修改该行。")
        others = [i.name for i in industries if i != industry]
        remarks = values.get("remarks", "")
        if others:
            remarks = "；".join(filter(None, [f"跨行业企业，同时涉及：{'、'.join(others)}", remarks]))
        item = ImprovementItem(improvement_list=improvement_list, enterprise=enterprise, industry=industry,
                               current_level=link_level(enterprise, industry), created_by=by, remarks=remarks,
                               **{k: v for k, v in values.items() if k != "remarks"})
        _check_item(item)
        items.append(audit_created(item, by=by, action="grading.item_add", fields=ITEM_FIELDS,
                                   competition_id=division.competition_id))
    _tallies_refresh(division)
    return items


@transaction.atomic
def improvement_item_update(*, item: ImprovementItem, values: dict, by) -> ImprovementItem:
    division = item.improvement_list.division
    _lock_open_list(division)
    before = snapshot(item, ITEM_FIELDS)
    old_due = item.due_date
    for key, value in values.items():
        setattr(item, key, value)
    _check_item(item, due_changed=item.due_date != old_due)
    item.save(update_fields=list(values) + ["updated_at"])
    audit_record(actor=by, action="grading.item_update", target=item, before=before,
                 after=snapshot(item, ITEM_FIELDS), competition_id=division.competition_id)
    _tallies_refresh(division)
    return item


@transaction.atomic
def improvement_item_delete(*, item: ImprovementItem, by) -> None:
    division = item.improvement_list.division
    _lock_open_list(division)
    audit_record(actor=by, action="grading.item_delete", target=item, before=snapshot(item, ITEM_FIELDS),
                 competition_id=division.competition_id)
    item.delete()
    _tallies_refresh(division)


@transaction.atomic
def improvement_list_submit(*, division: Division, by) -> ImprovementList:
    improvement_list = _lock_open_list(division)
    if not improvement_list.items.exists():
        raise ValidationError("清单中还没有企业，不能备案。")
    improvement_list.status = ImprovementList.Status.SUBMITTED
    improvement_list.submitted_at = timezone.now()
    improvement_list.reopen_reason = ""
    improvement_list.full_clean()
    improvement_list.save(update_fields=["status", "submitted_at", "reopen_reason"])
    audit_record(actor=by, action="grading.list_submit", target=improvement_list, before={"status": "draft"},
                 after={"status": "submitted", "items": improvement_list.items.count()},
                 competition_id=division.competition_id)
    return improvement_list


@transaction.atomic
def improvement_list_reopen(*, division: Division, reason: str, extend_until: datetime.datetime | None, by):
    """The province returns a filed list for correction; an extension is per division and audited."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回原因。"})
    improvement_list = ImprovementList.objects.select_for_update().get(division=division)
    if improvement_list.status != ImprovementList.Status.SUBMITTED:
        raise ValidationError("该清单尚未备案，无需退回。")
    improvement_list.status = ImprovementList.Status.DRAFT
    improvement_list.submitted_at = None
    improvement_list.reopen_reason = reason.strip()
    improvement_list.save(update_fields=["status", "submitted_at", "reopen_reason"])
    division = Division.objects.select_for_update().get(pk=division.pk)
    before_ext = division.extended_until
    if extend_until:
        division.extended_until = extend_until
        division.save(update_fields=["extended_until"])
    audit_record(actor=by, action="grading.list_reopen", target=improvement_list,
                 before={"status": "submitted", "extended_until": before_ext and before_ext.isoformat()},
                 after={"status": "draft", "extended_until": extend_until and extend_until.isoformat()},
                 reason=reason.strip(), competition_id=division.competition_id)
    until = f"，备案截止时间延至{timezone.localtime(extend_until):%Y年%m月%d日 %H:%M}" if extend_until else ""
    notify(recipients=division_officers(division), kind=NotificationKind.GRADING, competition=division.competition,
           title=f"{division.name}绩效提升企业清单已退回", url=reverse("grading:list", args=[division.pk]),
           body=f"{division.competition.title}：省生态环境厅已将{division.name}的重点行业绩效分级提升企业清单退回修改"
                f"{until}。原因：{reason.strip()}")
    return improvement_list


# ---- Excel imports (validated in full first; then all rows or none) -----------------------------------------

def validate_item_rows(rows, *, division: Division, industries: dict) -> None:
    """Check each 附件3 row (ImportRow) and put Chinese messages on it; resolve values for saving."""
    existing = set(ImprovementItem.objects.filter(improvement_list__division=division)
                   .values_list("enterprise__name", "industry__name"))
    register = {e.name: e for e in GradingEnterprise.objects.filter(division=division)}
    seen = set()
    for row in rows:
        v = row.values
        if v.get("city") and v["city"] != division.name:
            row.errors.append(f"省辖市应为“{division.name}”")
        industry = industries.get(v["industry"])
        if v["industry"] and industry is None:
            row.errors.append(f"重点行业类型“{v['industry']}”不在附件1及省级重点行业名录中")
        levels = {}
        for key, label in (("current_level", "绩效现状"), ("target_level", "绩效提升目标")):
            try:
                levels[key] = level_from_label(v[key])
            except ValidationError as exc:
                row.errors.append(f"{label}：{exc.messages[0]}")
        if v["target_level"] and "target_level" in levels and "current_level" in levels and \
                LEVEL_RANK[levels["target_level"]] <= LEVEL_RANK[levels["current_level"]]:
            row.errors.append("绩效提升目标必须高于绩效现状")
        try:
            v["due_date_iso"] = parse_date(v["due_date"]).isoformat() if v["due_date"] else ""
        except ValueError:
            row.errors.append(f"拟完成时间“{v['due_date']}”无法识别，请填写如 2021-09-30 或 2021年9月30日")
        else:
            if v["due_date_iso"] and v["due_date_iso"] < timezone.localdate().isoformat():
                row.errors.append(f"拟完成时间“{v['due_date']}”已过，{PAST_DUE_MESSAGE}")
        if industry and industry.branches and v["branch"] and v["branch"] not in industry.branches:
            row.errors.append(f"重点行业分支应为：{'、'.join(industry.branches)}")
        key = (v["name"], v["industry"])
        if key in existing:
            row.errors.append(f"清单中已有“{v['name']}”的“{v['industry']}”行业")
        if key in seen:
            row.errors.append("与表中其他行重复（同一企业同一行业）")
        seen.add(key)
        v["current_code"], v["target_code"] = levels.get("current_level", ""), levels.get("target_level", "")
        enterprise = register.get(v["name"])
        if enterprise and v["county"] and enterprise.county != v["county"]:
            row.errors.append(f"县（市、区）与企业名录不一致（名录中为“{enterprise.county}”）")


@transaction.atomic
def improvement_items_import(*, division: Division, values_list: list[dict], by) -> int:
    """Save the rows of a validated import; revalidates everything and saves nothing if any row fails."""

    improvement_list = _lock_open_list(division)
    industries = {i.name: i for i in industries_of(division.competition)}
    rows = rows_recheck(values_list, lambda rows: validate_item_rows(rows, division=division, industries=industries))
    register = {e.name: e for e in GradingEnterprise.objects.filter(division=division)}
    for row in rows:
        v = row.values
        enterprise = register.get(v["name"])
        if enterprise is None:
            enterprise = GradingEnterprise.objects.create(competition_id=division.competition_id, division=division,
                                                          name=v["name"], county=v["county"],
                                                          county_code=county_code_of(division, v["county"]))
            register[v["name"]] = enterprise
        industry = industries[v["industry"]]
        if not EnterpriseIndustry.objects.filter(enterprise=enterprise, industry=industry).exists():
            # 附件3 gives the 绩效现状 of this industry: a new (enterprise, industry) starts at it.
            EnterpriseIndustry.objects.create(enterprise=enterprise, industry=industry, level=v["current_code"],
                                              level_since=timezone.localdate() if v["current_code"] else None)
            if v["current_code"]:
                _level_history(enterprise=enterprise, industry=industry, before="", after=v["current_code"],
                               on=timezone.localdate(), source="register", reason="清单导入", by=by)
        item = ImprovementItem(
            improvement_list=improvement_list, enterprise=enterprise, industry=industries[v["industry"]],
            branch=v["branch"], current_level=v["current_code"], target_level=v["target_code"],
            indicator=v["indicator"], problems=v["problems"], measures=v["measures"],
            due_date=datetime.date.fromisoformat(v["due_date_iso"]), remarks=v["remarks"], created_by=by,
        )
        _check_item(item)
        item.save()
    audit_record(actor=by, action="grading.list_import", target=improvement_list, after={"rows": len(rows)},
                 competition_id=division.competition_id)
    _tallies_refresh(division)
    return len(rows)


def validate_enterprise_rows(rows, *, division: Division, industries: dict) -> None:
    """One row per enterprise, or (as the register export writes it) one row per industry of an enterprise,
    each with that industry's 绩效等级; an industry may appear only once per enterprise."""
    taken = set(GradingEnterprise.objects.filter(division=division).values_list("name", flat=True))
    seen: dict[str, set] = {}
    for row in rows:
        v = row.values
        names = [n.strip() for n in v["industries"].replace("，", "、").replace(",", "、").split("、") if n.strip()]
        unknown = [n for n in names if n not in industries]
        if unknown:
            row.errors.append(f"重点行业“{'、'.join(unknown)}”不在附件1及省级重点行业名录中")
        v["industry_names"] = names
        try:
            v["level_code"] = level_from_label(v["level"])
        except ValidationError as exc:
            row.errors.append(exc.messages[0])
        if v.get("credit_code"):
            try:
                validate_credit_code(v["credit_code"])
            except ValidationError as exc:
                row.errors.append(exc.messages[0])
        if v["name"] in taken:
            row.errors.append(f"企业名录中已有“{v['name']}”")
        if seen.get(v["name"], set()) & set(names):
            row.errors.append("与表中其他行重复（同一企业同一行业）")
        seen.setdefault(v["name"], set()).update(names)


@transaction.atomic
def enterprises_import(*, division: Division, values_list: list[dict], by) -> int:
    """Save a validated register import; returns the number of enterprises."""

    industries = {i.name: i for i in industries_of(division.competition)}
    rows = rows_recheck(values_list,
                        lambda rows: validate_enterprise_rows(rows, division=division, industries=industries))
    per_name: dict[str, list] = {}
    for row in rows:
        per_name.setdefault(row.values["name"], []).append(row.values)
    for name, values in per_name.items():
        chosen = [industries[n] for v in values for n in v["industry_names"]]
        levels = {industries[n].pk: v["level_code"] for v in values for n in v["industry_names"]}
        _enterprise_write(division=division, name=name, county=values[0]["county"], level="", level_since=None,
                          credit_code=next((v["credit_code"] for v in values if v["credit_code"]), ""),
                          industries=chosen, levels=levels, by=by, enterprise=None)
    _tallies_refresh(division)
    return len(per_name)
