"""Home-page tasks of innovation-contest applicants."""

from django.urls import reverse
from django.utils import timezone

from applications.selectors_innovation import drafts_due
from competitions import rules as roles


def innovation_tasks(user) -> list[dict]:
    """Drafts and returned applications not yet (re)submitted, with their deadline (one query)."""
    if not roles.is_applicant_user(user):
        return []
    now = timezone.now()
    tasks = []
    for application in drafts_due(user):
        due = application.division.deadline()
        verb = "被退回，待修改后重新提交" if application.status == "returned" else "尚未提交"
        tasks.append({"role": "申报", "title": f"申报“{application.title or '未命名'}”{verb}",
                      "url": reverse("innovation:edit", args=[application.pk]), "due": due,
                      "overdue": bool(due and due < now)})
    return tasks
