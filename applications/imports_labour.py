"""The 批量导入 of a division's entries, in the layout of seed 000 附件2 (序号 参赛单位 参赛项目 项目地址 联系人
联系电话 under a title, 赛区：and 分管领导签名：lines, 填表人：below). 统一社会信用代码 and 所属行业 are the portal's
own additions: a sheet may leave them out (the seed's six columns, or our own 附件2 export), with a warning per
row that lacks them."""

from greencomp.imports import ImportFlow

from . import services_labour as services

COLUMNS = {"参赛单位": "name", "统一社会信用代码": "credit_code", "所属行业": "industry", "参赛项目": "project",
           "项目地址": "project_address", "联系人": "contact_name", "联系电话": "contact_phone"}


class EntryImport(ImportFlow):
    columns = COLUMNS
    optional = {"credit_code", "industry"}
    required = set(COLUMNS.values()) - optional
    template_name = "applications/labour/entry_import.html"
    noun = "家参赛单位"
    upload_help = "按附件2格式填写的 .xlsx 文件。"
    done_url_name = "labour:division"

    def check(self, rows):
        return services.import_rows_check(division=self.target, rows=rows)

    def save(self, values):
        return services.entries_import(division=self.target, rows=values, by=self.by)
