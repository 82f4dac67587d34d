"""Excel exports of commendation: the 推荐名额分配表 and the 通报表扬 lists (seed 001 四、评比表彰)."""

from collections.abc import Iterator

from greencomp.xlsx import Exporter, Sheet

from .models import AwardType
from .selectors_commendation import honours_sections, quota_table


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
    count = len(section["items"])
    noun = "名" if section["kind"] == AwardType.NomineeKind.INDIVIDUAL else "个"
    if section.get("escalation"):
        return f"{section['title']}（择优申报，{count}{noun}）"
    return f"{section['title']}（{count}{noun}）"


class QuotaTableExporter(Exporter):
    def __init__(self, competition):
        self.competition = competition
        self.filename = self.title = quota_title(competition)

    def sheets(self) -> list[Sheet]:
        awards, rows = quota_table(self.competition)
        self.headers = ["序号", "赛区", *[a.name for a in awards], "合计"]
        return [Sheet(title=self.title, headers=self.headers, rows=self._rows(awards, rows), name="推荐名额分配表",
                      landscape=len(awards) > 2, min_widths={1: 6})]

    def _rows(self, awards, rows) -> Iterator[list]:
        totals = [0] * len(awards)
        for number, row in enumerate(rows, start=1):
            totals = [t + c for t, c in zip(totals, row["counts"], strict=True)]
            yield [number, row["division"].name, *row["counts"], sum(row["counts"])]
        yield ["", "合计", *totals, sum(totals)]
        yield ["", "评选总数", *[a.total for a in awards], sum(a.total for a in awards)]


class HonoursExporter(Exporter):
    """One sheet per award type and one per escalation honour (or only one award type and its honour)."""

    def __init__(self, competition, award_id: str = ""):
        self.competition, self.award_id = competition, award_id
        self.filename = self.title = honours_title(competition)

    def sheets(self) -> list[Sheet]:
        sheets = []
        for i, section in enumerate(honours_sections(self.competition, self.award_id), start=1):
            sheets.append(Sheet(title=section_heading(section), headers=section_headers(section["kind"]),
                                rows=section_rows(section), name=f"{i}.{section['title']}"[:31], min_widths={1: 6},
                                preamble=[self.title]))
        return sheets
