from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services, two_factor
from .exporters_audit import AuditEventsExporter
from .forms import (
    EnterpriseRegistrationForm,
    MembershipForm,
    OrganisationProfileForm,
    ReasonForm,
    RequiredReasonForm,
    UserCreateForm,
)
from .imports import import_page
from .imports_accounts import AccountImport
from .pages import form_submitted, next_url, paginate, query_without_page, run_action, run_form_action
from .permissions import permission_required
from .selectors import (
    AUDIT_COUNT_CAP,
    account_rows,
    accounts_filter,
    audit_filter,
    audit_rows,
    competitions_for,
    is_applicant,
    organisations_pending_for,
    roles_held,
    users_for_management,
    visible_competitions,
    with_shown_names,
)
from .todo import todos_for
from .xlsx import Sheet, render_xlsx


@login_required
def home(request):
    competitions = competitions_for(request.user).prefetch_related("phases")[:20]
    my_roles = roles_held(request.user)
    return render(request, "greencomp/home.html", {
        "competitions": competitions, "my_roles": my_roles, "tasks": todos_for(request.user),
        "is_applicant": is_applicant(request.user),
    })


@login_required
@require_POST
def competition_switch(request):
    competition = get_object_or_404(competitions_for(request.user), pk=request.POST.get("competition"))
    request.session["competition_id"] = competition.pk
    return redirect(next_url(request, "home"))


@permission_required("greencomp.view_audit")
def audit_list(request):
    competitions = visible_competitions(request)  # the platform's: every competition
    filters = audit_filter(request.GET, competitions)
    events = filters.rows
    if request.GET.get("format") == "xlsx":
        return AuditEventsExporter(events=events, scope=filters.scope()).response()
    page = paginate(request, with_shown_names(events), cap=AUDIT_COUNT_CAP)
    return render(request, "greencomp/audit_list.html", {"page": page, "rows": audit_rows(page, competitions),
                                                          "filters": filters, "query": query_without_page(request)})


# ---- accounts (secretariat) -------------------------------------------------------------------------------

@permission_required("greencomp.manage_accounts")
def user_list(request):
    filters = accounts_filter(request.GET)
    page = paginate(request, filters.rows)
    return render(request, "greencomp/user_list.html", {"page": page, "rows": account_rows(page),
                                                         "q": filters.value("q"), "filters": filters})


@permission_required("greencomp.manage_accounts")
def user_create(request):
    form = UserCreateForm(request.POST or None)
    done = form_submitted(request, form, lambda: services.user_create(**form.cleaned_data, by=request.user),
                          success=lambda user: f"已创建账号 {user.username}。")
    if done:
        return redirect("accounts:detail", pk=done.result.pk)
    return render(request, "greencomp/user_form.html", {"form": form})


@permission_required("greencomp.manage_accounts")
def user_detail(request, pk):
    user = get_object_or_404(users_for_management(), pk=pk)
    form = MembershipForm(request.POST or None, initial={"competition": request.GET.get("competition")})
    if form_submitted(request, form, lambda: services.membership_grant(
            user=user, role=form.cleaned_data["role"], competition=form.cleaned_data["competition"],
            division=form.cleaned_data["division"], reason=form.cleaned_data["reason"], by=request.user),
            success="已分配角色。"):
        return redirect("accounts:detail", pk=user.pk)
    return render(request, "greencomp/user_detail.html", {"account": user, "form": form,
                                                           "reason_form": ReasonForm(),
                                                           "two_factor_enrolled": two_factor.is_enrolled(user)})


def _managed_account(_user, pk, **_):
    return get_object_or_404(users_for_management(), pk=pk)


# greencomp.switch_account refuses the signed-in account itself (its own second factor is reset on 两步验证).
@permission_required("greencomp.switch_account", _managed_account)
@require_POST
def user_two_factor_reset(request, user, **_):
    """For a lost phone: the account sets up a new authenticator at its next sign-in."""
    form = ReasonForm(request.POST)
    form.is_valid()
    two_factor.second_factor_remove(user=user, by=request.user, reason=form.cleaned_data.get("reason", ""))
    messages.success(request, f"已重置 {user.username} 的两步验证，该账号下次登录时需重新绑定。")
    return redirect("accounts:detail", pk=user.pk)


@permission_required("greencomp.switch_account", _managed_account)
@require_POST
def user_toggle_active(request, user, **_):
    form = ReasonForm(request.POST)
    form.is_valid()
    run_action(request, lambda: services.user_set_active(
        user=user, active=not user.is_active, reason=form.cleaned_data.get("reason", ""), by=request.user),
        lambda _: f"账号 {user.username} 已{'启用' if user.is_active else '停用'}。")  # the state after the change
    return redirect("accounts:detail", pk=user.pk)


@permission_required("greencomp.manage_accounts")
@require_POST
def membership_revoke(request, pk, membership_pk):
    user = get_object_or_404(users_for_management(), pk=pk)
    membership = get_object_or_404(user.memberships.all(), pk=membership_pk)
    form = RequiredReasonForm(request.POST)
    run_form_action(request, form, lambda: services.membership_revoke(
        membership=membership, reason=form.cleaned_data["reason"], by=request.user),
        "已撤销该角色。", invalid="撤销角色须填写原因，未撤销。")
    return redirect("accounts:detail", pk=user.pk)


@permission_required("greencomp.manage_accounts")
def user_import(request):
    return import_page(request, AccountImport(by=request.user), {})


@permission_required("greencomp.manage_accounts")
def user_import_template(request):
    example = ["zhangsan", "张三", "zhangsan@example.com", "13812345678", "郑州市总工会", "", "工会", "赛区负责人",
               "", ""]
    return render_xlsx(Sheet(title="账号批量导入模板", headers=list(AccountImport.columns), rows=[example]), "账号导入模板")


# ---- enterprise self-registration and approval -----------------------------------------------------------

def register(request):
    form = EnterpriseRegistrationForm(request.POST or None)
    if form_submitted(request, form, lambda: services.enterprise_register(**form.registration())):
        return render(request, "registration/register_done.html", {"city": form.cleaned_data["city"]})
    return render(request, "registration/register.html", {"form": form})


@permission_required("greencomp.approve_registrations")
def approvals(request):
    orgs = organisations_pending_for(request.user)
    return render(request, "greencomp/approval_list.html", {"page": paginate(request, orgs),
                                                             "reason_form": ReasonForm()})


@login_required
@require_POST
def approval_decide(request, pk):
    org = get_object_or_404(organisations_pending_for(request.user), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    run_action(request, lambda: services.organisation_decide(organisation=org, approve=request.POST.get("decision") == "approve",
                                                         reason=form.cleaned_data.get("reason", ""), by=request.user),
               f"已处理 {org.name} 的注册申请。")
    return redirect("accounts:approvals")


@permission_required("greencomp.edit_organisation_profile")
def organisation_profile(request):
    org = request.user.organisation
    form = OrganisationProfileForm(request.POST or None, instance=org)
    if form_submitted(request, form, lambda: services.organisation_update(organisation=org, form=form, by=request.user),
                      success="单位信息已保存。"):
        return redirect("accounts:organisation")
    return render(request, "greencomp/organisation_form.html", {"form": form})
