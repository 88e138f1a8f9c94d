"""Our rows as GeoReport v2 writes them: plain dicts and lists, in the spec's order of fields."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from civicdesk.api.open311.attributes import LIST_DATATYPES
from civicdesk.api.open311.parsing import iso
from civicdesk.api.open311.statuses import extended, plain
from civicdesk.cases.models import Case
from civicdesk.cases.vocabulary import EventKind, Outcome, Status
from civicdesk.catalogue.models import QueryType, QueryTypeQuestion

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this server's Open311 interface last changed (discovery's changeset).
CHANGESET = "2026-11-22T00:00:00+00:00"


def discovery(url: str, contact: str) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": contact,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service_out(query_type: Any) -> dict[str, Any]:
    return {
        "service_code": query_type.open311_code,
        "service_name": query_type.name,
        "description": query_type.service.description or query_type.name,
        "metadata": bool(getattr(query_type, "has_questions", False)),
        "type": "realtime",
        "keywords": ", ".join(query_type.keywords or []),
        "group": query_type.service.name,
    }


def _attribute(order: int, question: QueryTypeQuestion) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "variable": True,
        "code": question.code,
        "datatype": question.datatype,
        "required": question.required,
        "datatype_description": question.description or None,
        "order": order,
        "description": question.question,
    }
    if question.datatype in LIST_DATATYPES:
        attribute["values"] = [{"key": v["key"], "name": v["name"]} for v in question.values]
    return attribute


def definition_out(query_type: QueryType, questions: list[QueryTypeQuestion]) -> dict[str, Any]:
    return {
        "service_code": query_type.open311_code,
        "attributes": [_attribute(n, q) for n, q in enumerate(questions, start=1)],
    }


def _status_notes(case: Any) -> str | None:
    """The latest words written for the resident; else the outcome's name. Never a reason."""
    notes = getattr(case, "public_notes", [])
    if notes:
        return str(notes[0].public_text) or None
    if case.outcome:
        return str(Outcome(case.outcome).label)
    return None


def _coordinate(value: Any) -> float | None:
    return None if value is None else float(value)


def request_out(case: Any) -> dict[str, Any]:
    """One request. A case not opened through Open311 keeps its words and place to itself."""
    own = bool(getattr(case, "raised_here", False))
    return {
        "service_request_id": case.reference,
        "status": plain(case.status),
        "status_notes": _status_notes(case),
        "service_name": case.query_type.name,
        "service_code": case.query_type.open311_code,
        "description": case.description if own else None,
        "agency_responsible": case.team.name if case.team else case.council.name,
        "service_notice": None,
        "requested_datetime": iso(case.opened_at),
        "updated_datetime": iso(getattr(case, "updated_at", None) or case.opened_at),
        "expected_datetime": iso(case.due_at) if case.is_open else None,
        "address": (case.address or None) if own else None,
        "address_id": (case.uprn or None) if own else None,
        "zipcode": None,
        "lat": _coordinate(case.latitude) if own else None,
        "long": _coordinate(case.longitude) if own else None,
        "media_url": None,
    }


def posted_out(case: Case, notice: str) -> dict[str, Any]:
    return {"service_request_id": case.reference, "service_notice": notice, "account_id": None}


def token_out(case: Case, token: str) -> dict[str, Any]:
    return {"service_request_id": case.reference, "token": token}


def update_out(event: Any) -> dict[str, Any]:
    """One public update. Its description is the text written for the resident, if any: the
    status and outcome codes are the only other things read from the row."""
    if event.kind in (EventKind.STATUS_CHANGED, EventKind.REOPENED):
        status = extended(
            event.data.get("to", Status.OPEN),
            event.data.get("outcome", ""),
            reopened=event.kind == EventKind.REOPENED,
        )
    else:
        status = extended(event.status_then or Status.OPEN, event.outcome_then or "")
    text = event.public_text
    return {
        "update_id": str(event.pk),
        "service_request_id": event.case.reference,
        "status": status.value,
        "updated_datetime": iso(event.at),
        "description": str(text),
        "media_url": "",
    }


def due_words(case: Case) -> str:
    if case.due_at is None:
        return ""
    return f" We aim to deal with it by {timezone.localtime(case.due_at):%-d %B %Y, %H:%M}."
