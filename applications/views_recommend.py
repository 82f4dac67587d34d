"""City review and recommendation (officer), aggregation and 公示 (secretariat), and the public 公示 page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from competitions.enums import PhaseKind
from competitions.models import Track
from greencomp.pages import form_submitted, next_url, paginate, run_action, run_form_action
from greencomp.permissions import permission_required
from greencomp.selectors import current_competition
from greencomp.uploads import download_response
from notifications.responses import start_export

from . import selectors_recommend as sel
from . import services_recommend as services
from .display_innovation import application_display
from .exporters_recommend import RecommendationSummaryExporter, summary_row
from .forms_recommend import PublicityForm, ReturnForm, WaiveForm
from .models import Publicity, RecommendationList


def _track(division, track_pk):
    return get_object_or_404(Track.objects.filter(competition_id=division.competition_id), pk=track_pk)


def _secretariat_competition(request, competition_pk):
    return get_object_or_404(sel.secretariat_competitions_for(request.user).prefetch_related("phases"),
                             pk=competition_pk)


def _default_competition(request):
    competitions = sel.secretariat_competitions_for(request.user)
    current = current_competition(request)
    if current is not None and competitions.filter(pk=current.pk).exists():
        return current
    return competitions.order_by("-year", "-id").first()


def _no_contest(request):
    messages.info(request, "暂无创新大赛。")
    return redirect("home")


@login_required
def index(request):
    """推荐审核: the officer's city page (or a choice of cities); the secretariat goes to its matrix."""
    divisions = list(sel.officer_divisions_for(request.user))
    if len(divisions) == 1:
        return redirect("recommend:division", division_pk=divisions[0].pk)
    if not divisions:
        competition = _default_competition(request)
        if competition is None:
            raise Http404
        return redirect("recommend:matrix", competition_pk=competition.pk)
    return render(request, "applications/recommend/index.html", {"divisions": divisions})


def _default_competition_page(request, url_name: str):
    """A sidebar entry of the secretariat: `url_name` of the current (else newest) innovation contest; the
    platform's secretariat is told there is none yet, anyone else gets a 404."""
    competition = _default_competition(request)
    if competition is not None:
        return redirect(url_name, competition_pk=competition.pk)
    if not request.user.has_perm("competitions.manage_platform"):
        raise Http404
    return _no_contest(request)


@login_required
def aggregate(request):
    return _default_competition_page(request, "recommend:matrix")


@login_required
def publicity_entry(request):
    return _default_competition_page(request, "recommend:publicity_manage")


# ---- city officer ----------------------------------------------------------------------------------------

@login_required
def division_detail(request, division_pk):
    division = sel.review_division_for(request.user, division_pk)
    overview = sel.track_overview(division)
    filters = sel.review_filter(division, [row["track"] for row in overview], request.GET)
    deadline = division.deadline(PhaseKind.RECOMMENDATION)
    page = paginate(request, filters.rows)
    page.object_list = sel.application_rows(page.object_list, page.start_index())
    return render(request, "applications/recommend/division_detail.html", {
        "division": division, "overview": overview, "form": filters.form, "page": page,
        "deadline": deadline, "overdue": bool(deadline and timezone.now() > deadline),
    })


@login_required
def application_detail(request, pk):
    application = sel.review_application_for(request.user, pk)
    rlist = RecommendationList.objects.filter(division_id=application.division_id,
                                              track_id=application.track_id).first()
    locked = bool(rlist and rlist.status in sel.LOCKED_LIST)
    return render(request, "applications/recommend/application_detail.html", {
        "application": application, "display": application_display(
            application, attachment_url=lambda a: reverse("recommend:attachment", args=[a.pk])),
        "versions": application.versions.select_related("submitted_by"),
        "rlist": rlist, "locked": locked, "return_form": ReturnForm(),
        "can_review": request.user.has_perm("applications.change_recommendations", rlist or RecommendationList(
            division_id=application.division_id, track_id=application.track_id)),
    })


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(sel.review_attachments_for(request.user), pk=pk)
    return download_response(attachment)


@require_POST
@permission_required("applications.recommend_applications", sel.review_application_for)
def application_return(request, application, pk):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写退回原因。")
        return redirect("recommend:application", pk=pk)
    run_action(request, lambda: services.application_return(
        application=application, reason=form.cleaned_data["reason"], by=request.user),
        f"已退回“{application.title}”，申报单位将收到通知。")
    return redirect(reverse("recommend:division", args=[application.division_id]) + f"?track={application.track_id}")


@require_POST
@permission_required("applications.recommend_applications", sel.review_application_for)
def application_recommend(request, application, pk):
    run_action(request, lambda: services.application_recommend(application=application, by=request.user),
               f"已推荐“{application.title}”。")
    return redirect(next_url(request, reverse("recommend:application", args=[pk])))


@require_POST
@permission_required("applications.recommend_applications", sel.review_application_for)
def application_unrecommend(request, application, pk):
    run_action(request, lambda: services.application_unrecommend(application=application, by=request.user),
               f"已撤销对“{application.title}”的推荐。")
    return redirect("recommend:track", division_pk=application.division_id, track_pk=application.track_id)


@require_POST
@permission_required("applications.recommend_applications", sel.review_application_for)
def application_move(request, application, pk):
    run_action(request, lambda: services.recommendation_move(
        application=application, direction=request.POST.get("direction", ""), by=request.user))
    return redirect("recommend:track", division_pk=application.division_id, track_pk=application.track_id)


@login_required
def track_list(request, division_pk, track_pk):
    """A city's recommendation list of one track: order, submit (officer); accept, send back, waive (secretariat)."""
    division = sel.review_division_for(request.user, division_pk)
    track = _track(division, track_pk)
    rlist = RecommendationList.objects.filter(division=division, track=track).first()
    if rlist is not None:
        rlist.division = division  # the rules read its competition from the page's division
    recommended = list(sel.recommended_in(division, track))
    deadline = division.deadline(PhaseKind.RECOMMENDATION)
    locked = bool(rlist and rlist.status in sel.LOCKED_LIST)
    waived = bool(rlist and rlist.minimum_waived)
    return render(request, "applications/recommend/track_list.html", {
        "division": division, "track": track, "rlist": rlist, "recommended": recommended, "locked": locked,
        "deadline": deadline, "overdue": bool(deadline and timezone.now() > deadline),
        "short": len(recommended) < track.min_recommendations and not waived, "waived": waived,
        "can_change": request.user.has_perm("applications.change_recommendations",
                                            rlist or RecommendationList(division=division, track=track)),
        "is_secretariat": request.user.has_perm("applications.accept_recommendations", division),
        "return_form": ReturnForm(), "waive_form": WaiveForm(initial={"waived": "0" if waived else "1"}),
    })


@require_POST
@permission_required("applications.recommend_applications", sel.review_division_for)
def track_reorder(request, division, division_pk, track_pk):
    track = _track(division, track_pk)
    positions = []
    for key, value in request.POST.items():
        if key.startswith("order-") and key[6:].isdigit():
            try:
                positions.append((float(value), int(key[6:])))
            except ValueError:
                messages.error(request, "排序须填写数字。")
                return redirect("recommend:track", division_pk=division.pk, track_pk=track.pk)
    run_action(request, lambda: services.recommendation_reorder(
        division=division, track=track, order=[pk for _, pk in sorted(positions)], by=request.user),
        "推荐排序已保存。")
    return redirect("recommend:track", division_pk=division.pk, track_pk=track.pk)


@require_POST
@permission_required("applications.recommend_applications", sel.review_division_for)
def track_submit(request, division, division_pk, track_pk):
    track = _track(division, track_pk)
    run_action(request, lambda: services.recommendation_list_submit(division=division, track=track, by=request.user),
               f"“{track.name}”赛道推荐名单已提交大赛秘书处。")
    return redirect("recommend:track", division_pk=division.pk, track_pk=track.pk)


@login_required
def division_export(request, division_pk):
    """The city's recommended projects (its 书面推荐材料), per track or all, whether or not submitted yet."""
    division = get_object_or_404(sel.review_divisions_for(request.user), pk=division_pk)
    track = None
    if request.GET.get("track", "").isdigit():
        track = _track(division, int(request.GET["track"]))
    exporter = RecommendationSummaryExporter(division.competition, track=track, division=division, statuses=None)
    return exporter.response(request.GET.get("format"))


# ---- secretariat -----------------------------------------------------------------------------------------

@login_required
def matrix(request, competition_pk):
    # without its phases: the matrix reads the recommendation deadline with the divisions
    competition = get_object_or_404(sel.secretariat_competitions_for(request.user), pk=competition_pk)
    return render(request, "applications/recommend/matrix.html", {
        "competition": competition, "matrix": sel.recommendation_matrix(competition, now=timezone.now()),
    })


@require_POST
@permission_required("applications.accept_recommendations", sel.review_division_for)
def list_accept(request, division, division_pk, track_pk):
    rlist = get_object_or_404(RecommendationList, division=division, track=_track(division, track_pk))
    run_action(request, lambda: services.recommendation_list_accept(rlist=rlist, by=request.user),
               f"已接收{division.name}“{rlist.track.name}”赛道推荐名单。")
    return redirect("recommend:track", division_pk=division.pk, track_pk=track_pk)


@require_POST
@permission_required("applications.accept_recommendations", sel.review_division_for)
def list_send_back(request, division, division_pk, track_pk):
    rlist = get_object_or_404(RecommendationList, division=division, track=_track(division, track_pk))
    form = ReturnForm(request.POST)
    run_form_action(request, form, lambda: services.recommendation_list_send_back(
        rlist=rlist, reason=form.cleaned_data["reason"], by=request.user),
        f"已退回{division.name}“{rlist.track.name}”赛道推荐名单，推荐单位将收到通知。", invalid="请填写退回原因。")
    return redirect("recommend:track", division_pk=division.pk, track_pk=track_pk)


@require_POST
@permission_required("applications.accept_recommendations", sel.review_division_for)
def list_waive(request, division, division_pk, track_pk):
    track = _track(division, track_pk)
    form = WaiveForm(request.POST)
    run_form_action(request, form, lambda: services.recommendation_minimum_waive(
        division=division, track=track, **form.cleaned_data, by=request.user),
        lambda _: "已免除最少推荐数要求。" if form.cleaned_data["waived"] else "已恢复最少推荐数要求。")
    return redirect("recommend:track", division_pk=division.pk, track_pk=track.pk)


def _summary_scope(request, competition):
    track = None
    if request.GET.get("track", "").isdigit():
        track = get_object_or_404(Track.objects.filter(competition=competition), pk=request.GET["track"])
    return track


@login_required
def summary(request, competition_pk):
    competition = _secretariat_competition(request, competition_pk)
    track = _summary_scope(request, competition)
    page = paginate(request, sel.recommendation_summary(competition, track=track))
    return render(request, "applications/recommend/summary.html", {
        "competition": competition, "track": track, "tracks": competition.tracks.order_by("number"), "page": page,
        "rows": [summary_row(page.start_index() + i, a) for i, a in enumerate(page)],
    })


@login_required
def summary_xlsx(request, competition_pk):
    competition = _secretariat_competition(request, competition_pk)
    return RecommendationSummaryExporter(competition, track=_summary_scope(request, competition)).response("xlsx")


@login_required
def summary_pdf(request, competition_pk):
    competition = _secretariat_competition(request, competition_pk)
    track = _summary_scope(request, competition)
    return start_export(request, kind="recommendation_summary_pdf",
                        params={"competition": competition.pk, "track": track.pk if track else None})


@login_required
def publicity_manage(request, competition_pk):
    competition = _secretariat_competition(request, competition_pk)
    publicity = Publicity.objects.filter(competition=competition).first()
    initial = {"title": f"{competition.title}推荐项目公示"}
    form = PublicityForm(request.POST or None, instance=publicity, initial=None if publicity else initial)
    if form_submitted(request, form, lambda: services.publicity_publish(
            competition=competition, title=form.cleaned_data["title"],
            starts_on=form.cleaned_data["starts_on"], ends_on=form.cleaned_data["ends_on"],
            note=form.cleaned_data["note"], by=request.user),
            success="公示已发布，公众可通过公示页面查看。"):
        return redirect("recommend:publicity_manage", competition_pk=competition.pk)
    rows = sel.public_summary(competition)
    return render(request, "applications/recommend/publicity_manage.html", {
        "competition": competition, "publicity": publicity, "form": form, "count": rows.count(),
        "withdraw_form": ReturnForm(),
    })


@login_required
@require_POST
def publicity_withdraw(request, competition_pk):
    competition = _secretariat_competition(request, competition_pk)
    publicity = get_object_or_404(Publicity, competition=competition, published_at__isnull=False)
    form = ReturnForm(request.POST)
    run_form_action(request, form, lambda: services.publicity_withdraw(
        publicity=publicity, reason=form.cleaned_data["reason"], by=request.user),
        "公示已撤回，公示页面不再对公众开放。", invalid="请填写撤回公示的原因。")
    return redirect("recommend:publicity_manage", competition_pk=competition.pk)


def publicity_public(request, competition_pk):
    """The public 公示 page: no login; 404 until the secretariat publishes it."""
    publicity = get_object_or_404(sel.published_publicity(competition_pk))
    rows = [summary_row(i, a) for i, a in enumerate(sel.public_summary(publicity.competition), start=1)]
    return render(request, "applications/recommend/publicity_public.html", {"publicity": publicity, "rows": rows})
