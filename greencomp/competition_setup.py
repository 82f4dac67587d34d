"""Setting up a competition across the apps: what the secretariat's competition pages change in more than
the `competitions` app (which builds on no other app, so the steps that touch quota tables and the other
apps' set-up data are composed here)."""

from django.db import transaction

from competitions import services as competition_services
from competitions.models import Competition
from quotas.services_labour import quota_table_copy, quota_table_follow_notice


@transaction.atomic
def competition_update(*, competition: Competition, data: dict, by) -> Competition:
    """The competition's own fields; a draft quota table follows a changed notice total."""
    before_total = competition.total_quota
    competition = competition_services.competition_update(competition=competition, data=data, by=by)
    if competition.total_quota != before_total:
        quota_table_follow_notice(competition=competition, by=by)
    return competition


@transaction.atomic
def competition_copy(*, source: Competition, year: int, title: str = "", by) -> Competition:
    """A new year's draft: the competition with its phases and divisions, and its quota table as a draft."""
    copy, divisions = competition_services.competition_copy(source=source, year=year, title=title, by=by)
    quota_table_copy(source=source, copy=copy, divisions=divisions)
    return copy
