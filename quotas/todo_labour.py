"""Home-page tasks of the quota tables."""

from django.urls import reverse

from competitions import rules as roles
from competitions.models import Competition


def quota_tasks(user) -> list[dict]:
    """Labour competitions the user runs whose quota table (分配表) is not yet published."""
    running = Competition.objects.filter(kind="labour").exclude(status="closed").exclude(
        quota_table__status="published")
    if not roles.is_platform_secretariat(user):
        own = {m.competition_id for m in roles.memberships(user) if m.role == "secretariat" and m.competition_id}
        if not own:
            return []
        running = running.filter(pk__in=own)
    return [{"role": "秘书处", "title": f"{c.title}：名额分配表尚未发布", "url": reverse("quota_tables:edit", args=[c.pk])}
            for c in running[:10]]
