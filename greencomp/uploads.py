"""Uploads and downloads, once for every capability (SPEC: uploads — size limit, extension and content must
agree). A capability names the extensions a field accepts; this module checks the file, stores it under a
server-generated name, and serves it back as an attachment with its original (Chinese) name.

The content is recognised by `filetype` (magic bytes; Office Open XML told apart by its parts). Its matchers
read only the first kilobytes, so an OOXML package whose parts start later, which `filetype` calls a plain
ZIP, is placed by its part list; an OLE compound file it cannot place is taken as a Word 97-2003 document."""

import hashlib
import math
import uuid
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone

MSG_EXTENSION = "不支持的文件类型“.%(ext)s”，此项只能上传%(allowed)s文件。"
MSG_TOO_LARGE = "文件过大：不能超过%(limit)s MB，当前文件%(size)s MB。"
MSG_EMPTY = "文件为空，请重新选择。"
MSG_CONTENT = "文件内容与扩展名不符：“%(name)s”不是有效的%(type)s文件。"

# extension → (name shown to users, content type)
KINDS = {
    "pdf": ("PDF", "application/pdf"),
    "jpg": ("JPG", "image/jpeg"),
    "png": ("PNG", "image/png"),
    "doc": ("DOC", "application/msword"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ALIASES = {"jpeg": "jpg"}
OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    """What a stored-file row records about an upload that passed `upload_check`."""

    extension: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def type_names(extensions) -> str:
    """“PDF、JPG、PNG” for a field's help text and messages."""
    return "、".join(dict.fromkeys(KINDS[ALIASES.get(e, e)][0] for e in extensions))


def accept_attribute(extensions) -> str:
    """The file input's `accept` list: “.pdf,.jpg,.jpeg,.png”."""
    names = [e for ext in extensions for e in (ext, *(a for a, target in ALIASES.items() if target == ext))]
    return ",".join("." + e for e in dict.fromkeys(names))


def file_field(label: str, *, allowed: tuple[str, ...], required: bool = True, note: str = "") -> forms.FileField:
    """A form's file input: its help text names the types and the size limit, its picker offers only those
    types (the server checks again in `upload_check`)."""
    help_text = f"{type_names(allowed)}，单个文件不超过 {_megabytes(settings.UPLOAD_MAX_BYTES)} MB。{note}"
    return forms.FileField(label=label, required=required, help_text=help_text,
                           widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(allowed)}))


def _megabytes(n: int, *, up: bool = False) -> str:
    """One decimal; a file's own size is rounded up, so a file just over the limit never reads as the limit."""
    tenths = n * 10 / 1024 / 1024
    tenths = math.ceil(tenths) if up else round(tenths)
    return f"{tenths / 10:.1f}".removesuffix(".0")


def _ooxml_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)


def content_kind(upload) -> str | None:
    """The extension the content really has (one of KINDS), whatever the file is called."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    kind = ALIASES.get(guess.extension, guess.extension) if guess else None
    if kind == "zip":
        return _ooxml_kind(upload)
    if kind in ("docx", "xlsx") and _ooxml_kind(upload) != kind:
        return None  # the first bytes look like an Office package, the package itself is broken
    if kind is None and head.startswith(OLE_MAGIC):
        return "doc"
    return kind if kind in KINDS else None


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def upload_check(upload, *, allowed: tuple[str, ...], field: str | None = None) -> CheckedUpload:
    """Extension, size, emptiness and content of one uploaded file; raises ValidationError in Chinese, on
    the form field `field` when given."""
    name = PurePath(upload.name or "").name
    typed = PurePath(name).suffix.lower().lstrip(".")
    extension = ALIASES.get(typed, typed)
    if extension not in allowed:
        _refuse(field, MSG_EXTENSION, "extension", ext=typed or "（无扩展名）", allowed=type_names(allowed))
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        _refuse(field, MSG_TOO_LARGE, "size", limit=_megabytes(limit), size=_megabytes(upload.size, up=True))
    if upload.size == 0:
        _refuse(field, MSG_EMPTY, "empty")
    if content_kind(upload) != extension:
        _refuse(field, MSG_CONTENT, "content", name=name, type=KINDS[extension][0])
    return CheckedUpload(extension=extension, content_type=KINDS[extension][1], size=upload.size,
                         sha256=_sha256(upload), original_name=name[-200:])


def _refuse(field: str | None, message: str, code: str, **params):
    error = ValidationError(message, code=code, params=params or None)
    raise ValidationError({field: [error]}) if field else error


def storage_name(instance, filename: str) -> str:
    """`upload_to` of every stored file: a random name in the model's folder; only the extension is kept."""
    suffix = PurePath(filename).suffix.lower()
    return f"{instance.storage_folder}/{uuid.uuid4().hex}{suffix}"


_stored_in_transaction: ContextVar[list | None] = ContextVar("stored_in_transaction", default=None)


@contextmanager
def atomic_with_files():
    """`transaction.atomic` for a service that stores files: if the block raises, the transaction rolls
    back and every file stored inside it is deleted again, so no orphan is left in MEDIA_ROOT. Nested
    blocks hand their files to the enclosing one, which deletes them if it fails later."""
    stored: list = []
    token = _stored_in_transaction.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_in_transaction.reset(token)
    enclosing = _stored_in_transaction.get()
    if enclosing is not None:
        enclosing.extend(stored)


def stored_file_fill(instance, upload, checked: CheckedUpload, *, by) -> None:
    """Copies what the check found onto a stored-file row and writes the file under a generated name; the
    caller saves the row. Runs only inside `atomic_with_files`, which removes the file if the row is not
    committed."""
    stored = _stored_in_transaction.get()
    if stored is None:
        raise RuntimeError("stored_file_fill() runs inside uploads.atomic_with_files().")
    instance.original_name, instance.size, instance.sha256 = checked.original_name, checked.size, checked.sha256
    instance.content_type, instance.uploaded_by = checked.content_type, by
    instance.uploaded_at = timezone.now()
    instance.file.save(f"upload.{checked.extension}", upload, save=False)
    stored.append((instance.file.storage, instance.file.name))


def delete_after_commit(field_file) -> None:
    """Delete a replaced or removed file only once the row change is committed (a rollback keeps it)."""
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def download_response(stored_file, filename: str = "") -> FileResponse:
    """The one way a stored file leaves the platform: always as an attachment under its original name (or
    `filename`, for a generated file such as an export), never sniffed into something the browser would render,
    never kept by a shared cache."""
    try:
        handle = stored_file.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("文件不存在。") from exc
    declared = getattr(stored_file, "content_type", None)  # an upload's checked type; an export's follows its name
    response = FileResponse(handle, as_attachment=True, filename=filename or stored_file.original_name,
                            content_type=(declared or "application/octet-stream") if declared is not None else None)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
