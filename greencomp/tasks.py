"""What a user has to do now, per role, for the home page. Each capability adds its own task source."""

from django.urls import reverse

from competitions import rules as roles

from .selectors import organisations_pending_for


def tasks_for(user) -> list[dict]:
    tasks = []
    if roles.is_platform_secretariat(user) or any(m.role == "officer" for m in roles.memberships(user)):
        pending = organisations_pending_for(user).count()
        if pending:
            tasks.append({"role": "审核", "title": f"{pending} 个单位注册申请待审核", "url": reverse("accounts:approvals")})
    if roles.is_applicant_user(user):
        tasks += innovation_tasks(user)
    if any(m.role == "expert" for m in roles.memberships(user)):
        tasks += review_tasks(user)
    return tasks


def review_tasks(user) -> list[dict]:
    """The expert's open score sheets, one line per competition (one query)."""
    from django.db.models import Count

    from reviews.selectors_review import sheets_of_expert

    rows = (sheets_of_expert(user).filter(status="draft").values("track__competition__title")
            .annotate(n=Count("id")).order_by("track__competition__title"))
    return [{"role": "评审", "title": f"{r['track__competition__title']}：{r['n']} 份评分表待提交",
             "url": reverse("review:tasks")} for r in rows]


def innovation_tasks(user) -> list[dict]:
    """Drafts and returned applications not yet (re)submitted, with their deadline (one query)."""
    from django.utils import timezone

    from applications.selectors_innovation import drafts_due

    now = timezone.now()
    tasks = []
    for application in drafts_due(user):
        due = application.division.deadline()
        verb = "被退回，待修改后重新提交" if application.status == "returned" else "尚未提交"
        tasks.append({"role": "申报", "title": f"申报“{application.title or '未命名'}”{verb}",
                      "url": reverse("innovation:edit", args=[application.pk]), "due": due,
                      "overdue": bool(due and due < now)})
    return tasks
