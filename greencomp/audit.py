"""The one way services record a state change (SPEC: audit — who, when, what, before/after, reason)."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The named fields of `obj` as JSON-safe values, for `before` / `after`."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def audit_record(*, actor, action: str, target: models.Model, before=None, after=None, reason: str = "",
                 competition_id: int | None = None) -> AuditEvent:
    if competition_id is None:
        competition_id = getattr(target, "competition_id", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        competition_id=competition_id,
        before=before,
        after=after,
        reason=reason,
    )
