"""Role predicates shared by every app's rules.py, and the competitions app's own permissions. Objects may be a
Competition, a Division, or anything with `.competition_id` / `.division_id`; memberships are read once per
request and cached on the user object. Loaded by rules.apps.AutodiscoverRulesConfig."""

import rules

from .enums import Role


def memberships(user) -> list:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        cached = list(user.memberships.select_related("division", "competition"))
        user._membership_cache = cached
    return cached


def _scope_id(obj, model_name: str):
    """The pk of `obj` if it is a `model_name` (Competition, Division), else its `<model>_id`."""
    if obj is None:
        return None
    if obj.__class__.__name__ == model_name:
        return obj.pk
    return getattr(obj, f"{model_name.lower()}_id", None)


def _competition_id(obj):
    return _scope_id(obj, "Competition")


def _division_id(obj):
    return _scope_id(obj, "Division")


def status_in(name: str, *statuses: str):
    """A state predicate named `name`: the object (an application, a list, a nomination) is given and its
    status is one of `statuses`."""
    return rules.predicate(lambda user, obj: obj is not None and obj.status in statuses, name=name)


@rules.predicate
def is_platform_secretariat(user) -> bool:
    return user.is_superuser or any(m.role == Role.SECRETARIAT and m.competition_id is None for m in memberships(user))


@rules.predicate
def is_competition_secretariat(user, obj) -> bool:
    cid = _competition_id(obj)
    return is_platform_secretariat(user) or any(
        m.role == Role.SECRETARIAT and m.competition_id == cid for m in memberships(user)
    )


@rules.predicate
def is_division_officer(user, obj) -> bool:
    did = _division_id(obj)
    return did is not None and any(m.role == Role.OFFICER and m.division_id == did for m in memberships(user))


@rules.predicate
def is_competition_officer(user, obj) -> bool:
    cid = _competition_id(obj)
    return any(m.role == Role.OFFICER and m.competition_id == cid for m in memberships(user))


@rules.predicate
def is_competition_expert(user, obj) -> bool:
    cid = _competition_id(obj)
    return any(m.role == Role.EXPERT and m.competition_id == cid for m in memberships(user))


@rules.predicate
def is_applicant_user(user) -> bool:
    org = getattr(user, "organisation", None)
    return bool(org and org.is_applicant_kind and org.status == "approved")


rules.add_perm("competitions.add_competition", is_platform_secretariat)
rules.add_perm("competitions.manage_competition", is_competition_secretariat)
rules.add_perm("competitions.copy_competition", is_platform_secretariat & is_competition_secretariat)
rules.add_perm("competitions.view_competition", is_competition_secretariat | is_competition_officer
               | is_competition_expert)
rules.add_perm("competitions.view_division", is_competition_secretariat | is_division_officer)
rules.add_perm("competitions.manage_platform", is_platform_secretariat)
