"""The browser forms of the innovation contest, built from the declarative specs in form_specs.

Every field is optional at the form level: the draft keeps whatever was typed. The full check happens in
`application_submit` (form_specs.validate_data), whose errors the view puts back on these fields."""

from django import forms

from greencomp.uploads import accept_attribute, type_names

from .form_specs import (
    AGREE,
    CHOICE,
    DECIMAL,
    INT,
    MULTI,
    STAMPED_SCAN,
    TEXTAREA,
    FormSpec,
    clean_data,
)


def _widget_attrs(f) -> dict:
    attrs = {"maxlength": f.limit}
    if f.kind in (INT, DECIMAL):
        attrs["inputmode"] = "decimal" if f.kind == DECIMAL else "numeric"
    return attrs


class AnchoredRadioSelect(forms.RadioSelect):
    """The group gets an id too, so the error summary can link to it."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class AnchoredCheckboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


def build_field(f) -> forms.Field:
    common = {"label": f.full_label, "required": False}
    if f.kind == TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "class": "form-control", **_widget_attrs(f)}), strip=False, **common)
    if f.kind == CHOICE:
        return forms.ChoiceField(choices=[(o.value, o.value) for o in f.options], widget=AnchoredRadioSelect(attrs={"class": "form-check-input"}), **common)
    if f.kind == MULTI:
        return forms.MultipleChoiceField(choices=[(o.value, o.value) for o in f.options],
                                         widget=AnchoredCheckboxes(attrs={"class": "form-check-input"}), **common)
    if f.kind == AGREE:
        return forms.BooleanField(**common)
    return forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", **_widget_attrs(f)}), strip=False,
                           **common)


def typed_data(spec: FormSpec, post) -> dict:
    """What was typed, read from the raw POST (never dropped for being invalid): no form needs building for it."""
    raw = {}
    for f in spec.fields:
        if f.kind == MULTI:
            raw[f.key] = post.getlist(f.key)
        elif f.kind == AGREE:
            raw[f.key] = post.get(f.key) in ("on", "true", "1", "True")
        else:
            raw[f.key] = post.get(f.key, "")
    return clean_data(spec, raw)


class ApplicationForm(forms.Form):
    """One application form (technology / product / service) with a file input per proof category."""

    def __init__(self, *args, spec: FormSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        for f in spec.fields:
            self.fields[f.key] = build_field(f)
        for p in spec.proofs:
            self.fields[f"proof_{p.code}"] = forms.FileField(
                label=p.label, required=False, widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(p.types)}))
        self.fields[f"proof_{STAMPED_SCAN.code}"] = forms.FileField(
            label=STAMPED_SCAN.label, required=False,
            widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(STAMPED_SCAN.types)}))

    def typed_data(self) -> dict:
        return typed_data(self.spec, self.data)

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()

    def uploads(self) -> list[tuple[str, object]]:
        return [(name.removeprefix("proof_"), upload) for name, upload in self.files.items()
                if name.startswith("proof_") and name in self.fields]

    def layout(self) -> list[dict]:
        """Sections of (bound field, spec field) pairs for the template; option texts follow their choice."""
        sections = []
        for section in self.spec.sections:
            rows = [{"bf": self[f.key], "spec": f} for f in section.fields]
            sections.append({"title": section.title, "rows": rows})
        return sections

    def contact_fields(self):
        return [{"bf": self[f.key], "spec": f} for f in self.spec.extra_fields if f.kind != AGREE]

    def proof_fields(self, groups: list[dict]) -> list[dict]:
        """The proof groups that take an upload here (a file of an unknown category has no field to go to)."""
        groups = [g for g in groups if f"proof_{g['code']}" in self.fields]
        for group in groups:
            group["bf"] = self[f"proof_{group['code']}"]
            group["type_names"] = type_names(group["types"])
        return groups


class ApplicationCreateForm(forms.Form):
    """Step one: the track (only those the organisation may enter are offered) and the name."""

    track = forms.TypedChoiceField(label="赛道方向", coerce=int,
                                   widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                                   error_messages={"required": "请选择赛道方向。",
                                                   "invalid_choice": "请选择可以申报的赛道方向。"})
    name = forms.CharField(label="技术名称 / 产品名称 / 案例名称", max_length=100,
                           error_messages={"required": "请填写技术名称、产品名称或案例名称。"},
                           help_text="同一技术只能选择一个赛道申报。")

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [(t.pk, f"{t.number}. {t.name}") for t in tracks]
