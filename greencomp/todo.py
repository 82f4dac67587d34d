"""What a user has to do now, per role, for the home page: each capability has its own to-do source (`todo_*.py`; "task" means a background job),
which returns nothing for users without the role it serves."""

from django.urls import reverse

from applications.todo_grading import grading_tasks
from applications.todo_innovation import innovation_tasks
from applications.todo_labour import officer_tasks
from applications.todo_recommend import recommend_tasks_for
from competitions import rules as roles
from quotas.todo_labour import quota_tasks
from reviews.todo_commendation import commendation_tasks
from reviews.todo_review import review_tasks
from showcase.todo import financing_tasks

from .selectors import organisations_pending_for


def approval_tasks(user) -> list[dict]:
    if not (roles.is_platform_secretariat(user) or any(m.role == "officer" for m in roles.memberships(user))):
        return []
    pending = organisations_pending_for(user).count()
    if not pending:
        return []
    return [{"role": "审核", "title": f"{pending} 个单位注册申请待审核", "url": reverse("accounts:approvals")}]


def todos_for(user) -> list[dict]:
    sources = [approval_tasks, quota_tasks, officer_tasks, commendation_tasks, innovation_tasks, recommend_tasks_for,
               review_tasks, grading_tasks, financing_tasks]
    return [task for source in sources for task in source(user)]
