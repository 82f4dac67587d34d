"""Loader of `fixtures/innovation_*.json` (our own format, "kind": "innovation"): the contest with its tracks,
its city divisions and the plan's dates as phases. Idempotent: what exists is kept, what is missing is added."""

import datetime

from django.db import transaction

from competitions.enums import CompetitionKind, Recommender
from competitions.models import Competition, Division, Phase, Track
from greencomp.audit import audit_record


def _when(value):
    return datetime.datetime.fromisoformat(value) if value else None


@transaction.atomic
def load_innovation(data: dict, *, by=None) -> Competition:
    competition, created = Competition.objects.get_or_create(
        kind=CompetitionKind.INNOVATION, year=data["year"], title=data["title"],
        defaults={
            "theme": data["theme"], "organisers": data["organisers"], "doc_number": data.get("doc_number", ""),
            "issue_date": data.get("issue_date"), "scope": data.get("scope", ""),
            "contents": data.get("contents", []), "status": data.get("status", "draft"),
        },
    )
    for t in data["tracks"]:
        Track.objects.get_or_create(competition=competition, number=t["number"], defaults={
            "name": t["name"], "form_type": t["form_type"], "min_recommendations": t.get("min_recommendations", 3),
            "description": t.get("description", ""), "recommender": t.get("recommender", Recommender.CITY)})
    for order, d in enumerate(data["divisions"], start=1):
        Division.objects.get_or_create(competition=competition, name=d["name"], defaults={
            "kind": d["kind"], "city": d.get("city", ""), "order": order})
    for p in data["phases"]:
        Phase.objects.get_or_create(competition=competition, kind=p["kind"], defaults={
            "name": p["name"], "opens_at": _when(p.get("opens_at")), "closes_at": _when(p.get("closes_at"))})
    if created:
        audit_record(actor=by, action="competition.load_fixture", target=competition,
                     after={"tracks": len(data["tracks"]), "divisions": len(data["divisions"])},
                     reason=data.get("source", ""))
    return competition
