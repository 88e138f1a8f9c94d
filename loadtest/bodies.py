"""What each phase sends: valid, varied requests, every write carrying a marker of its own.

A write's marker is in the row it creates (a contact's notes, a case's description) and is its
`Idempotency-Key`, so the database can be reconciled with the answers and a retry is the same
request. Open311 reports are spread over a grid of places far enough apart that none joins
another's case (a report at the same place joins the open case there, ADR 28).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

CHANNELS = ("phone", "email", "face_to_face", "web_chat", "phone", "phone")
GRID_COLUMNS = 400
GRID_LATITUDE, GRID_LONGITUDE = 53.0, -3.0  # away from the demo's own cases
GRID_STEP_LATITUDE, GRID_STEP_LONGITUDE = 0.005, 0.008  # about 550 m by 540 m


@dataclass(frozen=True)
class Setup:
    """What the requests need from the seeded database."""

    council: str
    token: str
    open311_key: str
    service_code: str
    query_types: tuple[str, ...]
    residents: tuple[int, ...]
    run: str  # this run's id, in every marker


@dataclass(frozen=True)
class Planned:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    marker: str = ""  # writes only
    table: str = ""  # where the marker lands: "contact" or "case"


Plan = Callable[[int], Planned]


def marker(setup: Setup, phase: str, number: int) -> str:
    return f"lt-{setup.run}-{phase}-{number}"


def _staff(setup: Setup) -> dict[str, str]:
    return {"Authorization": f"Token {setup.token}", "X-Forwarded-Proto": "https"}


def contact(setup: Setup, phase: str, number: int) -> Planned:
    mark = marker(setup, phase, number)
    body: dict[str, object] = {
        "channel": CHANNELS[number % len(CHANNELS)],
        "query_type": setup.query_types[number % len(setup.query_types)],
        "notes": mark,
    }
    if setup.residents and number % 2:
        body["resident"] = setup.residents[number % len(setup.residents)]
    else:
        body["council"] = setup.council
        body["from_phone"] = f"07700 900{number % 1000:03d}"  # Ofcom's range for drama
    headers = {**_staff(setup), "Content-Type": "application/json", "Idempotency-Key": mark}
    return Planned("POST", "/api/v1/contacts/", headers, json.dumps(body).encode(), mark, "contact")


# Each phase's reports start this many places after the previous phase's, so no two phases share
# a place either; a phase sends at most this many (run.py bounds it).
PLACES_PER_PHASE = 100_000
PHASE_PLACES = {"open311": 0, "kill": 1, "dbend": 2}


def grid_place(phase: str, number: int) -> tuple[str, str]:
    row, column = divmod(PHASE_PLACES[phase] * PLACES_PER_PHASE + number, GRID_COLUMNS)
    latitude = GRID_LATITUDE + row * GRID_STEP_LATITUDE
    longitude = GRID_LONGITUDE + column * GRID_STEP_LONGITUDE
    return f"{latitude:.6f}", f"{longitude:.6f}"


def open311_report(setup: Setup, phase: str, number: int) -> Planned:
    mark = marker(setup, phase, number)
    latitude, longitude = grid_place(phase, number)
    fields = {
        "jurisdiction_id": setup.council,
        "api_key": setup.open311_key,
        "service_code": setup.service_code,
        "lat": latitude,
        "long": longitude,
        "description": f"Bin not emptied ({mark})",
        "attribute[bin]": "recycling",
    }
    if number % 2:  # half from a reporter of their own, half anonymous
        fields |= {"email": f"{mark}@example.org", "first_name": "Sam", "last_name": "Load"}
    headers = {
        "X-Forwarded-Proto": "https",
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": mark,
    }
    return Planned(
        "POST", "/open311/v2/requests.json", headers, urlencode(fields).encode(), mark, "case"
    )


def triage(setup: Setup, number: int) -> Planned:
    query = urlencode(
        {
            "council": setup.council,
            "query_type": setup.query_types[number % len(setup.query_types)],
            "channel": CHANNELS[number % len(CHANNELS)],
        }
    )
    return Planned("GET", f"/api/v1/triage/?{query}", _staff(setup))


def page(path: str) -> Plan:
    headers = {"X-Forwarded-Proto": "https", "Accept": "text/html"}
    return lambda _number: Planned("GET", path, headers)


def plans(setup: Setup) -> dict[str, Plan]:
    """Each phase's requests, by the phase's name, numbered from 0 by the driver."""
    help_page = f"/councils/{setup.council}/help/"
    standards_page = f"/councils/{setup.council}/standards/"

    def writes(phase: str) -> Plan:
        # Both kinds of write, alternating, for the fault phases.
        return lambda n: (contact if n % 2 == 0 else open311_report)(setup, phase, n)

    return {
        "contact intake": lambda n: contact(setup, "intake", n),
        "Open311 POST": lambda n: open311_report(setup, "open311", n),
        "triage GET": lambda n: triage(setup, n),
        "help page": page(help_page),
        "standards page": page(standards_page),
        "writes, a worker killed": writes("kill"),
        "writes, database connections ended": writes("dbend"),
    }
