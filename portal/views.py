"""The portal: the public home (no login), 通知公告, each competition's public page, the secretariat's notice
pages, the API token page and the API documentation page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from greencomp.pages import form_submitted, paginate, run_action
from greencomp.permissions import permission_required
from greencomp.ratelimit import limit_count, too_many_requests
from greencomp.uploads import download_response

from . import selectors as sel
from . import services
from .api_docs import endpoint_groups
from .forms import NoticeAttachmentForm, NoticeForm, SearchForm, TokenForm, TokenRevokeForm, UnpublishForm

HOME_NOTICES = 8
HOME_RESULTS = 10


def _search(request):
    """The search form of the public pages; a search counts against the client's limit (a 429 beyond it)."""
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if q and limit_count(request, "portal_search") > settings.RATE_LIMITS["portal_search"][0]:
        return form, q, too_many_requests(request, "portal_search")
    return form, q, None


def home(request):
    form, q, refused = _search(request)
    if refused:
        return refused
    competitions = list(sel.public_competitions()[:20])
    open_publicity, results = sel.split_open(sel.public_lists())
    return render(request, "portal/home.html", {
        "form": form, "q": q, "notices": sel.published_notices(q)[:HOME_NOTICES],
        "competitions": [(c, sel.current_phase(c)) for c in competitions],
        "open_publicity": open_publicity, "results": results[:HOME_RESULTS],
    })


def notice_list(request):
    form, q, refused = _search(request)
    if refused:
        return refused
    return render(request, "portal/notice_list.html", {"form": form, "q": q,
                                                        "page": paginate(request, sel.published_notices(q))})


def notice_detail(request, pk):
    return render(request, "portal/notice_detail.html", {"notice": sel.published_notice(pk)})


def notice_attachment(request, pk):
    return download_response(sel.published_attachment(pk))


def competition_detail(request, pk):
    competition = sel.public_competition(pk)
    return render(request, "portal/competition_detail.html", {
        "competition": competition, "phase": sel.current_phase(competition),
        "notices": sel.published_notices().filter(competition=competition),
        "lists": sel.public_lists(competition),
    })


def api_docs(request):
    return render(request, "portal/api_docs.html", {"groups": endpoint_groups(request)})


# ---- the secretariat: a competition's notices ---------------------------------------------------------------

@permission_required("portal.manage_notices", sel.managed_competition_for)
def notice_manage(request, competition, competition_pk):
    form = NoticeForm(request.POST or None)
    done = form_submitted(request, form, lambda: services.notice_create(
            competition=competition, by=request.user, **form.cleaned_data),
            success="通知公告已保存为草稿，上传附件后即可发布。")
    if done:
        return redirect("portal:notice_edit", pk=done.result.pk)
    return render(request, "portal/notice_manage.html", {
        "competition": competition, "form": form, "page": paginate(request, sel.managed_notices(competition))})


@permission_required("portal.manage_notices", sel.managed_notice_for)
def notice_edit(request, notice, pk):
    form = NoticeForm(request.POST if request.POST.get("action") == "save" else None,
                      initial={"title": notice.title, "body": notice.body})
    uploading = request.POST.get("action") == "upload"
    upload = NoticeAttachmentForm(*((request.POST, request.FILES) if uploading else ()))
    if form.is_bound and form_submitted(request, form, lambda: services.notice_update(
            notice=notice, by=request.user, **form.cleaned_data),
            success=lambda _: "已保存。" + ("修改已在门户公开。" if notice.is_published else "")):
        return redirect("portal:notice_edit", pk=pk)
    if upload.is_bound and form_submitted(request, upload, lambda: services.notice_attachment_add(
            notice=notice, upload=upload.cleaned_data["file"], by=request.user), success="附件已上传。"):
        return redirect("portal:notice_edit", pk=pk)
    return render(request, "portal/notice_edit.html", {
        "notice": notice, "competition": notice.competition, "form": form, "upload": upload,
        "unpublish": UnpublishForm()})


@require_POST
@permission_required("portal.manage_notices", sel.managed_notice_for)
def notice_publish(request, notice, pk):
    run_action(request, lambda: services.notice_publish(notice=notice, by=request.user),
               "已发布，门户首页“通知公告”中已可看到。")
    return redirect("portal:notice_edit", pk=pk)


@require_POST
@permission_required("portal.manage_notices", sel.managed_notice_for)
def notice_unpublish(request, notice, pk):
    form = UnpublishForm(request.POST)
    run_action(request, lambda: services.notice_unpublish(notice=notice, by=request.user,
                                                      reason=form.cleaned_data["reason"] if form.is_valid() else ""),
               "已撤回，门户中不再显示。")
    return redirect("portal:notice_edit", pk=pk)


@require_POST
@permission_required("portal.manage_notices", sel.managed_attachment_for)
def notice_attachment_delete(request, attachment, pk):
    notice_pk = attachment.notice_id
    services.notice_attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, "附件已删除。")
    return redirect("portal:notice_edit", pk=notice_pk)


@permission_required("portal.manage_notices", sel.managed_attachment_for)
def notice_attachment_download(request, attachment, pk):
    return download_response(attachment)


# ---- every account: its API tokens --------------------------------------------------------------------------

@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    done = form_submitted(request, form, lambda: services.token_create(
        user=request.user, name=form.cleaned_data["name"], by=request.user))
    if done:
        token, key = done.result
        return render(request, "portal/token_created.html", {"token": token, "key": key})
    return render(request, "portal/token_list.html", {
        "form": form, "page": paginate(request, sel.tokens_of(request.user)),
        "docs_url": reverse("api:docs")})


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(sel.tokens_of(request.user), pk=pk)
    form = TokenRevokeForm(request.POST)
    run_action(request, lambda: services.token_revoke(token=token, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""),
               f"令牌“{token.name}”已吊销，使用它的请求将被拒绝。")
    return redirect("portal:tokens")
