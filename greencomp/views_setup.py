"""Setting up a competition from its notice: the new-competition page (its kind's phases and structure rows),
its edit and copy pages, and divisions with quotas from the notice's table. These pages write across apps
(quotas, reviews), so they live in the composition root, not in competitions."""
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from competitions import services
from competitions.enums import CompetitionKind
from competitions.forms import (
    CompetitionCopyForm,
    CompetitionForm,
    CompetitionKindForm,
    NoticeTableForm,
    PhaseFormSet,
    PhaseRowFormSetFactory,
    TrackRowFormSet,
)
from competitions.notice_tables import LAYOUT_LABELS, parse_notice_table, split_lines
from competitions.selectors import competition_for

from . import competition_setup
from .forms_setup import AwardRowFormSet, BatchRowFormSet
from .imports import import_page
from .imports_notice import NoticeTableImport
from .pages import form_submitted
from .permissions import permission_required

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
    done = phases.is_valid() and structure.is_valid() and form_submitted(
        request, form, lambda: competition_setup.competition_create_from_notice(
            data=form.service_data(), phases=phases.rows(), by=request.user, **{prefix: structure.rows()}),
        success="竞赛已创建。请粘贴通知附件中的分配表，一次生成赛区和名额。")
    if done:
        return redirect("setup:divisions_from_notice", pk=done.result.pk)
    return render(request, "competitions/competition_create.html", {
        "form": form, "phases": phases, "structure": structure, "structure_heading": heading, "kind": kind,
        "kind_label": CompetitionKind(kind).label,
    })


@permission_required("competitions.manage_competition", competition_for)
def competition_edit(request, competition, pk):
    form = CompetitionForm(request.POST or None, instance=competition)
    formset = PhaseFormSet(request.POST or None, instance=competition, prefix="phases")
    @transaction.atomic
    def save():
        competition_setup.competition_update(competition=competition, data=form.service_data(), by=request.user)
        services.phases_save(competition=competition, formset=formset, by=request.user)
    if formset.is_valid() and form_submitted(request, form, save, success="竞赛信息已保存。"):
        return redirect("competitions:detail", pk=competition.pk)
    return render(request, "competitions/competition_form.html", {
        "form": form, "formset": formset, "competition": competition,
    })


@permission_required("competitions.copy_competition", competition_for)
def competition_copy(request, source, pk):
    form = CompetitionCopyForm(request.POST or None, initial={"year": source.year + 1})
    done = form_submitted(request, form, lambda: competition_setup.competition_copy(
            source=source, year=form.cleaned_data["year"], title=form.cleaned_data["title"],
            with_people=form.cleaned_data["with_people"], by=request.user),
            success=lambda copy: f"已复制为“{copy.title}”（草稿），请核对阶段日期、文号和名额。")
    if done:
        return redirect("competitions:detail", pk=done.result.pk)
    return render(request, "competitions/competition_copy.html", {"form": form, "source": source})


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
        return redirect("setup:divisions_from_notice", pk=competition.pk)
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
