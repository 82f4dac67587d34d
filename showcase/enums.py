"""What the gallery may show of an application (seed 002 二、六（四）): the base fields of a published result are
always shown; everything else only as the applicant chose on the consent page. Field keys and labels are those
of `applications.form_specs`, so the gallery reads the application's own form data and never a second copy."""

from django.db import models

from competitions.enums import FormType

# The quantified benefits the charts add up (节能量 tce, 节水量 t, 减排二氧化碳 tCO2).
BENEFIT_KEYS = ("energy_saving", "water_saving", "co2_reduction")
# The technology's summary, per form type: the first optional field the applicant may show.
SUMMARY_KEY = {FormType.TECHNOLOGY: "principle", FormType.PRODUCT: "function", FormType.SERVICE: "case_intro"}
# Every field an applicant may choose to show, per form type, in the order of the form.
OPTIONAL_KEYS = {
    FormType.TECHNOLOGY: ("principle", "scope", "benefits", "energy_saving", "water_saving", "co2_reduction",
                          "gas_reduction", "wastewater_reduction", "hazardous_reduction"),
    FormType.PRODUCT: ("model", "function", "energy", "environment", "low_carbon"),
    FormType.SERVICE: ("direction", "case_intro", "effect"),
}
# The contact data of the cover page, shown only with the applicant's consent (or to a bank whose interest the
# applicant accepted).
CONTACT_KEYS = ("contact_name", "contact_phone", "org_email")
CONTACT_LABELS = {"contact_name": "联系人", "contact_phone": "联系电话", "org_email": "电子邮箱"}


class FinancingStage(models.TextChoices):
    RND = "rnd", "研发阶段"
    PILOT = "pilot", "中试阶段"
    INDUSTRIAL = "industrial", "产业化阶段"
    EXPANSION = "expansion", "推广扩产阶段"


class InterestStatus(models.TextChoices):
    PENDING = "pending", "待回复"
    ACCEPTED = "accepted", "已同意对接"
    DECLINED = "declined", "已婉拒"
