"""The sidebar: one group per role the user holds. Each later capability adds its links here."""

from django.urls import reverse

from competitions import rules as roles


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
        if competition and competition.kind == "labour":
            links.append(("labour:fill_rate_current", "参赛登记进度", "bi-bar-chart"))
            links.append(("commendation:awards_current", "评比表彰", "bi-award"))
        groups.append({"title": "秘书处", "links": links})
    if any(m.role == "officer" for m in roles.memberships(user)):
        links = []
        if any(m.role == "officer" and m.competition.kind == "labour" for m in roles.memberships(user)):
            links += [("labour:my_divisions", "我的赛区", "bi-geo-alt"), ("labour:register", "参赛单位登记", "bi-card-list"),
                      ("commendation:mine", "先进推荐", "bi-award")]
        links.append(("accounts:approvals", "单位注册审核", "bi-patch-check"))
        groups.append({"title": "赛区工作", "links": links})
    if roles.is_applicant_user(user):
        groups.append({"title": "申报单位", "links": [
            ("accounts:organisation", "单位信息", "bi-building"),
            ("labour:my_entries", "我的参赛项目", "bi-flag"),
        ]})
    for group in groups:
        group["links"] = [
            {"url": reverse(name), "label": label, "icon": icon, "name": name} for name, label, icon in group["links"]
        ]
    return groups
