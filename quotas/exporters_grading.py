"""Excel exports of the grading dashboard's tables (the same rows the page shows)."""

from greencomp.exporters import Exporter

from .selectors_grading import city_shares, group_shares, industry_shares, item_progress

SHARE_HEADERS = ["企业数", "A、B级及绩效引领性企业数", "占比（%）", "目标（%）", "尚需提升企业数", "D级企业数"]


def _share_cells(r):
    return [r.total, r.good, r.share, f"≥{r.target.normalize():f}" if r.target is not None else "—", r.needed, r.d_count]


class _DashboardExporter(Exporter):
    def __init__(self, *, competition, division=None):
        self.competition, self.division = competition, division
        self.preamble = [f"范围：{division.name if division else '全省'}"]


class GroupSharesExporter(_DashboardExporter):
    title = "重点行业类别绩效分级提升进展"
    filename = "重点行业类别绩效分级提升进展"
    headers = ["序号", "行业类别", "2020年A、B级企业占比（%）", *SHARE_HEADERS]

    def rows(self):
        for n, r in enumerate(group_shares(self.competition, self.division), start=1):
            yield [n, r.label, r.baseline if r.baseline is not None else "—", *_share_cells(r)]


class IndustrySharesExporter(_DashboardExporter):
    title = "重点行业绩效分级提升进展"
    filename = "重点行业绩效分级提升进展"
    headers = ["序号", "重点行业", *SHARE_HEADERS]

    def rows(self):
        for r in industry_shares(self.competition, self.division):
            yield [r.number, r.label, *_share_cells(r)]


class CitySharesExporter(_DashboardExporter):
    title = "各省辖市绩效分级提升进展"
    filename = "各省辖市绩效分级提升进展"
    headers = ["序号", "省辖市", *SHARE_HEADERS]

    def rows(self):
        for r in city_shares(self.competition, self.division):
            yield [r.number, r.label, *_share_cells(r)]


class ItemProgressExporter(_DashboardExporter):
    title = "绩效提升企业清单完成情况"
    filename = "绩效提升企业清单完成情况"
    headers = ["序号", "省辖市", "清单行数", "已达到目标", "30天内到期", "已逾期"]

    def rows(self):
        for n, r in enumerate(item_progress(self.competition, self.division), start=1):
            yield [n, r.label, r.total, r.achieved, r.due_soon, r.overdue]
