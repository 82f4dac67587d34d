"""Pages of labour-competition registration: the officer's division and its entries, Excel import, submitting
the list, the secretariat's fill-rate page, the 附件2 exports and the enterprise's own reporting.

Every object is looked up through a selector scoped to the user, so a foreign one is a 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from competitions.enums import CompetitionKind, PhaseKind
from greencomp.imports import import_page
from greencomp.pages import (
    current_division_page,
    form_submitted,
    paginate,
    query_without_page,
    run_action,
    run_form_action,
)
from greencomp.permissions import permission_required
from greencomp.selectors import competitions_for, current_competition
from greencomp.uploads import download_response
from greencomp.xlsx import Sheet, render_xlsx
from notifications.responses import start_export

from . import services_labour as services
from .exporters_labour import (
    DivisionSummaryExporter,
    EvaluationExporter,
    FillRateExporter,
    IndicatorExporter,
)
from .filters_labour import REPORT_STATES
from .forms_labour import (
    DocumentForm,
    EntryEditForm,
    EntryForm,
    ExtensionForm,
    IndicatorForm,
    ReasonForm,
    SubmissionForm,
)
from .imports_labour import EntryImport
from .models import EntryDocument, EntryIndicator
from .selectors_labour import (
    EVALUATION_MEASURES,
    division_entries,
    entries_for,
    entry_evaluation,
    fill_rate_cells,
    fill_rate_rows,
    indicators_for_entries,
    is_late,
    labour_competition_for,
    labour_division_for,
    labour_entry_for,
    managed_labour_competition_for,
    officer_divisions,
    registering_division_for,
    report_filter,
    submission_of,
)

# ---- the officer's division ---------------------------------------------------------------------------------

@login_required
def my_divisions(request):
    divisions = list(officer_divisions(request.user).prefetch_related("competition__phases"))
    rows = []
    for d in divisions:
        deadline = d.deadline(PhaseKind.REGISTRATION)
        submission = submission_of(d)
        rows.append({"division": d, "deadline": deadline, "submission": submission,
                     "late": is_late(d, deadline, submission)})
    if not rows and not request.user.has_perm("competitions.manage_platform"):
        raise Http404
    return render(request, "applications/labour/my_divisions.html", {"rows": rows})


@login_required
def register_start(request):
    """参赛单位登记: the officer's division in the current competition (else their first one)."""
    return current_division_page(request, officer_divisions(request.user), "labour:division")


@permission_required("competitions.view_division", labour_division_for)
def division_detail(request, division, pk):
    entries = division_entries(division)
    submission = submission_of(division)
    deadline = division.deadline(PhaseKind.REGISTRATION)
    quota = division.quota.entries if hasattr(division, "quota") else 0
    # Plain dicts and URL prefixes keep a 1,000-row table fast to render (no model instances, no reverse per row).
    entry_list = list(entries.values("pk", "organisation__name", "project", "project_address", "contact_name",
                                     "contact_phone"))
    can_register = request.user.has_perm("applications.register_labour_entry", division)
    closed = bool(deadline and timezone.now() > deadline)
    return render(request, "applications/labour/division_detail.html", {
        "division": division, "entries": entry_list, "submission": submission, "deadline": deadline,
        "quota": quota, "left": max(quota - len(entry_list), 0), "closed": closed,
        "late": is_late(division, deadline, submission),
        "editable": can_register and not closed and not submission.is_submitted,
        "can_register": can_register,
        "can_manage": request.user.has_perm("applications.manage_labour_division", division),
        "reason_form": ReasonForm(), "extension_form": ExtensionForm(),
        "entry_prefix": reverse("labour:entry", args=[0])[:-2],
    })


@permission_required("applications.register_labour_entry", registering_division_for)
def entry_create(request, division, pk):
    form = EntryForm(request.POST or None)
    if form_submitted(request, form, lambda: services.entry_register(division=division, **form.cleaned_data,
                                                                     by=request.user),
                      success=lambda entry: f"已登记参赛单位：{entry.organisation.name}。"):
        return redirect("labour:division", pk=division.pk)
    return render(request, "applications/labour/entry_form.html", {"form": form, "division": division})


@permission_required("applications.register_labour_entry", labour_entry_for)
def entry_edit(request, entry, pk):
    form = EntryEditForm(request.POST or None, entry=entry, initial={
        "project": entry.project, "project_address": entry.project_address, "contact_name": entry.contact_name,
        "contact_phone": entry.contact_phone, "industry": entry.industry})
    if form_submitted(request, form, lambda: services.entry_update(entry=entry, **{
            k: v for k, v in form.cleaned_data.items() if k not in ("organisation_name", "credit_code")},
            by=request.user), success="已保存修改。"):
        return redirect("labour:division", pk=entry.division_id)
    return render(request, "applications/labour/entry_form.html", {"form": form, "division": entry.division,
                                                                   "entry": entry})


@require_POST
@permission_required("applications.register_labour_entry", labour_entry_for)
def entry_withdraw(request, entry, pk):
    run_action(request, lambda: services.entry_withdraw(entry=entry, reason=request.POST.get("reason", "")[:500], by=request.user),
               f"已撤回参赛单位：{entry.organisation.name}。")
    return redirect("labour:division", pk=entry.division_id)


# ---- Excel import -------------------------------------------------------------------------------------------

@permission_required("applications.register_labour_entry", labour_division_for)
def entry_import(request, division, pk):
    return import_page(request, EntryImport(division, by=request.user), {"division": division})


@login_required
def import_template(request):
    example = ["1", "河南示例钢铁有限公司", "91410100MA9G7B3H04", "钢铁", "烧结烟气余热回收节能改造",
               "郑州市上街区工业路1号", "张三", "13812345678"]
    sheet = Sheet(title="参赛单位导入模板（附件2格式）", headers=["序号", *EntryImport.columns], rows=[example])
    return render_xlsx(sheet, "参赛单位导入模板")


# ---- submitting the list ------------------------------------------------------------------------------------

@permission_required("applications.register_labour_entry", labour_division_for)
def submission_submit(request, division, pk):
    submission = submission_of(division)
    initial = {"leader_name": submission.leader_name or division.leader_name,
               "filler_name": submission.filler_name or division.liaison_name,
               "filler_phone": submission.filler_phone or division.liaison_phone}
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    if form_submitted(request, form, lambda: services.submission_submit(division=division, **form.cleaned_data,
                                                                        by=request.user),
                      success="参赛名单已报送，名单已锁定。"):
        return redirect("labour:division", pk=division.pk)
    return render(request, "applications/labour/submission_form.html", {
        "form": form, "division": division, "submission": submission,
        "count": division_entries(division).count(), "deadline": division.deadline(PhaseKind.REGISTRATION)})


@permission_required("competitions.view_division", labour_division_for)
def plan_download(request, division, pk):
    submission = submission_of(division)
    plan = getattr(submission, "plan", None)
    if plan is None:
        raise Http404
    return download_response(plan)


@require_POST
@permission_required("applications.manage_labour_division", labour_division_for)
def submission_reopen(request, division, pk):
    form = ReasonForm(request.POST)
    run_form_action(request, form, lambda: services.submission_reopen(
        division=division, reason=form.cleaned_data["reason"], by=request.user),
        f"已退回“{division.name}”赛区参赛名单，赛区可修改后重新报送。", invalid="请填写退回修改的原因。")
    return redirect("labour:division", pk=division.pk)


@require_POST
@permission_required("applications.manage_labour_division", labour_division_for)
def division_extend(request, division, pk):
    form = ExtensionForm(request.POST)
    run_form_action(request, form, lambda: services.division_extend(
        division=division, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"], by=request.user),
        lambda _: f"已将“{division.name}”赛区的截止时间延至{services.format_deadline(form.cleaned_data['until'])}。")
    return redirect("labour:division", pk=division.pk)


# ---- summary tables (附件2) ------------------------------------------------------------------------------------

@permission_required("competitions.view_division", labour_division_for)
def division_export_xlsx(request, division, pk):
    return DivisionSummaryExporter(division).response()


@permission_required("competitions.view_division", labour_division_for)
def division_export_pdf(request, division, pk):
    return DivisionSummaryExporter(division).response("pdf")


def _fill_scope(request) -> dict:
    """The fill-rate filters (报送情况, a search of the division's name), as the page, its exports and the
    export job (which runs fill_rate_rows again with them) read them."""
    return {"status": request.GET.get("status", ""), "q": request.GET.get("q", "").strip()}


def _fill_rows(request, competition):
    """The secretariat sees every division, an officer their own row (fill_rate_rows scopes them)."""
    return fill_rate_rows(request.user, competition, **_fill_scope(request))


@permission_required("applications.export_labour_summary", managed_labour_competition_for)
def competition_export_xlsx(request, competition, pk):
    _fill_rows(request, competition)  # the same scope check; the job builds the rows again as this user
    return start_export(request, kind="labour_summary_xlsx", params=_export_params(request, competition))


@permission_required("applications.export_labour_summary", managed_labour_competition_for)
def competition_export_pdf(request, competition, pk):
    _fill_rows(request, competition)
    return start_export(request, kind="labour_summary_pdf", params=_export_params(request, competition))


def _export_params(request, competition) -> dict:
    return {"competition": competition.pk, **_fill_scope(request)}


# ---- fill rate ----------------------------------------------------------------------------------------------

@login_required
def fill_rate_current(request):
    competition = current_competition(request)
    if competition is None or competition.kind != CompetitionKind.LABOUR:
        competition = competitions_for(request.user).filter(kind=CompetitionKind.LABOUR).first()
    if competition is None:
        raise Http404
    return redirect("labour:fill_rate", pk=competition.pk)


@permission_required("applications.view_labour_fill_rate", labour_competition_for)
def fill_rate(request, competition, pk):
    rows = fill_rate_cells(_fill_rows(request, competition))
    totals = {"quota": sum(r["quota"] for r in rows), "registered": sum(r["registered"] for r in rows),
              "submitted": sum(r["submitted"] for r in rows), "late": sum(r["late"] for r in rows)}
    totals["percent"] = min(100, round(totals["registered"] * 100 / totals["quota"])) if totals["quota"] else 0
    return render(request, "applications/labour/fill_rate.html", {
        "competition": competition, "rows": rows, "totals": totals, **_fill_scope(request),
        "query": request.GET.urlencode(),
        "is_secretariat": request.user.has_perm("applications.export_labour_summary", competition)})


@permission_required("applications.view_labour_fill_rate", labour_competition_for)
def fill_rate_export(request, competition, pk):
    return FillRateExporter(competition, _fill_rows(request, competition)).response()


# ---- indicators (officer, secretariat) ----------------------------------------------------------------------

@permission_required("competitions.view_division", labour_division_for)
def division_indicators_export(request, division, pk):
    entries = indicators_for_entries(division_entries(division).select_related("division"))
    return IndicatorExporter(f"{division.competition.title}-{division.name}", entries).response()


@permission_required("applications.view_labour_fill_rate", labour_competition_for)
def competition_indicators_export(request, competition, pk):
    entries = entries_for(request.user).filter(competition=competition)
    if not request.user.has_perm("applications.export_labour_summary", competition):
        entries = entries.filter(division__in=officer_divisions(request.user).values("pk"))
    return IndicatorExporter(competition.title, indicators_for_entries(entries.order_by("division__order",
                                                                                          "division_id", "id"))
                             ).response()


# ---- the division's year-end materials and evaluation (seed 001 三) ------------------------------------------

def _report_page(request, division, size):
    filters = report_filter(division, request.GET)
    page = paginate(request, filters.rows, size=size)
    rows = [{"entry": e, "evaluation": entry_evaluation(e.indicators.all())} for e in page]
    return {"division": division, "page": page, "rows": rows, "q": filters.value("q"),
            "state": filters.value("state"), "states": REPORT_STATES, "filters": filters,
            "query": query_without_page(request), "offset": page.start_index() - 1 if rows else 0,
            "can_report": request.user.has_perm("applications.register_labour_entry", division)}


@permission_required("competitions.view_division", labour_division_for)
def division_reports(request, division, pk):
    """方案 / 总结 / 指标 per entry: the officer sees who has not reported and records it for those without an
    account."""
    return render(request, "applications/labour/division_reports.html", _report_page(request, division, 50))


@permission_required("competitions.view_division", labour_division_for)
def division_evaluation(request, division, pk):
    return render(request, "applications/labour/division_evaluation.html",
                  {**_report_page(request, division, 20), "measures": EVALUATION_MEASURES})


@permission_required("competitions.view_division", labour_division_for)
def division_evaluation_xlsx(request, division, pk):
    return EvaluationExporter(division).response("xlsx")


@permission_required("competitions.view_division", labour_division_for)
def division_evaluation_pdf(request, division, pk):
    return EvaluationExporter(division).response("pdf")


# ---- the enterprise -----------------------------------------------------------------------------------------

@login_required
def my_entries(request):
    org_id = request.user.organisation_id
    if not org_id:
        raise Http404
    entries = entries_for(request.user).filter(organisation_id=org_id).order_by("-competition__year", "-id")
    return render(request, "applications/labour/my_entries.html",
                  {"page": paginate(request, indicators_for_entries(entries)),
                   "document_kinds": [EntryDocument.Kind.PLAN, EntryDocument.Kind.SUMMARY]})


@login_required
def entry_detail(request, pk):
    entry = get_object_or_404(indicators_for_entries(entries_for(request.user)), pk=pk)
    indicators = {i.period: i for i in entry.indicators.all()}
    documents = {d.kind: d for d in entry.documents.all()}
    return render(request, "applications/labour/entry_detail.html", {
        "entry": entry, "evaluation": entry_evaluation(indicators.values()),
        "is_enterprise": request.user.organisation_id == entry.organisation_id,
        "documents": [(kind, label, documents.get(kind)) for kind, label in EntryDocument.Kind.choices],
        "indicators": [(period, label, indicators.get(period)) for period, label in EntryIndicator.Period.choices],
        "contest": indicators.get(EntryIndicator.Period.CONTEST),
        "can_report": request.user.has_perm("applications.report_labour_entry", entry),
        "document_form": DocumentForm(),
    })


@require_POST
@permission_required("applications.report_labour_entry", labour_entry_for)
def document_upload(request, entry, pk, kind):
    if kind not in EntryDocument.Kind.values:
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    run_form_action(request, form, lambda: services.entry_document_upload(
        entry=entry, kind=kind, upload=form.cleaned_data["file"], by=request.user),
        f"已上传{EntryDocument.Kind(kind).label}。", invalid="请选择要上传的文件。")
    return redirect("labour:entry", pk=entry.pk)


@login_required
def document_download(request, pk):
    document = get_object_or_404(EntryDocument.objects.filter(entry__in=entries_for(request.user)), pk=pk)
    return download_response(document)


@permission_required("applications.report_labour_entry", labour_entry_for)
def indicator_edit(request, entry, pk, period):
    if period not in EntryIndicator.Period.values:
        raise Http404
    instance = entry.indicators.filter(period=period).first() or EntryIndicator(
        entry=entry, period=period, year=entry.competition.year - (1 if period == EntryIndicator.Period.BASELINE else 0))
    form = IndicatorForm(request.POST or None, instance=instance)
    if form_submitted(request, form, lambda: services.entry_indicator_save(
            entry=entry, period=period, values=form.cleaned_data, by=request.user), success="指标已保存。"):
        return redirect("labour:entry", pk=entry.pk)
    return render(request, "applications/labour/indicator_form.html", {
        "form": form, "entry": entry, "period": period, "period_label": EntryIndicator.Period(period).label,
        "on_behalf": services.acting_on_behalf(entry, request.user)})
