"""What a user has to do now, per role, for the home page. Each capability adds its own task source."""

from django.urls import reverse

from competitions import rules as roles

from .selectors import organisations_pending_for


def labour_tasks(user) -> list[dict]:
    from applications.tasks_labour import officer_tasks

    return officer_tasks(user)


def commendation_tasks(user) -> list[dict]:
    from reviews.tasks_commendation import commendation_tasks as tasks

    return tasks(user)


def tasks_for(user) -> list[dict]:
    tasks = []
    if roles.is_platform_secretariat(user) or any(m.role == "officer" for m in roles.memberships(user)):
        pending = organisations_pending_for(user).count()
        if pending:
            tasks.append({"role": "审核", "title": f"{pending} 个单位注册申请待审核", "url": reverse("accounts:approvals")})
    tasks += labour_tasks(user)
    tasks += commendation_tasks(user)
    return tasks
