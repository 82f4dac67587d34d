"""附件4: the A级、B级、绩效引领性企业清单 of one assessment batch (a city's, or the whole province's)."""

from applications.models import GOOD_LEVELS, GradingLevel
from greencomp.exporters import Exporter, text_date

from .models import Assessment

LEVEL_LABELS = dict(GradingLevel.choices)
SPOT_LABELS = dict(Assessment.SpotCheck.choices)
AB_HEADERS = ["序号", "省辖市", "县（市、区）", "企业名称", "行业", "绩效等级", "评定时间", "现场抽查复核"]


def ab_list_queryset(batch, division=None):
    qs = (Assessment.objects.filter(batch=batch, level__in=GOOD_LEVELS)
          .exclude(spot_check=Assessment.SpotCheck.FAILED))
    if division is not None:
        qs = qs.filter(enterprise__division=division)
    return qs.order_by("enterprise__division__order", "enterprise__county", "enterprise__name", "id")


class ABListExporter(Exporter):
    label = "附件4"
    headers = AB_HEADERS
    landscape = True

    def __init__(self, *, batch, division=None):
        self.batch, self.division = batch, division
        self.title = f"A级、B级、绩效引领性企业清单（{batch}）"
        where = division.name if division else "全省"
        self.filename = f"{where}第{batch.number}批A级B级绩效引领性企业清单"
        self.preamble = [f"省辖市：{where}　　完成时限：{text_date(batch.deadline)}"]

    def rows(self):
        qs = ab_list_queryset(self.batch, self.division).values_list(
            "enterprise__division__name", "enterprise__county", "enterprise__name", "industry__name", "level",
            "assessed_on", "spot_check")
        for n, r in enumerate(qs.iterator(chunk_size=2000), start=1):
            yield (n, r[0], r[1], r[2], r[3], LEVEL_LABELS[r[4]], r[5], SPOT_LABELS[r[6]])
