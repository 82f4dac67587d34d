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
        if competition and competition.kind == "labour" and roles.is_competition_secretariat(user, competition):
            links.insert(1, ("quota_tables:edit", "名额分配表", "bi-table", competition.pk))
        if competition and competition.kind == "labour":
            links.append(("labour:fill_rate_current", "参赛登记进度", "bi-bar-chart"))
        if _innovation_secretariat(user, competition):
            links += [("recommend:aggregate", "推荐汇总", "bi-grid-3x3"),
                      ("recommend:publicity", "公示管理", "bi-megaphone"), ("review:index", "评审管理", "bi-clipboard-check")]
        groups.append({"title": "秘书处", "links": links})
    if any(m.role == "officer" for m in roles.memberships(user)):
        links = []
        if any(m.role == "officer" and m.competition.kind == "labour" for m in roles.memberships(user)):
            links += [("labour:my_divisions", "我的赛区", "bi-geo-alt"), ("labour:register", "参赛单位登记", "bi-card-list")]
        if any(m.role == "officer" and m.competition and m.competition.kind == "innovation"
               for m in roles.memberships(user)):
            links.append(("recommend:index", "推荐审核", "bi-clipboard-check"))
        links.append(("accounts:approvals", "单位注册审核", "bi-patch-check"))
        groups.append({"title": "赛区工作", "links": links})
    if any(m.role == "expert" for m in roles.memberships(user)):
        groups.append({"title": "评审专家", "links": [("review:tasks", "评审任务", "bi-clipboard-data")]})
    if roles.is_applicant_user(user):
        groups.append({"title": "申报单位", "links": [
            ("innovation:list", "我的申报", "bi-folder2-open"),
            ("innovation:create", "新建申报", "bi-file-earmark-plus"),
            ("labour:my_entries", "我的参赛项目", "bi-flag"),
            ("accounts:organisation", "单位信息", "bi-building"),
        ]})
    for group in groups:
        group["links"] = [
            {"url": reverse(name, args=args), "label": label, "icon": icon, "name": name}
            for name, label, icon, *args in group["links"]
        ]
    return groups + _grading_links(user)


def _grading_links(user) -> list[dict]:
    """绩效分级提升: a city officer's own city pages; the secretariat's dashboard of the latest campaign."""
    from applications.selectors_grading import grading_competitions_for, officer_divisions

    def link(name, label, icon, pk):
        return {"url": reverse(name, args=[pk]), "label": label, "icon": icon, "name": name}

    own = officer_divisions(user)
    if own:
        d = own[0]
        return [{"title": f"绩效分级提升 · {d.name}", "links": [
            link("grading:list", "绩效提升企业清单", "bi-list-check", d.pk),
            link("grading:enterprise_list", "重点行业企业名录", "bi-buildings", d.pk),
            link("grading:assessment_list", "审核评定", "bi-clipboard-check", d.pk),
            link("grading:dashboard", "提升进展看板", "bi-bar-chart", d.competition_id),
        ]}]
    if any(m.role == "secretariat" for m in roles.memberships(user)) or roles.is_platform_secretariat(user):
        competition = grading_competitions_for(user).order_by("-year", "-id").first()
        if competition:
            return [{"title": "绩效分级提升", "links": [
                link("grading:dashboard", "提升进展看板", "bi-bar-chart", competition.pk),
                link("grading:targets", "目标与批次", "bi-bullseye", competition.pk),
            ]}]
    return []
