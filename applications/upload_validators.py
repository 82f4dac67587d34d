"""Upload checks shared by every form with proof documents (SPEC: uploads — size limit, extension and content
must agree). The content is recognised by its first bytes; Office files are ZIP packages with a known part."""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
OFFICE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TYPE_NAMES = {"pdf": "PDF", "png": "PNG", "jpg": "JPG", "jpeg": "JPG", "docx": "DOCX", "xlsx": "XLSX"}


@dataclass(frozen=True)
class UploadInfo:
    extension: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def _office_part_present(upload, extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            return OFFICE_PART[extension] in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def validate_upload(upload, *, allowed: tuple[str, ...]) -> UploadInfo:
    """Check one uploaded file; returns what the Attachment row records. Raises ValidationError (Chinese)."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed_names = "、".join(dict.fromkeys(TYPE_NAMES[a] for a in allowed))
    if extension == "jpeg" and "jpg" in allowed:
        pass
    elif extension not in allowed:
        raise ValidationError("不支持的文件类型“.%(ext)s”，此项只能上传%(allowed)s文件。", code="extension",
                              params={"ext": extension or "（无扩展名）", "allowed": allowed_names})
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError("文件过大：不能超过%(limit)s MB，当前文件%(size)s MB。", code="size",
                              params={"limit": _megabytes(limit), "size": _megabytes(upload.size)})
    if upload.size == 0:
        raise ValidationError("文件为空，请重新选择。", code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in MAGIC[extension]) or (
        extension in OFFICE_PART and not _office_part_present(upload, extension)
    ):
        raise ValidationError("文件内容与扩展名不符：“%(name)s”不是有效的%(type)s文件。", code="content",
                              params={"name": name, "type": TYPE_NAMES[extension]})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return UploadInfo(extension="jpg" if extension == "jpeg" else extension, content_type=CONTENT_TYPES[extension],
                      size=upload.size, sha256=digest.hexdigest(), original_name=name[:200])
