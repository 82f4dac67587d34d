from greencomp.selectors import competitions_for

from .models import Division


def divisions_for(user, competition):
    """Divisions of a competition the user may see: all for its secretariat, their own for an officer."""
    from . import rules as roles

    qs = Division.objects.filter(competition=competition).select_related("parent")
    if roles.is_competition_secretariat(user, competition):
        return qs
    own = {m.division_id for m in roles.memberships(user) if m.role == "officer"}
    return qs.filter(pk__in=own)


__all__ = ["competitions_for", "divisions_for"]


def division_of_current_competition(request, divisions):
    """The one of `divisions` in the competition chosen in the top bar, else the first; None when empty."""
    from greencomp.selectors import current_competition

    competition = current_competition(request)
    return (divisions.filter(competition=competition).first() if competition else None) or divisions.first()
