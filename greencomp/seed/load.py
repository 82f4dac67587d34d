"""The data of the deadline load (scripts/bench_load.py, SPEC: 16 clients saving drafts and submitting): a labour
competition whose divisions each have one officer and room for every registration, and an innovation contest
whose applicants each hold enough complete draft applications (with their proof files) to save and submit.
Built afresh for each run (its own titles, accounts and credit codes: earlier runs stay, nothing is deleted);
`load_verify` then checks every write the server acknowledged against the database."""

import datetime
import time

from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from applications.form_specs import spec_for
from applications.models import Application, Attachment, Entry
from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase, Track
from greencomp.enums import OrganisationKind, OrganisationStatus
from greencomp.models import Organisation, User
from greencomp.validators import CREDIT_CODE_ALPHABET, credit_code_check_char
from quotas.models import Quota, QuotaTable

from .innovation import _shared_files, sample_data

LABOUR_TITLE = "（负载测试）劳动竞赛参赛登记"
INNOVATION_TITLE = "（负载测试）创新大赛申报"
PASSWORD = "Load-test-pass-2025"
MARK_FIELD = "scope"  # a text field of the technology form that each save writes a distinct value to


def credit_code(run: int, client: int, n: int) -> str:
    """A valid, unique 统一社会信用代码 per (run, client, n) (GB 32100-2015 check character)."""
    value = (run * 1000 + client) * 1_000_000 + n
    body = "91418" + "".join(CREDIT_CODE_ALPHABET[(value // 31**i) % 31] for i in range(12))
    return body + credit_code_check_char(body)


def _open_phase(competition) -> None:
    now = timezone.now()
    Phase.objects.create(competition=competition, kind=PhaseKind.REGISTRATION, name="报名",
                         opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=1))


def _user(username: str, password_hash: str, organisation=None) -> User:
    return User.objects.create(username=username, full_name=username, password=password_hash,
                               organisation=organisation)


@transaction.atomic
def load_prepare(*, officers: int, applicants: int, drafts: int) -> dict:
    """Returns what the clients need: the run's number, usernames, the division of each officer, the drafts of
    each applicant."""
    run = int(time.time()) % 1_000_000
    password_hash = make_password(PASSWORD)  # one hash for all: the load logs in with the production hasher
    labour = Competition.objects.create(kind=CompetitionKind.LABOUR, title=f"{LABOUR_TITLE}{run}", year=2026,
                                        status=CompetitionStatus.ACTIVE)
    _open_phase(labour)
    table = QuotaTable.objects.create(competition=labour, notice_total=officers * 100_000,
                                      status=QuotaTable.Status.PUBLISHED)
    result = {"run": run, "officers": [], "applicants": []}
    for i in range(officers):
        division = Division.objects.create(competition=labour, name=f"负载赛区{i + 1:02d}", kind="city",
                                           city="郑州市", order=i + 1)
        Quota.objects.create(table=table, division=division, entries=100_000)
        user = _user(f"load-{run}-officer-{i + 1:02d}", password_hash)
        Membership.objects.create(user=user, role=Role.OFFICER, competition=labour, division=division)
        result["officers"].append({"username": user.username, "division": division.pk})
    contest = Competition.objects.create(kind=CompetitionKind.INNOVATION, title=f"{INNOVATION_TITLE}{run}", year=2026,
                                         status=CompetitionStatus.ACTIVE)
    _open_phase(contest)
    track = Track.objects.create(competition=contest, number=1, name="清洁生产技术创新成果", form_type="technology")
    city = Division.objects.create(competition=contest, name="郑州市", kind="city", city="郑州市", order=1)
    files = _shared_files(default_storage)
    codes = [p.code for p in spec_for(track.form_type).proofs if p.required]
    for i in range(applicants):
        org = Organisation.objects.create(name=f"负载测试制造企业{i + 1:02d}", kind=OrganisationKind.ENTERPRISE,
                                          credit_code=credit_code(run, 900 + i, 0), city="郑州市",
                                          status=OrganisationStatus.APPROVED)
        user = _user(f"load-{run}-applicant-{i + 1:02d}", password_hash, org)
        apps = Application.objects.bulk_create([Application(
            competition=contest, track=track, division=city, organisation=org, created_by=user,
            title=f"负载测试技术{i + 1:02d}-{n:04d}", data=sample_data(track.form_type, org, f"负载测试技术{i + 1:02d}-{n:04d}"))
            for n in range(drafts)])
        Attachment.objects.bulk_create([
            Attachment(application=a, category=code, file=files[0][0], original_name=f"{code}.pdf", size=files[0][2],
                       sha256=files[0][1], content_type="application/pdf", uploaded_by=user)
            for a in apps for code in codes])
        result["applicants"].append({"username": user.username, "applications": [
            {"pk": a.pk, "data": a.data} for a in apps]})
    return result


def load_verify(*, run: int, entries: list[str], drafts: dict[int, str], submits: dict[int, str]) -> list[str]:
    """Each acknowledged write, looked up: registered credit codes, the last saved draft text of each
    application, and each acknowledged submission (status, version, the submitted text). Returns what is lost."""
    lost = []
    found = set(Entry.objects.filter(competition__title=f"{LABOUR_TITLE}{run}", status=Entry.Status.REGISTERED,
                                     organisation__credit_code__in=entries).values_list("organisation__credit_code",
                                                                                        flat=True))
    lost += [f"参赛单位 {code} 未登记" for code in entries if code not in found]
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[*drafts, *submits]).prefetch_related("versions")}
    for pk, text in drafts.items():
        if pk not in submits and apps[pk].data.get(MARK_FIELD) != text:
            lost.append(f"申报 {pk} 草稿未保存：{text}")
    for pk, text in submits.items():
        app = apps[pk]
        if (app.status, app.version, app.data.get(MARK_FIELD), len(app.versions.all())) != (
                Application.Status.SUBMITTED, 1, text, 1):
            lost.append(f"申报 {pk} 提交未保存：{text}")
    return lost
