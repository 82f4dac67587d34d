"""City pages of the grading campaign: the enterprise register and the 绩效提升企业清单 (附件3). Every object is
looked up through a selector scoped to the user, so another city's officer gets a 404 and writes nothing."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from greencomp.imports import import_page
from greencomp.pages import form_submitted, paginate, run_action
from greencomp.permissions import permission_required
from notifications.responses import start_export

from . import services_grading as services
from .exporters_grading import (
    EnterpriseRegisterExporter,
    EnterpriseTemplateExporter,
    ImprovementListExporter,
    ImprovementTemplateExporter,
)
from .forms_grading import EnterpriseForm, ItemAddForm, ItemEditForm, ReopenForm
from .imports_grading import GradingEnterpriseImport, ImprovementItemImport
from .models import GradingEnterprise
from .selectors_grading import (
    city_for,
    enterprise_filter,
    enterprise_for,
    grading_competitions_for,
    improvement_item_filter,
    improvement_list_of,
    industries_of,
    item_for,
    managed_grading_competition_for,
    officer_divisions,
)


@login_required
def start(request):
    """The sidebar's entry: an officer goes to their city's list, the secretariat to the dashboard."""
    own = officer_divisions(request.user)
    if own:
        return redirect("grading:list", division_pk=own[0].pk)
    competition = grading_competitions_for(request.user).order_by("-year", "-id").first()
    if competition is None:
        raise Http404
    return redirect("grading:dashboard", competition_pk=competition.pk)


# ---- enterprise register ---------------------------------------------------------------------------------------

@permission_required("applications.view_grading_city", city_for)
def enterprise_list(request, division, **_):
    filters = enterprise_filter(division, request.GET)
    return render(request, "grading/enterprise_list.html", {
        "division": division, "competition": division.competition, "page": paginate(request, filters.rows),
        "q": filters.value("q"), "filters": filters,
        "can_edit": request.user.has_perm("applications.edit_grading_city", division),
    })


def _enterprise_form(request, division, enterprise=None):
    initial, links = {}, []
    if enterprise is not None:
        links = list(enterprise.industry_links.select_related("industry").order_by("industry__number"))
        initial = {"county": enterprise.county, "name": enterprise.name, "credit_code": enterprise.credit_code,
                   "industries": [link.industry for link in links]}
    form = EnterpriseForm(request.POST or None, initial=initial, industries=industries_of(division.competition),
                          links=links)
    done = form_submitted(request, form, lambda: services.enterprise_save(
            division=division, enterprise=enterprise, name=form.cleaned_data["name"],
            county=form.cleaned_data["county"], credit_code=form.cleaned_data["credit_code"],
            industries=list(form.cleaned_data["industries"]), level=form.cleaned_data["level"],
            levels=form.levels(), by=request.user),
            success=lambda saved: f"已保存企业“{saved.name}”。")
    if done:
        return redirect("grading:enterprise_detail", pk=done.result.pk)
    return render(request, "grading/enterprise_form.html", {"form": form, "division": division,
                                                            "enterprise": enterprise})


@permission_required("applications.edit_grading_city", city_for)
def enterprise_create(request, division, **_):
    return _enterprise_form(request, division)


@permission_required("applications.edit_grading_city", enterprise_for)
def enterprise_edit(request, enterprise, **_):
    return _enterprise_form(request, enterprise.division, enterprise)


@permission_required("applications.view_grading_city", enterprise_for)
def enterprise_detail(request, enterprise, **_):
    division = enterprise.division
    links = sorted(enterprise.industry_links.all(), key=lambda link: link.industry.number)
    downgradable = [link for link in links if link.level and link.level != "D"]
    history = enterprise.level_changes.select_related("by", "industry").order_by("-changed_on", "-id")
    assessments = enterprise.assessments.select_related("batch", "industry").order_by("-assessed_on", "-id")
    violations = enterprise.violations.select_related("recorded_by", "industry").order_by("-occurred_on", "-id")
    return render(request, "grading/enterprise_detail.html", {
        "enterprise": enterprise, "division": division, "links": links, "history": history,
        "assessments": assessments, "violations": violations,
        "items": enterprise.improvement_items.select_related("industry"),
        "can_edit": request.user.has_perm("applications.edit_grading_city", division),
        "can_downgrade": bool(downgradable) and request.user.has_perm("reviews.record_violation", division),
    })


@permission_required("applications.edit_grading_city", city_for)
def enterprise_import(request, division, **_):
    return import_page(request, GradingEnterpriseImport(division, by=request.user), {"division": division})


@permission_required("applications.view_grading_city", city_for)
def enterprise_template(request, division, **_):
    return EnterpriseTemplateExporter().response()


@permission_required("applications.view_grading_city", city_for)
def enterprise_export(request, division, **_):
    return EnterpriseRegisterExporter(division=division).response()


# ---- improvement list (附件3) ---------------------------------------------------------------------------------

def _list_context(request, division):
    prefetch_related_objects([division.competition], "phases")  # the deadline is read here and by the rules
    improvement_list = improvement_list_of(division)
    improvement_list.division = division
    deadline = services.list_deadline(division)
    return {"division": division, "competition": division.competition, "improvement_list": improvement_list,
            "deadline": deadline,
            "can_edit": request.user.has_perm("applications.edit_improvement_list", improvement_list),
            "is_officer": request.user.has_perm("applications.edit_grading_city", division),
            "is_secretariat": request.user.has_perm("applications.manage_grading", division)}


@permission_required("applications.view_grading_city", city_for)
def item_list(request, division, **_):
    filters = improvement_item_filter(division, request.GET)
    context = _list_context(request, division)
    context.update(page=paginate(request, filters.rows), reopen_form=ReopenForm(), due=filters.value("due"))
    return render(request, "grading/item_list.html", context)


@permission_required("applications.edit_grading_city", city_for)
def item_create(request, division, **_):
    form = ItemAddForm(request.POST or None, enterprises=GradingEnterprise.objects.filter(division=division),
                       industries=industries_of(division.competition))
    if form_submitted(request, form, lambda: services.improvement_items_add(
            division=division, enterprise=form.cleaned_data["enterprise"],
            industries=list(form.cleaned_data["industries"]), values=form.values(), by=request.user),
            success=lambda items: f"已新增 {len(items)} 行。"):
        return redirect("grading:list", division_pk=division.pk)
    return render(request, "grading/item_form.html", {"form": form, "division": division})


@permission_required("applications.edit_grading_city", item_for)
def item_edit(request, item, **_):
    division = item.improvement_list.division
    initial = {k: getattr(item, k) for k in ItemEditForm.VALUE_FIELDS} | {"industry": item.industry}
    form = ItemEditForm(request.POST or None, initial=initial, industries=industries_of(division.competition))
    if form_submitted(request, form, lambda: services.improvement_item_update(
            item=item, values=form.values(), by=request.user),
            success="已保存。"):
        return redirect("grading:list", division_pk=division.pk)
    return render(request, "grading/item_form.html", {"form": form, "division": division, "item": item})


@require_POST
@permission_required("applications.edit_grading_city", item_for)
def item_delete(request, item, **_):
    division = item.improvement_list.division
    run_action(request, lambda: services.improvement_item_delete(item=item, by=request.user),
               "已删除该行。")
    return redirect("grading:list", division_pk=division.pk)


@permission_required("applications.edit_grading_city", city_for)
def item_import(request, division, **_):
    return import_page(request, ImprovementItemImport(division, by=request.user), {"division": division})


@permission_required("applications.view_grading_city", city_for)
def item_template(request, division, **_):
    return ImprovementTemplateExporter(division=division).response()


@permission_required("applications.view_grading_city", city_for)
def item_export(request, division, **_):
    return ImprovementListExporter(competition=division.competition, division=division).response()


@permission_required("applications.manage_grading", managed_grading_competition_for)
def province_item_export(request, competition, **_):
    return start_export(request, kind="improvement_list_xlsx", params={"competition": competition.pk})


@require_POST
@permission_required("applications.edit_grading_city", city_for)
def list_submit(request, division, **_):
    run_action(request, lambda: services.improvement_list_submit(division=division, by=request.user),
               "清单已报省生态环境厅备案。")
    return redirect("grading:list", division_pk=division.pk)


@require_POST
@permission_required("applications.manage_grading", city_for)
def list_reopen(request, division, **_):
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写退回原因。")
        return redirect("grading:list", division_pk=division.pk)
    until = form.cleaned_data["extend_until"]
    until = timezone.make_aware(datetime.datetime.combine(until, datetime.time(23, 59, 59))) if until else None
    run_action(request, lambda: services.improvement_list_reopen(division=division, reason=form.cleaned_data["reason"], extend_until=until,
                                                             by=request.user),
               f"已退回{division.name}的清单。")
    return redirect("grading:list", division_pk=division.pk)
