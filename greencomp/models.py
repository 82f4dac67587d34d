"""Users, the organisations they act for, the audit trail every service writes to, and the stored-file
fields every uploaded document shares."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .enums import CITY_CHOICES, OrganisationKind, OrganisationStatus
from .uploads import storage_name
from .validators import validate_credit_code, validate_phone


def actor_fk(verbose_name: str, *, optional: bool = False, on_delete=models.PROTECT, **options) -> models.ForeignKey:
    """The user who took a step on a row (填报人, 发布人, 回复人 …). Nothing is looked up from the user's side
    (`related_name="+"`); the row keeps its user (PROTECT) unless `on_delete` says otherwise; `optional` while the
    step may not have been taken yet."""
    if optional:
        options.update(null=True, blank=True)
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=on_delete,
                             related_name="+", **options)


class Organisation(models.Model):
    name = models.CharField("单位名称", max_length=200)
    kind = models.CharField("单位类型", max_length=20, choices=OrganisationKind.choices)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code],
        help_text="18位，依据GB 32100-2015校验。",
    )
    city = models.CharField("省辖市", max_length=20, choices=CITY_CHOICES, blank=True)
    county = models.CharField("县（市、区）", max_length=40, blank=True)
    address = models.CharField("单位地址", max_length=200, blank=True)
    industry = models.CharField("所属行业", max_length=100, blank=True)
    main_products = models.CharField("主要产品", max_length=200, blank=True)
    nature = models.CharField("单位性质", max_length=20, blank=True)
    output_value = models.DecimalField("工业总产值（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("员工人数", null=True, blank=True)
    legal_rep_name = models.CharField("法定代表人姓名", max_length=50, blank=True)
    legal_rep_phone = models.CharField("法定代表人电话", max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField("电子邮箱", blank=True)
    fax = models.CharField("传真", max_length=30, blank=True)
    intro = models.TextField("单位简介", blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    is_henan = models.BooleanField("在河南省内注册", default=True)
    status = models.CharField(
        "审核状态", max_length=10, choices=OrganisationStatus.choices, default=OrganisationStatus.APPROVED
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="organisation_credit_code_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_manufacturer(self) -> bool:
        return self.kind == OrganisationKind.ENTERPRISE

    @property
    def is_applicant_kind(self) -> bool:
        return self.kind in (OrganisationKind.ENTERPRISE, OrganisationKind.SUPPLIER)


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机", max_length=30, blank=True, validators=[validate_phone])
    title = models.CharField("职务/职称", max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name="所在单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class AuditEvent(models.Model):
    """One state change: who, when, what, before/after and why. Written only by `audit_record`."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = actor_fk("操作人", null=True, on_delete=models.SET_NULL)
    action = models.CharField("操作", max_length=60, db_index=True)
    target_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT)
    target_id = models.CharField("对象ID", max_length=40)
    target_repr = models.CharField("对象", max_length=200)
    competition_id = models.BigIntegerField("竞赛ID", null=True, blank=True, db_index=True)
    division_id = models.BigIntegerField("赛区ID", null=True, blank=True, db_index=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    reason = models.TextField("原因", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class RequestCounter(models.Model):
    """Requests from one client address to one limited action in one fixed window (see `ratelimit.py`).

    Kept in the database, not in process memory, so that every application server counts together."""

    key = models.CharField("限制对象", max_length=120)
    window_start = models.DateTimeField("时间窗口起点", db_index=True)
    hits = models.PositiveIntegerField("次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "访问频率计数"
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="request_counter_unique")]

    def __str__(self):
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M} {self.hits}"


class Timestamped(models.Model):
    """When a row was created and when it last changed."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class FiledBy(Timestamped):
    """A row a user fills in (填报): who filled it in, when, and when it last changed."""

    created_by = actor_fk("填报人")

    class Meta:
        abstract = True


class Published(models.Model):
    """Something the secretariat publishes (通知公告, 公示, 通报): seen by nobody outside until published."""

    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = actor_fk("发布人", optional=True, on_delete=models.SET_NULL)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class StoredFile(models.Model):
    """An uploaded file as every capability keeps it: stored under a generated name in the model's
    `storage_folder`, with the user's file name, size, SHA-256 and content type as checked on upload
    (`greencomp.uploads`). Served only through `uploads.download_response`."""

    file = models.FileField("文件", upload_to=storage_name, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField("类型", max_length=100)
    uploaded_by = actor_fk("上传人")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def storage_folder(self) -> str:
        """Where new files of this model go, e.g. `reviews/nominationfile`."""
        return f"{self._meta.app_label}/{self._meta.model_name}"
