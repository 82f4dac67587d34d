"""Exports of the expert review: 评分汇总表 per track (experts by code, never by name), 获奖名单, 优秀组织奖."""

from django.utils import timezone

from greencomp.xlsx import Exporter, Sheet

from .models import OrganisationAward, Prize
from .selectors_review import awarded_prizes, track_ranking


def _fmt(value):
    return None if value is None else round(value, 2)


class ScoreSummaryExporter(Exporter):
    """评分汇总表: one row per entry with each of its experts' weighted totals (by code — 专家01 …, never a name),
    then mean, trimmed mean, normalised mean, spread, SD and rank. The experts sit in slot columns (评分专家1 /
    总分1 …) rather than one column per expert of the pool: each entry has ~5 of 60+ experts, and a sparse
    60-column matrix is unreadable on A4 and slow to write."""

    def __init__(self, track):
        self.track = track
        self.filename = f"评分汇总表_{track.number}_{track.name}"
        self.title = f"{track.competition.title}  {track.name}  评分汇总表"
        self.entries = track_ranking(track, with_totals=True)
        self.slots = max([len(e.totals) for e in self.entries] + [track.experts_per_entry])
        slots = [h for k in range(1, self.slots + 1) for h in (f"评分专家{k}", f"总分{k}")]
        self.headers = (["序号", "排名", "项目名称", "申报单位", "推荐单位"] + slots
                        + ["有效评分表数", "平均分", "去掉最高最低分后平均分", "标准化平均分", "极差", "标准差（总体）",
                           "排名依据得分", "备注"])
        self.preamble = [f"排名依据：{track.review.get_method_display()}；"
                         f"同分时比较：{track.review.tie_criterion or '—'}平均得分，再按提交时间先后。"
                         f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"]
        self.footer = ["", "秘书处负责人签名：                        日期：    年   月   日"]
        self.landscape = True

    def rows(self):
        for i, e in enumerate(self.entries, start=1):
            a = e.application
            note = ("基本要求未通过（多数专家）：" + "；".join(e.reasons)) if e.excluded else e.tie_note
            slots = []
            for code, total in sorted(e.totals.items()):
                slots += [code, _fmt(total)]
            slots += [None] * (2 * self.slots - len(slots))
            yield ([i, e.rank or "—", a.title, a.organisation.name, a.division.name] + slots
                   + [e.n, _fmt(e.mean), _fmt(e.trimmed), _fmt(e.zscore), _fmt(e.spread), _fmt(e.stddev),
                      _fmt(e.score), note])


def awards_by_track(competition) -> list[dict]:
    groups: dict = {}
    for prize in awarded_prizes(competition):
        groups.setdefault(prize.track_id, {"track": prize.track, "prizes": []})["prizes"].append(prize)
    return list(groups.values())


class AwardsExporter(Exporter):
    headers = ["序号", "赛道", "奖项", "项目名称", "申报单位", "推荐单位（省辖市）", "排名"]

    def __init__(self, competition):
        self.competition = competition
        self.filename = f"{competition.title}获奖名单"
        self.title = f"{competition.title}获奖名单"

    def rows(self):
        for i, p in enumerate(awarded_prizes(self.competition), start=1):
            yield [i, f"{p.track.number}. {p.track.name}", p.get_level_display(), p.application.title,
                   p.application.organisation.name, p.application.division.name, p.rank]

    def sheets(self):
        return super().sheets() + [Sheet(title=f"{self.competition.title}优秀组织奖名单", name="优秀组织奖",
                                         headers=OrganisationAwardsExporter.headers,
                                         rows=OrganisationAwardsExporter(self.competition).rows())]


class OrganisationAwardsExporter(Exporter):
    headers = ["序号", "省辖市", "推荐覆盖赛道数", "推荐参赛项目数", "奖项"]

    def __init__(self, competition):
        self.competition = competition
        self.filename = f"{competition.title}优秀组织奖名单"
        self.title = f"{competition.title}优秀组织奖名单"

    def rows(self):
        awards = OrganisationAward.objects.filter(competition=self.competition).select_related("division")
        for i, a in enumerate(awards.order_by("division__order"), start=1):
            yield [i, a.division.name, a.tracks_covered, a.entries, "优秀组织奖"]


LEVELS = dict(Prize.Level.choices)
