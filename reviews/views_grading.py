"""Assessment pages: a city's assessments per batch, documents, the province's spot checks, downgrades after a
violation, the 附件4 list per batch, and the public disclosure page (no login, 404 until published)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from applications.models import GradingEnterprise
from applications.selectors_grading import (
    city_for,
    enterprise_for,
    industries_of,
    managed_grading_competition_for,
)
from greencomp.pages import form_submitted, paginate, run_action, run_form_action
from greencomp.permissions import permission_required
from greencomp.uploads import download_response, upload_check

from . import services_grading as services
from .exporters_grading import ABListExporter
from .forms_grading import AssessmentForm, DocumentForm, SpotCheckForm, ViolationForm
from .models import AssessmentBatch, Disclosure
from .selectors_grading import assessment_document_for, assessment_filter, assessment_for


@permission_required("applications.view_grading_city", city_for)
def assessment_list(request, division, **_):
    batches = list(AssessmentBatch.objects.filter(competition=division.competition).order_by("number"))
    filters = assessment_filter(division, batches, request.GET)
    batch = next((b for b in batches if str(b.pk) == filters.value("batch")), None)
    return render(request, "grading/assessment_list.html", {
        "division": division, "competition": division.competition, "batches": batches, "batch": batch,
        "page": paginate(request, filters.rows), "today": timezone.localdate(),
        "can_edit": request.user.has_perm("reviews.record_assessment", division),
    })


@permission_required("reviews.record_assessment", city_for)
def assessment_create(request, division, **_):
    batches = AssessmentBatch.objects.filter(competition=division.competition, deadline__gte=timezone.localdate())
    initial = {"assessed_on": timezone.localdate(), "batch": request.GET.get("batch"),
               "enterprise": request.GET.get("enterprise")}
    form = AssessmentForm(request.POST or None, request.FILES or None, initial=initial, batches=batches,
                          enterprises=GradingEnterprise.objects.filter(division=division),
                          industries=industries_of(division.competition))
    def record():
        data = form.cleaned_data
        if data["document"]:
            upload_check(data["document"], allowed=services.DOCUMENT_TYPES, field="document")
        assessment = services.assessment_record(
            batch=data["batch"], enterprise=data["enterprise"], industry=data["industry"], level=data["level"],
            assessed_on=data["assessed_on"], reviewers=data["reviewers"], notes=data["notes"], by=request.user)
        if data["document"]:
            services.assessment_document_add(assessment=assessment, upload=data["document"], by=request.user)
        return assessment
    done = form_submitted(request, form, record, success=lambda a: f"已录入“{a.enterprise}”的评定结果。")
    if done:
        return redirect("grading:assessment_detail", pk=done.result.pk)
    return render(request, "grading/assessment_form.html", {"form": form, "division": division})


@permission_required("applications.view_grading_city", assessment_for)
def assessment_detail(request, assessment, **_):
    division = assessment.enterprise.division
    is_officer = request.user.has_perm("reviews.record_assessment", division)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not is_officer:
            raise PermissionDenied
        if form_submitted(request, form, lambda: services.assessment_document_add(
                assessment=assessment, upload=form.cleaned_data["file"], by=request.user), success="材料已上传。"):
            return redirect("grading:assessment_detail", pk=assessment.pk)
    return render(request, "grading/assessment_detail.html", {
        "assessment": assessment, "division": division, "documents": assessment.documents.all(),
        "form": form, "can_upload": is_officer,
        "is_secretariat": request.user.has_perm("reviews.review_assessment", assessment),
        "spot_form": SpotCheckForm(initial={"outcome": assessment.spot_check or "selected"}),
    })


@require_POST
@permission_required("reviews.review_assessment", assessment_for)
def spot_check(request, assessment, **_):
    form = SpotCheckForm(request.POST)
    run_form_action(request, form, lambda: services.spot_check_mark(
        assessment=assessment, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"],
        corrected_level=form.cleaned_data["corrected_level"], by=request.user),
        "已记录现场抽查复核。", invalid="请选择复核结果。")
    return redirect("grading:assessment_detail", pk=assessment.pk)


@permission_required("reviews.download_assessment_document", assessment_document_for)
def document_download(request, document, **_):
    return download_response(document)


@permission_required("reviews.record_violation", enterprise_for)
def violation_create(request, enterprise, **_):
    division = enterprise.division
    links = [link for link in enterprise.industry_links.select_related("industry").order_by("industry__number")
             if link.level and link.level != "D"]
    initial = {"occurred_on": timezone.localdate()}
    if links:
        initial["level_after"] = services.one_step_down(links[0].level)
    form = ViolationForm(request.POST or None, links=links, initial=initial)
    if form_submitted(request, form, lambda: services.violation_record(
            enterprise=enterprise, by=request.user, **form.cleaned_data),
            success=lambda _: f"已记录环境违法问题，“{enterprise.name}”的“{form.cleaned_data['industry']}”行业已降级。"):
        return redirect("grading:enterprise_detail", pk=enterprise.pk)
    return render(request, "grading/violation_form.html", {"form": form, "enterprise": enterprise,
                                                           "division": division})


@permission_required("applications.view_grading_city", city_for)
def ab_list_export(request, division, batch_pk, **_):
    batch = get_object_or_404(AssessmentBatch.objects.filter(competition=division.competition), pk=batch_pk)
    return ABListExporter(batch=batch, division=division).response()


@permission_required("reviews.review_assessment", managed_grading_competition_for)
def province_ab_list_export(request, competition, batch_pk, **_):
    batch = get_object_or_404(AssessmentBatch.objects.filter(competition=competition), pk=batch_pk)
    return ABListExporter(batch=batch).response()


# ---- 信息公开 -------------------------------------------------------------------------------------------------

@require_POST
@permission_required("reviews.publish_disclosure", city_for)
def disclosure_publish(request, division, **_):
    if request.POST.get("action") == "withdraw":
        run_action(request, lambda: services.disclosure_withdraw(
            division=division, reason=request.POST.get("reason", ""), by=request.user),
            f"已撤回{division.name}的公告。")
    else:
        disclosure = services.disclosure_publish(division=division, by=request.user)
        messages.success(request, f"已公开{division.name}的 {len(disclosure.rows)} 家企业绩效评级结果。")
    return redirect("grading:dashboard", competition_pk=division.competition_id)


def public_disclosure(request, division_pk):
    """No login: the published (frozen) list only; nothing before the province publishes it."""
    disclosure = get_object_or_404(Disclosure.objects.select_related("division__competition"),
                                   division_id=division_pk)
    phase = disclosure.division.competition.phase("disclosure")
    return render(request, "grading/public_disclosure.html", {
        "disclosure": disclosure, "division": disclosure.division, "competition": disclosure.division.competition,
        "phase": phase, "page": paginate(request, disclosure.rows),
    })
