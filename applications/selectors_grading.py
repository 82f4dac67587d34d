"""Reads of the grading campaign, scoped to the user: the secretariat sees every city, a city officer only the
division(s) they are officer of. Views look objects up through these, so a foreign object is a 404."""

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404

from competitions import rules as roles
from competitions.enums import CompetitionKind, Role
from competitions.models import Division
from competitions.selectors import (
    competitions_held_by,
    officer_division_ids,
    officer_divisions_of_kind,
    secretariat_competition_ids,
)
from quotas.models import County, Industry

from .filters_grading import EnterpriseFilter, ImprovementItemFilter
from .models import LEVEL_SORT, EnterpriseIndustry, GradingEnterprise, ImprovementItem, ImprovementList


def grading_competitions_for(user):
    return competitions_held_by(user, CompetitionKind.GRADING, (Role.SECRETARIAT, Role.OFFICER, Role.EXPERT))


def grading_divisions_for(user, competition):
    qs = Division.objects.filter(competition=competition).select_related("competition").order_by("order", "id")
    if roles.is_competition_secretariat(user, competition):
        return qs
    return qs.filter(pk__in=officer_division_ids(user))


def officer_divisions(user):
    """The grading divisions the user is officer of (for the sidebar and home tasks)."""
    return officer_divisions_of_kind(user, CompetitionKind.GRADING)


def industries_of(competition):
    return Industry.objects.filter(group__competition=competition).select_related("group").order_by("number")


def county_code_of(division, county: str) -> str | None:
    """The GB/T 2260 code of a county of the city (None when the fixtures do not list it)."""
    return County.objects.filter(division=division, name=county.strip()).values_list("code", flat=True).first()


# Counties by their administrative division code (GB/T 2260), counties without a code last by name.
COUNTY_ORDER = (F("county_code").asc(nulls_last=True), "county")
ITEM_COUNTY_ORDER = (F("enterprise__county_code").asc(nulls_last=True), "enterprise__county")


def enterprises_of(division):
    links = EnterpriseIndustry.objects.select_related("industry").order_by("industry__number")
    return (GradingEnterprise.objects.filter(division=division)
            .prefetch_related(Prefetch("industry_links", queryset=links)).order_by(*COUNTY_ORDER, "name", "id"))


def enterprise_filter(division, params) -> EnterpriseFilter:
    """The city's enterprise register with the page's name search applied."""
    return EnterpriseFilter(params, queryset=enterprises_of(division))


def level_sort(field: str):
    """The explicit order of levels (LEVEL_SORT) as an SQL expression, best level first."""
    return Case(*[When(**{field: level}, then=Value(rank)) for level, rank in LEVEL_SORT.items()],
                default=Value(9), output_field=IntegerField())


# 附件3 注3: 按照县（市、区）、行业类型、绩效提升目标、差异化指标排序 (then by name so the order is total); the
# counties in the order of their codes.
ITEM_ORDER = (*ITEM_COUNTY_ORDER, "industry__number", "target_sort", "indicator", "enterprise__name", "id")


def improvement_items_of(division):
    return (ImprovementItem.objects.filter(improvement_list__division=division)
            .select_related("enterprise", "industry", "improvement_list__division")
            .annotate(target_sort=level_sort("target_level")).order_by(*ITEM_ORDER))


def improvement_item_filter(division, params) -> ImprovementItemFilter:
    """The city's 附件3 rows, overdue / due soon only when the page asks."""
    return ImprovementItemFilter(params, queryset=improvement_items_of(division))


def improvement_list_of(division) -> ImprovementList:
    improvement_list, _ = ImprovementList.objects.get_or_create(division=division)
    return improvement_list


def visible_divisions(user):
    """Every grading division the user may see (for looking up objects by pk across campaigns)."""
    qs = Division.objects.filter(competition__kind=CompetitionKind.GRADING)
    if roles.is_platform_secretariat(user):
        return qs
    return qs.filter(Q(competition_id__in=secretariat_competition_ids(user)) | Q(pk__in=officer_division_ids(user)))


def city_for(user, division_pk, **_):
    """The grading city of the URL, if the user may see it (else 404): the views' permission object."""
    return get_object_or_404(visible_divisions(user).select_related("competition"), pk=division_pk)


def grading_competition_for(user, competition_pk, **_):
    return get_object_or_404(grading_competitions_for(user), pk=competition_pk)


def managed_grading_competition_for(user, competition_pk, **_):
    """A campaign the user runs as 秘书处; the province-wide pages are a 404 for everyone else."""
    qs = grading_competitions_for(user)
    if not roles.is_platform_secretariat(user):
        qs = qs.filter(pk__in=secretariat_competition_ids(user))
    return get_object_or_404(qs, pk=competition_pk)


def enterprise_for(user, pk, **_):
    return get_object_or_404(enterprises_for(user).prefetch_related("industry_links__industry"), pk=pk)


def item_for(user, pk, **_):
    return get_object_or_404(items_for(user), pk=pk)


def enterprises_for(user):
    return GradingEnterprise.objects.filter(division__in=visible_divisions(user)).select_related(
        "division__competition")


def items_for(user):
    return ImprovementItem.objects.filter(improvement_list__division__in=visible_divisions(user)).select_related(
        "improvement_list__division__competition", "enterprise", "industry")
