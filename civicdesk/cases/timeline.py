"""What every case write is made of: a timeline row, the acting user, the row locked with its
version checked (ADR 16), and the versioned save."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F

from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.vocabulary import EventKind
from civicdesk.core.errors import DomainError, ErrorKind


def record_event(
    case: Case,
    kind: EventKind,
    actor: Any,
    at: datetime,
    *,
    public: bool = False,
    public_text: str = "",
    **data: Any,
) -> CaseEvent:
    return CaseEvent.objects.create(
        council=case.council,
        case=case,
        kind=kind,
        actor=actor,
        at=at,
        data=data,
        public=public,
        public_text=public_text,
    )


def actor_or_system(actor: Any) -> Any:
    """A signed-in user, or None for the system (a task, an API client without a user)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def locked(case: Case, expected_version: int | None) -> Case:
    current = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise DomainError(
            CaseErrorCode.CHANGED_BY_SOMEONE_ELSE,
            f"Case {current.reference} was changed by someone else since you opened it "
            f"(now version {current.version}, status {current.get_status_display().lower()}). "
            "Reload it and try again.",
            kind=ErrorKind.CONFLICT,
            current_version=current.version,
            current_status=current.status,
        )
    return current


def save_versioned(case: Case, fields: list[str]) -> None:
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "version"])
    case.refresh_from_db()
