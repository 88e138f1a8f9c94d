"""Files sent with a case: photos, decoded and re-encoded before they are kept.

The type is what the file's own bytes decode as, never its name or the type the browser claims,
so a text file renamed `photo.jpg` is refused. What is stored is the picture re-encoded with no
metadata (civicdesk/core/images.py): no GPS position, no camera, no HTML riding along in a
comment. Stored files get a random name, so the resident's file name (often a date, a place or
their name) is not kept either.
"""

from __future__ import annotations

import uuid
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case, CaseAttachment
from civicdesk.cases.timeline import locked, save_versioned
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError
from civicdesk.core.images import CleanImage, ImageRefused, Refusal, reencode

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = frozenset({"image/jpeg", "image/png"})
_MB = MAX_ATTACHMENT_BYTES // (1024 * 1024)


def _refused(code: CaseErrorCode, message: str, **extra: Any) -> DomainError:
    return DomainError(code, message, field="file", **extra)


def photo_clean(file: IO[bytes] | File[Any]) -> CleanImage:
    """The photo re-encoded with nothing but its pixels, or a DomainError on `file` saying why
    it cannot be kept: too large, not a JPEG or PNG, damaged, or too many pixels."""
    file.seek(0)
    data = file.read(MAX_ATTACHMENT_BYTES + 1)
    file.seek(0)
    if len(data) > MAX_ATTACHMENT_BYTES:
        too_big = f"The selected file must be smaller than {_MB}MB"
        raise _refused(CaseErrorCode.ATTACHMENT_TOO_BIG, too_big, max_bytes=MAX_ATTACHMENT_BYTES)
    try:
        return reencode(data)
    except ImageRefused as refused:
        if refused.reason == Refusal.TOO_MANY_PIXELS:
            limit = refused.limit
            message = f"The selected photo must be {limit // 1_000_000} megapixels or fewer"
            raise _refused(CaseErrorCode.ATTACHMENT_TOO_BIG, message, max_pixels=limit) from refused
        message = (
            "The selected file could not be opened: choose a JPG or PNG that is not damaged"
            if refused.reason == Refusal.DAMAGED
            else "The selected file must be a JPG or PNG"
        )
        raise _refused(
            CaseErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED, message, allowed=sorted(ALLOWED_TYPES)
        ) from refused


def case_attachment_add(
    *, case: Case, actor: Any, file: CleanImage | IO[bytes] | File[Any]
) -> CaseAttachment:
    """Store a JPEG or PNG of at most 10 MB on the case, re-encoded (photo_clean) unless it
    already is. `actor` may be None (a resident)."""
    photo = file if isinstance(file, CleanImage) else photo_clean(file)
    attachment = CaseAttachment(
        council_id=case.council_id,
        case=case,
        content_type=photo.content_type,
        size=len(photo.content),
        uploaded_at=now(),
    )
    name = f"{uuid.uuid4().hex}.{photo.extension}"
    attachment.file.save(name, ContentFile(photo.content), save=False)
    with transaction.atomic():
        save_versioned(locked(case, None), [])  # a photo changes the case too (ADR 16)
        attachment.save()
    return attachment
