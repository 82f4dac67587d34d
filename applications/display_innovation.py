"""The filled form as rows of a 4-column table, laid out like 附件1 — shared by the read-only page and the PDF."""

from dataclasses import dataclass, field

from .form_specs import AGREE, CHOICE, MULTI, STAMPED_SCAN, FormSpec, spec_for

TICKED, UNTICKED = "☑", "☐"


@dataclass
class Cell:
    text: str
    header: bool = False
    colspan: int = 1
    note: str = ""
    long: bool = False  # keep line breaks


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
    """All options with their tick boxes, as the paper form prints them."""
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
            part += f"，{_option_label(o)}{extra}"
        parts.append(part)
    return "\n".join(parts) if any(o.text_key for o in f.options) or f.kind == MULTI else "    ".join(parts)


def _option_label(option) -> str:
    return {"ip_sharer": "共享人：", "ip_licensor": "授权人："}.get(option.text_key, "具体为")


def value_text(f, data: dict) -> str:
    if f.kind in (CHOICE, MULTI):
        return choice_text(f, data)
    if f.kind == AGREE:
        return _tick(bool(data.get(f.key)))
    value = data.get(f.key, "")
    return "" if value is None else str(value)


def section_views(spec: FormSpec, data: dict) -> list[SectionView]:
    option_texts = {o.text_key for f in spec.fields for o in f.options if o.text_key}
    views = []
    for section in spec.sections:
        view = SectionView(section.title)
        fields = [f for f in section.fields if f.key not in option_texts]
        i = 0
        while i < len(fields):
            f = fields[i]
            if f.wide:
                view.rows.append(Row([Cell(f.full_label + "：", header=True, colspan=4)], wide=True))
                view.rows.append(Row([Cell(value_text(f, data), colspan=4, long=True)], wide=True))
            elif f.group and i + 1 < len(fields) and fields[i + 1].group == f.group:
                g = fields[i + 1]
                view.rows.append(Row([Cell(f.group, header=True),
                                      Cell(f"{f.label}：{value_text(f, data)}"),
                                      Cell(g.label, header=True), Cell(value_text(g, data))]))
                i += 1
            elif f.half and i + 1 < len(fields) and fields[i + 1].half:
                g = fields[i + 1]
                view.rows.append(Row([Cell(f.label, header=True, note=f.note), Cell(value_text(f, data)),
                                      Cell(g.label, header=True, note=g.note), Cell(value_text(g, data))]))
                i += 1
            else:
                view.rows.append(Row([Cell(f.label, header=True, note=f.note),
                                      Cell(value_text(f, data), colspan=3, long=f.kind in (CHOICE, MULTI))]))
            i += 1
        views.append(view)
    return views


def cover_rows(spec: FormSpec, data: dict, track, tracks) -> list[tuple[str, str]]:
    rows = []
    for label, source in spec.cover:
        if source == "@org":
            rows.append((label, data.get("org_name", "")))
        elif source == "@tracks":
            same_form = [t for t in tracks if t.form_type == spec.form_type]
            rows.append((label, "\n".join(f"{_tick(t.pk == track.pk)}{t.name}" for t in same_form)))
        else:
            rows.append((label, data.get(source, "")))
    return rows


def proof_groups(spec: FormSpec, attachments: list) -> list[dict]:
    """The 证明材料 list, each category with the files attached to it (dicts or Attachment rows)."""
    def files(code):
        return [a for a in attachments if (a["category"] if isinstance(a, dict) else a.category) == code]

    groups = [{"number": n, "code": p.code, "label": p.label, "required": p.required, "types": p.types,
               "files": files(p.code)} for n, p in enumerate(spec.proofs, start=1)]
    groups.append({"number": "", "code": STAMPED_SCAN.code, "label": STAMPED_SCAN.label, "required": False,
                   "types": STAMPED_SCAN.types, "files": files(STAMPED_SCAN.code)})
    return groups


def application_view(application, version=None) -> dict:
    """Everything a template needs to show one application (or one of its frozen versions)."""
    spec = spec_for(application.track.form_type)
    data = version.data if version else application.data
    attachments = version.attachments if version else list(application.attachments.all())
    return {
        "spec": spec,
        "data": data,
        "sections": section_views(spec, data),
        "contact": [(f.label, data.get(f.key, "")) for f in spec.extra_fields if f.kind != AGREE],
        "commitment_ticked": bool(data.get("commitment")),
        "proofs": proof_groups(spec, attachments),
        "version": version,
    }
