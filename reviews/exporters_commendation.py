"""Exports of commendation, Excel and PDF from the same sheets: the 推荐名额分配表, the 通报表扬 lists (seed 001
四、评比表彰: 先进单位, 先进班组（车间、工段）, 先进个人, and those 按程序申报 for the city's honours) and a
division's 推荐表 to sign and stamp."""

from collections.abc import Iterator

from greencomp.exporters import Exporter
from greencomp.xlsx import Sheet

from .models import AwardType
from .selectors_commendation import division_nominations, honours_sections, quota_table


def quota_title(competition) -> str:
    return f"{competition.title}推荐名额分配表"


def honours_title(competition) -> str:
    return f"{competition.title}通报表扬名单"


def section_headers(kind: str) -> list[str]:
    """The usual columns of a 通报表扬 notice: 序号, 单位/班组/姓名, 所在单位, 所属赛区."""
    if kind == AwardType.NomineeKind.UNIT:
        return ["序号", "单位名称", "所属赛区"]
    if kind == AwardType.NomineeKind.TEAM:
        return ["序号", "班组（车间、工段）名称", "所在单位", "所属赛区"]
    return ["序号", "姓名", "所在单位", "职务/岗位", "所属赛区"]


def section_rows(section: dict) -> Iterator[list]:
    kind = section["kind"]
    for number, n in enumerate(section["items"], start=1):
        company = n.entry.organisation.name
        if kind == AwardType.NomineeKind.UNIT:
            yield [number, company, n.division.name]
        elif kind == AwardType.NomineeKind.TEAM:
            yield [number, n.team_name, company, n.division.name]
        else:
            yield [number, n.person_name, company, n.post, n.division.name]


def section_heading(section: dict) -> str:
    """The award as the notice words it; the city's honour is 按程序申报 (seed 001 四、评比表彰)."""
    count = len(section["items"])
    noun = "名" if section["kind"] == AwardType.NomineeKind.INDIVIDUAL else "个"
    if section.get("escalation"):
        return f"按程序申报{section['title']}（{count}{noun}）"
    return f"{section['title']}（{count}{noun}）"


class QuotaTableExporter(Exporter):
    """One row per division, one column per award type, then 合计 and 评选总数 once at the end."""

    def __init__(self, competition):
        self.competition = competition
        self.filename = self.title = quota_title(competition)

    def sheets(self) -> list[Sheet]:
        awards, rows = quota_table(self.competition)
        self.headers = ["序号", "赛区", *[a.name for a in awards], "合计"]
        return [Sheet(title=self.title, headers=self.headers, rows=self._rows(awards, rows), name="推荐名额分配表",
                      landscape=len(awards) > 2, min_widths={1: 6}, total_rows=2)]

    def _rows(self, awards, rows) -> Iterator[list]:
        totals = [0] * len(awards)
        for number, row in enumerate(rows, start=1):
            totals = [t + c for t, c in zip(totals, row["counts"], strict=True)]
            yield [number, row["division"].name, *row["counts"], sum(row["counts"])]
        yield ["", "合计", *totals, sum(totals)]
        yield ["", "评选总数", *[a.total for a in awards], sum(a.total for a in awards)]


class HonoursExporter(Exporter):
    """One sheet per award type and one per 按程序申报 honour (or only one award type and its honour): the
    document title first, then the award heading. The PDF prints the title once and the awards under it."""

    pdf_template = "reviews/commendation/pdf/honours.html"
    # seed 000 三、: 在各赛区…推荐的基础上，选树命名…先进单位、先进班组（车间、工段）、先进个人予以通报表扬
    intro = ("根据各赛区竞赛组织实施情况和竞赛成效，在各赛区推荐的基础上，选树命名以下先进单位、先进班组（车间、工段）、"
             "先进个人予以通报表扬。")

    def __init__(self, competition, award_id: str = ""):
        self.competition, self.award_id = competition, award_id
        self.filename = self.title = honours_title(competition)

    def pdf_context(self) -> dict:
        return {**super().pdf_context(), "intro": self.intro}

    def sheets(self) -> list[Sheet]:
        sheets = []
        for i, section in enumerate(honours_sections(self.competition, self.award_id), start=1):
            sheets.append(Sheet(title=self.title, heading=section_heading(section),
                                headers=section_headers(section["kind"]), rows=section_rows(section),
                                name=f"{i}.{section['title']}"[:31], min_widths={1: 6}))
        return sheets


NOMINATION_HEADERS = ["序号", "表彰项目", "推荐对象", "所在单位", "基本情况"]


def nomination_basics(n) -> str:
    kind = n.award_type.nominee_kind
    if kind == AwardType.NomineeKind.TEAM:
        return f"{n.team_size}人"
    if kind == AwardType.NomineeKind.INDIVIDUAL:
        return f"{n.gender}，{n.ethnicity}，{n.post}" + ("，一线职工" if n.frontline else "")
    return n.entry.industry


class DivisionNominationsExporter(Exporter):
    """A division's 推荐表: its submitted nominations, their 主要事迹 (PDF), and the stamp and signature lines."""

    headers = NOMINATION_HEADERS
    footer = ["推荐单位（盖章）：", "负责人签字：", "                                        年    月    日"]
    pdf_template = "reviews/commendation/pdf/division.html"
    empty_text = "（尚无已提交的推荐）"

    def __init__(self, division):
        self.division = division
        self.nominations = list(division_nominations(division))
        self.title = f"{division.competition.title}先进推荐表"
        self.filename = f"{division.name}先进推荐表"
        self.preamble = [f"推荐赛区：{division.name}"]

    def rows(self) -> Iterator[list]:
        for number, n in enumerate(self.nominations, start=1):
            yield [number, n.award_type.name, n.nominee, n.entry.organisation.name, nomination_basics(n)]

    def pdf_context(self) -> dict:
        return {**super().pdf_context(), "nominations": self.nominations}
