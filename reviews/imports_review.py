"""The 批量导入 of the expert pool: one row per existing account, with its title, city and tracks."""

from greencomp.imports import ImportFlow

from . import services_review as services

COLUMNS = {"用户名": "username", "职称/职务": "title", "所在省辖市": "city", "擅长赛道（序号，逗号分隔）": "tracks",
           "可参加评审（是/否）": "available"}


class ExpertImport(ImportFlow):
    columns = COLUMNS
    required = {"username"}
    template_name = "reviews/review/expert_import.html"
    noun = "名专家"
    done_url_name = "review:experts"

    def check(self, rows):
        return services.expert_rows_validate(self.target, rows)

    def save(self, values):
        return services.experts_import(competition=self.target, rows=values, by=self.by)
