"""Exports of the expert review, Excel and PDF from the same sheets: an expert's 评分表 in the layout of seed 002
附件2 (the rubric's title, 一、基本要求 / 二、评比细则), 评分汇总表 per track (experts by code, never by name),
获奖名单, 优秀组织奖."""

from django.utils import timezone

from applications.selectors_recommend import recommending_bodies
from greencomp.exporters import Exporter, text_date
from greencomp.xlsx import Sheet

from .models import OrganisationAward, Prize, ResultNotice, Score
from .selectors_review import awarded_prizes, criteria_of, ranking_with_totals
from .services_review import rubric_data


def _fmt(value):
    return None if value is None else round(value, 2)


def _num(value):
    """30.0 → 30, 12.5 → 12.5 (never 3E+1)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def rubric_title(track) -> str:
    """附件2's title for the track's form type, e.g. 清洁生产、节能降碳、资源高效利用技术创新成果评比细则."""
    titles = {r["form_type"]: r["title"] for r in rubric_data()["rubrics"]}
    return titles.get(track.form_type, f"{track.name}评比细则")


class ScoreSheetExporter(Exporter):
    """专家评分表: the rubric of 附件2 by section, each criterion with its standard and the expert's score,
    the weighted total, the comment, and blank lines for the expert's signature and the date."""

    headers = ["评价要素", "评价标准", "满分", "权重", "评分"]
    pdf_widths = (16, 52, 10, 10, 12)
    pdf_template = "reviews/review/sheet_pdf.html"
    footer = ["评审专家（签名）：", "日期：        年    月    日"]

    def __init__(self, sheet):
        self.sheet = sheet
        self.title = rubric_title(sheet.track)
        self.filename = f"专家评分表_{sheet.expert.code}_{sheet.application_id}"
        a = sheet.application
        self.preamble = ([] if sheet.is_locked else ["草稿（尚未提交）"]) + [
            f"专家评分表　{sheet.track.competition.title} · {sheet.track.name}",
            f"参赛项目：{a.title}", f"申报单位：{a.organisation.name}",
            f"推荐单位：{a.division.name}　　专家编号：{sheet.expert.code}"]
        self._spans = []

    def rows(self):
        scores = {s.criterion_id: s for s in Score.objects.filter(sheet=self.sheet)}
        section, index, spans = None, 0, self._spans
        for c in criteria_of(self.sheet.track):
            if c.section and c.section != section:
                section = c.section
                spans.append((index, 1, 5))
                index += 1
                yield [section, None, None, None, None]
            s = scores.get(c.pk)
            if c.is_gate:
                passed = None if s is None else s.passed
                spans.append((index, 3, 4))
                yield [c.name, c.standard or "—", "通过/不通过", None,
                       {True: "通过", False: "不通过"}.get(passed, "")]
                index += 1
                if passed is False:
                    spans.append((index, 2, 5))
                    index += 1
                    yield ["", f"不通过原因：{s.reason}", None, None, None]
            else:
                index += 1
                yield [c.name, c.standard or "—", _num(c.max_score), f"{_num(c.weight)}%",
                       _num(s.value) if s and s.value is not None else None]
        spans += [(index, 1, 4), (index + 1, 2, 5)]
        yield ["加权总分（满分100）", None, None, None, self.sheet.total]
        yield ["评审意见", self.sheet.comment, None, None, None]

    def sheets(self) -> list[Sheet]:
        rows = list(self.rows())  # the spans are known once the rows are out
        return [Sheet(title=self.title, headers=self.headers, rows=rows, name="专家评分表", preamble=self.preamble,
                      footer=self.footer, spans=self._spans, pdf_widths=self.pdf_widths, min_widths={2: 40})]


class ScoreSummaryExporter(Exporter):
    """评分汇总表: one row per entry with each of its experts' weighted totals (by code — 专家01 …, never a name),
    then mean, trimmed mean, normalised mean, spread, SD and rank. The experts sit in slot columns (评分专家1 /
    总分1 …) rather than one column per expert of the pool: each entry has ~5 of 60+ experts, and a sparse
    60-column matrix is unreadable on A4 and slow to write."""

    def __init__(self, track):
        self.track = track
        self.filename = f"评分汇总表_{track.number}_{track.name}"
        self.title = f"{track.competition.title}  {track.name}  评分汇总表"
        self.entries = ranking_with_totals(track)
        self.slots = max([len(e.totals) for e in self.entries] + [track.experts_per_entry])
        slots = [h for k in range(1, self.slots + 1) for h in (f"评分专家{k}", f"总分{k}")]
        self.headers = (["序号", "排名", "项目名称", "申报单位", "推荐单位"] + slots
                        + ["有效评分表数", "平均分", "去掉最高最低分后平均分", "标准化平均分", "极差", "标准差（总体）",
                           "排名依据得分", "备注"])
        self.preamble = [f"排名依据：{track.review.get_method_display()}；"
                         f"同分时比较：{track.review.tie_criterion or '—'}平均得分，再按提交时间先后。"
                         f"导出时间：{text_date(timezone.now())}"]
        self.footer = ["", "秘书处负责人签名：                        日期：    年   月   日"]
        self.landscape = True

    def rows(self):
        for i, e in enumerate(self.entries, start=1):
            note = ("基本要求未通过（多数专家）：" + "；".join(e.reasons)) if e.excluded else e.tie_note
            slots = []
            for code, total in sorted(e.totals.items()):
                slots += [code, _fmt(total)]
            slots += [None] * (2 * self.slots - len(slots))
            yield ([i, e.rank or "—", e.title, e.organisation, e.division] + slots
                   + [e.n, _fmt(e.mean), _fmt(e.trimmed), _fmt(e.zscore), _fmt(e.spread), _fmt(e.stddev),
                      _fmt(e.score), note])


def awards_by_track(competition) -> list[dict]:
    groups: dict = {}
    for prize in awarded_prizes(competition):
        groups.setdefault(prize.track_id, {"track": prize.track, "prizes": []})["prizes"].append(prize)
    return list(groups.values())


class AwardsExporter(Exporter):
    """获奖名单 and 优秀组织奖; the PDF groups the prizes by track under the 公示 period and the stamp lines."""

    headers = ["序号", "赛道", "奖项", "项目名称", "申报单位", "推荐单位（省辖市）", "排名"]
    pdf_template = "reviews/review/awards_pdf.html"

    def __init__(self, competition):
        self.competition = competition
        self.filename = f"{competition.title}获奖名单"
        self.title = f"{competition.title}获奖名单"

    def pdf_context(self) -> dict:
        awards = list(OrganisationAward.objects.filter(competition=self.competition).select_related("division")
                      .order_by("division__order"))
        bodies = recommending_bodies([a.division for a in awards])
        return {**super().pdf_context(), "competition": self.competition, "groups": awards_by_track(self.competition),
                "organisation_awards": [{"award": a, "body": bodies[a.division_id]} for a in awards],
                "notice": ResultNotice.objects.filter(competition=self.competition).first()}

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
