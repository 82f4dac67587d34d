from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from competitions import rules as roles

from . import services
from .forms import (
    EnterpriseRegistrationForm,
    MembershipForm,
    OrganisationProfileForm,
    ReasonForm,
    UserCreateForm,
)
from .imports import import_page
from .imports_accounts import AccountImport
from .selectors import audit_events, competitions_for, organisations_pending_for, users_for_management
from .todo import todos_for
from .xlsx import Sheet, render_xlsx

PAGE_SIZE = 50


def paginate(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def form_errors_to(form, exc: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form) so the user sees it in place."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def home(request):
    competitions = competitions_for(request.user).prefetch_related("phases")[:20]
    my_roles = [m for m in roles.memberships(request.user)]
    return render(request, "greencomp/home.html", {
        "competitions": competitions, "my_roles": my_roles, "tasks": todos_for(request.user),
        "is_applicant": roles.is_applicant_user(request.user),
    })


@login_required
@require_POST
def competition_switch(request):
    competition = get_object_or_404(competitions_for(request.user), pk=request.POST.get("competition"))
    request.session["competition_id"] = competition.pk
    return redirect(request.POST.get("next") or "home")


@login_required
@permission_required("greencomp.view_audit", raise_exception=True)
def audit_list(request):
    events = audit_events()
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor__username__icontains=actor)
    return render(request, "greencomp/audit_list.html", {"page": paginate(request, events), "action": action,
                                                          "actor": actor})


# ---- accounts (secretariat) -------------------------------------------------------------------------------

@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
def user_list(request):
    users = users_for_management()
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(username__icontains=q) | users.filter(full_name__icontains=q)
    return render(request, "greencomp/user_list.html", {"page": paginate(request, users), "q": q})


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, f"已创建账号 {user.username}。")
            return redirect("accounts:detail", pk=user.pk)
    return render(request, "greencomp/user_form.html", {"form": form})


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
def user_detail(request, pk):
    user = get_object_or_404(users_for_management(), pk=pk)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_grant(user=user, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            messages.success(request, "已分配角色。")
            return redirect("accounts:detail", pk=user.pk)
    return render(request, "greencomp/user_detail.html", {"account": user, "form": form,
                                                           "reason_form": ReasonForm()})


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
@require_POST
def user_toggle_active(request, pk):
    user = get_object_or_404(users_for_management(), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    if user == request.user:
        messages.error(request, "不能停用自己的账号。")
    else:
        services.user_set_active(user=user, active=not user.is_active, reason=form.cleaned_data.get("reason", ""),
                                 by=request.user)
        messages.success(request, f"账号 {user.username} 已{'启用' if user.is_active else '停用'}。")
    return redirect("accounts:detail", pk=user.pk)


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
@require_POST
def membership_revoke(request, pk, membership_pk):
    user = get_object_or_404(users_for_management(), pk=pk)
    membership = get_object_or_404(user.memberships.all(), pk=membership_pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    services.membership_revoke(membership=membership, reason=form.cleaned_data.get("reason", ""), by=request.user)
    messages.success(request, "已取消该角色。")
    return redirect("accounts:detail", pk=user.pk)


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
def user_import(request):
    return import_page(request, AccountImport(by=request.user), {})


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
def user_import_template(request):
    example = ["zhangsan", "张三", "zhangsan@example.com", "13812345678", "郑州市总工会", "", "工会", "赛区负责人",
               "", ""]
    return render_xlsx(Sheet(title="账号批量导入模板", headers=list(AccountImport.columns), rows=[example]), "账号导入模板")


# ---- enterprise self-registration and approval -----------------------------------------------------------

def register(request):
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enterprise_register(
                organisation_name=data["organisation_name"], kind=data["kind"], credit_code=data["credit_code"],
                city=data["city"], county=data["county"], contact_name=data["contact_name"],
                contact_phone=data["contact_phone"], username=data["username"], email=data["email"],
                password=data["password1"],
            )
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            return render(request, "registration/register_done.html", {"city": data["city"]})
    return render(request, "registration/register.html", {"form": form})


@login_required
def approvals(request):
    if not (roles.is_platform_secretariat(request.user)
            or any(m.role == "officer" for m in roles.memberships(request.user))):
        raise PermissionDenied
    orgs = organisations_pending_for(request.user)
    return render(request, "greencomp/approval_list.html", {"page": paginate(request, orgs),
                                                             "reason_form": ReasonForm()})


@login_required
@require_POST
def approval_decide(request, pk):
    org = get_object_or_404(organisations_pending_for(request.user), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.organisation_decide(organisation=org, approve=request.POST.get("decision") == "approve",
                                     reason=form.cleaned_data.get("reason", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已处理 {org.name} 的注册申请。")
    return redirect("accounts:approvals")


@login_required
def organisation_profile(request):
    org = request.user.organisation
    if org is None or not roles.is_applicant_user(request.user):
        raise PermissionDenied
    form = OrganisationProfileForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=org, form=form, by=request.user)
        messages.success(request, "单位信息已保存。")
        return redirect("accounts:organisation")
    return render(request, "greencomp/organisation_form.html", {"form": form})
