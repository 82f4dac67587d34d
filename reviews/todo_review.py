"""Home-page tasks of expert review."""

from django.db.models import Count
from django.urls import reverse

from competitions import rules as roles
from reviews.selectors_review import sheets_of_expert


def review_tasks(user) -> list[dict]:
    """The expert's open score sheets, one line per competition (one query)."""
    if not any(m.role == "expert" for m in roles.memberships(user)):
        return []

    rows = (sheets_of_expert(user).filter(status="draft").values("track__competition__title")
            .annotate(n=Count("id")).order_by("track__competition__title"))
    return [{"role": "评审", "title": f"{r['track__competition__title']}：{r['n']} 份评分表待提交",
             "url": reverse("review:tasks")} for r in rows]
