"""Home-page tasks of the grading campaign (绩效分级提升)."""

from django.urls import reverse
from django.utils import timezone

from applications.models import ImprovementList
from applications.selectors_grading import officer_divisions
from applications.services_grading import list_deadline
from reviews.models import AssessmentBatch


def grading_tasks(user) -> list[dict]:
    """A city officer: file the 绩效提升企业清单 by its deadline; open assessment batches."""
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
