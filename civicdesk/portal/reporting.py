"""A report or request made on the resident pages, through the same services as the staff pages.

The resident is found by the email address or phone number they give (within the council), or
added. The report is recorded as a web-form contact that raises a case, so failure demand and the
service standard apply. If the same thing is already reported at the same place, the contact is
linked to that case instead and the resident is told its reference. All of it or none of it is
written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from civicdesk.cases.attachments import case_attachment_add
from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case
from civicdesk.catalogue.models import QueryType, QueryTypeQuestion
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import CaseDraft, contact_link_to_case, contact_record
from civicdesk.contacts.vocabulary import ContactChannel, ContactOutcome
from civicdesk.core.errors import DomainError
from civicdesk.core.images import CleanImage
from civicdesk.portal.questions import answer_text
from civicdesk.residents.models import Resident
from civicdesk.residents.services import resident_for_reporter


@dataclass(frozen=True)
class ResidentReport:
    """What the resident sent, already checked by the form."""

    query_type: QueryType
    questions: list[QueryTypeQuestion]
    answers: dict[str, Any]
    description: str
    full_name: str
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    uprn: str = ""
    photo: CleanImage | None = field(default=None, compare=False)  # already re-encoded


@dataclass(frozen=True)
class ReportResult:
    case: Case
    linked: bool  # True: already reported, the report was added to this case


def _resident(report: ResidentReport) -> Resident | None:
    first, _, last = report.full_name.strip().rpartition(" ")
    return resident_for_reporter(
        council=report.query_type.council,
        actor=None,
        email=report.email,
        phone=report.phone,
        first_name=first,
        last_name=last,
    )


def _place(report: ResidentReport) -> str:
    return "\n".join(part for part in (report.address.strip(), report.postcode) if part)


def _as_text(report: ResidentReport) -> str:
    """The description and the answers as lines, for a contact (which has no answers field)."""
    lines = [
        f"{q.question}: {answer_text(q, report.answers[q.code])}"
        for q in report.questions
        if q.code in report.answers
    ]
    return "\n\n".join(part for part in (report.description, "\n".join(lines)) if part)


def _record(
    report: ResidentReport,
    resident: Resident | None,
    *,
    raise_case: CaseDraft | None = None,
    notes: str = "",
) -> Contact:
    return contact_record(
        council=report.query_type.council,
        actor=None,
        channel=ContactChannel.WEB_FORM,
        resident=resident,
        query_type=report.query_type,
        from_email=report.email,
        from_phone=report.phone,
        uprn=report.uprn,
        notes=notes,
        raise_case=raise_case,
    )


def report_submit(report: ResidentReport) -> ReportResult:
    council = report.query_type.council
    draft = CaseDraft(
        description=report.description,
        address=_place(report),
        uprn=report.uprn,
        answers=dict(report.answers),
    )
    with transaction.atomic():
        resident = _resident(report)
        try:
            contact = _record(report, resident, raise_case=draft, notes=_as_text(report))
            case = contact.case
            # An open case of this query type for this resident or place is chased, not doubled.
            linked = contact.outcome != ContactOutcome.CASE_RAISED
        except DomainError as error:
            if error.code != CaseErrorCode.POSSIBLE_DUPLICATE:
                raise
            case = Case.objects.get(council=council, reference=error.extra["existing"][0])
            contact = _record(report, resident, notes=_as_text(report))
            contact_link_to_case(contact=contact, case=case, actor=None)
            linked = True
        if case is None:  # contact_record raises the case or says why not
            raise RuntimeError("the report raised no case")
        if report.photo is not None:
            case_attachment_add(case=case, actor=None, file=report.photo)
    return ReportResult(case=case, linked=linked)
