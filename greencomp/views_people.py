"""People of a competition: appointing division officers (on the division's page, or from an Excel sheet), the
searchable pickers' options, and the innovation contest's 参赛组织负责人 / 联络员 reports (seed 002 八（一））."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from competitions.models import Division
from competitions.selectors import competition_for, competitions_for

from . import services_people
from .exporters import text_date
from .exporters_people import DivisionContactsExporter
from .forms import RequiredReasonForm
from .forms_people import DivisionContactsForm, OfficerAppointForm, OfficerCreateForm, account_label
from .imports import import_page
from .imports_accounts import OFFICER_COLUMNS, OfficerImport
from .pages import form_submitted, paginate
from .permissions import permission_required
from .selectors_people import account_options, contact_rows, contacts_due, division_for, division_officers
from .xlsx import Sheet, render_xlsx

# ---- division officers ---------------------------------------------------------------------------------------


def _division(competition, division_pk) -> Division:
    return get_object_or_404(Division.objects.filter(competition=competition).select_related("competition"),
                             pk=division_pk)


@permission_required("greencomp.manage_officers", competition_for)
def officers(request, competition, pk, division_pk):
    """Appoint an existing account (searched) or a new one created here with its organisation."""
    division = _division(competition, division_pk)
    action = request.POST.get("mode") if request.method == "POST" else None
    appoint = OfficerAppointForm(request.POST if action == "existing" else None, prefix="existing")
    create = OfficerCreateForm(request.POST if action == "new" else None, prefix="new")
    form = {"existing": appoint, "new": create}.get(action)
    if form is not None and form_submitted(
            request, form, lambda: _appoint(action, division, form.cleaned_data, request.user),
            success=lambda membership: f"已任命 {membership.user.display_name} 为“{division.name}”赛区负责人，已通知本人。"):
        return redirect("competitions:division_edit", pk=competition.pk, division_pk=division.pk)
    return render(request, "people/officers.html", {
        "competition": competition, "division": division, "officers": division_officers(division),
        "appoint_form": appoint, "create_form": create, "form": form,
    })


def _appoint(action, division, data, by):
    if action == "existing":
        return services_people.officer_appoint(division=division, user=data["user"], by=by)
    return services_people.officer_appoint_new(division=division, full_name=data["full_name"], phone=data["phone"],
                                               email=data["email"], organisation_name=data["organisation_name"],
                                               title=data["title"], by=by)


@require_POST
@permission_required("greencomp.manage_officers", competition_for)
def officer_remove(request, competition, pk, division_pk, membership_pk):
    division = _division(competition, division_pk)
    membership = get_object_or_404(division_officers(division), pk=membership_pk)
    form = RequiredReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "取消赛区负责人须填写原因，未取消。")
    else:
        services_people.officer_remove(membership=membership, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, f"已取消 {membership.user.display_name} 的“{division.name}”赛区负责人角色，已通知本人。")
    return redirect("competitions:division_edit", pk=competition.pk, division_pk=division.pk)


@permission_required("greencomp.manage_officers", competition_for)
def officer_import(request, competition, pk):
    return import_page(request, OfficerImport(competition, by=request.user), {"competition": competition})


@permission_required("greencomp.manage_officers", competition_for)
def officer_import_template(request, competition, pk):
    first = Division.objects.filter(competition=competition).order_by("order", "id").first()
    example = [first.name if first else "郑州市", "张三", "13812345678", "zhangsan@example.com", "郑州市总工会", "副主席"]
    return render_xlsx(Sheet(title=f"{competition.title}赛区负责人批量任命", headers=list(OFFICER_COLUMNS),
                             rows=[example]), "赛区负责人导入模板")


# ---- the searchable pickers' options (static/js/searchable.js) --------------------------------------------------

@permission_required("greencomp.search_accounts")
def account_options_json(request):
    return JsonResponse({"results": [{"value": u.pk, "text": account_label(u)}
                                     for u in account_options(request.GET.get("q", ""))]})


@permission_required("greencomp.search_accounts")
def division_options_json(request):
    """The divisions of the chosen competition only (a role's 赛区 picker follows its 竞赛 picker)."""
    pk = request.GET.get("competition", "")
    competition = competitions_for(request.user).filter(pk=pk).first() if pk.isdigit() else None
    if competition is None or not request.user.has_perm("greencomp.manage_officers", competition):
        raise Http404
    divisions = Division.objects.filter(competition=competition).order_by("order", "id").values_list("pk", "name")
    return JsonResponse({"results": [{"value": d_pk, "text": name} for d_pk, name in divisions]})


# ---- 参赛组织负责人和联络员 (seed 002 八（一）) --------------------------------------------------------------------

@permission_required("greencomp.report_contacts", division_for)
def contacts(request, division, division_pk):
    form = DivisionContactsForm(request.POST or None, instance=division)
    if form_submitted(request, form, lambda: services_people.division_contacts_report(
            division=division, data=form.cleaned_data, by=request.user),
            success="已报送参赛组织负责人和联络员信息。"):
        return redirect("people:contacts", division_pk=division.pk)
    return render(request, "people/contacts_form.html", {
        "division": division, "competition": division.competition, "form": form,
        "due_text": text_date(contacts_due(division.competition)),
        "can_view_all": request.user.has_perm("greencomp.view_contacts", division.competition),
    })


@permission_required("greencomp.view_contacts", competition_for)
def contacts_table(request, competition, pk):
    divisions = contact_rows(competition)
    due = contacts_due(competition)
    page = paginate(request, divisions)
    return render(request, "people/contacts_table.html", {
        "competition": competition, "page": page, "due_text": text_date(due),
        "overdue": due is not None and timezone.localdate() > due,
        "missing": divisions.filter(contacts_reported_at__isnull=True).count(),
    })


@permission_required("greencomp.view_contacts", competition_for)
def contacts_export(request, competition, pk):
    exporter = DivisionContactsExporter(competition=competition, divisions=contact_rows(competition))
    return exporter.response(request.GET.get("format"))

