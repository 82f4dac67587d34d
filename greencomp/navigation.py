"""The sidebar: one group per role the user holds, with the links of each kind of competition the role
touches. Memberships are cached per request, so this costs no query beyond the grading lookups; every link's
URL is reversed once per process (`link_url`), not on every page."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from applications.selectors_grading import officer_divisions
from competitions import rules as roles
from showcase.rules import is_bank_user


@lru_cache(maxsize=4096)
def _reversed(urlconf: str, prefix: str, name: str, args: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def link_url(name: str, *args) -> str:
    """reverse(name, args), remembered per URLconf and script prefix: the sidebar's links are the same on every
    page, and there are at most a few per competition."""
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


def _group(title: str, links: list[tuple]) -> dict:
    return {"title": title, "links": [
        {"url": link_url(name, *args), "label": label, "icon": icon, "name": name}
        for name, label, icon, *args in links
    ]}


def _kinds(user, role: str) -> set[str]:
    return {m.competition.kind for m in roles.memberships(user) if m.role == role and m.competition_id}


def _secretariat(user, competition) -> list[dict]:
    platform = roles.is_platform_secretariat(user)
    if not (platform or (competition and roles.is_competition_secretariat(user, competition))):
        return []
    links = [("competitions:list", "竞赛管理", "bi-trophy")]
    if competition and competition.kind == "labour":
        links += [("quota_tables:edit", "名额分配表", "bi-table", competition.pk),
                  ("labour:fill_rate_current", "参赛登记进度", "bi-bar-chart"),
                  ("commendation:awards_current", "评比表彰", "bi-award")]
    if platform or "innovation" in _kinds(user, "secretariat"):
        links += [("recommend:aggregate", "推荐汇总", "bi-grid-3x3"), ("recommend:publicity", "公示管理", "bi-megaphone"),
                  ("review:index", "评审管理", "bi-clipboard-check")]
    if competition:
        links.append(("portal:notice_manage", "通知公告", "bi-newspaper", competition.pk))  # portal (issue 16)
    if platform:
        links += [("showcase:matchmaking", "银企对接", "bi-bank"), ("accounts:list", "账号管理", "bi-people"), ("accounts:approvals", "单位注册审核", "bi-patch-check"),
                  ("audit:list", "操作记录", "bi-journal-text")]
    return [_group("秘书处", links)]


def _officer(user) -> list[dict]:
    kinds = _kinds(user, "officer")
    if not kinds:
        return []
    links = []
    if "labour" in kinds:
        links += [("labour:my_divisions", "我的赛区", "bi-geo-alt"), ("labour:register", "参赛单位登记", "bi-card-list"),
                  ("commendation:mine", "先进推荐", "bi-award")]
    if "innovation" in kinds:
        links.append(("recommend:index", "推荐审核", "bi-clipboard-check"))
    links.append(("accounts:approvals", "单位注册审核", "bi-patch-check"))
    return [_group("赛区工作", links)]


def _expert(user) -> list[dict]:
    if "innovation" not in _kinds(user, "expert"):
        return []
    return [_group("评审专家", [("review:tasks", "评审任务", "bi-clipboard-data")])]


def _applicant(user) -> list[dict]:
    if not roles.is_applicant_user(user):
        return []
    return [_group("申报单位", [
        ("innovation:list", "我的申报", "bi-folder2-open"),
        ("innovation:create", "新建申报", "bi-file-earmark-plus"),
        ("labour:my_entries", "我的参赛项目", "bi-flag"),
        ("showcase:mine", "成果展示与银企对接", "bi-easel"),
        ("accounts:organisation", "单位信息", "bi-building"),
    ])]


def _bank(user) -> list[dict]:
    if not is_bank_user(user):
        return []
    return [_group("银企对接", [("showcase:gallery", "成果展示", "bi-grid"),
                             ("showcase:bank_interests", "我的对接意向", "bi-list-check")])]


def _grading(user, competition) -> list[dict]:
    """绩效分级提升: a city officer's own city pages; for the secretariat the current campaign's dashboard, or
    the entry page that finds the latest one (no query here either way)."""
    own = officer_divisions(user)
    if own:
        d = own[0]
        return [_group(f"绩效分级提升 · {d.name}", [
            ("grading:list", "绩效提升企业清单", "bi-list-check", d.pk),
            ("grading:enterprise_list", "重点行业企业名录", "bi-buildings", d.pk),
            ("grading:assessment_list", "审核评定", "bi-clipboard-check", d.pk),
            ("grading:dashboard", "提升进展看板", "bi-bar-chart", d.competition_id),
        ])]
    if not (roles.is_platform_secretariat(user) or "grading" in _kinds(user, "secretariat")):
        return []
    if competition and competition.kind == "grading":
        return [_group("绩效分级提升", [
            ("grading:dashboard", "提升进展看板", "bi-bar-chart", competition.pk),
            ("grading:targets", "目标与批次", "bi-bullseye", competition.pk),
        ])]
    return [_group("绩效分级提升", [("grading:start", "提升进展看板", "bi-bar-chart")])]


# The secretariat's tools of each kind of competition, for its page (each takes the competition's pk).
COMPETITION_TOOLS = {
    "labour": [("dashboard:competition", "看板", "bi-speedometer2"), ("quota_tables:edit", "名额分配表", "bi-table"),
               ("labour:fill_rate", "参赛登记进度", "bi-bar-chart"), ("commendation:awards", "评比表彰", "bi-award"),
               ("labour:competition_xlsx", "参赛单位汇总表", "bi-file-earmark-excel")],
    "innovation": [("dashboard:competition", "看板", "bi-speedometer2"), ("recommend:matrix", "推荐汇总", "bi-grid-3x3"),
                   ("recommend:summary", "推荐汇总表", "bi-file-earmark-text"),
                   ("recommend:publicity_manage", "推荐公示", "bi-megaphone"), ("review:manage", "评审管理", "bi-clipboard-check"),
                   ("review:experts", "专家库", "bi-person-badge"), ("review:progress", "评审进度", "bi-hourglass-split"),
                   ("review:awards", "获奖名单", "bi-trophy"),
                   ("people:contacts_table", "负责人与联络员", "bi-person-lines-fill")],
    "grading": [("dashboard:competition", "看板", "bi-speedometer2"), ("grading:dashboard", "提升进展看板", "bi-bar-chart"),
                ("grading:targets", "目标与批次", "bi-bullseye")],
}
PORTAL_TOOLS = [("portal:notice_manage", "通知公告", "bi-newspaper")]  # every kind: the notices on the portal


def competition_tools(competition) -> list[dict]:
    return _group("", [(name, label, icon, competition.pk)
                       for name, label, icon in COMPETITION_TOOLS.get(competition.kind, []) + PORTAL_TOOLS])["links"]


def sidebar(user, competition) -> list[dict]:
    return ([_group("工作台", [("home", "首页", "bi-house"), ("portal:home", "门户首页", "bi-globe"),
                              ("portal:tokens", "接口令牌", "bi-key")])] + _secretariat(user, competition) + _officer(user)
            + _expert(user) + _applicant(user) + _bank(user) + _grading(user, competition))
