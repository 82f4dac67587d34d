from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from competitions.models import Competition, Division, Track
from greencomp.pages import paginate
from greencomp.permissions import permission_required
from greencomp.uploads import download_response

from . import selectors, services
from .enums import ExportStatus, MailStatus, NotificationKind
from .exports import export_status
from .models import MailOptOut
from .responses import start_export

PAGE_SIZE = 20


@login_required
def notification_list(request):
    return render(request, "notifications/notification_list.html", {
        "page": paginate(request, selectors.notifications_for(request.user), PAGE_SIZE)})


@login_required
def notification_open(request, pk):
    """Mark read and go to the object; only a local link is followed."""
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request, pk):
    services.notification_mark_read(notification=get_object_or_404(selectors.notifications_for(request.user), pk=pk))
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。")
    return redirect("notifications:list")


@login_required
def mail_settings(request):
    if request.method == "POST":
        wanted = set(request.POST.getlist("mail"))
        services.mail_optouts_set(user=request.user, kinds=[k for k in NotificationKind.values if k not in wanted])
        messages.success(request, "邮件设置已保存。")
        return redirect("notifications:settings")
    off = set(MailOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    return render(request, "notifications/mail_settings.html", {
        "kinds": [(value, label, value not in off) for value, label in NotificationKind.choices]})


@permission_required("notifications.view_mail_log")
def mail_log(request):
    filters = selectors.mail_log_filter(request.GET)
    return render(request, "notifications/mail_log.html", {
        "page": paginate(request, filters.rows), "status": filters.value("status"), "statuses": MailStatus.choices,
        "address_page": paginate(request, selectors.address_mail_log(), 20, param="apage")})


@permission_required("notifications.view_failed_jobs")
def failed_jobs(request):
    return render(request, "notifications/failed_jobs.html", {"page": paginate(request, selectors.failed_jobs())})


# ---- 下载中心 -----------------------------------------------------------------------------------------------

@login_required
def downloads(request):
    return render(request, "notifications/downloads.html", {
        "page": paginate(request, selectors.export_jobs_for(request.user), PAGE_SIZE),
        "highlight": request.GET.get("job", "")})


@login_required
def export_status_json(request, pk):
    job = get_object_or_404(selectors.export_jobs_for(request.user), pk=pk)
    response = JsonResponse(export_status(job))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_download(request, pk):
    job = get_object_or_404(selectors.export_jobs_for(request.user), pk=pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    return download_response(job, filename=job.filename)


@login_required
def recommendation_zip(request, competition_pk, track_pk):
    """批量下载申报材料 of one track: the secretariat for every city, a city officer (?division=) for its own."""
    competition = get_object_or_404(Competition, pk=competition_pk)
    track = get_object_or_404(Track.objects.filter(competition=competition), pk=track_pk)
    division = None
    if request.GET.get("division", "").isdigit():
        division = get_object_or_404(Division.objects.filter(competition=competition), pk=request.GET["division"])
    if not request.user.has_perm("notifications.download_recommendation_zip", division or competition):
        raise Http404
    who = f"{division.name}" if division else ""
    return start_export(request, kind="recommendation_zip", title=f"{who}“{track.name}”赛道申报材料（ZIP）",
                        params={"competition": competition.pk, "track": track.pk,
                                "division": division.pk if division else None})

