"""成果展示 (public gallery and project page), the banks' registration, interest and list, the applicant's
consent and answers, and the secretariat's matchmaking table with the 对接清单 export."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from greencomp.pages import form_submitted, paginate, query_without_page, run_action
from greencomp.permissions import permission_required

from . import services
from .display import consent_of, number_text, optional_fields, project_view
from .enums import BENEFIT_KEYS
from .exporters import MatchmakingExporter
from .forms import BankRegistrationForm, ConsentForm, InterestDecisionForm, InterestForm
from .rules import is_bank_user
from .selectors import (
    bank_interests_by_project,
    gallery_filter,
    gallery_projects,
    gallery_totals,
    interests_of_bank,
    interests_received_for,
    matchmaking_counts,
    matchmaking_filter,
    showcase_applications_for,
)


def _charts(totals: dict) -> dict:
    def series(rows):
        return {"labels": [r["label"] for r in rows],
                "energy_saving": [float(r.get("energy_saving", 0)) for r in rows],
                "water_saving": [float(r.get("water_saving", 0)) for r in rows],
                "co2_reduction": [float(r.get("co2_reduction", 0)) for r in rows]}

    return {"tracks": series(totals["tracks"]), "cities": series(totals["cities"])}


def gallery(request):
    filters = gallery_filter(request.GET)
    projects = filters.rows
    page = paginate(request, projects, size=12)
    bank = is_bank_user(request.user)
    interests = bank_interests_by_project(request.user, [a.pk for a in page])
    cards = [project_view(a, bank_viewer=bank, interest=interests.get(a.pk)) for a in page]
    totals = gallery_totals(projects)
    for row in totals["tracks"] + totals["cities"]:
        row["texts"] = [number_text(row.get(k)) for k in BENEFIT_KEYS]
    return render(request, "showcase/gallery.html", {
        "filters": filters, "page": page, "cards": cards, "totals": totals, "charts": _charts(totals),
        "query": query_without_page(request, "format"), "is_bank": bank})


def project_detail(request, pk):
    application = get_object_or_404(gallery_projects(), pk=pk)
    bank = is_bank_user(request.user)
    interest = bank_interests_by_project(request.user, [application.pk]).get(application.pk)
    return render(request, "showcase/project_detail.html", {
        "project": project_view(application, bank_viewer=bank, interest=interest), "is_bank": bank})


@permission_required("showcase.express_interest", lambda user, pk: get_object_or_404(gallery_projects(), pk=pk))
def interest_create(request, application, pk):
    view = project_view(application, bank_viewer=True)
    form = InterestForm(request.POST or None)
    if form_submitted(request, form, lambda: services.interest_express(
            application=application, message=form.cleaned_data["message"], by=request.user),
            success=f"已向“{view.title}”的申报单位发送对接意向，对方回复后您将在消息中心收到通知。"):
        return redirect("showcase:bank_interests")
    return render(request, "showcase/interest_form.html", {"form": form, "project": view})


@permission_required("showcase.view_own_interests")
def bank_interests(request):
    page = paginate(request, interests_of_bank(request.user))
    rows = [{"interest": i, "project": project_view(i.application, bank_viewer=True, interest=i)} for i in page]
    return render(request, "showcase/bank_interests.html", {"page": page, "rows": rows})


def bank_register(request):
    form = BankRegistrationForm(request.POST or None)
    if form_submitted(request, form,
                      lambda: services.bank_register(**{k: v for k, v in form.registration().items() if k != "kind"})):
        return render(request, "showcase/bank_register_done.html", {"name": form.cleaned_data["organisation_name"]})
    return render(request, "showcase/bank_register.html", {"form": form})


@permission_required("showcase.manage_consent")
def my_projects(request):
    page = paginate(request, showcase_applications_for(request.user))
    rows = [{"application": a, "consent": consent_of(a), "project": project_view(a),
             "interests": list(a.financing_interests.all())} for a in page]
    return render(request, "showcase/my_projects.html", {"page": page, "rows": rows,
                                                         "decision_form": InterestDecisionForm()})


@permission_required("showcase.manage_consent",
                     lambda user, pk: get_object_or_404(showcase_applications_for(user), pk=pk))
def consent_edit(request, application, pk):
    consent = consent_of(application)
    form = ConsentForm(request.POST or None, application=application, initial=ConsentForm.initial_for(consent))
    if form_submitted(request, form, lambda: services.consent_record(
            application=application, show_in_gallery=form.cleaned_data["show_in_gallery"],
            shown_fields=form.cleaned_data["shown_fields"], contact_public=form.cleaned_data["contact_public"],
            financing_shared=form.cleaned_data["financing_shared"],
            financing_need=form.cleaned_data["financing_need"],
            financing_purpose=form.cleaned_data["financing_purpose"],
            financing_stage=form.cleaned_data["financing_stage"], by=request.user),
            success=f"已保存“{application}”的展示设置。"):
        return redirect("showcase:mine")
    return render(request, "showcase/consent_form.html", {
        "form": form, "application": application, "consent": consent, "fields": optional_fields(application)})


@permission_required("showcase.decide_interest",
                     lambda user, pk: get_object_or_404(interests_received_for(user), pk=pk))
@require_POST
def interest_decide(request, interest, pk):
    form = InterestDecisionForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    run_action(request, lambda: services.interest_decide(interest=interest, accept=accept, reply=form.cleaned_data.get("reply", ""),
                                                     by=request.user),
               f"已{'同意' if accept else '婉拒'}{interest.bank.name}的对接意向。")
    return redirect("showcase:mine")


@permission_required("showcase.view_matchmaking")
def matchmaking(request):
    filters = matchmaking_filter(request.user, request.GET)
    interests = filters.rows
    if request.GET.get("format") in ("xlsx", "pdf"):
        return MatchmakingExporter(interests, scope=filters.scope()).response(request.GET["format"])
    page = paginate(request, interests)
    rows = [{"interest": i, "project": project_view(i.application, bank_viewer=True, interest=i)} for i in page]
    return render(request, "showcase/matchmaking.html", {
        "filters": filters, "page": page, "rows": rows, "counts": matchmaking_counts(interests),
        "query": query_without_page(request, "format")})
