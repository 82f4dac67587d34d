"""Pages of the expert review: the experts' tasks and score sheets, and the secretariat's rubric, expert pool,
assignment, progress, reminders, reopening and ranking. Experts score only their own score sheets
(reviews.score on selectors_review.sheet_for); the secretariat reaches the tracks of the competitions it runs; anyone else
gets 404. Prizes and the results 公示 are in views_prizes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from applications.display_innovation import application_display
from applications.models import Attachment
from applications.pdf_innovation import application_pdf_response
from greencomp.imports import import_page
from greencomp.pages import form_errors_to, form_submitted, paginate, run_action
from greencomp.permissions import permission_required
from greencomp.uploads import download_response
from greencomp.xlsx import Sheet, render_xlsx

from . import services_review as services
from .exporters_review import ScoreSheetExporter, ScoreSummaryExporter
from .forms_review import ExpertForm, ReasonForm, RubricForm, TrackSettingsForm
from .imports_review import ExpertImport
from .models import Expert, ResultNotice, Score, ScoreSheet
from .selectors_review import (
    applications_under_review,
    cached_ranking,
    criteria_of,
    expert_pool,
    experts_of,
    progress_rows,
    ranking_entries,
    review_competitions_for,
    sheet_for,
    sheets_managed_by,
    task_list_of,
    task_rows,
    track_progress,
    track_progress_rows,
    tracks_managed_by,
)

CONFIRM_SUBMIT = "提交后评分表将锁定，不能再修改（如需修改须由大赛秘书处退回）。确定提交吗？"


def _competition(request, pk):
    return get_object_or_404(review_competitions_for(request.user), pk=pk)


def _track(request, pk):
    return get_object_or_404(tracks_managed_by(request.user), pk=pk)


# ---- expert -----------------------------------------------------------------------------------------------

@login_required
def tasks(request):
    page = paginate(request, task_list_of(request.user))
    page.object_list = task_rows(page.object_list, page.start_index())
    return render(request, "reviews/review/task_list.html", {"page": page})


def _plain(value) -> str:
    """22.0 → "22", 27.5 → "27.5" (what the expert typed, not the column's scale)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sheet_context(sheet, *, values=None, errors=None):
    criteria = criteria_of(sheet.track)
    saved = {s.criterion_id: s for s in Score.objects.filter(sheet=sheet)}
    rows = []
    for c in criteria:
        score = saved.get(c.pk)
        typed = (values or {}).get(c.pk)
        if c.is_gate:
            passed, reason = typed if typed else ((score.passed, score.reason) if score else (None, ""))
            rows.append({"criterion": c, "passed": passed, "reason": reason, "error": (errors or {}).get(f"c{c.pk}")})
        else:
            value = typed if typed is not None else (_plain(score.value) if score and score.value is not None else "")
            rows.append({"criterion": c, "value": value, "error": (errors or {}).get(f"c{c.pk}")})
    application = sheet.application
    display = application_display(
        application, attachment_url=lambda a: reverse("review:sheet_attachment", args=[sheet.pk, a.pk]))
    return {"sheet": sheet, "application": application, "rows": rows, "display": display,
            "confirm_submit": CONFIRM_SUBMIT, "conflict_form": ReasonForm()}


def _posted_scores(request, criteria):
    values, gates = {}, {}
    for c in criteria:
        if c.is_gate:
            choice = request.POST.get(f"gate_{c.pk}", "")
            passed = True if choice == "pass" else False if choice == "fail" else None
            gates[c.pk] = (passed, request.POST.get(f"reason_{c.pk}", ""))
        else:
            values[c.pk] = request.POST.get(f"score_{c.pk}", "").strip()
    return values, gates


@permission_required("reviews.score", sheet_for)
def sheet(request, sheet, pk):
    if request.method == "POST":
        if sheet.is_locked:
            messages.error(request, services.LOCKED)
            return redirect("review:sheet", pk=sheet.pk)
        criteria = criteria_of(sheet.track)
        values, gates = _posted_scores(request, criteria)
        submit = request.POST.get("action") == "submit"
        comment = request.POST.get("comment", "")
        try:
            services.sheet_save(sheet=sheet, values=values, gates=gates, comment=comment, submit=submit,
                                by=request.user)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            context = _sheet_context(sheet, values={**values, **gates}, errors=errors)
            context.update(comment=comment, form_errors=[m for msgs in errors.values() for m in msgs])
            return render(request, "reviews/review/sheet_form.html", context, status=200)
        messages.success(request, "评分表已提交并锁定。" if submit else "已保存草稿，可稍后继续填写。")
        return redirect("review:sheet", pk=sheet.pk)
    context = _sheet_context(sheet)
    context["comment"] = sheet.comment
    return render(request, "reviews/review/sheet_form.html", context)


@require_POST
@permission_required("reviews.score", sheet_for)
def sheet_conflict(request, sheet, pk):
    if not run_action(request, lambda: services.conflict_declare(
            sheet=sheet, reason=request.POST.get("reason", ""), by=request.user),
            "已声明回避，该项目已从您的评审任务中移除。"):
        return redirect("review:sheet", pk=sheet.pk)
    return redirect("review:tasks")


@permission_required("reviews.score", sheet_for)
def sheet_attachment(request, sheet, pk, attachment_pk):
    attachment = get_object_or_404(Attachment.objects.filter(application_id=sheet.application_id), pk=attachment_pk)
    return download_response(attachment)


@permission_required("reviews.score", sheet_for)
def sheet_application_pdf(request, sheet, pk):
    return application_pdf_response(sheet.application)


@login_required
def sheet_pdf(request, pk):
    """专家评分表 with 签名 and date lines: the expert's own sheet, or any sheet for the secretariat."""
    sheet = sheet_for(request.user, pk)
    return ScoreSheetExporter(sheet).response("pdf")


# ---- secretariat: overview, rubric, experts ---------------------------------------------------------------

@login_required
def index(request):
    competitions = review_competitions_for(request.user).order_by("-year", "-id")
    if not competitions.exists() and not request.user.has_perm("competitions.manage_platform"):
        raise Http404
    return render(request, "reviews/review/index.html", {"competitions": competitions})


@login_required
def manage(request, pk):
    competition = _competition(request, pk)
    tracks = list(track_progress(competition).select_related("review"))
    under = {t.pk: applications_under_review(t).count() for t in tracks}
    for t in tracks:
        t.entries = under[t.pk]
    notice = ResultNotice.objects.filter(competition=competition).first()
    return render(request, "reviews/review/manage.html", {"competition": competition, "tracks": tracks,
                                                          "notice": notice})


@login_required
def rubric(request, pk):
    track = _track(request, pk)
    review = track.review
    criteria = criteria_of(track)
    frozen = bool(review.rubric_frozen_at)
    rubric_form = RubricForm(request.POST if request.POST.get("form") == "rubric" else None, criteria=criteria,
                             frozen=frozen)
    settings_form = TrackSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None, criteria=criteria,
        initial={"method": review.method, "experts_per_entry": track.experts_per_entry,
                 "exclude_same_city": review.exclude_same_city, "tie_criterion": review.tie_criterion_id})
    if request.method == "POST":
        form = rubric_form if request.POST.get("form") == "rubric" else settings_form
        if form.is_valid():
            try:
                if form is rubric_form:
                    services.rubric_update(track=track, values=form.values(), by=request.user)
                else:
                    d = form.cleaned_data
                    services.track_settings_update(
                        track=track, method=d["method"], exclude_same_city=d["exclude_same_city"],
                        experts_per_entry=d["experts_per_entry"], tie_criterion_id=d["tie_criterion"],
                        by=request.user)
            except ValidationError as exc:
                form_errors_to(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("review:rubric", pk=track.pk)
    return render(request, "reviews/review/rubric.html", {
        "track": track, "competition": track.competition, "criteria": criteria, "frozen": frozen,
        "rubric_form": rubric_form, "settings_form": settings_form})


@login_required
def experts(request, pk):
    competition = _competition(request, pk)
    form = ExpertForm(request.POST or None, competition=competition)
    if form_submitted(request, form, lambda: services.expert_add(
            competition=competition, user=form.cleaned_data["username"], title=form.cleaned_data["title"],
            city=form.cleaned_data["city"], tracks=form.chosen_tracks(), available=form.cleaned_data["available"],
            by=request.user), success="已加入专家库。"):
        return redirect("review:experts", pk=competition.pk)
    return render(request, "reviews/review/expert_list.html", {
        "competition": competition, "form": form, "page": paginate(request, experts_of(competition))})


@login_required
def expert_edit(request, pk):
    expert = get_object_or_404(Expert.objects.filter(competition__in=review_competitions_for(request.user))
                               .select_related("user__organisation", "competition"), pk=pk)
    competition = expert.competition
    form = ExpertForm(request.POST or None, competition=competition, initial={
        "username": expert.user.username, "title": expert.title, "city": expert.city,
        "tracks": [t.pk for t in expert.tracks.all()], "available": expert.available})
    form.fields["username"].disabled = True
    if form_submitted(request, form, lambda: services.expert_update(
            expert=expert, title=form.cleaned_data["title"], city=form.cleaned_data["city"],
            tracks=form.chosen_tracks(), available=form.cleaned_data["available"], by=request.user),
            success=f"已保存{expert.code}的信息。"):
        return redirect("review:experts", pk=competition.pk)
    return render(request, "reviews/review/expert_form.html", {"competition": competition, "expert": expert,
                                                               "form": form})


@login_required
def expert_import(request, pk):
    competition = _competition(request, pk)
    return import_page(request, ExpertImport(competition, by=request.user),
                       {"competition": competition})


@login_required
def expert_import_template(request, pk):
    _competition(request, pk)
    example = ["expert1", "教授", "郑州市", "1,2,3", "是"]
    return render_xlsx(Sheet(title="评审专家导入模板", headers=list(ExpertImport.columns), rows=[example]),
                       "评审专家导入模板")


# ---- assignment -------------------------------------------------------------------------------------------

def _assignment_rows(track):
    sheets = Prefetch("score_sheets", queryset=ScoreSheet.objects.select_related("expert__user").order_by(
        "expert__code"))
    return applications_under_review(track).select_related("organisation", "division").prefetch_related(
        sheets).order_by("division__order", "pk")


@login_required
def assign(request, pk):
    track = _track(request, pk)
    context = {"track": track, "competition": track.competition}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        pairs = []
        for value in request.POST.getlist("pair"):
            app_id, _, expert_id = value.partition(":")
            if app_id.isdigit() and expert_id.isdigit():
                pairs.append((int(app_id), int(expert_id)))
        for key, value in request.POST.items():
            if key.startswith("add_") and key[4:].isdigit() and value.isdigit():
                pairs.append((int(key[4:]), int(value)))
        run_action(request, lambda: services.assignment_confirm(track=track, pairs=pairs, by=request.user),
                   lambda count: f"已确认分配，新增评分表 {count} 份。")
        return redirect("review:assign", pk=track.pk)
    entries = list(_assignment_rows(track))
    if request.method == "POST" and request.POST.get("action") == "preview":
        proposal = services.assignment_propose(track=track)
        pool = {e.pk: e for e in Expert.objects.filter(competition=track.competition, tracks=track, available=True)
                .select_related("user__organisation").order_by("code")}
        conflicts = services._conflicts(track)
        for entry in entries:
            entry.proposed = [pool[e] for e in proposal.pairs.get(entry.pk, [])]
            have = {s.expert_id for s in entry.score_sheets.all()} | {e.pk for e in entry.proposed}
            entry.addable = [e for e in pool.values() if e.pk not in have and not services._why_not(
                e, entry, conflicts, track.review.exclude_same_city)]
        context.update(proposal=proposal, preview=True)
    context["entries"] = entries
    return render(request, "reviews/review/assign.html", context)


@login_required
@require_POST
def assignment_remove(request, pk):
    sheet = get_object_or_404(sheets_managed_by(request.user), pk=pk)
    run_action(request, lambda: services.assignment_remove(sheet=sheet, by=request.user, reason=request.POST.get("reason", "")),
               "已取消该专家的分配。")
    return redirect("review:assign", pk=sheet.track_id)


# ---- progress ---------------------------------------------------------------------------------------------

@login_required
def progress(request, pk):
    competition = _competition(request, pk)
    page = paginate(request, expert_pool(competition))
    page.object_list = progress_rows(page.object_list, page.start_index())
    return render(request, "reviews/review/progress.html", {
        "competition": competition, "tracks": track_progress_rows(competition), "page": page})


@login_required
@require_POST
def remind(request, pk):
    competition = _competition(request, pk)
    count = services.reminders_send(competition=competition, by=request.user,
                                    base_url=request.build_absolute_uri("/").rstrip("/"))
    messages.success(request, f"已向 {count} 名尚有未提交评分表的专家发送提醒邮件。")
    return redirect("review:progress", pk=pk)


@login_required
@require_POST
def sheet_reopen(request, pk):
    sheet = get_object_or_404(sheets_managed_by(request.user), pk=pk)
    run_action(request, lambda: services.sheet_reopen(sheet=sheet, reason=request.POST.get("reason", ""), by=request.user),
               f"已退回{sheet.expert.code}对“{sheet.application.title}”的评分表。")
    return redirect(reverse("review:ranking", args=[sheet.track_id]) + f"?entry={sheet.application_id}#sheets")


# ---- ranking and the score summary ------------------------------------------------------------------------

@login_required
def ranking(request, pk):
    track = _track(request, pk)
    rows = cached_ranking(track)
    page = paginate(request, rows)
    page.object_list = ranking_entries(page.object_list)
    wanted = request.GET.get("entry", "")
    position = rows.position_of(int(wanted)) if wanted.isdigit() else None  # a foreign or bogus id picks nothing
    selected, sheets = None, []
    if position is not None:  # one entry's submitted sheets, to reopen one (the full list would be 5 × the entries)
        selected = ranking_entries([rows[position]])[0]
        sheets = ScoreSheet.objects.filter(application=selected.application, status=ScoreSheet.Status.SUBMITTED
                                           ).select_related("expert").order_by("expert__code")
    return render(request, "reviews/review/ranking.html", {
        "track": track, "competition": track.competition, "page": page, "selected": selected,
        "submitted_sheets": sheets, "reason_form": ReasonForm()})


@login_required
def summary_xlsx(request, pk):
    return ScoreSummaryExporter(_track(request, pk)).response()
