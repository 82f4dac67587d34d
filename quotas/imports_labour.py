"""Reading a quota table from Excel in the layout of 附件1: one or more column pairs 赛区 | 参赛企业数 side by
side (and for a city table like 焦作's a 市直参赛企业 column, whose named enterprises count into the one
市直参赛企业 division, as in competitions/notice_tables.py), a title row above and a 合计 row below. Our own export reads back unchanged. The steps around it are the shared import
flow (greencomp/imports.py)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from greencomp.imports import MSG_NO_ROWS, ImportFlow, ImportRow, Sheet, _norm, _text

from . import services_labour as services
from .selectors_labour import quota_lines

NAME, ENTRIES, NAMED = "赛区", "参赛企业数", "市直参赛企业"
TOTAL = "合计"


def _header(labels: list[str]):
    pairs = [(i, i + 1) for i, label in enumerate(labels[:-1]) if label == NAME and labels[i + 1] == ENTRIES]
    named = labels.index(NAMED) if NAMED in labels else None
    return (pairs, named) if pairs else None


def quota_rows_read(upload) -> list[ImportRow]:
    with Sheet(upload) as sheet:
        found = sheet.header(_header)
        if found is None:
            raise ValidationError("表头不符合模板：应包含“赛区”“参赛企业数”两列（可左右并列两组）。请先导出当前分配表，按其格式填写。")
        header_line, (pairs, named) = found
        width = max([entries for _name, entries in pairs] + [named or 0]) + 1
        result = _data_rows(sheet.lines(first=header_line + 1, width=width), pairs, named)
    if not result:
        raise ValidationError(MSG_NO_ROWS)
    return result


def _data_rows(lines, pairs, named) -> list[ImportRow]:
    result, listed = [], []
    for line, row in lines:
        cells = [_text(v) for v in row]
        if any(_norm(c) == TOTAL for c in cells):
            break  # the 合计 row ends the table; what follows is notes
        for name_at, entries_at in pairs:
            if cells[name_at] or cells[entries_at]:
                result.append(ImportRow(line=line, values={"division": cells[name_at], "entries": cells[entries_at]}))
        if named is not None and cells[named]:
            listed.append(line)
    if listed:
        result.append(ImportRow(line=listed[0], values={"division": NAMED, "entries": str(len(listed))}))
    return result


class QuotaTableImport(ImportFlow):
    columns = {NAME: "division", ENTRIES: "entries"}
    template_name = "quotas/labour/quota_table_import.html"
    upload_help = "按附件1格式填写的 .xlsx 文件（可先导出当前分配表作为模板）。"

    def read(self, upload):
        return quota_rows_read(upload)

    def check(self, rows):
        self.entries = services.quota_import_check(table=self.target, rows=rows)
        return []

    def confirm_context(self, rows):
        current = {d.pk: d.quota_entries or 0 for d in quota_lines(self.target.competition)}
        return {"new_total": sum({**current, **self.entries}.values())}

    def save(self, values):
        services.quota_table_import(table=self.target, values=values, by=self.by)
        return len(values)

    def done_message(self, count):
        return "已导入分配表。"

    def done_url(self):
        return reverse("quota_tables:edit", args=[self.target.competition_id])
