"""The notice's allocation table as an Excel file (the same three layouts as the paste, greencomp/imports.py's
bounded reader and signed confirm): preview → confirm → all the divisions with their quotas, or nothing."""

from django.conf import settings
from django.core.exceptions import ValidationError

from competitions.notice_tables import MSG_UNKNOWN_LAYOUT, notice_table_rebuild, parse_notice_table

from . import competition_setup
from .imports import ImportFlow, ImportRow, Sheet, _text


class NoticeTableImport(ImportFlow):
    """`target` is the competition."""

    columns = {"赛区": "name", "参赛企业数 / A、B级企业占比（%）": "value", "市直参赛企业（通知列名）": "named_text"}
    template_name = "competitions/divisions_from_notice_import.html"
    noun = "个赛区"
    done_url_name = "competitions:divisions"
    upload_help = "通知附件的分配表 .xlsx 文件（表头为“赛区 | 参赛企业数”或再加“市直参赛企业”列，或“序号 | 省辖市 | A、B级企业占比（%）”）。"

    def read(self, upload):
        with Sheet(upload) as sheet:
            lines = [(line, [_text(v) for v in row]) for line, row in sheet.lines(width=settings.IMPORT_MAX_COLUMNS)]
        table = parse_notice_table([(n, cells) for n, cells in lines if any(cells)],
                                   competition_title=self.target.title, notice_total=self.target.total_quota)
        if not table.layout:
            raise ValidationError(MSG_UNKNOWN_LAYOUT)
        self.table = table
        return [ImportRow(line=r.line, errors=list(r.errors),
                          values={"line": r.line, "name": r.name, "value": r.value, "named": r.named,
                                  "named_text": "、".join(r.named), "layout": table.layout, "total": table.total})
                for r in table.rows]

    def check(self, rows):
        competition_setup.notice_table_check(competition=self.target, table=self.table)
        for row, notice_row in zip(rows, self.table.rows, strict=True):
            row.errors = list(notice_row.errors)
        return list(self.table.errors)

    def save(self, values):
        table = notice_table_rebuild(values, competition_title=self.target.title,
                                     notice_total=self.target.total_quota)
        return len(competition_setup.divisions_from_notice(competition=self.target, table=table, by=self.by))

    def header_labels(self):
        return ["赛区", "参赛企业数"]
