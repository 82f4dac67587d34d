from django.db import models


class OrganisationKind(models.TextChoices):
    UNION = "union", "工会"
    MIIT = "miit", "工业和信息化主管部门"
    ECOLOGY = "ecology", "生态环境部门"
    ENTERPRISE = "enterprise", "企业"
    SUPPLIER = "supplier", "绿色制造服务供应商"
    BANK = "bank", "金融机构"  # 银企对接 (seed 002 六（四）): registers itself, approved by the secretariat
    OTHER = "other", "其他"


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


# The 18 省辖市 of Henan (济源示范区 counts as one), in the order of the provincial notices.
HENAN_CITIES = [
    "郑州市", "开封市", "洛阳市", "平顶山市", "安阳市", "鹤壁市", "新乡市", "焦作市", "濮阳市",
    "许昌市", "漯河市", "三门峡市", "南阳市", "商丘市", "信阳市", "周口市", "驻马店市", "济源示范区",
]
CITY_CHOICES = [(c, c) for c in HENAN_CITIES]
