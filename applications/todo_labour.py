"""Home-page tasks of division officers: lists not yet submitted, with their deadline (two queries)."""

from django.urls import reverse
from django.utils import timezone

from competitions import rules as roles
from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind, Role

from .selectors_labour import officer_divisions, submission_of


def officer_tasks(user) -> list[dict]:
    if not any(m.role == Role.OFFICER and m.competition.kind == CompetitionKind.LABOUR for m in roles.memberships(user)):
        return []
    tasks = []
    now = timezone.now()
    divisions = officer_divisions(user).filter(competition__status=CompetitionStatus.ACTIVE).prefetch_related(
        "competition__phases")
    for division in divisions:
        if submission_of(division).is_submitted:
            continue
        deadline = division.deadline(PhaseKind.REGISTRATION)
        when = f"，截止 {timezone.localtime(deadline):%Y-%m-%d %H:%M}" if deadline else ""
        late = "（已逾期）" if deadline and now > deadline else ""
        tasks.append({"role": "赛区", "title": f"{division.name}赛区参赛名单尚未报送{when}{late}",
                      "url": reverse("labour:division", args=[division.pk])})
    return tasks
