"""The three application forms of seed 002 附件1, defined once as data (sections → fields, proofs).

The Django form (forms_innovation), the full validation at submission (`validate_data`, called by the
service), the read-only page and the official PDF are all built from these specs, so every label, option,
note and guidance text appears exactly once in the code base — copied word for word from 附件1.

Required proofs. 附件1 lists its 证明材料 as "包括但不限于", so most are optional; required are those without
which the entry cannot pass the rules of 附件2: the 营业执照 on every form (具有独立法人资格); for technologies
also the 专利证书/知识产权证明 (the gate 技术知识产权清晰) and the 用户使用报告 (both 研发类 and 应用类 need user
verification); for products the 原辅材料清单, the 产品检测报告 and the 产品碳足迹报告 (低碳属性: 开展碳足迹核算，
提供证明材料); for service cases the 服务案例相关证明材料. The 盖章扫描件 (the stamped PDF) is optional and may
still be uploaded after submission. The product list's duplicated numbers in the seed (1–6, 4–8) are renumbered.

Additions that are not printed on the paper form (marked `extra=True`): 统一社会信用代码 (validated), the
quantified benefit figures of the technology form (displayed as one nested table, 量化指标), the 其他 text
boxes' own labels, and the commitment tick box.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from competitions.enums import FormType
from greencomp.validators import validate_credit_code, validate_phone

TEXT, TEXTAREA, CHOICE, MULTI, INT, DECIMAL, PHONE, EMAIL, CREDIT_CODE, MODEL_NO, AGREE = (
    "text", "textarea", "choice", "multi", "int", "decimal", "phone", "email", "credit_code", "model_no", "agree",
)

MSG_REQUIRED = "此项为必填项。"
MSG_CHOOSE = "请选择此项。"
MSG_NUMBER = "请填写数字。"
MSG_INTEGER = "请填写整数。"
MSG_NON_NEGATIVE = "请填写不小于0的数值。"
MSG_EMAIL = "请填写正确的电子邮箱地址。"
MSG_TOO_LONG = "最多%(limit)d字，当前%(n)d字。"
MSG_COMMITMENT = "请勾选承诺申明后再提交。"
MSG_MODEL_SERIES = "产品型号只能填写一种型号，不允许填写系列型号（如“××系列”、型号范围或多个型号）。"
MSG_PROOF_MISSING = "缺少必需的证明材料：%(label)s"
MSG_OTHER_TEXT = "选择“%(option)s”时请填写%(label)s。"


@dataclass(frozen=True)
class Option:
    value: str
    text_key: str = ""  # a free-text field that belongs to this option (共享人, 授权人, 其他 具体为)
    joint: str = ""  # what the paper form prints between the option and that text (“，共享人：”)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = TEXT
    help: str = ""
    required: bool = True
    options: tuple = ()
    max_length: int = 0
    group: str = ""  # a row label shared by several fields (法定代表人 → 姓名 / 电话)
    wide: bool = False  # spans the whole row on the page and in the PDF (long texts)
    half: bool = False  # shares its row with the next half field, as on the paper form
    note: str = ""  # the footnote marker of the paper form (技术类别1, 技术所处阶段2)
    layout: str = ""  # how the paper form prints the options, {option} marks a tick box
    extra: bool = False  # not printed on the paper form (see module docstring)
    profile: str = ""  # Organisation attribute it is pre-filled from
    table: str = ""  # the caption of a nested table this field is one column of (the quantified figures)

    @property
    def full_label(self) -> str:
        return f"{self.group}{self.label}" if self.group else self.label

    @property
    def limit(self) -> int:
        return self.max_length or (2000 if self.kind == TEXTAREA else 200)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple
    intro: str = ""


@dataclass(frozen=True)
class Proof:
    code: str
    label: str
    required: bool = False
    types: tuple = ("pdf", "jpg", "png")


@dataclass(frozen=True)
class FormSpec:
    form_type: str
    subtitle: str
    name_key: str
    cover: tuple  # (label, source): source is a field key, "@org" (申报单位) or "@tracks"
    sections: tuple
    commitment_title: str
    proofs: tuple
    proofs_intro: str
    notes: tuple = ()
    title: str = "河南省绿色低碳发展创新大赛"
    issuer: str = "河南省工业和信息化厅制"
    extra_fields: tuple = ()

    @property
    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields] + list(self.extra_fields)

    @property
    def commitment_text(self) -> str:
        return COMMITMENT_TEXT

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    def proof(self, code: str) -> Proof | None:
        return next((p for p in self.proofs if p.code == code), None)


COMMITMENT_TEXT = ("我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。"
                   "在不涉及商业机密的情况下，自愿与其他企业分享经验。")
COMMITMENT = Field("commitment", "我单位已阅读并同意以上承诺申明", AGREE, extra=True)
NATURE_OPTIONS = tuple(Option(v) for v in ("国有", "集体", "民营", "中外合资", "港澳台", "外商独资"))
NATURE_LAYOUT = "内资（{国有}{集体}{民营}）{中外合资}{港澳台}{外商独资}"
INTRO_HELP = "（从企业基本情况、生产规模、经营情况、技术研发及服务能力、所获资质及荣誉情况进行简述）"
# The cover's 联系人 / 联系电话 are not inside a numbered section; they come first on the page.
CONTACT_FIELDS = (
    Field("contact_name", "联系人", max_length=50, profile="contact_name"),
    Field("contact_phone", "联系电话", PHONE, max_length=30, profile="contact_phone"),
)
EXTRA_FIELDS = CONTACT_FIELDS + (COMMITMENT,)
STAMPED_SCAN = Proof("stamped", "盖章扫描件", required=False, types=("pdf", "jpg", "png"))


def _org_fields(*, service: bool) -> tuple:
    head = (
        Field("org_name", "单位名称", profile="name"),
        Field("org_credit_code", "统一社会信用代码", CREDIT_CODE, max_length=18, extra=True, profile="credit_code"),
        Field("org_address", "单位地址", profile="address"),
    )
    nature = Field("org_nature", "单位性质", CHOICE, options=NATURE_OPTIONS, layout=NATURE_LAYOUT, profile="nature")
    legal = (
        Field("legal_name", "姓名", group="法定代表人", max_length=50, profile="legal_rep_name"),
        Field("legal_phone", "电话", PHONE, group="法定代表人", max_length=30, profile="legal_rep_phone"),
    )
    if service:
        return head + (
            nature,
            Field("served_count", "2024年服务企业数量", INT, half=True),
            Field("org_employees", "员工人数", INT, half=True, profile="employees"),
            *legal,
            Field("org_intro", "单位简介", TEXTAREA, wide=True, max_length=1500, profile="intro",
                  help="从供应商的基本情况、业务范围、相关资质、技术能力以及所获得荣誉等方面进行概括"),
        )
    return head + (
        Field("org_industry", "所属行业", half=True, profile="industry"),
        Field("org_products", "主要产品", half=True, profile="main_products"),
        nature,
        Field("org_output", "2024年工业总产值（万元）", DECIMAL, half=True, profile="output_value"),
        Field("org_employees", "员工人数", INT, half=True, profile="employees"),
        *legal,
        Field("org_email", "电子邮箱", EMAIL, half=True, max_length=100, profile="email"),
        Field("org_fax", "传真", PHONE, half=True, required=False, max_length=30, profile="fax"),
        Field("org_intro", "单位简介", TEXTAREA, wide=True, max_length=1500, profile="intro", help=INTRO_HELP),
    )


BENEFITS_HELP = (
    "1.清洁生产技术：包括但不限于技术应用前后污染物产生和排放量变化情况，相关核心指标包括废气、废水（污水）、危废等"
    "污染物年产生和排放量，主要污染物年产生和排放等。\n"
    "2.节能降碳技术：描述技术应用前后达到的节能效果并量化指标，如节能量**tce、节水量 **t，减排二氧化碳**tCO2等指标。\n"
    "3.资源综合利用技术：描述技术应用前后资源节约、高效和循环利用情况，包括年资源节约量、单位产品资源消耗节约量、"
    "废物的再利用及再生利用种类、循环利用途径等。"
)
NOTE_CATEGORY = "技术类别参考工作方案中大赛内容，只选取一项勾选"
NOTE_STAGE = ("研发类指通过自主研发、技术引进、集成创新等方式，实现重大技术突破、已有阶段性成果效果明显、知识产权明晰，"
              "并经用户初步验证的工艺技术；应用类指技术基本成熟、知识产权明晰、效果显著、推广应用前景广阔重大关键工艺技术。")


FIGURES = "量化指标"  # BENEFITS_HELP: 描述技术应用前后达到的节能效果并量化指标


def _figure(key, label):
    return Field(key, label, DECIMAL, required=False, extra=True, half=True, table=FIGURES)


TECHNOLOGY = FormSpec(
    form_type=FormType.TECHNOLOGY,
    subtitle="（清洁生产技术、节能降碳技术、资源高效利用技术）",
    name_key="name",
    cover=(("申报单位", "@org"), ("技术名称", "name"), ("赛道方向", "@tracks"), ("联 系 人", "contact_name"),
           ("联系电话", "contact_phone")),
    sections=(
        Section("org", "一、申报单位基本情况", _org_fields(service=False)),
        Section("tech", "二、申报技术基本情况", (
            Field("name", "技术名称", max_length=100),
            Field("tech_category", "技术类别", CHOICE, note="1", help=NOTE_CATEGORY,
                  options=tuple(Option(v) for v in ("清洁生产技术", "节能降碳技术", "资源高效利用技术"))),
            Field("tech_stage", "技术所处阶段", CHOICE, note="2", help=NOTE_STAGE,
                  options=(Option("研发类"), Option("应用类"))),
            Field("scope", "适用范围", TEXTAREA, wide=True,
                  help="明确该技术适用的对象，包括行业、工艺、工序等，还应说明技术应用时对环境、规模等的特殊要求"),
            Field("ip", "知识产权情况", CHOICE, options=(
                Option("完全自主知识产权"), Option("共享知识产权", "ip_sharer", "，共享人："),
                Option("获授权使用", "ip_licensor", "，授权人："))),
            Field("ip_sharer", "共享人", required=False, max_length=200),
            Field("ip_licensor", "授权人", required=False, max_length=200),
            Field("principle", "技术原理及创新点", TEXTAREA, wide=True, max_length=3000,
                  help="重点说明该技术的工艺路线/工艺流程，各环节具体做法及效果技术创新点或与同类技术对比性能优越之处"),
            Field("practicality", "技术实用性", TEXTAREA, wide=True,
                  help="描述解决的关键问题，有待进一步完善的问题；企业应用该项技术的难易程度情况等"),
            Field("replicability", "示范性、可复制性", TEXTAREA, wide=True,
                  help="填写技术在所属领域的示范性、成熟度现状，主要应用行业及在其他行业推广情况等。"),
        )),
        Section("project", "三、依托项目/案例情况", (
            Field("project_name", "依托项目/案例名称", max_length=100),
            Field("project_content", "依托项目/案例内容", TEXTAREA, wide=True, max_length=3000,
                  help="包括项目背景、建设内容以及采用的工艺技术路线等"),
            Field("benefits", "技术应用前后取得的社会、经济、环境效益", TEXTAREA, wide=True, max_length=3000,
                  help=BENEFITS_HELP),
            _figure("energy_saving", "节能量（tce）"),
            _figure("water_saving", "节水量（t）"),
            _figure("co2_reduction", "减排二氧化碳（tCO2）"),
            _figure("gas_reduction", "废气污染物减排量（t）"),
            _figure("wastewater_reduction", "废水（污水）减排量（t）"),
            _figure("hazardous_reduction", "危废减量（t）"),
        )),
    ),
    commitment_title="四、承诺申明",
    proofs_intro="相关证明材料附后。\n包括但不限于：",
    extra_fields=EXTRA_FIELDS,
    proofs=(
        Proof("license", "申报单位营业执照。", required=True),
        Proof("rnd", "申报单位自建或共建研发机构证明材料。"),
        Proof("ip", "技术专利证书及知识产权证明、成果鉴定、检验检测报告等。"
                    "（如知识产权与其他企事业单位共有，需同时提供由该企事业单位出具的正式授权使用声明）", required=True),
        Proof("award", "申报技术相关科技奖励或行业奖励证明。"),
        Proof("evaluation", "技术依托项目/案例的清洁生产效果评价报告、节能降碳效果评价报告、资源综合利用情况评级报告。"),
        Proof("user_report", "用户使用报告。（应包括对技术应用的结论性意见，并由应用项目/案例中的技术使用方加盖公章）",
              required=True),
        Proof("other", "其他可以佐证所申报技术产品性能水平、应用效果、推广前景、市场竞争力等相关情况的材料。",
              types=("pdf", "jpg", "png", "docx", "xlsx")),
    ),
    notes=(f"1.{NOTE_CATEGORY}", f"2.{NOTE_STAGE}"),
)

PRODUCT = FormSpec(
    form_type=FormType.PRODUCT,
    subtitle="（工业绿色设计产品）",
    name_key="name",
    cover=(("申报单位", "@org"), ("产品名称", "name"), ("产品型号", "model"), ("联 系 人", "contact_name"),
           ("联系电话", "contact_phone")),
    sections=(
        Section("org", "一、申报单位基本情况", _org_fields(service=False)),
        Section("product", "二、申报产品基本情况", (
            Field("name", "产品名称", max_length=100),
            Field("model", "产品型号", MODEL_NO, max_length=60, help="（填写一种型号，不允许填写系列型号）"),
            Field("function", "产品功能和主要技术参数", TEXTAREA, wide=True),
            Field("resource", "资源属性", TEXTAREA, wide=True,
                  help="从选取原辅料、有毒有害物质限量使用、资源化循环利用等方面进行概括"),
            Field("energy", "能源属性", TEXTAREA, wide=True,
                  help="从产品在生产或使用过程中能源节约和能源效率方面进行概括"),
            Field("environment", "环境属性", TEXTAREA, wide=True,
                  help="从生产过程中污染物排放、有毒有害物质减量或替代、产品废弃后回收利用等方面进行概括。"),
            Field("quality", "品质属性", TEXTAREA, wide=True,
                  help="从产品耐用性、可升级性、舒适安全、智能化等方面的指标进行概括。"),
            Field("low_carbon", "低碳属性", TEXTAREA, wide=True,
                  help="开展“碳足迹核算”，重点说明如何使用低碳原材料、工艺、技术、运输等方面减少企业产品碳排放的具体举措。"),
        )),
    ),
    commitment_title="四、承诺申明",  # sic: the paper form jumps from 二 to 四
    proofs_intro="相关证明材料附后。\n包括但不限于：",
    extra_fields=EXTRA_FIELDS,
    proofs=(
        Proof("license", "申报单位营业执照。", required=True),
        Proof("materials", "原辅材料清单", required=True, types=("pdf", "jpg", "png", "xlsx", "docx")),
        Proof("material_tests", "原辅材料检测报告"),
        Proof("hazardous", "有毒有害物质减量或替代等方面证明材料"),
        Proof("recyclable", "原辅材料利用可回收料替代不可回收料等方面证明材料"),
        Proof("energy_use", "单位产品能源消耗计算及对标情况说明等方面证明材料", types=("pdf", "jpg", "png", "xlsx")),
        Proof("efficiency", "若为用能产品，产品能效应不低于行业平均值等方面证明材料"),
        Proof("env_tests", "环境检测报告"),
        Proof("product_tests", "产品检测报告", required=True),
        Proof("footprint", "产品碳足迹报告", required=True),
        Proof("footprint_measures", "减少产品碳足迹相关措施证明材料"),
        Proof("other", "其他可以佐证绿色设计产品等相关证明材料。", types=("pdf", "jpg", "png", "docx", "xlsx")),
    ),
)

SERVICE = FormSpec(
    form_type=FormType.SERVICE,
    subtitle="（服务工业绿色低碳发展典型案例）",
    name_key="name",
    cover=(("申报单位", "@org"), ("案例名称", "name"), ("联 系 人", "contact_name"), ("联系电话", "contact_phone")),
    sections=(
        Section("org", "一、申报单位基本情况", _org_fields(service=True)),
        Section("case", "二、服务案例基本情况", (
            Field("name", "服务案例名称", max_length=100),
            Field("direction", "服务方向", MULTI, options=(
                Option("绿色制造关键工艺系统解决方案"), Option("绿色制造咨询评价服务"), Option("末端污染物协同治理技术"),
                Option("其他", "direction_other", "，具体为"))),
            Field("direction_other", "具体为", required=False, max_length=100),
            Field("capability", "服务能力", TEXTAREA, wide=True,
                  help="重点围绕绿色制造方案咨询、研发设计、集成应用、运营管理、公共服务等能力进行描述。"),
            Field("case_intro", "典型案例介绍", TEXTAREA, wide=True, max_length=3000,
                  help="重点说明案例背景简介、内容及实施周期，各环节具体做法及解决方案的创新点"),
            Field("effect", "服务成效", TEXTAREA, wide=True, max_length=3000,
                  help="通过提供绿色制造系统解决方案或服务咨询，帮助客户取得的经济、社会、环境等方面的效益，可具体量化到指标。"),
        )),
    ),
    commitment_title="三、承诺申明",
    proofs_intro="相关证明材料附后",
    extra_fields=EXTRA_FIELDS,
    proofs=(
        Proof("license", "申报单位营业执照", required=True),
        Proof("staff", "人员方面证明材料"),
        Proof("qualification", "相关资质证明材料"),
        Proof("clients", "服务客户数量、客户规模、服务中小企业数量等方面证明材料", types=("pdf", "jpg", "png", "xlsx")),
        Proof("performance", "供应商提供的绿色制造服务所实现的绿色绩效证明材料"),
        Proof("case", "服务案例相关证明材料", required=True),
        Proof("other", "其他相关佐证材料", types=("pdf", "jpg", "png", "docx", "xlsx")),
    ),
)


SPECS = {spec.form_type: spec for spec in (TECHNOLOGY, PRODUCT, SERVICE)}


def spec_for(form_type: str) -> FormSpec:
    return SPECS[form_type]


def proof_label(form_type: str, code: str) -> str:
    if code == STAMPED_SCAN.code:
        return STAMPED_SCAN.label
    proof = spec_for(form_type).proof(code)
    return proof.label if proof else code


# ---- validation at submission -----------------------------------------------------------------------------

SERIES_RE = re.compile(r"系列|等|至|[~～…、，,；;和及]")


def validate_model_number(value: str) -> None:
    """One model, not a series: no 系列, no ranges (A100~A300, 至), no lists (、 ， 和 及)."""
    if SERIES_RE.search(value):
        raise ValidationError(MSG_MODEL_SERIES, code="series")


def _check_value(f: Field, value) -> None:
    if f.kind in (INT, DECIMAL):
        try:
            number = Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            raise ValidationError(MSG_NUMBER, code="number") from None
        if not number.is_finite():
            raise ValidationError(MSG_NUMBER, code="number")
        if f.kind == INT and number != number.to_integral_value():
            raise ValidationError(MSG_INTEGER, code="integer")
        if number < 0:
            raise ValidationError(MSG_NON_NEGATIVE, code="negative")
    elif f.kind == PHONE:
        validate_phone(value)
    elif f.kind == EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(MSG_EMAIL, code="email") from None
    elif f.kind == CREDIT_CODE:
        validate_credit_code(value)
    elif f.kind == MODEL_NO:
        validate_model_number(value)
    elif f.kind == CHOICE and value not in {o.value for o in f.options}:
        raise ValidationError(MSG_CHOOSE, code="choice")
    elif f.kind == MULTI and not set(value) <= {o.value for o in f.options}:
        raise ValidationError(MSG_CHOOSE, code="choice")
    if isinstance(value, str) and len(value) > f.limit:
        raise ValidationError(MSG_TOO_LONG, code="length", params={"limit": f.limit, "n": len(value)})


def is_blank(value) -> bool:
    return value in (None, "", [], False) or (isinstance(value, str) and not value.strip())


def validate_data(spec: FormSpec, data: dict, proof_codes: set[str]) -> None:
    """Everything the submission needs; raises one ValidationError with an error per field key."""
    errors: dict[str, list] = {}
    chosen_texts = set()
    for f in spec.fields:
        if f.kind in (CHOICE, MULTI):
            picked = data.get(f.key) if f.kind == MULTI else [data.get(f.key)]
            chosen_texts |= {(o.text_key, o.value) for o in f.options if o.text_key and o.value in (picked or [])}
    for f in spec.fields:
        value = data.get(f.key)
        try:
            if f.kind == AGREE:
                if value is not True:
                    raise ValidationError(MSG_COMMITMENT, code="commitment")
                continue
            needed = f.required or any(key == f.key for key, _ in chosen_texts)
            if is_blank(value):
                if needed:
                    option = next((o for k, o in chosen_texts if k == f.key), None)
                    msg = MSG_OTHER_TEXT % {"option": option, "label": f.label} if option else (
                        MSG_CHOOSE if f.kind in (CHOICE, MULTI) else MSG_REQUIRED)
                    raise ValidationError(msg, code="required")
                continue
            _check_value(f, value.strip() if isinstance(value, str) else value)
        except ValidationError as exc:
            errors[f.key] = exc.messages
    for proof in spec.proofs:
        if proof.required and proof.code not in proof_codes:
            errors[f"proof_{proof.code}"] = [MSG_PROOF_MISSING % {"label": proof.label.rstrip("。")}]
    if errors:
        raise ValidationError(errors)


# Far above every field's limit (the browser enforces maxlength; the submission reports overlong text): only a
# guard against a crafted post filling the database.
DRAFT_HARD_LIMIT = 20000


def clean_data(spec: FormSpec, raw: dict) -> dict:
    """What a draft keeps: every known key, strings trimmed, nothing validated (nothing typed is lost)."""
    data = {}
    for f in spec.fields:
        value = raw.get(f.key)
        if f.kind == MULTI:
            data[f.key] = [v[:200] for v in (value or []) if isinstance(v, str)][:20]
        elif f.kind == AGREE:
            data[f.key] = bool(value)
        else:
            text = (value or "").strip() if isinstance(value, str) else ("" if value is None else str(value))
            data[f.key] = text[:DRAFT_HARD_LIMIT]
        if f.kind == CREDIT_CODE and data[f.key]:
            data[f.key] = data[f.key].upper()
    return data


def profile_data(spec: FormSpec, organisation) -> dict:
    """The 申报单位基本情况 pre-filled from the organisation profile."""
    data = {}
    for f in spec.fields:
        if f.profile:
            value = getattr(organisation, f.profile, "")
            data[f.key] = "" if value is None else str(value)
    return data
