"""What a user has to do now, per role, for the home page. Each capability adds its own task source."""

from django.urls import reverse

from applications.tasks_recommend import recommend_tasks_for
from competitions import rules as roles

from .selectors import organisations_pending_for


def labour_tasks(user) -> list[dict]:
    from applications.tasks_labour import officer_tasks

    return officer_tasks(user)


def tasks_for(user) -> list[dict]:
    tasks = []
    if roles.is_platform_secretariat(user) or any(m.role == "officer" for m in roles.memberships(user)):
        pending = organisations_pending_for(user).count()
        if pending:
            tasks.append({"role": "审核", "title": f"{pending} 个单位注册申请待审核", "url": reverse("accounts:approvals")})
    tasks += _labour_quota_tasks(user)
    tasks += labour_tasks(user)
    if roles.is_applicant_user(user):
        tasks += innovation_tasks(user)
    tasks += recommend_tasks_for(user)
    tasks += _grading_tasks(user)
    if any(m.role == "expert" for m in roles.memberships(user)):
        tasks += review_tasks(user)
    return tasks


def _grading_tasks(user) -> list[dict]:
    """A city officer: file the 绩效提升企业清单 by its deadline; open assessment batches."""
    from django.utils import timezone

    from applications.models import ImprovementList
    from applications.selectors_grading import officer_divisions
    from applications.services_grading import list_deadline
    from reviews.models import AssessmentBatch

    tasks = []
    for division in officer_divisions(user):
        filed = ImprovementList.objects.filter(division=division, status="submitted").exists()
        deadline = list_deadline(division)
        if not filed:
            tasks.append({"role": "绩效分级", "title": f"{division.name}重点行业绩效提升企业清单待报送备案",
                          "url": reverse("grading:list", args=[division.pk]), "due": deadline,
                          "overdue": bool(deadline and timezone.now() > deadline)})
        for batch in AssessmentBatch.objects.filter(competition_id=division.competition_id,
                                                    deadline__gte=timezone.localdate()).order_by("number")[:1]:
            tasks.append({"role": "绩效分级", "title": f"{batch}审核认定进行中",
                          "url": reverse("grading:assessment_list", args=[division.pk]) + f"?batch={batch.pk}",
                          "due": None})
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


def _labour_quota_tasks(user) -> list[dict]:
    """Labour competitions the user runs whose quota table (分配表) is not yet published."""
    from competitions.models import Competition

    running = Competition.objects.filter(kind="labour").exclude(status="closed").exclude(
        quota_table__status="published")
    if not roles.is_platform_secretariat(user):
        own = {m.competition_id for m in roles.memberships(user) if m.role == "secretariat" and m.competition_id}
        if not own:
            return []
        running = running.filter(pk__in=own)
    return [{"role": "秘书处", "title": f"{c.title}：名额分配表尚未发布", "url": reverse("quota_tables:edit", args=[c.pk])}
            for c in running[:10]]
