"""The floorwalker's tally: one tap per visitor at a venue, counted as a face-to-face contact."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction

from civicdesk.catalogue.models import Venue
from civicdesk.contacts.errors import ContactErrorCode
from civicdesk.contacts.models import Contact
from civicdesk.contacts.rollups import contact_day_count
from civicdesk.contacts.services import contact_record
from civicdesk.contacts.vocabulary import ContactChannel, VisitPurpose
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError, ErrorKind
from civicdesk.councils.models import Council

UNDO_WINDOW = timedelta(minutes=10)


def visit_tally(*, council: Council, actor: Any, venue: Venue, purpose: str) -> Contact:
    """Count one visitor at the venue for the purpose they came for (no resident recorded).
    A tap must name its purpose: unlike a recorded visit, it has no default."""
    if purpose not in VisitPurpose.values:
        raise DomainError(
            ContactErrorCode.UNKNOWN_PURPOSE,
            "Choose what the visitor came for",
            field="purpose",
        )
    return contact_record(
        council=council,
        actor=actor,
        channel=ContactChannel.FACE_TO_FACE_WALK_IN,
        venue=venue,
        purpose=purpose,
    )


def visit_tally_undo(*, council: Council, actor: Any, venue: Venue) -> Contact:
    """Take back this staff user's last tap at the venue, if made in the last ten minutes."""
    with transaction.atomic():
        last = (
            Contact.objects.select_for_update()
            .filter(
                council=council,
                venue=venue,
                advisor=actor,
                channel=ContactChannel.FACE_TO_FACE_WALK_IN,
                resident__isnull=True,
                query_type__isnull=True,
                case__isnull=True,
                presented_at__gte=now() - UNDO_WINDOW,
            )
            .order_by("-presented_at", "-pk")
            .first()
        )
        if last is None:
            raise DomainError(
                ContactErrorCode.NOTHING_TO_UNDO,
                "You have no tally in the last ten minutes to take back",
                field="venue",
                kind=ErrorKind.CONFLICT,
            )
        contact_day_count(contact=last, contacts=-1)
        last.delete()
    return last
