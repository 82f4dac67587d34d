"""The loader of labour-competition fixture files (fixtures/labour_*.json, "kind": "labour").

Format: "competition" (the Competition fields), "phases" (kind, name, opens_at/closes_at as ISO 8601 with
+08:00), "quota_table" (title, notice_total, status, published_at), "divisions" (name, kind, city, order,
quota, optional "parent", "organisation" — the organisation's name — and "named"), "enterprises"
(organisations the divisions and their named participants refer to), "award_types" (name, quota, escalation —
plain data for the commendation issue, not loaded into models here).

The named 市直参赛企业 of a city notice (焦作 2019) are participants, not divisions: as in the notice-table paste
(greencomp/competition_setup.py), they form one division of kind 市直企业 with a quota of their number (13),
whose organisation is the city union (焦作市总工会) that registers them itself; the names are kept as that
division's named participants, and the table's total (67 + 13 = 80) is the sum of the quota rows like any
other table. They get no labour entries here: an entry needs a project and a contact the notice does not give,
so the city union's officer registers them in the portal."""

from django.db import transaction
from django.utils import timezone

from competitions.enums import CompetitionKind
from competitions.models import Competition, Division, Phase
from competitions.services import COMPETITION_FIELDS, division_named_participants_record, parse_datetime_local
from greencomp.audit import audit_record
from greencomp.enums import OrganisationKind
from greencomp.services import organisation_get_or_create
from quotas.models import Quota, QuotaTable
from reviews.services_commendation import award_types_load_for


@transaction.atomic
def load_labour(data: dict, *, by=None) -> Competition:
    """Idempotent: a competition with the same kind, year and title is left as it is (its award types are
    completed if a later release added some)."""

    fields = {k: v for k, v in data["competition"].items() if k in COMPETITION_FIELDS}
    fields["kind"] = CompetitionKind.LABOUR
    existing = Competition.objects.filter(kind=fields["kind"], year=fields["year"], title=fields["title"]).first()
    if existing:
        award_types_load_for(existing)
        return existing
    competition = Competition(**fields)
    competition.full_clean()
    competition.save()
    for phase in data.get("phases", []):
        Phase.objects.create(competition=competition, kind=phase["kind"], name=phase["name"],
                             opens_at=parse_datetime_local(phase.get("opens_at")),
                             closes_at=parse_datetime_local(phase.get("closes_at")))
    organisations = {
        e["name"]: organisation_get_or_create(name=e["name"], kind=e.get("kind", OrganisationKind.ENTERPRISE),
                                              city=e.get("city", ""), by=by)
        for e in data.get("enterprises", [])
    }
    divisions = _load_divisions(competition, data["divisions"], organisations)
    for row in data["divisions"]:
        if row.get("named"):
            division_named_participants_record(division=divisions[row["name"]], names=row["named"], by=by)
    spec = data.get("quota_table") or {}
    table = QuotaTable.objects.create(
        competition=competition, title=spec.get("title", ""),
        notice_total=spec.get("notice_total", competition.total_quota or 0),
        status=spec.get("status", QuotaTable.Status.DRAFT),
    )
    if table.status == QuotaTable.Status.PUBLISHED:
        table.published_at = parse_datetime_local(spec.get("published_at")) or timezone.now()
        table.save(update_fields=["published_at"])
    Quota.objects.bulk_create([Quota(table=table, division=divisions[d["name"]], entries=d["quota"])
                               for d in data["divisions"]])
    audit_record(actor=by, action="competition_load", target=competition, competition_id=competition.pk,
                 after={"source": data.get("source", ""), "divisions": len(divisions),
                        "quota_total": sum(d["quota"] for d in data["divisions"])})
    award_types_load_for(competition)
    return competition


def _load_divisions(competition, rows: list[dict], organisations: dict) -> dict[str, Division]:
    divisions = {}
    for row in rows:  # parents come before their children in the file
        division = Division(
            competition=competition, name=row["name"], kind=row["kind"], city=row.get("city", ""),
            order=row["order"], parent=divisions.get(row.get("parent")),
            organisation=organisations.get(row.get("organisation")),
        )
        division.full_clean()
        division.save()
        divisions[division.name] = division
    return divisions
