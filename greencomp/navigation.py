"""The sidebar: one group per role the user holds. Each later capability adds its links here."""

from django.urls import reverse

from competitions import rules as roles


def _innovation_secretariat(user, competition) -> bool:
    """Platform secretariat, or the secretariat of an innovation contest (no query: memberships are cached)."""
    return roles.is_platform_secretariat(user) or any(
        m.role == "secretariat" and m.competition and m.competition.kind == "innovation"
        for m in roles.memberships(user))


def sidebar(user, competition) -> list[dict]:
    groups = [{"title": "工作台", "links": [("home", "首页", "bi-house")]}]
    if roles.is_platform_secretariat(user) or (competition and roles.is_competition_secretariat(user, competition)):
        links = [("competitions:list", "竞赛管理", "bi-trophy")]
        if roles.is_platform_secretariat(user):
            links += [
                ("accounts:list", "账号管理", "bi-people"),
                ("accounts:approvals", "单位注册审核", "bi-patch-check"),
                ("audit:list", "操作记录", "bi-journal-text"),
            ]
        if _innovation_secretariat(user, competition):
            links += [("recommend:aggregate", "推荐汇总", "bi-grid-3x3"),
                      ("recommend:publicity", "公示管理", "bi-megaphone")]
        groups.append({"title": "秘书处", "links": links})
    if any(m.role == "officer" for m in roles.memberships(user)):
        links = [("accounts:approvals", "单位注册审核", "bi-patch-check")]
        if any(m.role == "officer" and m.competition and m.competition.kind == "innovation"
               for m in roles.memberships(user)):
            links.append(("recommend:index", "推荐审核", "bi-clipboard-check"))
        groups.append({"title": "赛区工作", "links": links})
    if roles.is_applicant_user(user):
        groups.append({"title": "申报单位", "links": [("accounts:organisation", "单位信息", "bi-building")]})
    for group in groups:
        group["links"] = [
            {"url": reverse(name), "label": label, "icon": icon, "name": name} for name, label, icon in group["links"]
        ]
    return groups
