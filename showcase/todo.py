"""Home-page tasks of 银企对接: an applicant's bank interests waiting for an answer (one query)."""

from django.urls import reverse

from .enums import InterestStatus
from .selectors import interests_received_for


def financing_tasks(user) -> list[dict]:
    pending = interests_received_for(user).filter(status=InterestStatus.PENDING).count()
    if not pending:
        return []
    return [{"role": "银企对接", "title": f"{pending} 个金融机构对接意向待回复", "url": reverse("showcase:mine")}]
