"""Checking an uploaded document (竞赛方案, 实施方案, 总结): extension, size and content must agree."""

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

DOC_EXTENSIONS = ("pdf", "doc", "docx")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _content_kind(head: bytes, upload) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def check_document(upload, label: str = "文件") -> dict:
    """Validate a PDF/DOC/DOCX upload; returns its size and SHA-256. Raises ValidationError in Chinese."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in DOC_EXTENSIONS:
        raise ValidationError("%(label)s只能是 PDF、DOC 或 DOCX 格式。", params={"label": label})
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError("%(label)s不能超过 %(mb)d MB。", params={"label": label, "mb": limit // (1024 * 1024)})
    if upload.size == 0:
        raise ValidationError("%(label)s是空文件，请重新选择。", params={"label": label})
    upload.seek(0)
    head = upload.read(8)
    kind = _content_kind(head, upload)
    if kind != ext:
        raise ValidationError("%(label)s的内容与扩展名 .%(ext)s 不符，请上传真实的 PDF、DOC 或 DOCX 文件。",
                              params={"label": label, "ext": ext})
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"size": upload.size, "sha256": digest.hexdigest(), "original_name": name[-200:]}
