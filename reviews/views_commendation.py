"""Pages of commendation selection: the officer's 先进推荐 (nominate within the quota, submit) and the
secretariat's 评比表彰 (award types, quotas with the proportional proposal, selection, exports).

Objects are looked up through selectors scoped to the user, so a foreign one is a 404."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from greencomp.pages import (
    current_division_page,
    form_submitted,
    paginate,
    refuse,
    run_action,
    run_form_action,
)
from greencomp.permissions import permission_required
from greencomp.selectors import current_competition
from greencomp.uploads import download_response

from . import services_commendation as services
from . import services_honours as honours_services
from . import services_nomination as nomination_services
from .exporters_commendation import (
    DivisionNominationsExporter,
    HonoursExporter,
    QuotaTableExporter,
    honours_title,
    section_headers,
    section_heading,
    section_rows,
)
from .forms_commendation import (
    AwardTypeCreateForm,
    AwardTypeForm,
    FileForm,
    HonoursPublishForm,
    NominationForm,
    ProposeForm,
    ReasonForm,
    SelectForm,
)
from .models import ACHIEVEMENTS_MAX, AwardType
from .selectors_commendation import (
    award_type_for,
    commendation_competition_for,
    commendation_division_for,
    division_award_rows,
    entry_indicators,
    honours_competition_for,
    honours_notice_of,
    honours_sections,
    managed_competitions,
    nominating_division_for,
    nominating_divisions,
    nomination_file_for,
    nomination_for,
    quota_row_cells,
    quota_rows,
    selection_composition,
    selection_filter,
    selection_filters,
    selection_rows,
)

# ---- officer: 先进推荐 ---------------------------------------------------------------------------------------------

@login_required
def my_nominations(request):
    """先进推荐: the officer's division in the current competition (else their first)."""
    return current_division_page(request, nominating_divisions(request.user), "commendation:division")


@permission_required("competitions.view_division", nominating_division_for)
def division_detail(request, division, pk):
    rows = division_award_rows(division)
    return render(request, "reviews/commendation/division_detail.html", {"division": division, "rows": rows})


def _award_for_division(division, award_pk):
    return get_object_or_404(AwardType.objects.filter(competition_id=division.competition_id,
                                                      quotas_published_at__isnull=False), pk=award_pk)


@permission_required("reviews.nominate_commendation", nominating_division_for)
def nomination_create(request, division, pk, award_pk):
    award = _award_for_division(division, award_pk)
    form = NominationForm(request.POST or None, award=award, division=division)
    done = form_submitted(request, form, lambda: nomination_services.nomination_create(
        award_type=award, division=division, data=form.cleaned_data, by=request.user),
        success=lambda nomination: f"已保存推荐草稿：{nomination.nominee}。提交前可继续修改、上传证明材料。")
    if done:
        return redirect("commendation:nomination", pk=done.result.pk)
    return render(request, "reviews/commendation/nomination_form.html", {
        "form": form, "division": division, "award": award, "limit": ACHIEVEMENTS_MAX})


@permission_required("reviews.view_commendation", nomination_for)
def nomination_detail(request, nomination, pk):
    indicators = entry_indicators(nomination.entry)
    can_edit = request.user.has_perm("reviews.edit_nomination", nomination)
    return render(request, "reviews/commendation/nomination_detail.html", {
        "n": nomination, "indicators": indicators, "can_edit": can_edit, "file_form": FileForm(),
        "can_manage": request.user.has_perm("reviews.manage_commendation", nomination),
        "reason_form": ReasonForm(), "select_form": SelectForm(),
    })


@permission_required("reviews.nominate_commendation", nomination_for)
def nomination_edit(request, nomination, pk):
    initial = {f: getattr(nomination, f) for f in ["entry", "team_name", "team_size", "person_name", "gender",
                                                    "ethnicity", "post", "frontline", "achievements"]}
    form = NominationForm(request.POST or None, initial=initial, award=nomination.award_type,
                          division=nomination.division)
    if form_submitted(request, form, lambda: nomination_services.nomination_update(
            nomination=nomination, data=form.cleaned_data, by=request.user), success="推荐材料已保存。"):
        return redirect("commendation:nomination", pk=nomination.pk)
    return render(request, "reviews/commendation/nomination_form.html", {
        "form": form, "division": nomination.division, "award": nomination.award_type, "nomination": nomination,
        "limit": ACHIEVEMENTS_MAX})


def _act(request, action, success: str, **kwargs):
    return run_action(request, lambda: action(by=request.user, **kwargs), success)


@require_POST
@permission_required("reviews.nominate_commendation", nomination_for)
def nomination_submit(request, nomination, pk):
    _act(request, nomination_services.nomination_submit, f"已提交推荐：{nomination.nominee}。",
         nomination=nomination)
    return redirect("commendation:nomination", pk=nomination.pk)


@require_POST
@permission_required("reviews.nominate_commendation", nomination_for)
def nomination_delete(request, nomination, pk):
    if not _act(request, nomination_services.nomination_delete, f"已删除推荐：{nomination.nominee}，释放一个名额。",
                nomination=nomination):
        return redirect("commendation:nomination", pk=nomination.pk)
    return redirect("commendation:division", pk=nomination.division_id)


@require_POST
@permission_required("reviews.nominate_commendation", nomination_for)
def file_upload(request, nomination, pk):
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        _act(request, nomination_services.nomination_file_add, "证明材料已上传。", nomination=nomination,
             upload=form.cleaned_data["file"])
    else:
        messages.error(request, "请选择要上传的证明材料。")
    return redirect("commendation:nomination", pk=nomination.pk)


@require_POST
@permission_required("reviews.edit_nomination_file", nomination_file_for)
def file_delete(request, document, pk):
    _act(request, nomination_services.nomination_file_delete, "证明材料已删除。", document=document)
    return redirect("commendation:nomination", pk=document.nomination_id)


@permission_required("reviews.download_nomination_file", nomination_file_for)
def file_download(request, document, pk):
    return download_response(document)


@permission_required("competitions.view_division", commendation_division_for)
def division_pdf(request, division, pk):
    """The division's 推荐表, to sign and stamp: its submitted nominations per award type."""
    return DivisionNominationsExporter(division).response("pdf")


# ---- secretariat: 评比表彰 -----------------------------------------------------------------------------------------

@login_required
def awards_current(request):
    competitions = managed_competitions(request.user)
    competition = current_competition(request)
    chosen = (competitions.filter(pk=competition.pk).first() if competition else None) or competitions.first()
    if chosen is None:
        raise Http404
    return redirect("commendation:awards", pk=chosen.pk)


@permission_required("reviews.manage_commendation", commendation_competition_for)
def awards(request, competition, pk):
    award_list = list(AwardType.objects.filter(competition=competition).order_by("order", "id"))
    return render(request, "reviews/commendation/awards.html", {
        "competition": competition, "awards": award_list, "notice": honours_notice_of(competition),
        "publish_form": HonoursPublishForm(), "reason_form": ReasonForm()})


@require_POST
@permission_required("reviews.manage_commendation", commendation_competition_for)
def awards_load(request, competition, pk):
    created = services.award_types_load_for(competition)
    if created:
        messages.success(request, f"已按通知载入{len(created)}个表彰项目。")
    else:
        messages.error(request, f"没有找到文号“{competition.doc_number}”对应的表彰项目。")
    return redirect("commendation:awards", pk=competition.pk)


@permission_required("reviews.manage_commendation", commendation_competition_for)
def award_create(request, competition, pk):
    form = AwardTypeCreateForm(request.POST or None)
    if form_submitted(request, form, lambda: services.award_type_create(competition=competition, **form.cleaned_data,
                                                                        by=request.user),
                      success=lambda award: f"已新增表彰项目：{award.name}。"):
        return redirect("commendation:awards", pk=competition.pk)
    return render(request, "reviews/commendation/award_create.html", {"form": form, "competition": competition})


@permission_required("reviews.manage_commendation", award_type_for)
def award_edit(request, award, pk):
    form = AwardTypeForm(request.POST or None, initial={"total": award.total, "escalation_name": award.escalation_name,
                                                        "escalation_count": award.escalation_count})
    if form_submitted(request, form, lambda: services.award_type_update(award_type=award, **form.cleaned_data,
                                                                        by=request.user),
                      success=f"已保存“{award.name}”的评选总数。"):
        return redirect("commendation:awards", pk=award.competition_id)
    return render(request, "reviews/commendation/award_form.html", {"form": form, "award": award})


@permission_required("reviews.manage_commendation", award_type_for)
def quotas(request, award, pk):
    rows = quota_rows(award)
    propose_form = ProposeForm(initial={"measure": award.quota_measure or "entries"})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "propose":
                propose_form = ProposeForm(request.POST)
                if not propose_form.is_valid():
                    raise ValidationError("请选择名额分配依据。")
                scores = _scores(request.POST, rows)
                services.quota_propose(award_type=award, measure=propose_form.cleaned_data["measure"],
                                       scores=scores, by=request.user)
                messages.success(request, "已按比例测算推荐名额（最大余额法），请核对后公布。")
            elif action == "save":
                services.quotas_set(award_type=award, counts=_counts(request.POST, rows),
                                    reason=request.POST.get("reason", ""), by=request.user)
                messages.success(request, "推荐名额已保存。")
            elif action == "publish":
                services.quotas_publish(award_type=award, by=request.user)
                messages.success(request, "推荐名额已公布，各赛区可以推荐。")
        except ValidationError as exc:
            refuse(request, exc)
        return redirect("commendation:quotas", pk=award.pk)
    total = sum(r["count"] for r in rows)
    return render(request, "reviews/commendation/quotas.html", {
        "award": award, "rows": quota_row_cells(rows), "sum": total, "propose_form": propose_form,
        "measure_label": services.MEASURES.get(award.quota_measure, ""), "tie_rule": services.TIE_RULE,
        "has_tie": any(r["basis"].get("tie") for r in rows)})


def _int_field(post, key, message) -> int | None:
    raw = (post.get(key) or "").strip()
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(message) from None
    if value < 0:
        raise ValidationError(message)
    return value


def _counts(post, rows) -> dict:
    counts = {}
    for r in rows:
        value = _int_field(post, f"count_{r['division'].pk}", f"{r['division'].name}的推荐名额须为非负整数。")
        if value is not None:
            counts[r["division"].pk] = value
    return counts


def _scores(post, rows) -> dict:
    scores = {}
    for r in rows:
        raw = (post.get(f"score_{r['division'].pk}") or "").strip()
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(f"{r['division'].name}的评分须为数字。") from None
        if value < 0:
            raise ValidationError(f"{r['division'].name}的评分不能为负数。")
        scores[r["division"].pk] = value
    return scores


@permission_required("reviews.manage_commendation", commendation_competition_for)
def quotas_export(request, competition, pk):
    return QuotaTableExporter(competition).response("xlsx")


@permission_required("reviews.manage_commendation", award_type_for)
def selection(request, award, pk):
    choices = selection_filters(award)
    filters = selection_filter(award, choices, request.GET)
    params = {k: filters.value(k) for k in ("division", "industry", "status")}
    page = paginate(request, filters.rows)
    page.object_list = selection_rows(page.object_list, page.start_index(), request.user)
    return render(request, "reviews/commendation/selection.html", {
        "award": award, "page": page, "filters": choices, "params": params, "next": request.get_full_path(),
        "show_organisation": award.nominee_kind != AwardType.NomineeKind.UNIT,
        "show_person": award.nominee_kind == AwardType.NomineeKind.INDIVIDUAL,
        "composition": selection_composition(award), "select_form": SelectForm(), "reason_form": ReasonForm(),
        "querystring": "&".join(f"{k}={v}" for k, v in params.items() if v)})


@require_POST
@permission_required("reviews.manage_commendation", nomination_for)
def nomination_select(request, nomination, pk):
    form = SelectForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _act(request, honours_services.nomination_select, f"已更新“{nomination.nominee}”的评选结果。",
             nomination=nomination, selected=data["selected"], escalated=data["escalated"], reason=data["reason"])
    return redirect(_back(request, reverse("commendation:selection", args=[nomination.award_type_id])))


@require_POST
@permission_required("reviews.manage_commendation", nomination_for)
def nomination_return(request, nomination, pk):
    _act(request, honours_services.nomination_return, f"已退回“{nomination.nominee}”。", nomination=nomination,
         reason=request.POST.get("reason", ""))
    return redirect(_back(request, reverse("commendation:selection", args=[nomination.award_type_id])))


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@permission_required("reviews.manage_commendation", commendation_competition_for)
def honours_export(request, competition, pk):
    return HonoursExporter(competition, request.GET.get("award", "")).response("xlsx")


@permission_required("reviews.manage_commendation", commendation_competition_for)
def honours_pdf(request, competition, pk):
    return HonoursExporter(competition, request.GET.get("award", "")).response("pdf")


@permission_required("reviews.manage_commendation", commendation_competition_for)
def quotas_pdf(request, competition, pk):
    return QuotaTableExporter(competition).response("pdf")


# ---- 通报表扬: publish, withdraw, read ------------------------------------------------------------------------

@require_POST
@permission_required("reviews.manage_commendation", commendation_competition_for)
def honours_publish(request, competition, pk):
    form = HonoursPublishForm(request.POST)
    run_form_action(request, form, lambda: honours_services.honours_publish(
        competition=competition, **form.cleaned_data, by=request.user),
        "通报表扬名单已发布，已通知相关赛区和受表扬单位。")
    return redirect("commendation:awards", pk=competition.pk)


@require_POST
@permission_required("reviews.manage_commendation", commendation_competition_for)
def honours_withdraw(request, competition, pk):
    form = ReasonForm(request.POST)
    run_form_action(request, form, lambda: honours_services.honours_withdraw(
        competition=competition, reason=form.cleaned_data["reason"], by=request.user),
        "通报表扬已撤回，评选结果可重新调整。", invalid="请填写撤回发布的原因。")
    return redirect("commendation:awards", pk=competition.pk)


@permission_required("reviews.read_honours", honours_competition_for)
def honours_published(request, competition, pk):
    """The published 通报表扬, read-only, for the divisions' officers and the commended enterprises."""
    return render(request, "reviews/commendation/honours_published.html", {
        "competition": competition, "notice": honours_notice_of(competition), "title": honours_title(competition),
        "tables": [{"heading": section_heading(s), "headers": section_headers(s["kind"]), "rows": list(section_rows(s))}
                   for s in honours_sections(competition)], "intro": HonoursExporter.intro,
        "can_manage": request.user.has_perm("reviews.manage_commendation", competition)})


@permission_required("reviews.read_honours", honours_competition_for)
def honours_published_pdf(request, competition, pk):
    notice = honours_notice_of(competition)
    if not (notice and notice.is_published) and not request.user.has_perm("reviews.manage_commendation", competition):
        raise Http404
    return HonoursExporter(competition).response("pdf")
