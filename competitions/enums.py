from django.db import models


class CompetitionKind(models.TextChoices):
    LABOUR = "labour", "劳动竞赛"
    INNOVATION = "innovation", "创新大赛"
    GRADING = "grading", "绩效分级提升"


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "进行中"
    CLOSED = "closed", "已结束"


class PhaseKind(models.TextChoices):
    REGISTRATION = "registration", "报名/申报"
    RECOMMENDATION = "recommendation", "推荐"
    AGGREGATION = "aggregation", "汇总"
    REVIEW = "review", "评审"
    COMMENDATION = "commendation", "评比表彰"
    PUBLICITY = "publicity", "公示"
    DISCLOSURE = "disclosure", "信息公开"
    PLAN = "plan", "实施方案"
    SUMMARY = "summary", "总结评估"
    ASSESSMENT = "assessment", "评级"


class DivisionKind(models.TextChoices):
    CITY = "city", "省辖市"
    COUNTY = "county", "县（市、区）"
    INDUSTRY_UNION = "industry_union", "产业（系统）工会"
    ENTERPRISE_GROUP = "enterprise_group", "企业集团"
    DEMO_POINT = "demo_point", "示范点"
    CITY_ENTERPRISE = "city_enterprise", "市直企业"


class FormType(models.TextChoices):
    TECHNOLOGY = "technology", "技术类申报表"
    PRODUCT = "product", "工业绿色设计产品申报表"
    SERVICE = "service", "服务工业绿色低碳发展典型案例申报表"


class Recommender(models.TextChoices):
    """Who sends a track's entries to the secretariat (seed 002 六（一）)."""

    CITY = "city", "省辖市工业和信息化主管部门推荐"
    SUPPLIER = "supplier", "绿色制造服务供应商自行推荐"


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "秘书处"
    OFFICER = "officer", "赛区负责人"
    EXPERT = "expert", "评审专家"
