"""Writes on labour quota tables. Quota rows are the scarce resource registration counts against, so every
change locks the table and its rows first (select_for_update), in the same order as registration does."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from competitions.models import Division
from competitions.notice_tables import decimal_of
from competitions.services import copy_title
from greencomp.audit import audit_record, snapshot
from greencomp.imports import _norm, rows_recheck
from notifications.enums import NotificationKind
from notifications.recipients import division_officers
from notifications.services import notify

from .models import Quota, QuotaTable


def _notify_quotas(table: QuotaTable, division_ids, verb: str) -> None:
    """Each division concerned hears its own number only."""
    for q in Quota.objects.filter(table=table, division_id__in=division_ids).select_related("division"):
        notify(recipients=division_officers(q.division), kind=NotificationKind.QUOTA, competition=table.competition,
               title=f"参赛名额分配表已{verb}", url=reverse("labour:division", args=[q.division_id]),
               body=f"{table.competition.title}：参赛名额分配表已{verb}，{q.division.name}赛区的参赛名额为{q.entries}个。")


def _locked_table(table: QuotaTable) -> QuotaTable:
    if table.pk is None:
        table, _ = QuotaTable.objects.get_or_create(
            competition=table.competition, defaults={"notice_total": table.notice_total}
        )
    # of=self: the competition row stays unlocked, since a registration holding a quota row inserts an entry
    # that references it (a FOR UPDATE on it would deadlock against that foreign-key check)
    return QuotaTable.objects.select_for_update(of=("self",)).select_related("competition").get(pk=table.pk)


def quota_table_follow_notice(*, competition, by) -> None:
    """A draft quota table follows the notice's total; a published one is changed only by re-publishing."""
    table = QuotaTable.objects.select_for_update().filter(competition=competition).first()
    if table and table.status == QuotaTable.Status.DRAFT and competition.total_quota is not None:
        before = snapshot(table, ["notice_total"])
        table.notice_total = competition.total_quota
        table.save(update_fields=["notice_total"])
        audit_record(actor=by, action="quota_table_update", target=table, before=before,
                     after=snapshot(table, ["notice_total"]), competition_id=competition.pk)


def quota_table_copy(*, source, copy, divisions: dict) -> QuotaTable | None:
    """The source competition's table as a draft of the copy (old division id → new division)."""
    table = QuotaTable.objects.filter(competition=source).first()
    if table is None:
        return None
    title = copy_title(table.title, source.year, copy.year) if table.title else ""
    new_table = QuotaTable.objects.create(competition=copy, notice_total=table.notice_total, title=title)
    Quota.objects.bulk_create([Quota(table=new_table, division=divisions[q.division_id], entries=q.entries)
                               for q in table.quotas.all()])
    return new_table


def mismatch_message(total: int, notice_total: int) -> str:
    return f"名额合计 {total} 与通知规定的总数 {notice_total} 不一致，不能发布。"


@transaction.atomic
def quota_table_update(*, table: QuotaTable, entries: dict[int, int], by, reason: str = "") -> QuotaTable:
    """Set the quota of the given divisions (division id → entries); the other rows stay as they are."""
    table = _locked_table(table)
    names = dict(Division.objects.filter(competition_id=table.competition_id).values_list("pk", "name"))
    if set(entries) - set(names):
        raise ValidationError("所选赛区不属于本竞赛。")
    for value in entries.values():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError("参赛企业数须为不小于 0 的整数。")
    rows = {q.division_id: q for q in Quota.objects.select_for_update().filter(table=table).order_by("division_id")}
    before, after, changed, created = {}, {}, [], []
    for division_id, value in entries.items():
        row = rows.get(division_id)
        if row is not None and row.entries == value:
            continue
        before[names[division_id]] = row.entries if row else None
        after[names[division_id]] = value
        if row is None:
            created.append(Quota(table=table, division_id=division_id, entries=value))
        else:
            row.entries = value
            changed.append(row)
    if not after:
        return table
    _check_not_below_registered(entries, names)
    total = sum(q.entries for q in rows.values()) + sum(q.entries for q in created)
    if table.status == QuotaTable.Status.PUBLISHED and total != table.notice_total:
        raise ValidationError(
            f"分配表已发布，修改后名额合计 {total} 与通知规定的总数 {table.notice_total} 不一致，未保存。"
        )
    reason = (reason or "").strip()
    if table.status == QuotaTable.Status.PUBLISHED and not reason:
        raise ValidationError({"reason": "分配表已发布，修改名额须填写修改原因（将记入操作记录并通知相关赛区）。"})
    Quota.objects.bulk_update(changed, ["entries"])
    Quota.objects.bulk_create(created)
    audit_record(actor=by, action="quota_table_update", target=table, before=before, after=after, reason=reason,
                 competition_id=table.competition_id)
    if table.status == QuotaTable.Status.PUBLISHED:
        _notify_quotas(table, [q.division_id for q in [*changed, *created]], "调整")
    return table


def _check_not_below_registered(entries: dict[int, int], names: dict[int, str]) -> None:
    """A quota never drops below what the division has registered. Runs with the quota rows locked, so a
    registration racing for the same division waits and then counts against the new number."""
    registered = dict(Division.objects.filter(pk__in=entries).annotate(
        n=Count("labour_entries", filter=Q(labour_entries__status="registered"))  # applications' Entry.Status
    ).values_list("pk", "n"))
    errors = [f"{names[pk]}已登记 {registered[pk]} 家参赛单位，名额不能少于已登记数（填写的是 {value}）。"
              for pk, value in entries.items() if value < registered.get(pk, 0)]
    if errors:
        raise ValidationError(errors)


def quota_total(table: QuotaTable) -> int:
    if table.pk is None:
        return 0
    return sum(Quota.objects.filter(table=table).values_list("entries", flat=True))


@transaction.atomic
def quota_table_publish(*, table: QuotaTable, by) -> QuotaTable:
    table = _locked_table(table)
    if table.status == QuotaTable.Status.PUBLISHED:
        raise ValidationError("分配表已发布，无需重复发布。")
    total = sum(Quota.objects.select_for_update().filter(table=table).values_list("entries", flat=True))
    if total != table.notice_total:
        raise ValidationError(mismatch_message(total, table.notice_total))
    before = snapshot(table, ["status", "published_at"])
    table.status = QuotaTable.Status.PUBLISHED
    table.published_at = timezone.now()
    table.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="quota_table_publish", target=table, before=before,
                 after={**snapshot(table, ["status", "published_at"]), "total": total},
                 competition_id=table.competition_id)
    _notify_quotas(table, Quota.objects.filter(table=table).values_list("division_id", flat=True), "发布")
    return table


# ---- import -----------------------------------------------------------------------------------------------

def parse_entries(text: str) -> tuple[int | None, str]:
    """'70', ' 70 ', '70.0', '７０' → 70. Returns (value, error message)."""
    text = unicodedata.normalize("NFKC", text or "").strip().replace(",", "")
    if not text:
        return None, "“参赛企业数”不能为空"
    number = decimal_of(text)
    if number is None or not number.is_finite():
        return None, f"参赛企业数“{text}”不是数字"
    if number < 0:
        return None, f"参赛企业数不能为负数（“{text}”）"
    if number != number.to_integral_value():
        return None, f"参赛企业数须为整数（“{text}”）"
    return int(number), ""


def quota_import_check(*, table: QuotaTable, rows: list) -> dict[int, int]:
    """Resolve imported rows ({"division", "entries"} text) to division id → entries, putting each row's
    problems on `row.errors`. Names are compared without spaces (the notices pad 温 县, 交 通)."""
    divisions = {_norm(name): pk for pk, name in
                 Division.objects.filter(competition_id=table.competition_id).values_list("pk", "name")}
    result, seen = {}, set()
    for row in rows:
        name = row.values.get("division", "")
        key = _norm(name)
        value, error = parse_entries(row.values.get("entries", ""))
        if not key:
            row.errors.append("“赛区”不能为空")
        elif key not in divisions:
            row.errors.append(f"未找到赛区“{name}”（须与本竞赛的赛区名称一致）")
        elif key in seen:
            row.errors.append(f"赛区“{name}”在表中重复出现")
        seen.add(key)
        if error:
            row.errors.append(error)
        if not row.errors:
            result[divisions[key]] = value
    return result


@transaction.atomic
def quota_table_import(*, table: QuotaTable, values: list[dict], by) -> QuotaTable:
    """All or nothing: the rows are checked again inside the transaction (the table may have changed since
    the preview); one bad row and nothing is saved."""
    entries = {}

    def check(rows):
        entries.update(quota_import_check(table=table, rows=rows))
        return []  # a quota table has errors per row only

    rows_recheck(values, check)
    return quota_table_update(table=table, entries=entries, by=by, reason="Excel 导入")
