"""Permissions of labour-competition registration. Scoping (who sees which division / entry) is done by the
selectors, so a foreign object is a 404; these predicates decide who may act on an object they can see."""

import rules

from competitions.rules import is_competition_secretariat, is_division_officer


@rules.predicate
def is_entry_enterprise(user, entry) -> bool:
    return entry is not None and getattr(user, "organisation_id", None) == entry.organisation_id


rules.add_perm("applications.register_labour_entry", is_division_officer)
rules.add_perm("applications.manage_labour_division", is_competition_secretariat)
rules.add_perm("applications.report_labour_entry", is_entry_enterprise)
rules.add_perm("applications.view_labour_fill_rate", is_competition_secretariat)
