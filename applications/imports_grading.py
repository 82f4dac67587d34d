"""The two 批量导入 of a city's grading work: the 绩效提升企业清单 in the layout of seed 003 附件3 (a title, a
日期： line, 序号 … 拟完成时间 备注, notes 注：1. … below) and the enterprise register."""

from greencomp.imports import ImportFlow

from . import services_grading as services
from .selectors_grading import industries_of

ITEM_COLUMNS = {
    "省辖市": "city", "县（市、区）": "county", "企业名称": "name", "重点行业类型": "industry", "重点行业分支": "branch",
    "绩效现状": "current_level", "绩效提升目标": "target_level", "差异化指标": "indicator", "存在问题": "problems",
    "改造措施": "measures", "拟完成时间": "due_date", "备注": "remarks",
}
ENTERPRISE_COLUMNS = {"县（市、区）": "county", "企业名称": "name", "统一社会信用代码": "credit_code",
                      "重点行业": "industries", "绩效等级": "level"}


class _CityImport(ImportFlow):
    """A city's import: a subclass names its `validate` and `write` services first, then what it reads."""

    def industries(self) -> dict:
        return {i.name: i for i in industries_of(self.target.competition)}

    def check(self, rows):
        return self.validate(rows, division=self.target, industries=self.industries())

    def save(self, values):
        return self.write(division=self.target, values_list=values, by=self.by)


class ImprovementItemImport(_CityImport):
    validate = staticmethod(services.validate_item_rows)
    write = staticmethod(services.improvement_items_import)
    columns = ITEM_COLUMNS
    required = {"county", "name", "industry", "target_level", "indicator", "problems", "measures", "due_date"}
    template_name = "grading/item_import.html"
    done_url_name = "grading:list"
    upload_help = "按附件3格式填写的 .xlsx 文件。"


class GradingEnterpriseImport(_CityImport):
    validate = staticmethod(services.validate_enterprise_rows)
    write = staticmethod(services.enterprises_import)
    columns = ENTERPRISE_COLUMNS
    required = {"county", "name", "industries"}
    template_name = "grading/enterprise_import.html"
    done_url_name = "grading:enterprise_list"
    noun = "家企业"
