"""Reading a quota table from Excel in the layout of 附件1: one or more column pairs 赛区 | 参赛企业数 side by
side (and for a city table like 焦作's a 市直参赛企业 column, each named enterprise counting 1), a title row
above and a 合计 row below. Our own export reads back unchanged."""

import zipfile

from django.core.exceptions import ValidationError

from greencomp.imports import HEADER_SEARCH_ROWS, MAX_IMPORT_ROWS, ImportRow, _norm, _text

NAME, ENTRIES, NAMED = "赛区", "参赛企业数", "市直参赛企业"
TOTAL = "合计"


def _header(labels: list[str]):
    pairs = [(i, i + 1) for i, label in enumerate(labels[:-1]) if label == NAME and labels[i + 1] == ENTRIES]
    named = labels.index(NAMED) if NAMED in labels else None
    return pairs, named


def quota_rows_read(upload) -> list[ImportRow]:
    from openpyxl import load_workbook

    if not (getattr(upload, "name", "") or "").lower().endswith(".xlsx"):
        raise ValidationError("请上传 Excel 文件（.xlsx 格式）。如为 .xls 或 WPS 格式，请另存为 .xlsx 后再上传。")
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError("无法读取该文件：文件已损坏或不是 Excel 表格。") from None
    lines = wb.worksheets[0].iter_rows(values_only=True)
    pairs, named, header_line = [], None, 0
    for header_line, row in enumerate(lines, start=1):
        pairs, named = _header([_norm(v) for v in row])
        if pairs or header_line >= HEADER_SEARCH_ROWS:
            break
    if not pairs:
        wb.close()
        raise ValidationError("表头不符合模板：应包含“赛区”“参赛企业数”两列（可左右并列两组）。请先导出当前分配表，按其格式填写。")
    result = _data_rows(lines, header_line, pairs, named)
    wb.close()
    if not result:
        raise ValidationError("表格中没有数据行。")
    return result


def _data_rows(lines, header_line: int, pairs, named) -> list[ImportRow]:
    result = []
    for line, row in enumerate(lines, start=header_line + 1):
        cells = [_text(v) for v in row]
        if any(_norm(c) == TOTAL for c in cells):
            break  # the 合计 row ends the table; what follows is notes
        for name_at, entries_at in pairs:
            name = cells[name_at] if name_at < len(cells) else ""
            entries = cells[entries_at] if entries_at < len(cells) else ""
            if name or entries:
                result.append(ImportRow(line=line, values={"division": name, "entries": entries}))
        if named is not None and named < len(cells) and cells[named]:
            result.append(ImportRow(line=line, values={"division": cells[named], "entries": "1"}))
        if len(result) > MAX_IMPORT_ROWS:
            raise ValidationError("一次最多导入 %(n)d 行，请分批导入。", params={"n": MAX_IMPORT_ROWS})
    return result
