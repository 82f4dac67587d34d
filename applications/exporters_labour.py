"""Excel and PDF exports of labour-competition registration, in the layout of seed 000 附件2."""

from collections.abc import Iterable, Iterator

from greencomp.exporters import Exporter
from greencomp.xlsx import Sheet

from .models import Entry, EntryIndicator
from .selectors_labour import (
    EVALUATION_MEASURES,
    division_entries,
    division_report_entries,
    entry_evaluation,
    submission_of,
)

SUMMARY_HEADERS = ["序号", "参赛单位", "参赛项目", "项目地址", "联系人", "联系电话"]


def summary_title(competition) -> str:
    """附件2's title, made from the competition title: "2022年全省…竞赛" → "2022年全省…竞赛参赛单位汇总表"."""
    return f"{competition.title}参赛单位汇总表"


SUMMARY_LABEL = "附件2"
SUMMARY_PDF_WIDTHS = (6, 24, 24, 20, 10, 16)  # 联系人 and 联系电话 wide enough for a name and a number
BLANK_DATE = "填报日期：      年    月    日"


def summary_header(division, submission) -> dict:
    """附件2's lines above and below the table. 分管领导 signs and dates by hand on paper, so those stay blank
    lines as in the seed; the filler and phone are printed once the list is submitted."""
    done = submission.is_submitted
    return {
        "division": f"赛区：{division.name}",
        "leader": "分管领导签名：",
        "filled_on": BLANK_DATE,
        "filler": f"填表人：{submission.filler_name if done else ''}",
        "phone": f"联系电话：{submission.filler_phone if done else ''}",
    }


def summary_rows(entries: Iterable[Entry]) -> Iterator[list]:
    for number, e in enumerate(entries, start=1):
        yield [number, e.organisation.name, e.project, e.project_address, e.contact_name, e.contact_phone]


def division_sheet(division, *, name: str = "") -> Sheet:
    head = summary_header(division, submission_of(division))
    return Sheet(label=SUMMARY_LABEL, title=summary_title(division.competition), headers=SUMMARY_HEADERS,
                 name=name or division.name, rows=summary_rows(division_entries(division).iterator(chunk_size=500)),
                 preamble=[head["division"], head["leader"], head["filled_on"]],
                 footer=[head["filler"], head["phone"]], landscape=True, min_widths={1: 6},
                 pdf_widths=SUMMARY_PDF_WIDTHS)


class DivisionSummaryExporter(Exporter):
    """附件2 of one division."""

    empty_text = "（尚未登记）"

    def __init__(self, division):
        self.division = division
        self.filename = f"{summary_title(division.competition)}-{division.name}"

    def sheets(self) -> list[Sheet]:
        return [division_sheet(self.division)]


def _sheet_name(name: str, used: set) -> str:
    clean = "".join("_" if c in '[]:*?/\\' else c for c in name)[:31]
    candidate, n = clean, 2
    while candidate in used:
        candidate = f"{clean[:28]}({n})"
        n += 1
    used.add(candidate)
    return candidate


class CompetitionSummaryExporter(Exporter):
    """The whole competition: a totals sheet (赛区, 名额, 已登记, 是否报送) and one 附件2 sheet per division."""

    empty_text = "（尚未登记）"

    def __init__(self, competition, rows: list[dict]):
        self.competition, self.fill_rows = competition, rows
        self.filename = summary_title(competition)

    def totals(self) -> Iterator[list]:
        quota = registered = submitted = 0
        for number, r in enumerate(self.fill_rows, start=1):
            quota, registered = quota + r["quota"], registered + r["registered"]
            submitted += r["submitted"]
            yield [number, r["division"].name, r["quota"], r["registered"], "是" if r["submitted"] else "否"]
        yield ["", "合计", quota, registered, f"已报送 {submitted} / {len(self.fill_rows)}"]

    def sheets(self) -> list[Sheet]:
        used = {"汇总"}
        sheets = [Sheet(title=summary_title(self.competition), name="汇总",
                        headers=["序号", "赛区", "名额", "已登记", "是否报送"], rows=self.totals(), total_rows=1)]
        for r in self.fill_rows:
            sheets.append(division_sheet(r["division"], name=_sheet_name(r["division"].name, used)))
        return sheets


class FillRateExporter(Exporter):
    headers = ["序号", "赛区", "名额", "已登记", "完成率", "是否报送", "报送时间", "截止时间", "逾期"]
    landscape = True

    def __init__(self, competition, rows: list[dict]):
        self.rows_data = rows
        self.title = f"{competition.title}参赛登记进度"
        self.filename = self.title

    def rows(self) -> Iterator[list]:
        for number, r in enumerate(self.rows_data, start=1):
            yield [number, r["division"].name, r["quota"], r["registered"], f"{r['percent']}%",
                   "已报送" if r["submitted"] else "未报送", r["submitted_at"], r["deadline"],
                   "未按要求报相关资料的视为未举办竞赛" if r["late"] else ""]


def _num(value):
    return float(value) if value is not None else None


INDICATOR_COLUMNS = [
    ("year", "年度"), ("energy_total", "综合能耗（tce）"), ("unit_consumption", "主要产品单耗"),
    ("unit_consumption_unit", "单耗单位"), ("industry_average", "同行业平均单耗"), ("energy_saved", "节能量（tce）"),
    ("water_saved", "节水量（t）"), ("co2_reduced", "二氧化碳减排量（tCO2）"), ("so2", "二氧化硫（t）"),
    ("nox", "氮氧化物（t）"), ("particulates", "颗粒物（t）"), ("cod", "化学需氧量（t）"),
]


class IndicatorExporter(Exporter):
    """降能耗 / 降排放 indicators per entry: baseline and contest year side by side."""

    landscape = True

    def __init__(self, title: str, entries):
        self.title, self.filename, self.entries = f"{title}节能减排指标", f"{title}节能减排指标", entries
        self.headers = (["序号", "赛区", "参赛单位", "统一社会信用代码", "参赛项目"]
                        + [f"基准年{label}" for _k, label in INDICATOR_COLUMNS]
                        + [f"竞赛年{label}" for _k, label in INDICATOR_COLUMNS]
                        + ["单耗控制在同行业平均水平以内", "竞赛活动实施方案", "竞赛活动总结和绩效评估"])

    def rows(self) -> Iterator[list]:
        for number, entry in enumerate(self.entries.iterator(chunk_size=500), start=1):
            by_period = {i.period: i for i in entry.indicators.all()}
            docs = {d.kind for d in entry.documents.all()}
            row = [number, entry.division.name, entry.organisation.name, entry.organisation.credit_code,
                   entry.project]
            for period in (EntryIndicator.Period.BASELINE, EntryIndicator.Period.CONTEST):
                ind = by_period.get(period)
                row += [getattr(ind, k) if k in ("year", "unit_consumption_unit") else _num(getattr(ind, k))
                        for k, _label in INDICATOR_COLUMNS] if ind else [None] * len(INDICATOR_COLUMNS)
            contest = by_period.get(EntryIndicator.Period.CONTEST)
            within = contest.within_industry_average if contest else None
            row += ["—" if within is None else ("是" if within else "否"),
                    "已上传" if "plan" in docs else "未上传", "已上传" if "summary" in docs else "未上传"]
            yield row


def _cell(value):
    return "—" if value is None else float(value)


def evaluation_rows(entries) -> Iterator[list]:
    """One row per entry and indicator; 序号, 参赛单位 and 结论 are merged down the entry's rows in Excel."""
    for number, entry in enumerate(entries, start=1):
        evaluation = entry_evaluation(entry.indicators.all())
        for line in evaluation.lines:
            yield [number, entry.organisation.name, line.measure.label, line.unit, _cell(line.baseline),
                   _cell(line.target), _cell(line.result), _cell(line.change), line.target_text,
                   _cell(line.industry), _cell(line.versus_industry), line.industry_text, evaluation.conclusion]


EVALUATION_HEADERS = ["序号", "参赛单位", "指标", "计量单位", "基准年", "年度目标", "竞赛年实际", "较基准年增减（%）",
                      "完成年度目标", "全市同行业平均水平", "较同行业平均水平（%）", "与同行业平均水平比较", "绩效评估结论"]
EVALUATION_NOTE = ("注：增减（%）=（竞赛年实际 − 基准年）÷ 基准年 × 100；较同行业平均水平（%）=（竞赛年实际 − 同行业平均水平）÷ "
                   "同行业平均水平 × 100。绩效评估结论“达标”：完成所填年度目标，且主要产品单耗或综合能耗控制在全市同行业平均水平以内。")


class EvaluationExporter(Exporter):
    """年底竞赛活动总结和绩效评估 of a division's entries (seed 001 三), per indicator."""

    landscape = True
    headers = EVALUATION_HEADERS
    pdf_widths = (4, 16, 10, 6, 7, 7, 7, 7, 6, 8, 7, 8, 7)

    def __init__(self, division):
        self.division = division
        self.title = f"{division.competition.title}参赛企业年底竞赛活动总结和绩效评估表"
        self.filename = f"{self.title}-{division.name}"
        self.preamble = [f"赛区：{division.name}"]
        self.footer = [EVALUATION_NOTE]

    def sheets(self) -> list[Sheet]:
        entries = list(division_report_entries(self.division))
        size = len(EVALUATION_MEASURES)
        merged = [(i * size, (i + 1) * size - 1, column) for i in range(len(entries)) for column in (1, 2, 13)]
        return [Sheet(title=self.title, headers=self.headers, rows=evaluation_rows(entries), name=self.division.name,
                      preamble=self.preamble, footer=self.footer, landscape=True, pdf_widths=self.pdf_widths,
                      column_spans=merged)]
