"""Pages of the prizes and the results 公示: prize counts, the proposal and its adjustments, the award lists
and 优秀组织奖 with their exports, publishing the notice, answering objections and the final list. The secretariat
reaches the tracks of the competitions it runs; anyone else gets 404. The results page is public once
published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from greencomp.pages import form_submitted, refuse, run_action, run_form_action

from . import services_prizes as services
from .exporters_review import AwardsExporter, OrganisationAwardsExporter, awards_by_track
from .forms_review import AnswerForm, NoticeForm, ObjectionForm, PrizeAdjustForm, PrizeCountsForm
from .models import Objection, OrganisationAward, Prize, ResultNotice
from .selectors_review import objections_of, prizes_of, review_competitions_for, tracks_managed_by
from .views_review import _competition, _track

# ---- prizes and 优秀组织奖 --------------------------------------------------------------------------------

@login_required
def prizes(request, pk):
    track = _track(request, pk)
    review = track.review
    counts_form = PrizeCountsForm(request.POST if request.POST.get("action") == "counts" else None, initial={
        f: getattr(review, f) for f in ("first_prizes", "second_prizes", "third_prizes", "excellence_prizes")})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "counts":
                if not counts_form.is_valid():
                    raise ValidationError("奖项数量应为不小于0的整数。")
                services.prize_counts_update(track=track, counts=counts_form.cleaned_data, by=request.user)
                messages.success(request, "已保存奖项数量。")
            elif request.POST.get("action") == "propose":
                n = services.prizes_propose(track=track, by=request.user)
                messages.success(request, f"已按排名生成获奖建议（{n} 个项目）。")
        except ValidationError as exc:
            refuse(request, exc)
        return redirect("review:prizes", pk=track.pk)
    return render(request, "reviews/review/prizes.html", {
        "track": track, "competition": track.competition, "counts_form": counts_form,
        "prizes": prizes_of(track), "levels": Prize.Level.choices})


@login_required
@require_POST
def prize_adjust(request, pk):
    prize = get_object_or_404(Prize.objects.filter(track__in=tracks_managed_by(request.user)), pk=pk)
    form = PrizeAdjustForm(request.POST)
    run_form_action(request, form, lambda: services.prize_adjust(
        prize=prize, level=form.cleaned_data["level"], reason=form.cleaned_data["reason"], by=request.user),
        "已调整奖项。", invalid="调整奖项须选择奖项并填写原因。")
    return redirect("review:prizes", pk=prize.track_id)


@login_required
def awards(request, pk):
    competition = _competition(request, pk)
    if request.method == "POST":
        run_action(request, lambda: services.organisation_awards_propose(competition=competition, by=request.user),
                   lambda n: f"已生成优秀组织奖建议名单（{n} 个省辖市）。")
        return redirect("review:awards", pk=pk)
    return render(request, "reviews/review/awards.html", {
        "competition": competition, "groups": awards_by_track(competition),
        "organisation_awards": OrganisationAward.objects.filter(competition=competition).select_related("division")})


@login_required
def awards_xlsx(request, pk):
    return AwardsExporter(_competition(request, pk)).response()


@login_required
def awards_pdf(request, pk):
    return AwardsExporter(_competition(request, pk)).response("pdf")


@login_required
def organisation_awards_xlsx(request, pk):
    return OrganisationAwardsExporter(_competition(request, pk)).response()


# ---- results notice (公示) --------------------------------------------------------------------------------

@login_required
def notice(request, pk):
    competition = _competition(request, pk)
    current = ResultNotice.objects.filter(competition=competition).first()
    form = NoticeForm(request.POST if request.POST.get("action") == "publish" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                if not form.is_valid():
                    raise ValidationError("请填写公示开始和截止日期。")
                services.notice_publish(competition=competition, opens_on=form.cleaned_data["opens_on"],
                                        closes_on=form.cleaned_data["closes_on"], by=request.user)
                messages.success(request, "评比结果已发布公示。")
            elif request.POST.get("action") == "finalise":
                services.notice_finalise(competition=competition, by=request.user)
                messages.success(request, "已确定最终获奖名单。")
        except ValidationError as exc:
            refuse(request, exc)
        return redirect("review:notice", pk=pk)
    return render(request, "reviews/review/notice.html", {
        "competition": competition, "notice": current, "form": form, "answer_form": AnswerForm(),
        "objections": objections_of(competition)})


@login_required
@require_POST
def objection_answer(request, pk):
    objection = get_object_or_404(Objection.objects.filter(
        competition__in=review_competitions_for(request.user)), pk=pk)
    run_action(request, lambda: services.objection_answer(objection=objection, answer=request.POST.get("answer", ""), by=request.user),
               "已记录处理意见。")
    return redirect("review:notice", pk=objection.competition_id)


def public_results(request, pk):
    """The public 公示 page (no login): 404 until the secretariat publishes; objections during the window."""
    notice = get_object_or_404(ResultNotice.objects.select_related("competition"), competition_id=pk,
                               published_at__isnull=False)
    competition = notice.competition
    prizes = [p for group in awards_by_track(competition) for p in group["prizes"]]
    form = ObjectionForm(request.POST or None, prizes=prizes)
    window_open = services.notice_window_open(notice)
    def lodge():
        d = form.cleaned_data
        return services.objection_lodge(
            notice=notice, name=d["name"], phone=d["phone"], text=d["text"], email=d["email"],
            application=next((p.application for p in prizes if p.application_id == d["application"]), None),
            by=request.user if request.user.is_authenticated else None)
    if form_submitted(request, form, lodge, success="您的异议已提交，大赛秘书处将核实处理。"):
        return redirect("review:public", pk=pk)
    return render(request, "reviews/review/public_results.html", {
        "competition": competition, "notice": notice, "groups": awards_by_track(competition), "form": form,
        "window_open": window_open,
        "organisation_awards": OrganisationAward.objects.filter(competition=competition).select_related("division")})
