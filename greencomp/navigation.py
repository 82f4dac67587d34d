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
        links.append(("review:index", "评审管理", "bi-clipboard-check"))
        groups.append({"title": "秘书处", "links": links})
    if any(m.role == "officer" for m in roles.memberships(user)):
        groups.append({"title": "赛区工作", "links": [("accounts:approvals", "单位注册审核", "bi-patch-check")]})
    if any(m.role == "expert" for m in roles.memberships(user)):
        groups.append({"title": "评审专家", "links": [("review:tasks", "评审任务", "bi-clipboard-data")]})
    if roles.is_applicant_user(user):
        groups.append({"title": "申报单位", "links": [
            ("innovation:list", "我的申报", "bi-folder2-open"),
            ("innovation:create", "新建申报", "bi-file-earmark-plus"),
            ("accounts:organisation", "单位信息", "bi-building"),
        ]})
    for group in groups:
        group["links"] = [
            {"url": reverse(name), "label": label, "icon": icon, "name": name} for name, label, icon in group["links"]
        ]
    return groups
