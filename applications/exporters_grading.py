"""Excel exports of the city side: the 绩效提升企业清单 in the 附件3 layout (sorted as its 注3 requires), its
import template, and the enterprise register. Rows stream from `.iterator()`, so memory stays flat."""

from django.utils import timezone

from greencomp.exporters import Exporter, text_date

from .models import GradingLevel, ImprovementItem
from .selectors_grading import ITEM_ORDER, enterprises_of, level_sort

LIST_HEADERS = ["序号", "省辖市", "县（市、区）", "企业名称", "重点行业类型", "重点行业分支", "绩效现状", "绩效提升目标",
                "差异化指标", "存在问题", "改造措施", "拟完成时间", "备注"]
LIST_TITLE = "重点行业绩效分级提升企业清单"
LEVEL_LABELS = dict(GradingLevel.choices)
CHUNK = 2000


class ImprovementListExporter(Exporter):
    """One city's list, or (division=None) every city's list of the campaign, cities in 附件2 order."""

    label = "附件3"
    title = LIST_TITLE
    headers = LIST_HEADERS
    landscape = True
    pdf_widths = (4, 6, 7, 12, 8, 7, 5, 6, 9, 11, 12, 7, 6)

    def __init__(self, *, competition, division=None):
        self.competition, self.division = competition, division
        where = division.name if division else "全省"
        self.filename = f"{where}重点行业绩效分级提升企业清单"
        self.preamble = [f"日期：{text_date(timezone.localdate())}"]

    def queryset(self):
        qs = ImprovementItem.objects.filter(improvement_list__division__competition=self.competition)
        order = ITEM_ORDER
        if self.division is not None:
            qs = qs.filter(improvement_list__division=self.division)
        else:
            order = ("improvement_list__division__order", "improvement_list__division_id", *ITEM_ORDER)
        return (qs.annotate(target_sort=level_sort("target_level"))
                .order_by(*order)
                .values_list("improvement_list__division__name", "enterprise__county", "enterprise__name",
                             "industry__name", "branch", "current_level", "target_level", "indicator", "problems",
                             "measures", "due_date", "remarks"))

    def rows(self):
        for n, r in enumerate(self.queryset().iterator(chunk_size=CHUNK), start=1):
            yield (n, r[0], r[1], r[2], r[3], r[4], LEVEL_LABELS[r[5]], LEVEL_LABELS[r[6]], r[7], r[8], r[9],
                   r[10], r[11])


class ImprovementTemplateExporter(Exporter):
    label = "附件3"
    title = LIST_TITLE
    headers = LIST_HEADERS
    landscape = True
    filename = "重点行业绩效分级提升企业清单（导入模板）"
    preamble = ["日期：    年  月  日"]

    def __init__(self, *, division):
        self.division = division

    def rows(self):
        yield (1, self.division.name, "示例县", "示例企业有限公司", "铸造", "", "C", "B", "有组织排放限值",
               "无组织排放管控不到位", "建设密闭料棚，升级除尘设施", "2021年9月30日", "")


ENTERPRISE_HEADERS = ["序号", "省辖市", "县（市、区）", "企业名称", "统一社会信用代码", "重点行业", "绩效等级", "评定时间"]


class EnterpriseRegisterExporter(Exporter):
    """One row per (enterprise, industry): the level is per industry. Re-imports as it is."""

    title = "重点行业企业名录"
    headers = ENTERPRISE_HEADERS

    def __init__(self, *, division):
        self.division = division
        self.filename = f"{division.name}重点行业企业名录"

    def rows(self):
        n = 0
        for e in enterprises_of(self.division):
            for link in e.industry_links.all():
                n += 1
                yield (n, self.division.name, e.county, e.name, e.credit_code, link.industry.name,
                       LEVEL_LABELS[link.level], link.level_since)


class EnterpriseTemplateExporter(Exporter):
    title = "重点行业企业名录（导入模板）"
    headers = ["县（市、区）", "企业名称", "统一社会信用代码", "重点行业", "绩效等级"]
    filename = "重点行业企业名录（导入模板）"

    def rows(self):
        yield ("示例县", "示例企业有限公司", "", "铸造、工业涂装", "C")
