import pytest

from applications.models import EnterpriseIndustry, GradingEnterprise, ImprovementItem
from greencomp.seed.grading import synthetic_grading

pytestmark = pytest.mark.django_db


def test_synthetic_province_has_5000_rows_over_18_cities():
    competition = synthetic_grading("province")
    items = ImprovementItem.objects.filter(improvement_list__division__competition=competition)
    assert items.count() == 5000
    assert items.values("improvement_list__division").distinct().count() == 18
    links = EnterpriseIndustry.objects.filter(enterprise__competition=competition).count()
    assert links == 5000
    assert GradingEnterprise.objects.filter(competition=competition).count() < 5000  # some in two industries
    assert synthetic_grading("province") == competition
    assert items.count() == 5000
