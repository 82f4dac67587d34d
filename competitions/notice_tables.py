"""Reading a notice's allocation table in its own layout, pasted from the notice (or read from its Excel): the
divisions it names and what each gets. Pure text in, rows out; the write is `greencomp.competition_setup`.

Three layouts, told apart by their header:
- 赛区 | 参赛企业数, one or two pairs side by side (seed 000 附件1): read down the left pair, then the right;
- 赛区 | 参赛企业数 | 市直参赛企业 (seed 001): the third column names city-level enterprises the city union
  registers itself — participants, not divisions. They count into one 市直参赛企业 division (one quota row, one
  officer: the city union's), and the table's total (67 + 13 = 80) stays the sum of its rows;
- 序号 | 省辖市 | A、B 级企业占比 (%) (seed 003 附件2): the cities and their target shares.
A title line above the header is skipped; the 合计 row gives the notice's total and ends the table."""

import decimal
import re
import unicodedata
from dataclasses import dataclass, field

from greencomp.enums import HENAN_CITIES

from .enums import DivisionKind

PAIRS, NAMED, CITIES = "pairs", "named", "cities"
LAYOUT_LABELS = {
    PAIRS: "赛区 | 参赛企业数（可左右并列两组）",
    NAMED: "赛区 | 参赛企业数 | 市直参赛企业",
    CITIES: "序号 | 省辖市 | A、B级企业占比（%）",
}
NAMED_DIVISION = "市直参赛企业"
MSG_UNKNOWN_LAYOUT = ("未识别的表格格式：找不到表头。请粘贴通知附件中的整张表（含表头），支持的格式：" +
                      "；".join(LAYOUT_LABELS.values()) + "。")


@dataclass
class NoticeRow:
    line: int  # the line of the pasted text (or the Excel row)
    name: str
    value: str  # as typed: 70, ≥25
    number: decimal.Decimal | None = None
    kind: str = ""
    city: str = ""
    named: list = field(default_factory=list)  # for the 市直参赛企业 row: the enterprises the notice names
    errors: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return DivisionKind(self.kind).label if self.kind else "—"


@dataclass
class NoticeTable:
    layout: str
    rows: list
    total: int | None = None  # the notice's own 合计, if the table has one
    errors: list = field(default_factory=list)  # about the table as a whole

    @property
    def layout_label(self) -> str:
        return LAYOUT_LABELS.get(self.layout, "")

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)

    @property
    def sum(self) -> decimal.Decimal:
        return sum((r.number or 0 for r in self.rows), decimal.Decimal(0))

    @property
    def summary(self) -> str:
        parts = list(self.errors) + [f"第{r.line}行“{r.name}”：{'；'.join(r.errors)}" for r in self.rows if r.errors]
        return "；".join(parts)


def _norm(text: str) -> str:
    """Full-width to half-width, spaces out (the notices pad 温 县, 合 计, 赛 区), brackets unified."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(text.split()).replace("(", "（").replace(")", "）")


def split_lines(text: str) -> list[tuple[int, list[str]]]:
    """Pasted text → (line, cells). Cells are split at tabs (what Word, WPS and Excel copy); a line without a tab
    is split at runs of two or more spaces, so a table typed with spaces reads too."""
    result = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        raw = raw.replace("\u3000", "  ").rstrip()
        if not raw.strip():
            continue
        cells = raw.split("\t") if "\t" in raw else re.split(r"\s{2,}", raw.strip())
        result.append((number, [c.strip() for c in cells]))
    return result


def _layout(labels: list[str]):
    if "省辖市" in labels and any(lab.startswith("A、B") or "占比" in lab for lab in labels):
        share = next(i for i, lab in enumerate(labels) if lab.startswith("A、B") or "占比" in lab)
        return CITIES, [(labels.index("省辖市"), share)], None
    pairs = [(i, i + 1) for i, lab in enumerate(labels[:-1]) if lab == "赛区" and labels[i + 1] == "参赛企业数"]
    if not pairs:
        return None
    named = labels.index(NAMED_DIVISION) if NAMED_DIVISION in labels else None
    return (NAMED if named is not None else PAIRS), pairs, named


def parse_notice_table(lines: list[tuple[int, list[str]]], *, competition_title: str = "",
                       notice_total: int | None = None) -> NoticeTable:
    """The rows of the table; each row's problems on it, the table's own (no header, total) on `errors`.
    `notice_total` (the competition's 参赛名额总数) is checked when the table has no 合计 of its own."""
    headers = ((i, _layout([_norm(c) for c in cells])) for i, (_line, cells) in enumerate(lines))
    index, found = next(((i, f) for i, f in headers if f), (None, None))
    if found is None:
        return NoticeTable(layout="", rows=[], errors=[MSG_UNKNOWN_LAYOUT])
    layout, pairs, named_at = found
    table = NoticeTable(layout=layout, rows=[])
    columns: list[list[NoticeRow]] = [[] for _ in pairs]
    named: list[tuple[int, str]] = []
    for line, cells in lines[index + 1:]:
        cells = cells + [""] * (max([b for _a, b in pairs] + [named_at or 0]) + 1 - len(cells))
        if any(_norm(c) == "合计" for c in cells):
            table.total = _total_of(cells, table)
            break
        for column, (name_at, value_at) in zip(columns, pairs, strict=True):
            if cells[name_at] or cells[value_at]:
                column.append(NoticeRow(line=line, name=_norm(cells[name_at]), value=cells[value_at].strip()))
        if named_at is not None and cells[named_at].strip():
            named.append((line, cells[named_at].strip()))
    table.rows = [row for column in columns for row in column]  # the left pair down, then the right pair
    if named:
        table.rows.append(NoticeRow(line=named[0][0], name=NAMED_DIVISION, value=str(len(named)),
                                    named=[name for _line, name in named]))
    _check(table, _city_of(competition_title))
    _check_total(table, notice_total)
    return table


def notice_table_rebuild(values: list[dict], *, competition_title: str = "",
                         notice_total: int | None = None) -> NoticeTable:
    """The table again from the rows of a signed preview (the Excel import's confirm step), checked again."""
    layout = values[0]["layout"] if values else ""
    total = values[0].get("total") if values else None
    rows = [NoticeRow(line=v["line"], name=v["name"], value=v["value"], named=v.get("named") or [])
            for v in values]
    table = NoticeTable(layout=layout, rows=rows, total=total)
    _check(table, _city_of(competition_title))
    _check_total(table, notice_total)
    return table


def _total_of(cells: list[str], table: NoticeTable) -> int | None:
    numbers = [c for c in cells if c.strip() and _norm(c) != "合计"]
    if not numbers:
        return None
    value, error = parse_number(numbers[-1], integer=True)
    if error:
        table.errors.append(f"合计行：{error}")
        return None
    return int(value)


def decimal_of(text: str) -> decimal.Decimal | None:
    """The number a cleaned cell spells (infinities included: the callers say what they refuse), else None."""
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None


def parse_number(text: str, *, integer: bool) -> tuple[decimal.Decimal | None, str]:
    """'70', '７０', '70.0', '≥25', '25%' → the number; else (None, a Chinese message)."""
    cleaned = _norm(text).replace(",", "").replace("，", "").lstrip("≥>=").rstrip("%％")
    if not cleaned:
        return None, "未填写数量"
    number = decimal_of(cleaned)
    if number is None:
        return None, f"“{text}”不是数字"
    if not number.is_finite() or number < 0:
        return None, f"“{text}”不是不小于 0 的数"
    if integer and number != number.to_integral_value():
        return None, f"“{text}”须为整数"
    return number, ""


def _check(table: NoticeTable, city: str) -> None:
    seen = set()
    for row in table.rows:
        if not row.name:
            row.errors.append("赛区名称为空")
        elif row.name in seen:
            row.errors.append(f"赛区“{row.name}”在表中重复出现")
        seen.add(row.name)
        row.number, error = parse_number(row.value, integer=table.layout != CITIES)
        if error:
            row.errors.append(error)
        elif table.layout == CITIES and row.number > 100:
            row.errors.append(f"占比“{row.value}”超过 100%")
        row.kind, row.city = division_kind(row.name, layout=table.layout, city=city)
        if table.layout == CITIES and row.kind != DivisionKind.CITY:
            row.errors.append(f"“{row.name}”不是河南省的省辖市")


def _check_total(table: NoticeTable, notice_total: int | None) -> None:
    if table.layout == CITIES or not table.rows:
        return
    expected = table.total if table.total is not None else notice_total
    if expected is not None and table.sum != expected:
        source = "表中合计" if table.total is not None else "竞赛设置的参赛名额总数"
        table.errors.append(f"各赛区名额之和 {table.sum} 与{source} {expected} 不一致")
    if table.total is not None and notice_total is not None and table.total != notice_total:
        table.errors.append(f"表中合计 {table.total} 与竞赛设置的参赛名额总数 {notice_total} 不一致")


def _city_of(title: str) -> str:
    return next((c for c in HENAN_CITIES if c in (title or "")), "")


CITY_ALIASES = {"济源市": "济源示范区"}


def division_kind(name: str, *, layout: str, city: str = "") -> tuple[str, str]:
    """The division kind (and its 省辖市) a name in a notice's table stands for, as the fixtures type them."""
    name = CITY_ALIASES.get(name, name) if layout == CITIES else name
    if name in HENAN_CITIES:
        return DivisionKind.CITY, name
    if name == NAMED_DIVISION:
        return DivisionKind.CITY_ENTERPRISE, city
    if layout == NAMED:  # a city notice: its counties and districts, and the city's industry unions (交通, 建设)
        return (DivisionKind.COUNTY if name[-1:] in "县区市" else DivisionKind.INDUSTRY_UNION), city
    if name.endswith("示范点"):
        return DivisionKind.DEMO_POINT, ""
    if name.endswith("系统"):
        return DivisionKind.INDUSTRY_UNION, ""
    return DivisionKind.ENTERPRISE_GROUP, ""
