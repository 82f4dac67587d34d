"""Reading an uploaded Excel table for an all-or-nothing import: the header row is found by its labels,
merged cells and blank rows are tolerated, every value comes back as trimmed text, and a file that is
not a readable workbook gets a Chinese message instead of a 500."""

import datetime
import zipfile
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError

MAX_IMPORT_ROWS = 20000
HEADER_SEARCH_ROWS = 10


@dataclass
class ImportRow:
    line: int  # the row number as Excel shows it
    values: dict
    errors: list = field(default_factory=list)


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


def read_table(upload, columns: dict[str, str], required: set[str] | None = None) -> list[ImportRow]:
    """Rows of the first sheet as {key: text}. `columns` maps header label → key; the labels must all appear
    in one of the first rows (a title row above is fine)."""
    from openpyxl import load_workbook

    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ValidationError("请上传 Excel 文件（.xlsx 格式）。如为 .xls 或 WPS 格式，请另存为 .xlsx 后再上传。")
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError("无法读取该文件：文件已损坏或不是 Excel 表格。") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    wanted = {_norm(label): key for label, key in columns.items()}
    index = None
    for line, row in enumerate(rows, start=1):
        labels = [_norm(v) for v in row]
        if set(wanted) <= set(labels):
            index = {wanted[lab]: i for i, lab in enumerate(labels) if lab in wanted}
            break
        if line >= HEADER_SEARCH_ROWS:
            break
    if index is None:
        raise ValidationError(
            "表头不符合模板：应包含以下列 %(cols)s。请下载模板后按模板填写。", params={"cols": "、".join(columns)}
        )
    result = []
    for line_no, row in enumerate(rows, start=line + 1):
        values = {key: _text(row[i]) if i < len(row) else "" for key, i in index.items()}
        if not any(values.values()):
            continue  # blank (or merged-away) rows are skipped, not errors
        item = ImportRow(line=line_no, values=values)
        for key in required or ():
            if not values.get(key):
                label = next(lab for lab, k in columns.items() if k == key)
                item.errors.append(f"“{label}”不能为空")
        result.append(item)
        if len(result) > MAX_IMPORT_ROWS:
            raise ValidationError("一次最多导入 %(n)d 行，请分批导入。", params={"n": MAX_IMPORT_ROWS})
    wb.close()
    if not result:
        raise ValidationError("表格中没有数据行。")
    return result


def sign_rows(rows: list[ImportRow], salt: str) -> str:
    """Validated rows travel to the confirm step signed (stateless across app servers)."""
    return signing.dumps([r.values for r in rows], salt=salt, compress=True)


def unsign_rows(token: str, salt: str, max_age: int = 3600) -> list[dict]:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        raise ValidationError("导入预览已失效，请重新上传文件。") from None
