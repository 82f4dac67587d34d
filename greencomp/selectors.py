from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.safestring import mark_safe

from competitions import rules as roles
from competitions.enums import Role
from competitions.models import Division, Membership
from competitions.selectors import competitions_for, officer_cities

from .audit import action_label, event_changes
from .enums import OrganisationKind
from .filters_accounts import AccountFilter
from .filters_audit import AuditEventFilter
from .markup import html_format
from .models import AuditEvent, Organisation, User


def count_per_row(rows, parent: str):
    """An annotation: how many of `rows` (a queryset) point at each annotated row through `parent`, 0 for none.
    A COUNT(*) in a correlated subquery, which an index on (`parent`, the filtered columns) answers alone — a
    Count over a join would read and group every joined row (the whole competition's, at national scale)."""
    counted = rows.filter(**{parent: OuterRef("pk")}).order_by().values(parent).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


def current_competition(request):
    """The competition chosen in the top bar (kept in the session), else the newest one visible."""
    if hasattr(request, "_current_competition"):
        return request._current_competition
    visible = visible_competitions(request)
    chosen = request.session.get("competition_id")
    competition = next((c for c in visible if c.pk == chosen), visible[0] if visible else None)
    request._current_competition = competition
    return competition


def follow_competition(request, competition) -> None:
    """The page shows this competition: it becomes the current one (top bar, sidebar, and the next pages),
    if the user may see it at all."""
    if competition.pk not in {c.pk for c in visible_competitions(request)}:
        return
    request._current_competition = competition
    if request.session.get("competition_id") != competition.pk:
        request.session["competition_id"] = competition.pk


def division_of_current_competition(request, divisions):
    """The one of `divisions` in the competition chosen in the top bar, else the first; None when empty."""
    competition = current_competition(request)
    return (divisions.filter(competition=competition).first() if competition else None) or divisions.first()


# What the layout reads of the competitions it lists (the picker, the sidebar's links, the current one's id for the
# pages that start from it): every signed-in page reads them, so not the notice's texts and contents.
LISTED_COMPETITION_FIELDS = ("id", "kind", "title", "year", "status")


def visible_competitions(request) -> list:
    """competitions_for(user), evaluated once per request (top-bar switcher and current competition), with
    LISTED_COMPETITION_FIELDS only: a page showing a competition reads it itself."""
    if not hasattr(request, "_visible_competitions"):
        request._visible_competitions = list(competitions_for(request.user).only(*LISTED_COMPETITION_FIELDS))
    return request._visible_competitions


def users_for_management():
    """Accounts with their organisation, and their roles with each role's competition and division (one query)."""
    roles_with_scope = Membership.objects.select_related("competition", "division").order_by("pk")
    return User.objects.select_related("organisation").prefetch_related(
        Prefetch("memberships", queryset=roles_with_scope)
    ).order_by("username")


def account_list():
    """账号管理's accounts as the columns the list shows (values, not instances; the organisation's name by a
    subquery, so that the paginator's COUNT stays a plain count)."""
    organisation = Organisation.objects.filter(pk=OuterRef("organisation_id")).order_by().values("name")[:1]
    return User.objects.order_by("username").values("pk", "username", "full_name", "is_active",
                                                    organisation_name=Subquery(organisation))


def accounts_filter(params) -> AccountFilter:
    """账号管理 with its search (username or name) applied."""
    return AccountFilter(params, queryset=account_list())


ROLE_LABELS = dict(Role.choices)


def _roles_cells(user_ids) -> dict[int, str]:
    """Per account, its roles' badges (角色·赛区) as the 角色 cell's HTML: one query for the page's accounts."""
    badges = {}
    for user_id, role, division in (Membership.objects.filter(user_id__in=user_ids).order_by("pk")
                                    .values_list("user_id", "role", "division__name")):
        badges.setdefault(user_id, []).append(html_format('<span class="badge text-bg-light border me-1">{}{}</span>',
                                                          ROLE_LABELS.get(role, role), f"·{division}" if division else ""))
    return {user_id: mark_safe("".join(spans)) for user_id, spans in badges.items()}


# 账号管理's table row (templates/greencomp/user_list.html prints it): 50 rows of 7 cells are most of the page's
# template work when each cell is a lookup of its own.
ACCOUNT_ROW = ('<tr><td>{number}</td><td>{username}</td><td>{full_name}</td><td>{organisation}</td>\n'
               "    <td>{roles}</td>\n    <td>{state}</td>\n"
               '    <td><a href="{url}">查看</a></td></tr>')
ACCOUNT_STATES = {True: mark_safe('<span class="badge text-bg-success">启用</span>'),
                  False: mark_safe('<span class="badge text-bg-secondary">停用</span>')}


def account_rows(page) -> list[dict]:
    """账号管理's rows as the table shows them: 序号, the account's fields, its roles and its page, and the row's
    HTML (ACCOUNT_ROW)."""
    from .pages import row_url  # noqa: PLC0415 — a cycle: greencomp.pages imports this module (current_division_page)

    detail = row_url("accounts:detail")
    accounts = list(page)
    roles_of = _roles_cells([a["pk"] for a in accounts])
    rows = []
    for number, a in enumerate(accounts, start=page.start_index()):
        row = {**a, "number": number, "organisation": a["organisation_name"] or "—", "url": detail(a["pk"]),
               "roles": roles_of.get(a["pk"], "")}
        row["html"] = html_format(ACCOUNT_ROW, number=number, username=row["username"], full_name=row["full_name"],
                                  organisation=row["organisation"], roles=row["roles"],
                                  state=ACCOUNT_STATES[bool(a["is_active"])], url=row["url"])
        rows.append(row)
    return rows


def organisations_pending_for(user):
    """Self-registered organisations awaiting approval: all for the secretariat, own city for officers (financial
    institutions are approved by the secretariat only)."""
    qs = Organisation.objects.filter(status="pending").order_by("created_at")
    if roles.is_platform_secretariat(user):
        return qs
    return qs.filter(city__in=officer_cities(user)).exclude(kind=OrganisationKind.BANK)


def audit_events():
    return AuditEvent.objects.select_related("actor", "target_type")


def audit_filter(params, competitions) -> AuditEventFilter:
    """操作记录 with the chosen competition (one of `competitions`), division, actor, action and dates applied."""
    return AuditEventFilter(params, queryset=audit_events(), competitions=competitions)


AUDIT_COUNT_CAP = 10_000  # 操作记录 counts at most this many events (greencomp.pages.CappedPaginator)


def with_shown_names(events):
    """The events with the names the page shows read in their own query — the actor's (as str(user): the name,
    else the username) and their division's (a plain id on the event, not a foreign key: a deleted division's
    trail stays) — instead of a model instance each. Subqueries, not joins: the paginator's COUNT drops them.
    The competition's title comes from the competitions the page has read (audit_rows)."""
    return events.select_related(None).annotate(
        actor_name=Subquery(User.objects.filter(pk=OuterRef("actor_id")).order_by().values(
            name=Coalesce(NullIf("full_name", Value("")), "username"))[:1]),
        division_name=Subquery(Division.objects.filter(pk=OuterRef("division_id")).order_by().values("name")[:1]))


NO_CHANGES = mark_safe('<span class="text-muted">—</span>')


def _changes_cell(changes) -> str:
    """The 修改内容 cell: a line per changed field."""
    return mark_safe("".join(html_format("<div><b>{}</b>：{} → {}</div>", label, old, new)
                             for label, old, new in changes)) if changes else NO_CHANGES


# 操作记录's table row (templates/greencomp/audit_list.html prints it): 50 rows of 8 cells, each a lookup of its
# own, were most of the page's template work.
AUDIT_ROW = ('<tr><td>{number}</td><td class="text-nowrap">{at}</td><td>{actor}</td>\n'
             '    <td class="text-nowrap" title="{code}">{action}</td>\n'
             '    <td class="small">{scope}</td>\n'
             '    <td class="small"><span class="text-muted">{target_type}</span><br>{target}</td>\n'
             '    <td class="small">{changes}</td>\n'
             "    <td>{reason}</td></tr>")


def audit_rows(page, competitions) -> list[dict]:
    """操作记录's rows as the table shows them (the page's events read `with_shown_names`; `competitions` are
    those the page has read — the platform secretariat's: every one — for the titles, a deleted one's as —),
    with the row's HTML (AUDIT_ROW)."""
    titles = {c.pk: c.title for c in competitions}
    rows = []
    for number, e in enumerate(page, start=page.start_index()):
        title = titles.get(e.competition_id) or "—"
        row = {"event": e, "number": number, "at": f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}",
               "actor": e.actor_name or "系统", "code": e.action, "action": action_label(e.action),
               "target": e.target_repr, "reason": e.reason,
               "target_type": ContentType.objects.get_for_id(e.target_type_id).name,
               "scope": html_format("{}<br>{}", title, e.division_name) if e.division_name else title,
               "changes": _changes_cell(event_changes(e))}
        row["html"] = html_format(AUDIT_ROW, **{k: row[k] for k in (
            "number", "at", "scope", "changes", "actor", "code", "action", "target_type", "target", "reason")})
        rows.append(row)
    return rows


def roles_held(user) -> list:
    """The user's memberships, for the home page's list of roles (cached on the user: no query)."""
    return list(roles.memberships(user))


def is_applicant(user) -> bool:
    """Whether the home page shows the applicant's section (the role, read without a permission query)."""
    return bool(roles.is_applicant_user(user))
