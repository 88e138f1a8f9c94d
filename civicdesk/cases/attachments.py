"""Files sent with a case: photos, checked by their first bytes and their size.

The type is read from the file's own first bytes (its "magic number"), never from its name or the
type the browser claims, so a text file renamed `photo.jpg` is refused. Stored files get a random
name, so the resident's file name (often a date, a place or their name) is not kept.
"""

from __future__ import annotations

import uuid
from typing import IO, Any

from django.core.files import File

from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case, CaseAttachment
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# The first bytes of each allowed type, and the extension its stored file gets.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
ALLOWED_TYPES = frozenset(content_type for _, content_type, _ in _SIGNATURES)


def attachment_type(stream: IO[bytes] | File[Any]) -> str | None:
    """The content type the file really is, if it is one we accept; the stream is rewound."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    for signature, content_type, _extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def case_attachment_add(*, case: Case, actor: Any, file: File[Any]) -> CaseAttachment:
    """Store a JPEG or PNG of at most 10 MB on the case. `actor` may be None (a resident)."""
    size = file.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            CaseErrorCode.ATTACHMENT_TOO_BIG,
            f"The file must be smaller than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB",
            field="file",
        )
    content_type = attachment_type(file)
    if size == 0 or content_type is None:
        raise DomainError(
            CaseErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED,
            "The file must be a JPEG or PNG image",
            field="file",
            allowed=sorted(ALLOWED_TYPES),
        )
    extension = next(ext for _, kind, ext in _SIGNATURES if kind == content_type)
    attachment = CaseAttachment(
        council_id=case.council_id,
        case=case,
        content_type=content_type,
        size=size,
        uploaded_at=now(),
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", file, save=False)
    attachment.save()
    return attachment
