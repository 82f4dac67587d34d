from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from competitions import rules as roles
from competitions.models import Competition, Division

from . import services
from .audit import action_label, event_changes
from .exporters_audit import AuditEventsExporter
from .filters_audit import AuditEventFilter
from .forms import (
    EnterpriseRegistrationForm,
    ImportUploadForm,
    MembershipForm,
    OrganisationProfileForm,
    ReasonForm,
    UserCreateForm,
)
from .imports import read_table, sign_rows, unsign_rows
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
    filters = AuditEventFilter(request.GET, queryset=audit_events())
    events = filters.qs if filters.is_valid() else audit_events().none()
    if request.GET.get("format") == "xlsx":
        scope = "；".join(f"{filters.form.fields[k].label}：{v}" for k, v in _filter_texts(filters).items())
        return AuditEventsExporter(events=events, scope=scope).response()
    page = paginate(request, events)
    competitions = Competition.objects.in_bulk({e.competition_id for e in page if e.competition_id})
    divisions = Division.objects.in_bulk({e.division_id for e in page if e.division_id})
    rows = [{"event": e, "action": action_label(e.action), "changes": event_changes(e),
             "competition": competitions.get(e.competition_id), "division": divisions.get(e.division_id)}
            for e in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "greencomp/audit_list.html", {"page": page, "rows": rows, "filters": filters,
                                                          "query": query.urlencode()})


def _filter_texts(filters) -> dict:
    if not filters.is_valid():
        return {}
    texts = {}
    for key, value in filters.form.cleaned_data.items():
        if value in (None, ""):
            continue
        texts[key] = action_label(value) if key == "action" else (
            f"{value:%Y-%m-%d}" if hasattr(value, "strftime") else str(value))
    return texts


# ---- accounts (secretariat) -------------------------------------------------------------------------------

ACCOUNT_COLUMNS = {
    "用户名": "username", "姓名": "full_name", "电子邮箱": "email", "手机": "phone", "单位名称": "org_name",
    "统一社会信用代码": "credit_code", "单位类型": "org_kind", "角色": "role", "竞赛": "competition", "赛区": "division",
}
ACCOUNT_REQUIRED = {"username", "full_name", "role"}
IMPORT_SALT = "greencomp.accounts.import"


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


def _validate_account_rows(rows):
    """Check every row against the database and the other rows; resolve names to objects."""
    from .enums import OrganisationKind
    from .models import User
    from .validators import validate_credit_code, validate_phone

    role_by_label = services.ROLE_LABELS
    kind_by_label = {label: value for value, label in OrganisationKind.choices}
    competitions = {c.title: c for c in Competition.objects.all()}
    divisions = {(d.competition_id, d.name): d for d in Division.objects.all()}
    taken = {u.lower() for u in User.objects.values_list("username", flat=True)}
    seen = set()
    for row in rows:
        v = row.values
        if v["username"].lower() in taken:
            row.errors.append(f"用户名“{v['username']}”已存在")
        if v["username"].lower() in seen:
            row.errors.append(f"用户名“{v['username']}”在表中重复")
        seen.add(v["username"].lower())
        if v["role"] and v["role"] not in role_by_label:
            row.errors.append(f"角色应为：{'、'.join(role_by_label)}")
        for key, check in (("phone", validate_phone), ("credit_code", validate_credit_code)):
            if v[key]:
                try:
                    check(v[key])
                except ValidationError as exc:
                    row.errors.extend(exc.messages)
        if v["org_name"] and v["org_kind"] not in kind_by_label:
            row.errors.append(f"单位类型应为：{'、'.join(kind_by_label)}")
        competition = competitions.get(v["competition"]) if v["competition"] else None
        if v["competition"] and competition is None:
            row.errors.append(f"未找到竞赛“{v['competition']}”")
        if role_by_label.get(v["role"]) == "officer":
            if not competition or (competition.pk, v["division"]) not in divisions:
                row.errors.append("赛区负责人须填写所属竞赛中存在的赛区")
        if role_by_label.get(v["role"]) == "expert" and not competition:
            row.errors.append("评审专家须填写竞赛")
    return competitions, divisions, kind_by_label


@transaction.atomic
def _import_accounts(values_list, by):
    from .imports import ImportRow

    rows = [ImportRow(line=i + 1, values=v) for i, v in enumerate(values_list)]
    competitions, divisions, kind_by_label = _validate_account_rows(rows)
    if any(r.errors for r in rows):
        raise ValidationError("数据已发生变化，请重新上传并预览。")
    for row in rows:
        v = row.values
        org = None
        if v["org_name"]:
            org = services.organisation_get_or_create(name=v["org_name"], kind=kind_by_label[v["org_kind"]],
                                                      credit_code=v["credit_code"], by=by)
        user = services.user_create(username=v["username"], password=None, full_name=v["full_name"],
                                    email=v["email"], phone=v["phone"], organisation=org, by=by)
        competition = competitions.get(v["competition"])
        division = divisions.get((competition.pk, v["division"])) if competition and v["division"] else None
        services.membership_grant(user=user, role=services.ROLE_LABELS[v["role"]], competition=competition,
                                  division=division, by=by)
    return len(rows)


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
def user_import(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": list(ACCOUNT_COLUMNS)}
    if request.method == "POST" and "token" in request.POST:
        try:
            count = _import_accounts(unsign_rows(request.POST["token"], IMPORT_SALT), request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("accounts:import")
        messages.success(request, f"已导入 {count} 个账号。用户可通过“忘记密码”设置密码。")
        return redirect("accounts:list")
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_table(form.cleaned_data["file"], ACCOUNT_COLUMNS, ACCOUNT_REQUIRED)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            _validate_account_rows(rows)
            context.update(rows=rows, has_errors=any(r.errors for r in rows))
            if not context["has_errors"]:
                context["token"] = sign_rows(rows, IMPORT_SALT)
    return render(request, "greencomp/user_import.html", context)


@login_required
@permission_required("greencomp.manage_accounts", raise_exception=True)
def user_import_template(request):
    example = ["zhangsan", "张三", "zhangsan@example.com", "13812345678", "郑州市总工会", "", "工会", "赛区负责人",
               "", ""]
    return render_xlsx(Sheet(title="账号批量导入模板", headers=list(ACCOUNT_COLUMNS), rows=[example]), "账号导入模板")


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
