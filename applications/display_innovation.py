"""The one read-only display of an application, built from `form_specs` and nothing else.

Every page that shows a filled form — the applicant's page, a frozen version, the city officer's review page,
the expert's score sheet — and the official PDF render `application_display(...)` through the same partial
(`applications/innovation/_form_sections.html`): the official section headings, the Chinese labels in form
order as a 4-column table laid out like 附件1, option texts with their tick boxes, the quantified figures as a
nested table, the 承诺申明 and the proofs by their Chinese names. No page keeps a label table of its own."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .form_specs import AGREE, CHOICE, DECIMAL, INT, MULTI, STAMPED_SCAN, FormSpec, spec_for

TICKED, UNTICKED = "☑", "☐"
UNFILED_LABEL = "其他附件"  # files whose category is none of the form's proofs (kept visible, never hidden)


@dataclass
class NestedTable:
    columns: list
    values: list


@dataclass
class Cell:
    text: str = ""
    header: bool = False
    colspan: int = 1
    note: str = ""
    long: bool = False  # keep line breaks
    table: NestedTable | None = None


@dataclass
class Row:
    cells: list
    wide: bool = False


@dataclass
class SectionView:
    title: str
    rows: list = field(default_factory=list)


def _tick(on: bool) -> str:
    return TICKED if on else UNTICKED


def choice_text(f, data: dict) -> str:
    """All options with their tick boxes, as the paper form prints them; an option's own text follows it."""
    value = data.get(f.key)
    picked = set(value or []) if f.kind == MULTI else {value}
    if f.layout:
        text = f.layout
        for o in f.options:
            text = text.replace("{" + o.value + "}", _tick(o.value in picked) + o.value)
        return text
    parts = []
    for o in f.options:
        part = f"{_tick(o.value in picked)}{o.value}"
        if o.text_key:
            extra = data.get(o.text_key, "") if o.value in picked else ""
            part += f"{o.joint}{extra}"
        parts.append(part)
    return "\n".join(parts) if any(o.text_key for o in f.options) or f.kind == MULTI else "    ".join(parts)


def _number(value) -> str:
    """Numbers with thousands separators, digits as typed (86520.5 → 86,520.5); anything else as it is."""
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return str(value)
    return f"{number:,f}" if number.is_finite() else str(value)


def value_text(f, data: dict) -> str:
    if f.kind in (CHOICE, MULTI):
        return choice_text(f, data)
    if f.kind == AGREE:
        return _tick(bool(data.get(f.key)))
    value = data.get(f.key, "")
    if value in (None, ""):
        return ""
    return _number(value) if f.kind in (INT, DECIMAL) else str(value)


def _nested(fields: list, data: dict) -> Row:
    table = NestedTable([f.label for f in fields], [value_text(f, data) for f in fields])
    return Row([Cell(fields[0].table, header=True), Cell(colspan=3, table=table)])


def _rows(fields: list, data: dict) -> list[Row]:
    rows, i = [], 0
    while i < len(fields):
        f = fields[i]
        nxt = fields[i + 1] if i + 1 < len(fields) else None
        if f.table:
            columns = [g for g in fields[i:] if g.table == f.table]
            rows.append(_nested(columns, data))
            i += len(columns)
            continue
        if f.wide:
            rows.append(Row([Cell(f.full_label + "：", header=True, colspan=4)], wide=True))
            rows.append(Row([Cell(value_text(f, data), colspan=4, long=True)], wide=True))
        elif f.group and nxt and nxt.group == f.group:
            rows.append(Row([Cell(f.group, header=True), Cell(f"{f.label}：{value_text(f, data)}"),
                             Cell(nxt.label, header=True), Cell(value_text(nxt, data))]))
            i += 1
        elif f.half and nxt and nxt.half:
            rows.append(Row([Cell(f.label, header=True, note=f.note), Cell(value_text(f, data)),
                             Cell(nxt.label, header=True, note=nxt.note), Cell(value_text(nxt, data))]))
            i += 1
        else:
            rows.append(Row([Cell(f.label, header=True, note=f.note),
                             Cell(value_text(f, data), colspan=3, long=f.kind in (CHOICE, MULTI))]))
        i += 1
    return rows


def section_views(spec: FormSpec, data: dict) -> list[SectionView]:
    """The numbered sections; an option's own text (共享人, 具体为) is printed with its option, not on its own."""
    option_texts = {o.text_key for f in spec.fields for o in f.options if o.text_key}
    return [SectionView(s.title, _rows([f for f in s.fields if f.key not in option_texts], data))
            for s in spec.sections]


def cover_rows(spec: FormSpec, data: dict, track, tracks) -> list[dict]:
    """The cover page's lines; `hint` is the field's guidance, printed on the paper form while it is blank."""
    rows = []
    for label, source in spec.cover:
        hint = ""
        if source == "@org":
            value = data.get("org_name", "")
        elif source == "@tracks":
            same_form = [t for t in tracks if t.form_type == spec.form_type]
            value = "\n".join(f"{_tick(t.pk == track.pk)}{t.name}" for t in same_form)
        else:
            value, hint = data.get(source, ""), spec.field(source).help
        rows.append({"label": label, "value": value, "hint": hint})
    return rows


def _file(a, attachment_url) -> dict:
    """One attached file, from an Attachment row or a frozen version's manifest entry."""
    if isinstance(a, dict):
        return {**a, "url": ""}
    return {"category": a.category, "name": a.original_name, "size": a.size, "sha256": a.sha256, "pk": a.pk,
            "url": attachment_url(a) if attachment_url else ""}


def proof_groups(spec: FormSpec, attachments: list, attachment_url=None) -> list[dict]:
    """The 证明材料 in form order, each with its files; then the 盖章扫描件; then any file of an unknown category."""
    files = [_file(a, attachment_url) for a in attachments]
    proofs = [(n, p) for n, p in enumerate(spec.proofs, start=1)] + [("", STAMPED_SCAN)]
    groups = [{"number": n, "code": p.code, "label": p.label, "required": p.required, "types": p.types,
               "files": [f for f in files if f["category"] == p.code]} for n, p in proofs]
    known = {p.code for _, p in proofs}
    unfiled = [f for f in files if f["category"] not in known]
    if unfiled:
        groups.append({"number": "", "code": "", "label": UNFILED_LABEL, "required": False, "types": (),
                       "files": unfiled})
    return groups


def application_display(application, *, version=None, attachment_url=None) -> dict:
    """Everything a page or the PDF needs to show one application (or one of its frozen versions).

    `attachment_url(attachment)` gives each file's download link on the page at hand (the applicant's, the
    officer's and the expert's downloads check different permissions); a frozen version lists names only."""
    spec = spec_for(application.track.form_type)
    data = version.data if version else application.data
    attachments = version.attachments if version else list(application.attachments.all())
    return {
        "spec": spec,
        "data": data,
        "cover": cover_rows(spec, data, application.track, list(application.competition.tracks.all())),
        "sections": section_views(spec, data),
        "commitment_ticked": bool(data.get("commitment")),
        "proofs": proof_groups(spec, attachments, attachment_url),
        "version": version,
    }
