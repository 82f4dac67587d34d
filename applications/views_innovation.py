"""Applicant pages of the innovation contest: my applications, new, edit (draft / submit), detail, versions,
attachments (permission-checked download) and the official PDF. Objects are looked up only through the
selectors, so anyone else gets 404."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from competitions.enums import PhaseKind
from greencomp.pages import chosen_among, form_errors_to, paginate, run_action
from greencomp.permissions import permission_required
from greencomp.selectors import current_competition
from greencomp.uploads import download_response

from . import services_innovation as services
from .display_innovation import application_display, proof_groups
from .form_specs import COMMITMENT, spec_for
from .forms_innovation import ApplicationCreateForm, ApplicationForm, typed_data
from .pdf_innovation import application_pdf_response
from .selectors_innovation import (
    applicant_list_of,
    applicant_rows,
    detail_application_for,
    open_innovation_competitions,
    own_application_for,
    own_application_to_write_for,
    visible_application_for,
)

CONFIRM_SUBMIT = "提交后申报表将冻结，不能再修改（被市工业和信息化主管部门退回后方可修改）。确定提交吗？"


def _own(request, pk):
    """An application the user's organisation owns (404 for everyone else, also officers)."""
    return own_application_for(request.user, pk)


@permission_required("applications.apply")
def application_list(request):
    page = paginate(request, applicant_list_of(request.user))
    page.object_list = applicant_rows(page.object_list, page.start_index())
    return render(request, "applications/innovation/application_list.html", {"page": page})


@permission_required("applications.apply")
def application_create(request):
    organisation = request.user.organisation
    competitions = list(open_innovation_competitions())
    current = current_competition(request)
    competition = chosen_among(request, competitions, "competition", default=next(
        (c for c in competitions if current and c.pk == current.pk), competitions[0] if competitions else None))
    if competition is None:
        messages.info(request, "当前没有正在接受申报的创新大赛。")
        return redirect("innovation:list")
    tracks = list(competition.tracks.all())
    offered = [t for t in tracks if not services.track_eligibility_error(t, organisation)]
    refused = [(t, services.track_eligibility_error(t, organisation)) for t in tracks if t not in offered]
    form = ApplicationCreateForm(request.POST or None, tracks=offered)
    if request.method == "POST":
        # A track that is not offered is refused by the service too (with its reason), not only by the choices.
        picked = next((t for t in tracks if str(t.pk) == request.POST.get("track")), None)
        if picked is not None and picked not in offered:
            form.is_valid()
            form.errors.pop("track", None)
            form.add_error("track", services.track_eligibility_error(picked, organisation))
        elif form.is_valid():
            track = next(t for t in offered if t.pk == form.cleaned_data["track"])
            try:
                application = services.application_create(competition=competition, track=track,
                                                           title=form.cleaned_data["name"], by=request.user)
            except ValidationError as exc:
                form_errors_to(form, exc)
            else:
                messages.success(request, "已创建申报草稿，请继续填写申报表。")
                return redirect("innovation:edit", pk=application.pk)
    division = None
    try:
        division = services.applicant_division(competition=competition, organisation=organisation)
    except ValidationError as exc:
        messages.warning(request, exc.messages[0])
    return render(request, "applications/innovation/application_create.html", {
        "form": form, "competition": competition, "competitions": competitions, "refused": refused,
        "division": division, "deadline": division.deadline(PhaseKind.REGISTRATION) if division else None,
    })


def _edit_context(application, form):
    if form.is_bound:
        form.mark_invalid()
    return {
        "application": application, "form": form, "spec": form.spec, "sections": form.layout(),
        "contact_fields": form.contact_fields(),
        "proofs": form.proof_fields(proof_groups(form.spec, list(application.attachments.all()))),
        "deadline": application.division.deadline(PhaseKind.REGISTRATION),
        "confirm_submit": CONFIRM_SUBMIT, "commitment": COMMITMENT,
        "upload_max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024), "tracks": application.competition.tracks.all(),
    }


def _save_typed(request, application, form) -> bool:
    """Save the draft and any chosen files; file errors go onto their fields. True when all went in."""
    services.application_save_draft(application=application, data=form.typed_data(), by=request.user)
    ok = True
    for code, upload in form.uploads():
        try:
            services.attachment_add(application=application, category=code, upload=upload, by=request.user)
        except ValidationError as exc:
            form.add_error(f"proof_{code}", exc)
            ok = False
    return ok


def _refuse_if_closed(request, application):
    try:
        services.check_editable(application)
    except ValidationError as exc:
        return _refusal(request, application, exc)
    return None


CLOSED_CODES = {"not_editable", "closed", "not_started"}


def _closed_refusal(request, application, exc: ValidationError):
    """A save's or submit's refusal because the window is not open is shown like the page's own; any other
    ValidationError is not the window's and goes on."""
    if exc.code not in CLOSED_CODES:
        raise exc
    return _refusal(request, application, exc)


def _refusal(request, application, exc: ValidationError):
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return JsonResponse({"error": exc.messages[0]}, status=409)
    messages.error(request, exc.messages[0])
    return redirect("innovation:detail", pk=application.pk)


def application_edit(request, pk):
    """The form (GET) and its saves (POST: 保存草稿 and the page's autosave), each with the read it needs."""
    return (_application_save if request.method == "POST" else _application_form)(request, pk=pk)


@permission_required("applications.edit_application", own_application_for)
def _application_form(request, application, pk):
    refusal = _refuse_if_closed(request, application)
    if refusal:
        return refusal
    form = ApplicationForm(initial=application.data, spec=spec_for(application.track.form_type))
    return render(request, "applications/innovation/application_form.html", _edit_context(application, form))


@permission_required("applications.edit_application", own_application_to_write_for)
def _application_save(request, application, pk):
    # A save checks the window once, in the service under the lock; its refusal is shown like the page's. The
    # form's own validation runs only when an error is put on it (add_error): every field is optional.
    spec = spec_for(application.track.form_type)
    try:
        if request.headers.get("X-Requested-With") == "XMLHttpRequest":  # the page's autosave: text only, no form
            application = services.application_save_draft(application=application,
                                                          data=typed_data(spec, request.POST), by=request.user)
            return JsonResponse({"saved_at": timezone.localtime(application.updated_at).strftime("%H:%M:%S")})
        form = ApplicationForm(request.POST, request.FILES, spec=spec)
        ok = _save_typed(request, application, form)
    except ValidationError as exc:
        return _closed_refusal(request, application, exc)
    if ok:
        messages.success(request, "草稿已保存。")
        return redirect("innovation:edit", pk=application.pk)
    messages.warning(request, "草稿已保存，但有附件未能上传，请查看下方提示。")
    return render(request, "applications/innovation/application_form.html", _edit_context(
        _own(request, pk), form))


@require_POST
@permission_required("applications.edit_application", own_application_to_write_for)
def application_submit(request, application, pk):
    form = ApplicationForm(request.POST, request.FILES, spec=spec_for(application.track.form_type))
    try:  # the window is checked in the services, under the lock (as for a save)
        if form.uploads():  # the files first (each under its own lock), then the submission
            uploads_ok = _save_typed(request, application, form)
            data = None
        else:  # nothing to upload: the draft is saved and submitted under one lock
            uploads_ok, data = True, form.typed_data()
        if uploads_ok:
            services.application_submit(application=application, data=data, by=request.user)
    except ValidationError as exc:
        if getattr(exc, "code", None) in CLOSED_CODES:  # the window: refused like the page
            return _refusal(request, application, exc)
        form_errors_to(form, exc)
    else:
        if uploads_ok:
            messages.success(request, "申报已提交，等待所在省辖市工业和信息化主管部门审核推荐。"
                                      "请下载申报表PDF，加盖公章后上传盖章扫描件。")
            return redirect("innovation:detail", pk=application.pk)
    messages.warning(request, "草稿已保存，但未能提交：请修改下列错误后再提交。")
    return render(request, "applications/innovation/application_form.html",
                  _edit_context(_own(request, pk), form))


@permission_required("applications.view_application", detail_application_for)
def application_detail(request, application, **_):
    return render(request, "applications/innovation/application_detail.html", {
        "application": application, "own": request.user.has_perm("applications.edit_application", application),
        "display": application_display(
            application, attachment_url=lambda a: reverse("innovation:attachment_download", args=[application.pk, a.pk])),
        "deadline": application.division.deadline(PhaseKind.REGISTRATION),
        "may_upload_stamped": request.user.has_perm("applications.upload_stamped_application", application),
        "versions": list(application.versions.all()),
    })


@permission_required("applications.view_application", detail_application_for)
def version_detail(request, application, number, **_):
    version = next((v for v in application.versions.all() if v.number == number), None)
    if version is None:
        raise Http404
    return render(request, "applications/innovation/version_detail.html", {
        "application": application, "version": version, "display": application_display(application, version=version),
    })


@require_POST
@permission_required("applications.edit_application", own_application_for)
def attachment_upload(request, application, **_):
    code = request.POST.get("category", "")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件。")
    else:
        run_action(request, lambda: services.attachment_add(
            application=application, category=code, upload=upload, by=request.user), f"已上传“{upload.name}”。")
    target = "innovation:edit" if application.is_editable else "innovation:detail"
    return redirect(target, pk=application.pk)


@permission_required("applications.view_application", visible_application_for)
def attachment_download(request, application, attachment_pk, **_):
    attachment = get_object_or_404(application.attachments.all(), pk=attachment_pk)
    return download_response(attachment)


@require_POST
@permission_required("applications.edit_application", own_application_for)
def attachment_delete(request, application, attachment_pk, **_):
    attachment = get_object_or_404(application.attachments.all(), pk=attachment_pk)
    run_action(request, lambda: services.attachment_delete(attachment=attachment, by=request.user),
               f"已删除“{attachment.original_name}”。")
    return redirect(reverse("innovation:edit", args=[application.pk]) + "#proofs")


@permission_required("applications.view_application", detail_application_for)
def application_pdf(request, application, **_):
    number = request.GET.get("version")
    version = next((v for v in application.versions.all() if str(v.number) == number), None) if number else None
    if number and version is None:
        raise Http404
    return application_pdf_response(application, version)
