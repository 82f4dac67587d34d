"""Demo data of the innovation contest (seed_demo) and the synthetic data set at province / national scale."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from applications.form_specs import CHOICE, DECIMAL, INT, MULTI, TEXTAREA, clean_data, profile_data, spec_for
from applications.models import Application, ApplicationVersion, Attachment
from applications.services_innovation import (
    application_create,
    application_save_draft,
    application_submit,
    attachment_add,
)
from applications.services_recommend import application_return
from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase, Track
from competitions.services import TRACK_FIELDS
from greencomp.audit import audit_record
from greencomp.enums import HENAN_CITIES, OrganisationKind
from greencomp.models import Organisation, User
from greencomp.validators import CREDIT_CODE_ALPHABET, credit_code_check_char

FIXTURE_TITLE = "2025年河南省工业绿色低碳发展创新大赛"
DEMO_TITLE = f"{FIXTURE_TITLE}（演示）"
# Phases of the demo copy, in days from today (Asia/Shanghai): submission open now, the rest in the future.
DEMO_PHASES = [
    (PhaseKind.PLAN, "报送本地区参赛组织负责人和联络员信息", -7, 7),
    (PhaseKind.REGISTRATION, "报名推荐：申报单位填报申报书", -7, 3),  # 3 days: the drafts get their reminder
    (PhaseKind.RECOMMENDATION, "各省辖市分赛道推荐参赛项目报大赛秘书处", -7, 30),
    (PhaseKind.AGGREGATION, "收集汇总：大赛秘书处完成各地参赛项目汇总", 31, 35),
    (PhaseKind.REVIEW, "专家评审：专家委员会完成参赛项目评审", 36, 45),
    (PhaseKind.COMMENDATION, "总结表彰大会", 50, 60),
]


def _day(offset: int, end: bool) -> datetime.datetime:
    today = timezone.localdate() + datetime.timedelta(days=offset)
    at = datetime.time(23, 59, 59) if end else datetime.time(0, 0)
    return timezone.make_aware(datetime.datetime.combine(today, at))


@transaction.atomic
def seed_innovation_demo(users: dict) -> Competition:
    """A current copy of the 2025 contest with submission open; miit-zhengzhou is 郑州市's officer.
    Idempotent: run it as often as you like (the phases move with today's date)."""
    original = Competition.objects.get(kind=CompetitionKind.INNOVATION, year=2025, title=FIXTURE_TITLE)
    demo, created = Competition.objects.get_or_create(
        kind=CompetitionKind.INNOVATION, title=DEMO_TITLE, copied_from=original,
        defaults={f: getattr(original, f) for f in ("year", "organisers", "doc_number", "issue_date", "theme",
                                                     "scope", "contents")} | {"status": CompetitionStatus.ACTIVE},
    )
    for t in original.tracks.all():
        Track.objects.get_or_create(competition=demo, number=t.number,
                                    defaults={f: getattr(t, f) for f in TRACK_FIELDS if f != "number"})
    for d in original.divisions.all():
        Division.objects.get_or_create(competition=demo, name=d.name, defaults={
            "kind": d.kind, "city": d.city, "order": d.order})
    for kind, name, opens, closes in DEMO_PHASES:
        Phase.objects.update_or_create(competition=demo, kind=kind, defaults={
            "name": name, "opens_at": _day(opens, end=False), "closes_at": _day(closes, end=True)})
    zhengzhou = demo.divisions.get(name="郑州市")
    if "miit-zhengzhou" in users:
        Membership.objects.get_or_create(user=users["miit-zhengzhou"], role=Role.OFFICER, competition=demo,
                                         division=zhengzhou)
    if created:
        audit_record(actor=users.get("secretariat"), action="competition.demo_copy", target=demo,
                     reason=f"演示副本，复制自 {original.title}")
    _demo_submissions(demo)
    return demo


# Three submitted track-1 applications of 郑州市 manufacturers, so that the city's review and its list of at
# least 3 recommendations can be tried at once (the applicants' accounts have no usable password).
DEMO_SUBMISSIONS = [
    ("郑州宇清环保装备有限公司", "工业窑炉烟气超低排放协同治理技术"),
    ("郑州中原精细化工股份有限公司", "精细化工VOCs源头削减与回收技术"),
    ("郑州华瑞铝业有限公司", "铝加工废水零排放与资源回收技术"),
]


def _demo_submissions(demo) -> None:


    track = demo.tracks.get(number=1)
    for i, (name, title) in enumerate(DEMO_SUBMISSIONS, start=1):
        org, _ = Organisation.objects.get_or_create(name=name, defaults={
            "kind": OrganisationKind.ENTERPRISE, "city": "郑州市", "credit_code": _credit_code(990000 + i),
            "address": f"郑州市经开区第{i}大街{i * 8}号", "nature": "民营", "employees": 300 * i,
            "industry": "制造业", "legal_rep_name": "王总", "legal_rep_phone": "0371-6655000" + str(i)})
        user, created = User.objects.get_or_create(username=f"zz-demo-{i}", defaults={
            "full_name": f"{name}（演示申报人）", "organisation": org})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if Application.objects.filter(competition=demo, organisation=org).exists():
            continue
        application = application_create(competition=demo, track=track, title=title, by=user)
        application_save_draft(application=application, data=sample_data(track.form_type, org, title), by=user)
        for proof in spec_for(track.form_type).proofs:
            if proof.required:
                attachment_add(application=application, category=proof.code, by=user,
                               upload=ContentFile(SAMPLE_PDF, name=f"{proof.label[:10].rstrip('。')}.pdf"))
        application_submit(application=application, by=user)


# ---- sample content ----------------------------------------------------------------------------------------

def sample_data(form_type: str, organisation, name: str) -> dict:
    """A complete, valid form for demos and synthetic data (every required field, the commitment ticked)."""

    spec = spec_for(form_type)
    raw = {}
    for f in spec.fields:
        if f.kind == CHOICE:
            raw[f.key] = f.options[len(name) % len(f.options)].value if f.key != "ip" else f.options[0].value
        elif f.kind == MULTI:
            raw[f.key] = [f.options[0].value]
        elif f.kind in (INT, DECIMAL):
            raw[f.key] = str(100 + len(name) * 7)
        elif f.kind == TEXTAREA:
            raw[f.key] = f"{name}：{f.label}。{f.help or ''}"[:f.limit]
    raw.update({k: v for k, v in profile_data(spec, organisation).items() if v})
    raw.update({"name": name, "model": "GC-100A", "project_name": f"{name}示范项目", "commitment": True,
                "org_email": raw.get("org_email") or "office@example.cn", "org_address": raw.get("org_address") or "河南省",
                "legal_name": raw.get("legal_name") or "张三", "legal_phone": raw.get("legal_phone") or "0371-65512345",
                "contact_name": raw.get("contact_name") or "李四",
                "contact_phone": raw.get("contact_phone") or "13800000000",
                "org_industry": raw.get("org_industry") or "通用设备制造业",
                "org_products": raw.get("org_products") or "节能设备", "org_nature": raw.get("org_nature") or "民营",
                "org_intro": raw.get("org_intro") or f"{organisation.name}简介。"})
    return clean_data(spec, raw)


SAMPLE_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


# ---- synthetic data at scale (seed_synthetic / bench) ---------------------------------------------------------

SCALES = {"province": 20, "national": 200, "tiny": 1}  # applications per city and track ("tiny" for tests)


def _credit_code(n: int) -> str:

    body = "91419" + "".join(CREDIT_CODE_ALPHABET[(n // 31**i) % 31] for i in range(12))
    return body + credit_code_check_char(body)


def _shared_files(storage) -> list[tuple[str, str, int]]:
    """Three small stored files that every synthetic attachment points to (name, sha256, size)."""
    files = []
    for code in ("license", "case", "other"):
        name = f"applications/synthetic/{code}.pdf"
        if not storage.exists(name):
            storage.save(name, ContentFile(SAMPLE_PDF))
        files.append((name, hashlib.sha256(SAMPLE_PDF).hexdigest(), len(SAMPLE_PDF)))
    return files


@transaction.atomic
def synthetic_innovation(scale: str = "province") -> Competition:
    """18 cities × 5 tracks × 20 (province) or × 200 (national) submitted applications, 3 attachments and one
    version each, with one applicant organisation and user per 4 technology/product entries (tracks 1–4) and one
    supplier per case (track 5). Idempotent: an existing synthetic competition of that scale is returned as is."""


    per = SCALES[scale]
    title = f"{FIXTURE_TITLE}（合成数据 {scale}）"
    existing = Competition.objects.filter(kind=CompetitionKind.INNOVATION, title=title).first()
    if existing:
        return existing
    competition = Competition.objects.create(kind=CompetitionKind.INNOVATION, title=title, year=2025,
                                             theme="豫见绿色、创赢未来", organisers="省工业和信息化厅、河南日报社",
                                             status=CompetitionStatus.ACTIVE)
    names = ["清洁生产技术创新成果", "节能降碳技术创新成果", "资源高效利用技术创新成果", "工业绿色设计产品创新成果",
             "绿色制造供应商服务工业绿色低碳发展典型案例"]
    forms = ["technology", "technology", "technology", "product", "service"]
    tracks = Track.objects.bulk_create([Track(competition=competition, number=i + 1, name=n, form_type=forms[i])
                                        for i, n in enumerate(names)])
    divisions = Division.objects.bulk_create([Division(competition=competition, name=c, kind="city", city=c,
                                                       order=i + 1) for i, c in enumerate(HENAN_CITIES)])
    for kind, name, opens, closes in DEMO_PHASES:
        Phase.objects.create(competition=competition, kind=kind, name=name, opens_at=_day(opens, end=False),
                             closes_at=_day(closes, end=True))
    offset = (Organisation.objects.count() + 1) * 1000 + (7 if scale == "national" else 3)
    files = _shared_files(default_storage)
    now = timezone.now()
    for n, division in enumerate(divisions):  # one city at a time keeps memory flat at national scale
        _synthetic_city(competition, division, tracks, per, scale, offset + n * per * 2, files, now)
    return competition


def _synthetic_city(competition, d, tracks, per, scale, first_code, files, now) -> None:


    orgs = []
    for i in range(per):
        orgs.append(Organisation(name=f"{d.name}合成制造企业{i + 1:03d}{scale[0]}", kind=OrganisationKind.ENTERPRISE,
                                 city=d.city, credit_code=_credit_code(first_code + len(orgs)), nature="民营",
                                 address=f"{d.name}工业园区{i + 1}号", employees=100 + i))
        orgs.append(Organisation(name=f"{d.name}合成服务商{i + 1:03d}{scale[0]}", kind=OrganisationKind.SUPPLIER,
                                 city=d.city, credit_code=_credit_code(first_code + len(orgs)), nature="民营",
                                 address=f"{d.name}科技园{i + 1}号", employees=30 + i))
    orgs = Organisation.objects.bulk_create(orgs, batch_size=2000)
    users = User.objects.bulk_create([User(username=f"syn-{scale[0]}-{o.credit_code}", full_name=o.name[:50],
                                           organisation=o, password="!") for o in orgs], batch_size=2000)
    applications = []
    for o, user in zip(orgs, users, strict=True):
        for track in (tracks[4:] if o.kind == OrganisationKind.SUPPLIER else tracks[:4]):
            name = f"{o.name}{track.name[:6]}项目"
            applications.append(Application(
                competition=competition, track=track, division=d, organisation=o, created_by=user, title=name,
                status=Application.Status.SUBMITTED, data=sample_data(track.form_type, o, name), version=1,
                submitted_at=now))
    applications = Application.objects.bulk_create(applications, batch_size=1000)
    attachments, versions = [], []
    for a in applications:
        codes = [p.code for p in spec_for(a.track.form_type).proofs if p.required][:2] + ["other"]
        manifest = []
        for code, (stored, sha, size) in zip(codes, files, strict=True):
            attachments.append(Attachment(application=a, category=code, file=stored, original_name=f"{code}.pdf",
                                          size=size, sha256=sha, content_type="application/pdf",
                                          uploaded_by=a.created_by))
            manifest.append({"category": code, "name": f"{code}.pdf", "sha256": sha, "size": size})
        versions.append(ApplicationVersion(application=a, number=1, data=a.data, attachments=manifest,
                                           submitted_at=now, submitted_by=a.created_by))
    Attachment.objects.bulk_create(attachments, batch_size=2000)
    ApplicationVersion.objects.bulk_create(versions, batch_size=1000)


# ---- the demo applicants' own work (seed_demo) --------------------------------------------------------------

# (username, track number, title, how far it goes): a draft half filled, a full one submitted and returned by
# 郑州市, and the supplier's case in draft — so that each applicant's home page has work waiting.
APPLICANT_WORK = [
    ("enterprise-demo", 2, "高效永磁电机系统节能降碳技术", "draft"),
    ("enterprise-demo", 1, "电机绕组浸漆废气源头减排技术", "returned"),
    ("supplier-demo", 5, "中小制造企业能源审计与节能诊断服务案例", "draft"),
]
RETURN_REASON = "证明材料中的第三方检测报告缺少检测机构盖章页，请补充后重新提交。"


@transaction.atomic
def seed_applicant_work(users: dict, demo: Competition) -> int:
    """Idempotent: what exists (same applicant and title) is left as it is. Returns how many it created."""
    created = 0
    for username, number, title, state in APPLICANT_WORK:
        user = users.get(username)
        track = demo.tracks.filter(number=number).first()
        if user is None or track is None or Application.objects.filter(
                competition=demo, organisation=user.organisation, title=title).exists():
            continue
        application = application_create(competition=demo, track=track, title=title, by=user)
        data = sample_data(track.form_type, user.organisation, title)
        if state == "draft":  # half filled: the applicant goes on from here
            spec = spec_for(track.form_type)
            data = {f.key: data[f.key] for f in spec.fields[: len(spec.fields) // 2] if f.key in data} | {
                spec.name_key: title}
        application_save_draft(application=application, data=data, by=user)
        if state == "returned":
            for proof in spec_for(track.form_type).proofs:
                if proof.required:
                    attachment_add(application=application, category=proof.code, by=user,
                                   upload=ContentFile(SAMPLE_PDF, name=f"{proof.label[:10].rstrip('。')}.pdf"))
            application_submit(application=application, by=user)
            application_return(application=application, reason=RETURN_REASON, by=users["miit-zhengzhou"])
        created += 1
    return created
