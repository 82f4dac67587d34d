"""City pages of the grading campaign: the enterprise register and the 绩效提升企业清单 (附件3). Every object is
looked up through a selector scoped to the user, so another city's officer gets a 404 and writes nothing."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from competitions import rules as roles
from greencomp.forms import ImportUploadForm
from greencomp.imports import read_table, sign_rows, unsign_rows
from greencomp.views import form_errors_to, paginate
from notifications.views import start_export

from . import services_grading as services
from .exporters_grading import (
    EnterpriseRegisterExporter,
    EnterpriseTemplateExporter,
    ImprovementListExporter,
    ImprovementTemplateExporter,
)
from .forms_grading import EnterpriseForm, ItemAddForm, ItemEditForm, ReopenForm
from .models import GradingEnterprise, ImprovementList
from .selectors_grading import (
    enterprises_for,
    enterprises_of,
    grading_competitions_for,
    improvement_items_of,
    improvement_list_of,
    industries_of,
    is_grading_secretariat,
    items_for,
    officer_divisions,
    visible_divisions,
)

ITEM_COLUMNS = {
    "省辖市": "city", "县（市、区）": "county", "企业名称": "name", "重点行业类型": "industry", "重点行业分支": "branch",
    "绩效现状": "current_level", "绩效提升目标": "target_level", "差异化指标": "indicator", "存在问题": "problems",
    "改造措施": "measures", "拟完成时间": "due_date", "备注": "remarks",
}
ITEM_REQUIRED = {"county", "name", "industry", "target_level", "indicator", "problems", "measures", "due_date"}
ENTERPRISE_COLUMNS = {"县（市、区）": "county", "企业名称": "name", "统一社会信用代码": "credit_code",
                      "重点行业": "industries", "绩效等级": "level"}
ENTERPRISE_REQUIRED = {"county", "name", "industries"}
ITEM_SALT = "grading.items.import"
ENTERPRISE_SALT = "grading.enterprises.import"


def city_or_404(user, division_pk):
    return get_object_or_404(visible_divisions(user).select_related("competition"), pk=division_pk)


def require_officer(user, division):
    """Writes to a city's register, list and assessments are the city officer's (the province reads)."""
    if not roles.is_division_officer(user, division):
        raise PermissionDenied


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

@login_required
def enterprise_list(request, division_pk):
    division = city_or_404(request.user, division_pk)
    enterprises = enterprises_of(division)
    q = request.GET.get("q", "").strip()
    if q:
        enterprises = enterprises.filter(name__icontains=q)
    return render(request, "grading/enterprise_list.html", {
        "division": division, "competition": division.competition, "page": paginate(request, enterprises), "q": q,
        "can_edit": roles.is_division_officer(request.user, division),
    })


def _enterprise_form(request, division, enterprise=None):
    require_officer(request.user, division)
    initial = {}
    if enterprise is not None:
        initial = {"county": enterprise.county, "name": enterprise.name, "credit_code": enterprise.credit_code,
                   "level": enterprise.level, "industries": list(enterprise.industries.all())}
    form = EnterpriseForm(request.POST or None, initial=initial, industries=industries_of(division.competition))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.enterprise_save(
                division=division, enterprise=enterprise, name=data["name"], county=data["county"],
                credit_code=data["credit_code"], industries=list(data["industries"]), level=data["level"],
                by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, f"已保存企业“{saved.name}”。")
            return redirect("grading:enterprise_detail", pk=saved.pk)
    return render(request, "grading/enterprise_form.html", {"form": form, "division": division,
                                                            "enterprise": enterprise})


@login_required
def enterprise_create(request, division_pk):
    return _enterprise_form(request, city_or_404(request.user, division_pk))


@login_required
def enterprise_edit(request, pk):
    enterprise = get_object_or_404(enterprises_for(request.user), pk=pk)
    return _enterprise_form(request, enterprise.division, enterprise)


@login_required
def enterprise_detail(request, pk):
    from reviews.forms_grading import ViolationForm
    from reviews.services_grading import one_step_down

    enterprise = get_object_or_404(enterprises_for(request.user).prefetch_related("industry_links__industry"), pk=pk)
    division = enterprise.division
    history = enterprise.level_changes.select_related("by").order_by("-changed_on", "-id")
    assessments = enterprise.assessments.select_related("batch", "industry").order_by("-assessed_on", "-id")
    violations = enterprise.violations.select_related("recorded_by").order_by("-occurred_on", "-id")
    return render(request, "grading/enterprise_detail.html", {
        "enterprise": enterprise, "division": division, "history": history, "assessments": assessments,
        "violations": violations, "items": enterprise.improvement_items.select_related("industry"),
        "can_edit": roles.is_division_officer(request.user, division),
        "can_downgrade": bool(enterprise.level) and enterprise.level != "D" and (
            roles.is_division_officer(request.user, division)
            or is_grading_secretariat(request.user, division.competition)),
        "violation_form": ViolationForm(initial={"level_after": one_step_down(enterprise.level),
                                                 "occurred_on": timezone.localdate()}),
    })


@login_required
def enterprise_import(request, division_pk):
    division = city_or_404(request.user, division_pk)
    require_officer(request.user, division)
    return _import(request, division, columns=ENTERPRISE_COLUMNS, required=ENTERPRISE_REQUIRED,
                   salt=ENTERPRISE_SALT, validate=services.validate_enterprise_rows, save=services.enterprises_import,
                   template="grading/enterprise_import.html", done="grading:enterprise_list", what="家企业")


@login_required
def enterprise_template(request, division_pk):
    city_or_404(request.user, division_pk)
    return EnterpriseTemplateExporter().response()


@login_required
def enterprise_export(request, division_pk):
    return EnterpriseRegisterExporter(division=city_or_404(request.user, division_pk)).response()


# ---- improvement list (附件3) ---------------------------------------------------------------------------------

def _list_context(request, division):
    improvement_list = improvement_list_of(division)
    deadline = services.list_deadline(division)
    is_officer = roles.is_division_officer(request.user, division)
    is_open = improvement_list.status == ImprovementList.Status.DRAFT and (deadline is None
                                                                           or timezone.now() <= deadline)
    return {"division": division, "competition": division.competition, "improvement_list": improvement_list,
            "deadline": deadline, "can_edit": is_officer and is_open, "is_officer": is_officer,
            "is_secretariat": is_grading_secretariat(request.user, division.competition)}


@login_required
def item_list(request, division_pk):
    division = city_or_404(request.user, division_pk)
    items = improvement_items_of(division)
    due = request.GET.get("due", "")
    if due in ("overdue", "soon"):
        from quotas.selectors_grading import DUE_SOON_DAYS, achieved_q

        today = timezone.localdate()
        items = items.exclude(achieved_q()).filter(
            due_date__lt=today) if due == "overdue" else items.exclude(achieved_q()).filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    context = _list_context(request, division)
    context.update(page=paginate(request, items), reopen_form=ReopenForm(), due=due)
    return render(request, "grading/item_list.html", context)


@login_required
def item_create(request, division_pk):
    division = city_or_404(request.user, division_pk)
    require_officer(request.user, division)
    form = ItemAddForm(request.POST or None, enterprises=GradingEnterprise.objects.filter(division=division),
                       industries=industries_of(division.competition))
    if request.method == "POST" and form.is_valid():
        try:
            items = services.improvement_items_add(
                division=division, enterprise=form.cleaned_data["enterprise"],
                industries=list(form.cleaned_data["industries"]), values=form.values(), by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, f"已新增 {len(items)} 行。")
            return redirect("grading:list", division_pk=division.pk)
    return render(request, "grading/item_form.html", {"form": form, "division": division})


@login_required
def item_edit(request, pk):
    item = get_object_or_404(items_for(request.user), pk=pk)
    division = item.improvement_list.division
    require_officer(request.user, division)
    initial = {k: getattr(item, k) for k in ItemEditForm.VALUE_FIELDS} | {"industry": item.industry}
    form = ItemEditForm(request.POST or None, initial=initial, industries=industries_of(division.competition))
    if request.method == "POST" and form.is_valid():
        try:
            services.improvement_item_update(item=item, values=form.values(), by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("grading:list", division_pk=division.pk)
    return render(request, "grading/item_form.html", {"form": form, "division": division, "item": item})


@login_required
@require_POST
def item_delete(request, pk):
    item = get_object_or_404(items_for(request.user), pk=pk)
    division = item.improvement_list.division
    require_officer(request.user, division)
    try:
        services.improvement_item_delete(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已删除该行。")
    return redirect("grading:list", division_pk=division.pk)


@login_required
def item_import(request, division_pk):
    division = city_or_404(request.user, division_pk)
    require_officer(request.user, division)
    return _import(request, division, columns=ITEM_COLUMNS, required=ITEM_REQUIRED, salt=ITEM_SALT,
                   validate=services.validate_item_rows, save=services.improvement_items_import,
                   template="grading/item_import.html", done="grading:list", what="行")


def _import(request, division, *, columns, required, salt, validate, save, template, done, what):
    """Upload → preview with row-level errors → confirm; nothing is saved unless every row is valid."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "division": division, "columns": list(columns)}
    if request.method == "POST" and "token" in request.POST:
        try:
            count = save(division=division, values_list=unsign_rows(request.POST["token"], f"{salt}.{division.pk}"),
                         by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return render(request, template, context)
        messages.success(request, f"已导入 {count} {what}。")
        return redirect(done, division_pk=division.pk)
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_table(form.cleaned_data["file"], columns, required)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            validate(rows, division=division, industries={i.name: i for i in industries_of(division.competition)})
            for r in rows:
                r.shown = [r.values.get(key, "") for key in columns.values()]
            bad = [r for r in rows if r.errors]
            context.update(rows=rows, bad=bad)
            if bad:
                context["summary"] = "；".join(f"第{r.line}行：{'；'.join(r.errors)}" for r in bad)
            else:
                context["token"] = sign_rows(rows, f"{salt}.{division.pk}")
    return render(request, template, context)


@login_required
def item_template(request, division_pk):
    return ImprovementTemplateExporter(division=city_or_404(request.user, division_pk)).response()


@login_required
def item_export(request, division_pk):
    division = city_or_404(request.user, division_pk)
    return ImprovementListExporter(competition=division.competition, division=division).response()


@login_required
def province_item_export(request, competition_pk):
    competition = get_object_or_404(grading_competitions_for(request.user), pk=competition_pk)
    if not is_grading_secretariat(request.user, competition):
        raise Http404
    return start_export(request, kind="improvement_list_xlsx", params={"competition": competition.pk})


@login_required
@require_POST
def list_submit(request, division_pk):
    division = city_or_404(request.user, division_pk)
    require_officer(request.user, division)
    try:
        services.improvement_list_submit(division=division, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "清单已报省生态环境厅备案。")
    return redirect("grading:list", division_pk=division.pk)


@login_required
@require_POST
def list_reopen(request, division_pk):
    division = city_or_404(request.user, division_pk)
    if not is_grading_secretariat(request.user, division.competition):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写退回原因。")
        return redirect("grading:list", division_pk=division.pk)
    until = form.cleaned_data["extend_until"]
    until = timezone.make_aware(datetime.datetime.combine(until, datetime.time(23, 59, 59))) if until else None
    try:
        services.improvement_list_reopen(division=division, reason=form.cleaned_data["reason"], extend_until=until,
                                         by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已退回{division.name}的清单。")
    return redirect("grading:list", division_pk=division.pk)
