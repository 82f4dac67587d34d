"""What a user has to do now, per role, for the home page. Each capability adds its own task source."""

from django.urls import reverse

from applications.tasks_recommend import recommend_tasks_for
from competitions import rules as roles

from .selectors import organisations_pending_for


def tasks_for(user) -> list[dict]:
    tasks = []
    if roles.is_platform_secretariat(user) or any(m.role == "officer" for m in roles.memberships(user)):
        pending = organisations_pending_for(user).count()
        if pending:
            tasks.append({"role": "审核", "title": f"{pending} 个单位注册申请待审核", "url": reverse("accounts:approvals")})
    tasks += recommend_tasks_for(user)
    return tasks
