"""Hostile .xlsx files built byte by byte, as an attacker would (issue 14): a real workbook from openpyxl whose
sheet (and shared strings) are replaced by streamed XML, so that even a file of a gigabyte unpacked is built
without holding it in memory."""

import io
import zipfile
from collections.abc import Iterable

from ..factories import workbook_bytes

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _base() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(workbook_bytes([["x"]])))


def build(sheet: Iterable[bytes], strings: Iterable[bytes] | None = None, level: int = 6) -> bytes:
    """An .xlsx whose first sheet's XML is the chunks of `sheet` (and shared strings those of `strings`)."""
    base, out = _base(), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in base.infolist():
            data = base.read(info.filename)
            if info.filename == SHEET:
                continue
            if info.filename == "[Content_Types].xml" and strings is not None:
                data = data.replace(b"</Types>", f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/>'
                                    .encode() + b"</Types>")
            archive.writestr(info.filename, data)
        for name, chunks in ((SHEET, sheet), (STRINGS, strings)):
            if chunks is not None:
                with archive.open(name, "w", force_zip64=True) as member:
                    for chunk in chunks:
                        member.write(chunk)
    return out.getvalue()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def sheet_xml(rows: Iterable[str], dimension: str = "A1:B1", prolog: str = "", batch: int = 5000):
    yield f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{NS}"><dimension ref="{dimension}"/>' \
          '<sheetData>'.encode()
    chunk = []
    for text in rows:
        chunk.append(text)
        if len(chunk) >= batch:
            yield "".join(chunk).encode()
            chunk = []
    yield ("".join(chunk) + "</sheetData></worksheet>").encode()


QUOTA_HEADER = row(1, inline("A1", "赛区"), inline("B1", "参赛企业数"))


def dimension_bomb(rows: int = 1_048_000) -> bytes:
    """~8 MB: only column A filled, the declared size A1:XFD1048001 (the whole sheet)."""
    body = (row(n, f'<c r="A{n}"><v>{n}</v></c>') for n in range(2, rows + 1))
    return build(sheet_xml([QUOTA_HEADER, *body], dimension="A1:XFD1048001"), level=1)


def far_row() -> bytes:
    """The header, then one cell on the sheet's last row: a million rows implied, none written."""
    return build(sheet_xml([QUOTA_HEADER, row(1048000, inline("A1048000", "郑州市"), '<c r="B1048000"><v>1</v></c>')],
                           dimension="A1:B1048000"))


def column_xfd_rows(rows: int) -> bytes:
    """The quota table's header, then one cell in the last column (XFD) on every row."""
    body = (row(n, f'<c r="XFD{n}"><v>1</v></c>') for n in range(2, rows + 1))
    return build(sheet_xml([QUOTA_HEADER, *body], dimension=f"A1:XFD{rows}"), level=9)


def huge_shared_string(megabytes: int) -> bytes:
    """One shared string of `megabytes` MiB (a 1 MB upload for ~1 GiB unpacked), used by one cell."""
    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>'.encode()
        block = b"A" * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield b"</t></si></sst>"
    return build(sheet_xml([QUOTA_HEADER, row(2, '<c r="A2" t="s"><v>0</v></c>')]), strings(), level=9)


def external_entity() -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return build(sheet_xml([QUOTA_HEADER, row(2, inline("A2", "&xxe;"), '<c r="B2"><v>1</v></c>')], prolog=prolog))


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    prolog = f"<!DOCTYPE lolz [{entities}]>"
    strings = [f'<?xml version="1.0"?>{prolog}<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si>'
               "</sst>".encode()]
    return build(sheet_xml([QUOTA_HEADER, row(2, '<c r="A2" t="s"><v>0</v></c>')]), strings)


def long_cell(chars: int) -> bytes:
    """One shared string of `chars` varied characters (it does not compress away), used by one cell."""
    text = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(chars))
    strings = [f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>{text}'
               "</t></si></sst>".encode()]
    return build(sheet_xml([QUOTA_HEADER, row(2, '<c r="A2" t="s"><v>0</v></c>', '<c r="B2"><v>1</v></c>')]), strings)


def wide_row(cells: int) -> bytes:
    """The header, then one row of `cells` cells (all in the first columns, repeated): Excel's row holds 16,384."""
    body = "".join(f'<c r="A2"><v>{n}</v></c>' for n in range(cells))
    return build(sheet_xml([QUOTA_HEADER, f'<row r="2">{body}</row>']))


def many_shared_strings(count: int) -> bytes:
    """`count` short, different shared strings (they do not compress away), the sheet using the first one."""
    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{count}" uniqueCount="{count}">'.encode()
        for start in range(0, count, 10000):
            yield "".join(f"<si><t>{n:x}</t></si>" for n in range(start, min(start + 10000, count))).encode()
        yield b"</sst>"
    return build(sheet_xml([QUOTA_HEADER, row(2, '<c r="A2" t="s"><v>0</v></c>', '<c r="B2"><v>1</v></c>')]), strings())


def renamed(data: bytes, old: str, new: str) -> bytes:
    """The same workbook with one part moved to another name (the workbook's relationships and content types
    follow), as openpyxl finds its parts by relationship, not by name."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info.filename).replace(f"/{old}".encode(), f"/{new}".encode())
            archive.writestr(new if info.filename == old else info.filename, body)
    return out.getvalue()


def with_member(data: bytes, name: str, body: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        archive.writestr(name, body)
    return out.getvalue()
