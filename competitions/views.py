from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from greencomp import competition_setup
from greencomp.forms_setup import AwardRowFormSet, BatchRowFormSet
from greencomp.imports import import_page
from greencomp.navigation import competition_tools
from greencomp.pages import form_errors_to, paginate
from greencomp.permissions import permission_required

from . import services
from .enums import CompetitionKind, Role
from .forms import (
    CompetitionCopyForm,
    CompetitionForm,
    CompetitionKindForm,
    DivisionForm,
    NoticeTableForm,
    PhaseFormSet,
    PhaseRowFormSetFactory,
    TrackRowFormSet,
)
from .imports_notice import NoticeTableImport
from .models import Division, Membership
from .notice_tables import LAYOUT_LABELS, parse_notice_table, split_lines
from .selectors import competition_for, competitions_for, divisions_for


@login_required
def competition_list(request):
    competitions = competitions_for(request.user).prefetch_related("phases")
    return render(request, "competitions/competition_list.html", {
        "page": paginate(request, competitions),
        "can_add": request.user.has_perm("competitions.add_competition"),
    })


@login_required
def competition_detail(request, pk):
    """The competition's hub: its notice data, phases, divisions and links to what the user may run."""
    competition = get_object_or_404(competitions_for(request.user).prefetch_related("phases"), pk=pk)
    divisions = divisions_for(request.user, competition).annotate(quota_entries=F("quota__entries"))
    return render(request, "competitions/competition_detail.html", {
        "competition": competition, "divisions": divisions,
        "table": getattr(competition, "quota_table", None),  # reverse one-to-one: None when there is none
        "can_manage": request.user.has_perm("competitions.manage_competition", competition),
        "can_add": request.user.has_perm("competitions.add_competition"),
        "tools": competition_tools(competition),
    })


STRUCTURE_FORMSETS = {  # the kind's structure rows on the new-competition page: (prefix, formset, heading)
    CompetitionKind.LABOUR: ("award_types", AwardRowFormSet, "三、表彰项目"),
    CompetitionKind.INNOVATION: ("tracks", TrackRowFormSet, "三、赛道与申报表"),
    CompetitionKind.GRADING: ("batches", BatchRowFormSet, "三、审核认定批次"),
}


@permission_required("competitions.add_competition")
def competition_create(request):
    """Step one asks the kind and year; step two offers that kind's standard phases and structure, all editable,
    saved in one go."""
    step = CompetitionKindForm(request.GET or None, initial={"year": timezone.localdate().year})
    if not step.is_valid():
        return render(request, "competitions/competition_kind.html", {"form": step})
    kind, year = step.cleaned_data["kind"], step.cleaned_data["year"]
    standard = competition_setup.standard_setup(kind, year)
    data = request.POST or None
    form = CompetitionForm(data, initial={"kind": kind, "year": year})
    form.fields["kind"].disabled = True
    phases = PhaseRowFormSetFactory(data, initial=standard["phases"], prefix="phases")
    prefix, formset_class, heading = STRUCTURE_FORMSETS[kind]
    structure = formset_class(data, initial=standard[prefix], prefix=prefix)
    if request.method == "POST" and form.is_valid() and phases.is_valid() and structure.is_valid():
        try:
            competition = competition_setup.competition_create_from_notice(
                data=form.service_data(), phases=phases.rows(), by=request.user, **{prefix: structure.rows()})
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, "竞赛已创建。请粘贴通知附件中的分配表，一次生成赛区和名额。")
            return redirect("competitions:divisions_from_notice", pk=competition.pk)
    return render(request, "competitions/competition_create.html", {
        "form": form, "phases": phases, "structure": structure, "structure_heading": heading, "kind": kind,
        "kind_label": CompetitionKind(kind).label,
    })


@permission_required("competitions.manage_competition", competition_for)
def competition_edit(request, competition, pk):
    form = CompetitionForm(request.POST or None, instance=competition)
    formset = PhaseFormSet(request.POST or None, instance=competition, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                competition_setup.competition_update(competition=competition, data=form.service_data(),
                                                     by=request.user)
                services.phases_save(competition=competition, formset=formset, by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, "竞赛信息已保存。")
            return redirect("competitions:detail", pk=competition.pk)
    return render(request, "competitions/competition_form.html", {
        "form": form, "formset": formset, "competition": competition,
    })


@permission_required("competitions.copy_competition", competition_for)
def competition_copy(request, source, pk):
    form = CompetitionCopyForm(request.POST or None, initial={"year": source.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            copy = competition_setup.competition_copy(source=source, year=form.cleaned_data["year"],
                                                      title=form.cleaned_data["title"],
                                                      with_people=form.cleaned_data["with_people"], by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, f"已复制为“{copy.title}”（草稿），请核对阶段日期、文号和名额。")
            return redirect("competitions:detail", pk=copy.pk)
    return render(request, "competitions/competition_copy.html", {"form": form, "source": source})


# ---- divisions ----------------------------------------------------------------------------------------------

def _divisions(competition):
    officers = Membership.objects.filter(role=Role.OFFICER).select_related("user")
    return (Division.objects.filter(competition=competition)
            .select_related("parent", "organisation")
            .annotate(quota_entries=F("quota__entries"))
            .prefetch_related(Prefetch("memberships", queryset=officers, to_attr="officers"))
            .order_by("order", "id"))


@permission_required("competitions.manage_competition", competition_for)
def division_list(request, competition, pk):
    return render(request, "competitions/division_list.html", {
        "competition": competition, "divisions": _divisions(competition),
    })


@permission_required("competitions.manage_competition", competition_for)
def division_create(request, competition, pk):
    form = DivisionForm(request.POST or None, competition=competition)
    if request.method == "POST" and form.is_valid():
        try:
            division = services.division_create(competition=competition, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, f"已新增赛区“{division.name}”。")
            return redirect("competitions:divisions", pk=competition.pk)
    return render(request, "competitions/division_form.html", {"form": form, "competition": competition})


@permission_required("competitions.manage_competition", competition_for)
def division_edit(request, competition, pk, division_pk):
    division = get_object_or_404(_divisions(competition), pk=division_pk)
    form = DivisionForm(request.POST or None, instance=division, competition=competition)
    if request.method == "POST" and form.is_valid():
        try:
            services.division_update(division=division, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, "赛区信息已保存。")
            return redirect("competitions:divisions", pk=competition.pk)
    return render(request, "competitions/division_form.html", {
        "form": form, "competition": competition, "division": division,
    })


@require_POST
@permission_required("competitions.manage_competition", competition_for)
def division_move(request, competition, pk, division_pk):
    division = get_object_or_404(Division.objects.filter(competition=competition), pk=division_pk)
    services.division_move(division=division, step=-1 if request.POST.get("direction") == "up" else 1,
                           by=request.user)
    return redirect("competitions:divisions", pk=competition.pk)


# ---- divisions and quotas from the notice's table -------------------------------------------------------------

def _notice_salt(competition) -> str:
    return f"competitions.notice_table.{competition.pk}"


def _notice_table(competition, text: str):
    return parse_notice_table(split_lines(text), competition_title=competition.title,
                              notice_total=competition.total_quota)


@permission_required("competitions.manage_competition", competition_for)
def divisions_from_notice(request, competition, pk):
    """Paste the notice's table → preview (every row, its kind and number, its errors) → confirm: all the
    divisions with their quotas, or nothing. The confirm carries the pasted text signed, and it is checked again."""
    form = NoticeTableForm(request.POST or None)
    context = {"competition": competition, "form": form, "layouts": LAYOUT_LABELS.values()}
    if request.method == "POST" and "token" in request.POST:
        try:
            text = signing.loads(request.POST["token"], salt=_notice_salt(competition), max_age=3600)
            divisions = competition_setup.divisions_from_notice(
                competition=competition, table=_notice_table(competition, text), by=request.user)
        except signing.BadSignature:
            messages.error(request, "预览已过期，请重新粘贴分配表。")
        except ValidationError as exc:
            messages.error(request, "未保存任何赛区：" + "；".join(exc.messages))
        else:
            messages.success(request, f"已按通知分配表新增 {len(divisions)} 个赛区。")
            return redirect("competitions:divisions", pk=competition.pk)
        return redirect("competitions:divisions_from_notice", pk=competition.pk)
    if request.method == "POST" and form.is_valid():
        table = competition_setup.notice_table_check(competition=competition,
                                                     table=_notice_table(competition, form.cleaned_data["text"]))
        context["table"] = table
        if table.is_valid:
            context["token"] = signing.dumps(form.cleaned_data["text"], salt=_notice_salt(competition),
                                             compress=True)
    return render(request, "competitions/divisions_from_notice.html", context)


@permission_required("competitions.manage_competition", competition_for)
def divisions_from_notice_import(request, competition, pk):
    return import_page(request, NoticeTableImport(competition, by=request.user), {"competition": competition})
