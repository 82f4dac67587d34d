"""Who may edit the labour quota table and the grading campaign's targets. Loaded by
rules.apps.AutodiscoverRulesConfig."""

import rules

from competitions.rules import is_competition_officer, is_competition_secretariat


@rules.predicate
def quota_table_unpublished(user, table) -> bool:
    return table is not None and table.status != "published"


rules.add_perm("quotas.manage_quota_table", is_competition_secretariat)
rules.add_perm("quotas.publish_quota_table", is_competition_secretariat & quota_table_unpublished)
rules.add_perm("quotas.manage_grading_targets", is_competition_secretariat)
rules.add_perm("quotas.view_grading_dashboard", is_competition_secretariat | is_competition_officer)
