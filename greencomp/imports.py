"""The one Excel import flow: upload → read → preview with row errors → signed confirm → all-or-nothing write.

Reading is bounded before openpyxl sees the file (an .xlsx is a zip of XML that a stranger may have crafted):
the archive's members are counted and their declared sizes and compression ratios checked (Python's zipfile
never inflates a member past its declared size), every XML member is refused if it carries a DTD (no entity,
no external reference, no billion laughs), the sheet's declared dimension is ignored, only the template's
columns are read, every row counts toward the cap, blank or not, and the whole read has a time budget. Every
refusal is a Chinese message on the file field, never a 500. The limits are settings (IMPORT_*, see README).

A page declares its columns, its row checks and its write service in an `ImportFlow`; `import_page` runs the
steps and renders one shared preview (templates/imports/import_page.html)."""

import datetime
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from openpyxl import load_workbook

from .forms import ImportUploadForm
from .pages import run_action

HEADER_SEARCH_ROWS = 10  # the header row is one of the first rows (title, 赛区：, 填报日期： lines above it)
MAX_CELL_CHARS = 32767  # Excel's own limit for one cell
MAX_ROW_CELLS = 16384  # Excel's own number of columns (A…XFD)

MSG_NOT_XLSX = "请上传 Excel 文件（.xlsx 格式）。如为 .xls 或 WPS 格式，请另存为 .xlsx 后再上传。"
MSG_BROKEN = "无法读取该文件：文件已损坏或不是 Excel 表格。"
MSG_TOO_LARGE = "文件过大：导入文件不能超过 %(mb)d MB，请删除多余内容或分批导入。"
MSG_UNPACKED = "文件解压后内容过大或压缩比异常（%(what)s），不能导入。请在 Excel 中新建表格，只复制需要导入的内容后另存再上传。"
MSG_DTD = "文件中含有不允许的 XML 实体或文档类型声明，不能导入。请在 Excel 中另存为新的 .xlsx 文件后再上传。"
MSG_ROWS = "表格超过 %(n)d 行（空白行也计入），请删除多余的行或分批导入。"
MSG_WIDE = "表格中有一行的单元格超过 %(n)d 个（Excel 最多 16384 列），文件可能已损坏，不能导入。"
MSG_STRINGS = "表格中不同的文字内容超过 %(n)d 条，请删除多余的行或分批导入。"
MSG_CELL = "第%(line)d行有单元格超过 %(n)d 个字符，不能导入。"
MSG_SLOW = "文件内容过多，%(s)d 秒内未能读完，请删除多余的行、列或分批导入。"
MSG_NO_ROWS = "表格中没有数据行。"
MSG_STALE = "数据已发生变化，未导入任何数据，请重新上传并预览。"
MSG_EXPIRED = "导入预览已失效，请重新上传文件。"

# A line under or between the table rows that the notices print for hand-writing (填表人：, 联系电话：) or notes
# (注：1. …): one filled cell starting with such a label is not a data row.
NOTE_LINE = re.compile(r"^(注|说明|备注|填表人|填报人|联系电话|分管领导|填报日期|日期|审核人|制表人?|赛区|推荐单位)\s*[：:]|^注\s*\d")


@dataclass
class ImportRow:
    line: int  # the row number as Excel shows it
    values: dict
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


# ---- reading values ------------------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 13812345678.0 typed as a number is still the phone 13812345678
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _norm(label: str) -> str:
    return "".join(_text(label).split()).replace("(", "（").replace(")", "）")


DATE_TEXT = re.compile(r"^(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_date(text: str) -> datetime.date:
    """A date as officers type it: 2021年9月30日, 2021 年 9 月 30 日, 2021.9.30, 2021/9/30, 2021-09-30, 20210930,
    or a real date cell (read as 2021-09-30). ValueError when it is none of these or not a real day."""
    text = _text(text)
    match = DATE_TEXT.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


# ---- the bounded reader ----------------------------------------------------------------------------------------

def _refuse_archive(upload) -> None:
    """Refuse what would make openpyxl inflate or expand more than an import needs, before it reads anything."""
    if (getattr(upload, "size", None) or 0) > settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(MSG_TOO_LARGE, params={"mb": settings.IMPORT_MAX_UPLOAD_MB})
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(MSG_BROKEN) from None
    with archive:
        members = archive.infolist()
        _check_members(members)
        try:
            for member in members:
                if _looks_like_xml(archive, member):  # any name: openpyxl finds its parts by content type
                    _refuse_dtd(archive, member)
                    _refuse_oversized_part(archive, member)
        except (ParseError, zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
            raise ValidationError(MSG_BROKEN) from None
    upload.seek(0)


def _check_members(members) -> None:
    member_limit = settings.IMPORT_MAX_MEMBER_MB * 1024 * 1024
    if len(members) > settings.IMPORT_MAX_MEMBERS:
        raise ValidationError(MSG_UNPACKED, params={"what": f"包含 {len(members)} 个部件"})
    for member in members:
        if member.file_size > member_limit:
            raise ValidationError(MSG_UNPACKED, params={
                "what": f"{member.filename} 解压后 {member.file_size // (1024 * 1024)} MB，上限 {settings.IMPORT_MAX_MEMBER_MB} MB"})
        if member.file_size > 1024 * 1024 and member.file_size > settings.IMPORT_MAX_RATIO * max(member.compress_size, 1):
            raise ValidationError(MSG_UNPACKED, params={
                "what": f"{member.filename} 压缩比超过 {settings.IMPORT_MAX_RATIO} 倍"})
    total = sum(m.file_size for m in members)
    if total > settings.IMPORT_MAX_TOTAL_MB * 1024 * 1024:
        raise ValidationError(MSG_UNPACKED, params={
            "what": f"合计 {total // (1024 * 1024)} MB，上限 {settings.IMPORT_MAX_TOTAL_MB} MB"})


def _refuse_dtd(archive, member) -> None:
    """A DTD can only stand before the root element, so parsing up to the first element (defused, DTDs forbidden)
    is enough to know that no entity will ever be declared or expanded in this member."""
    try:
        with archive.open(member) as source:
            for _event, _element in iterparse(source, events=("start",), forbid_dtd=True):
                break
    except DefusedXmlException:  # before ValueError, its base class
        raise ValidationError(MSG_DTD) from None


TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s>/]")  # a sheet's rows and cells, shared strings


def _looks_like_xml(archive, member) -> bool:
    """Images, printer settings and embedded files are not XML; an XML part starts with '<' (after a BOM, or
    as UTF-16)."""
    with archive.open(member) as source:
        head = source.read(64)
    return head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1] == b"<"


def _tags(archive, member):
    """The names of the tags TAG finds in a member, streamed (no XML parsing; a tag cut by a chunk's end is
    found with the next chunk)."""
    carry = b""
    with archive.open(member) as source:
        while chunk := source.read(1024 * 1024):
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            carry, buffer = buffer[cut:], buffer[:cut]
            for match in TAG.finditer(buffer):
                yield match.group(1)
    for match in TAG.finditer(carry + b" "):
        yield match.group(1)


def _refuse_oversized_part(archive, member) -> None:
    """Counted before openpyxl parses anything, a thousand times faster than parsing: rows over the cap, a row
    of more cells than Excel's 16,384 columns (openpyxl builds a whole row in memory: 700,000 cells in one row
    cost half a gigabyte), more shared strings than IMPORT_MAX_STRINGS (openpyxl loads them all before the
    first row: 950,000 short ones took 10 s and 150 MB). Rows only implied (a gap before r="1048000") are
    counted while reading."""
    rows = cells = strings = 0
    for tag in _tags(archive, member):
        if tag == b"row":
            rows, cells = rows + 1, 0
        elif tag == b"c":
            cells += 1
        else:
            strings += 1
        if rows > settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
            raise ValidationError(MSG_ROWS, params={"n": settings.IMPORT_MAX_ROWS})
        if cells > MAX_ROW_CELLS:
            raise ValidationError(MSG_WIDE, params={"n": MAX_ROW_CELLS})
        if strings > settings.IMPORT_MAX_STRINGS:
            raise ValidationError(MSG_STRINGS, params={"n": settings.IMPORT_MAX_STRINGS})


class Sheet:
    """The first sheet of an uploaded .xlsx, read row by row within the import's limits."""

    def __init__(self, upload):
        if not (getattr(upload, "name", "") or "").lower().endswith(".xlsx"):
            raise ValidationError(MSG_NOT_XLSX)
        self.deadline = time.monotonic() + settings.IMPORT_SECONDS
        _refuse_archive(upload)
        try:
            self.workbook = load_workbook(upload, read_only=True, data_only=True)
            self.sheet = self.workbook.worksheets[0]
        except ValidationError:
            raise
        except Exception:  # a hostile or broken file can fail anywhere inside openpyxl: a message, not a 500
            raise ValidationError(MSG_BROKEN) from None
        self.sheet.reset_dimensions()  # a declared A1:XFD1048001 must not make the reader pad rows to it

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.workbook.close()

    def lines(self, *, first: int = 1, last: int | None = None, width: int):
        """(line, values) of rows `first`…`last`, each cut to `width` columns; every row counts toward the cap."""
        try:
            rows = self.sheet.iter_rows(min_row=first, max_row=last, max_col=width, values_only=True)
            for line, row in enumerate(rows, start=first):
                self._within_limits(line, line - first + 1, row)
                yield line, row
        except ValidationError:
            raise
        except Exception:
            raise ValidationError(MSG_BROKEN) from None

    def _within_limits(self, line: int, count: int, row) -> None:
        if count > settings.IMPORT_MAX_ROWS:
            raise ValidationError(MSG_ROWS, params={"n": settings.IMPORT_MAX_ROWS})
        if time.monotonic() > self.deadline:
            raise ValidationError(MSG_SLOW, params={"s": settings.IMPORT_SECONDS})
        if any(isinstance(v, str) and len(v) > MAX_CELL_CHARS for v in row):
            raise ValidationError(MSG_CELL, params={"line": line, "n": MAX_CELL_CHARS})

    def header(self, match):
        """The first of the top rows where `match(labels)` finds the header; (line, match's result) or None."""
        for line, row in self.lines(last=HEADER_SEARCH_ROWS, width=settings.IMPORT_MAX_COLUMNS):
            found = match([_norm(v) for v in row])
            if found:
                return line, found
        return None


def is_note_line(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) == 1 and bool(NOTE_LINE.match(filled[0]))


def read_table(upload, columns: dict[str, str], required: set[str] | None = None,
               optional: set[str] | None = None) -> list[ImportRow]:
    """Rows of the first sheet as {key: text}. `columns` maps header label → key; the labels must all appear in
    one of the first rows (a title row and 赛区：/填报日期： lines above are fine), except the `optional` keys'
    columns, which the seed's own layout may leave out: a blank or absent optional value is a warning."""
    optional = optional or set()
    wanted = {_norm(label): key for label, key in columns.items()}
    needed = {lab for lab, key in wanted.items() if key not in optional}

    def match(labels):
        if needed <= set(labels):
            return {wanted[lab]: i for i, lab in enumerate(labels) if lab in wanted}
        return None

    with Sheet(upload) as sheet:
        found = sheet.header(match)
        if found is None:
            needed_labels = "、".join(lab for lab, key in columns.items() if key not in optional)
            extra = "、".join(lab for lab, key in columns.items() if key in optional)
            raise ValidationError("表头不符合模板：应包含以下列 %(cols)s%(extra)s。请下载模板后按模板填写。",
                                  params={"cols": needed_labels, "extra": f"（{extra}可有可无）" if extra else ""})
        header_line, index = found
        result = []
        for line, row in sheet.lines(first=header_line + 1, width=max(index.values()) + 1):
            cells = {key: _text(row[index[key]]) if key in index and index[key] < len(row) else ""
                     for key in columns.values()}
            if not any(cells.values()) or is_note_line(list(cells.values())):
                continue  # blank (or merged-away) rows and the notices' footer lines are not data
            result.append(_row(line, cells, columns, required or set(), optional))
    if not result:
        raise ValidationError(MSG_NO_ROWS)
    return result


def missing_warning(label: str) -> str:
    return f"未填写“{label}”"


def _row(line: int, values: dict, columns: dict, required: set, optional: set) -> ImportRow:
    item = ImportRow(line=line, values=values)
    for label, key in columns.items():
        if key in required and not values[key]:
            item.errors.append(f"“{label}”不能为空")
        elif key in optional and not values[key]:
            item.warnings.append(missing_warning(label))
    return item


# ---- preview, signed confirm, all-or-nothing ----------------------------------------------------------------

def sign_rows(rows: list[ImportRow], salt: str) -> str:
    """Validated rows travel to the confirm step signed (stateless across app servers)."""
    return signing.dumps([r.values for r in rows], salt=salt, compress=True)


def unsign_rows(token: str, salt: str, max_age: int = 3600) -> list[dict]:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        raise ValidationError(MSG_EXPIRED) from None


def rows_recheck(values_list: list[dict], check) -> list[ImportRow]:
    """For a write service, inside its transaction and after its locks: the signed rows checked again by the
    same `check(rows) -> batch errors` as the preview (the data may have changed since); one error and nothing
    is written."""
    rows = [ImportRow(line=i, values=dict(v)) for i, v in enumerate(values_list, start=1)]
    batch = check(rows) or []
    if batch or any(r.errors for r in rows):
        raise ValidationError(MSG_STALE + "".join(batch))
    return rows


class ImportFlow:
    """One import page: what it reads, how a row is checked and which service writes; the steps are shared.

    A subclass sets `columns` (header label → key), `required`, `optional`, `template_name`, and
    implements `check(rows)` (errors on each row, returns the batch's own errors) and `save(values)` (the write
    service, which checks again under its locks, returns the count); `done_url_name` is the page it returns to,
    reversed with the target's pk (or `done_url()` overridden)."""

    columns: dict[str, str] = {}
    required: set[str] = set()
    optional: set[str] = set()
    template_name = ""
    noun = "行"  # 已导入 3 行 / 3 家参赛单位 / 3 名专家
    upload_help = "按模板填写的 .xlsx 文件。"
    done_url_name = ""
    done_note = ""  # what the success message adds after 已导入 n …。

    def __init__(self, target=None, *, by):
        self.target, self.by = target, by  # what the rows go into: a division, a quota table, a competition

    @property
    def salt(self) -> str:
        """The signed rows are good for this page and this target only."""
        return f"{type(self).__module__}.{type(self).__name__}.{getattr(self.target, 'pk', '')}"

    def read(self, upload) -> list[ImportRow]:
        return read_table(upload, self.columns, self.required, self.optional)

    def check(self, rows: list[ImportRow]) -> list[str]:
        return []

    def save(self, values: list[dict]) -> int:
        raise NotImplementedError

    def done_url(self) -> str:
        return reverse(self.done_url_name, args=[] if self.target is None else [self.target.pk])

    def done_message(self, count: int) -> str:
        return f"已导入 {count} {self.noun}。{self.done_note}"

    def preview_columns(self) -> dict[str, str]:
        return self.columns

    def confirm_context(self, rows: list[ImportRow]) -> dict:
        return {}

    def header_labels(self) -> list[str]:
        return [label for label, key in self.columns.items() if key not in self.optional]


def preview(flow: ImportFlow, rows: list[ImportRow]) -> dict:
    batch = flow.check(rows) or []
    keys = list(flow.preview_columns().values())
    for row in rows:
        row.shown = [row.values.get(key, "") for key in keys]
    bad = [r for r in rows if r.errors]
    context = {"rows": rows, "batch_errors": batch, "bad": bad, "has_errors": bool(batch or bad),
               "warned": [r for r in rows if r.warnings]}
    if context["has_errors"]:
        context["summary"] = "；".join(f"第{r.line}行：{'；'.join(r.errors)}" for r in bad)
    else:
        context["token"] = sign_rows(rows, flow.salt)
        context.update(flow.confirm_context(rows))
    return context


def import_page(request, flow: ImportFlow, context: dict):
    """The view body of every import page: confirm a signed preview, or read an upload and preview it."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = flow.upload_help
    context = {**context, "form": form, "flow": flow, "columns": flow.header_labels(),
               "optional_columns": [label for label, key in flow.columns.items() if key in flow.optional],
               "preview_labels": list(flow.preview_columns())}
    if request.method == "POST" and "token" in request.POST:
        done = run_action(request, lambda: flow.save(unsign_rows(request.POST["token"], flow.salt)),
                          flow.done_message)
        return redirect(flow.done_url() if done else request.path)
    if request.method == "POST" and form.is_valid():
        try:
            rows = flow.read(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            context.update(preview(flow, rows))
    return render(request, flow.template_name, context)
