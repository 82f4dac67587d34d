"""Excel exports of the grading dashboard's tables (the same rows the page shows)."""

from greencomp.exporters import Exporter

from .models import IndustryGroup
from .selectors_grading import (
    city_shares,
    city_targets,
    group_shares,
    industry_shares,
    item_progress,
    targets_of,
)

SHARE_HEADERS = ["企业数", "A、B级及绩效引领性企业数", "占比（%）", "目标（%）", "尚需提升企业数", "D级企业数"]


def _share_cells(r):
    return [r.total, r.good, r.share, f"≥{r.target.normalize():f}" if r.target is not None else "—", r.needed, r.d_count]


class _DashboardExporter(Exporter):
    def __init__(self, *, competition, division=None):
        self.competition, self.division = competition, division
        self.preamble = [f"范围：{division.name if division else '全省'}"]

    @property
    def filename(self) -> str:  # the dashboard's own tables download under their title (附件N tables set theirs)
        return self.title


class GroupSharesExporter(_DashboardExporter):
    title = "重点行业类别绩效分级提升进展"
    headers = ["序号", "行业类别", "2020年A、B级企业占比（%）", *SHARE_HEADERS]

    def rows(self):
        for n, r in enumerate(group_shares(self.competition, self.division), start=1):
            yield [n, r.label, r.baseline if r.baseline is not None else "—", *_share_cells(r)]


class _NumberedSharesExporter(_DashboardExporter):
    """A table of the `shares` rows that carry their own 序号 (the industries' and the cities' numbers)."""

    shares = None

    def rows(self):
        for r in self.shares(self.competition, self.division):
            yield [r.number, r.label, *_share_cells(r)]


class IndustrySharesExporter(_NumberedSharesExporter):
    title = "重点行业绩效分级提升进展"
    headers = ["序号", "重点行业", *SHARE_HEADERS]
    shares = staticmethod(industry_shares)


class CitySharesExporter(_NumberedSharesExporter):
    title = "各省辖市绩效分级提升进展"
    headers = ["序号", "省辖市", *SHARE_HEADERS]
    shares = staticmethod(city_shares)


class ItemProgressExporter(_DashboardExporter):
    title = "绩效提升企业清单完成情况"
    headers = ["序号", "省辖市", "清单行数", "已达到目标", "30天内到期", "已逾期"]

    def rows(self):
        for n, r in enumerate(item_progress(self.competition, self.division), start=1):
            yield [n, r.label, r.total, r.achieved, r.due_soon, r.overdue]


def _percent(value, prefix="") -> str:
    return f"{prefix}{value.normalize():f}" if value is not None else "—"


class IndustryTargetsExporter(_DashboardExporter):
    """附件1 重点行业绩效分级提升目标表: industries 1–39 with their group's 2020 share and 2021 target in cells
    merged over the group's rows, then row 40 省级重点行业 (no 2020 figure, ≥25)."""

    title = "重点行业绩效分级提升目标表"
    filename = "附件1 重点行业绩效分级提升目标表"
    headers = ["序号", "重点行业", "2020年A、B级企业占比（%）", "2021年A、B级企业占比（%）"]

    def __init__(self, *, competition, division=None):
        self.competition = competition
        self.preamble = []
        groups = list(targets_of(competition)["groups"])
        self.listed = [(g, [i for i in g.industries.all() if i.number < 40]) for g in groups
                       if g.code != IndustryGroup.Code.PROVINCIAL]
        self.provincial = next((g for g in groups if g.code == IndustryGroup.Code.PROVINCIAL), None)

    def sheets(self):
        spans, index = [], 0
        for _group, industries in self.listed:
            if len(industries) > 1:
                spans += [(index, index + len(industries) - 1, 3), (index, index + len(industries) - 1, 4)]
            index += len(industries)
        sheet = super().sheets()[0]
        sheet.column_spans = spans
        return [sheet]

    def rows(self):
        for group, industries in self.listed:
            for n, industry in enumerate(industries):
                first = n == 0
                yield [industry.number, industry.name, _percent(group.baseline_share) if first else None,
                       _percent(group.target_share, "≥") if first else None]
        if self.provincial is not None:
            yield [40, self.provincial.name, "—", _percent(self.provincial.target_share, "≥")]


class CityTargetsExporter(_DashboardExporter):
    """附件2 各省辖市重点行业绩效分级提升目标表."""

    title = "各省辖市重点行业绩效分级提升目标表"
    filename = "附件2 各省辖市重点行业绩效分级提升目标表"
    headers = ["序号", "省辖市", "A、B级企业占比（%）"]

    def __init__(self, *, competition, division=None):
        self.competition = competition
        self.preamble = []

    def rows(self):
        for target in city_targets(self.competition):
            yield [target.number, target.division.name, _percent(target.target_share, "≥")]
