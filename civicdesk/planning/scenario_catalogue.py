"""The catalogue side of a scenario: its lines and query types, and a query type's share of
its line's calls (`scenario_data` reads the rest).

A query type's share is its inbound phone contacts over those of every query type of its line
(`ContactDay`), in the period, else over every day recorded; with fewer than
`MIN_RECORDED_CONTACTS` on the line either way, an even split among the line's query types the
contact centre deals with. Each figure, and where it came from, is written in the notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Sum

from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.catalogue.policy import Action, Availability
from civicdesk.contacts.models import ContactDay
from civicdesk.contacts.vocabulary import ContactChannel, Direction
from civicdesk.councils.models import Council
from civicdesk.planning.scenarios import (
    ALL_LINES,
    AhtChange,
    HoursChange,
    OnlineShift,
    Scenario,
    ScenarioError,
    StaffingChange,
)

MIN_RECORDED_CONTACTS = 100


def active_lines(council: Council) -> dict[str, ServiceLine]:
    return {line.code: line for line in ServiceLine.objects.filter(council=council, active=True)}


def _line(lines: Mapping[str, ServiceLine], where: str, code: str) -> ServiceLine:
    if code not in lines:
        known = ", ".join(sorted(lines)) or "none"
        raise ScenarioError(where, f"no active line {code!r} (lines: {known})")
    return lines[code]


def _query_type(
    council: Council, lines: Mapping[str, ServiceLine], where: str, code: str
) -> QueryType:
    query_type = (
        QueryType.objects.filter(council=council, code=code, active=True)
        .select_related("line", "service")
        .first()
    )
    if query_type is None:
        raise ScenarioError(where, f"no active query type {code!r}")
    if query_type.available_online == Availability.NO:
        raise ScenarioError(
            where,
            f"{query_type} is not available online (available_online: no), so its calls "
            "cannot move online",
        )
    if query_type.line is None or query_type.line.code not in lines:
        raise ScenarioError(where, f"{query_type} has no active phone line to take calls from")
    return query_type


def check_references(
    council: Council, scenario: Scenario, lines: Mapping[str, ServiceLine]
) -> dict[str, QueryType]:
    """The scenario's lines and query types exist; the query types moved online can be done
    online. Returns the query types by code."""
    query_types = {}
    for index, change in enumerate(scenario.changes):
        where = f"changes[{index}]"
        if isinstance(change, OnlineShift):
            query_types[change.query_type] = _query_type(
                council, lines, f"{where}.online", change.query_type
            )
        elif isinstance(change, HoursChange):
            _line(lines, f"{where}.hours", change.line)
        elif isinstance(change, StaffingChange):
            _line(lines, f"{where}.staffing", change.line)
        elif isinstance(change, AhtChange) and change.line != ALL_LINES:
            _line(lines, f"{where}.aht", change.line)
    for code in scenario.staffing.agents:
        _line(lines, f"staffing.agents.{code}", code)
    return query_types


def _recorded_share(
    council: Council, query_type: QueryType, days: tuple[date, date] | None
) -> tuple[int, int]:
    rows = ContactDay.objects.filter(
        council=council,
        channel=ContactChannel.PHONE,
        direction=Direction.INBOUND,
        query_type_id__in=QueryType.objects.filter(council=council, line=query_type.line_id).values(
            "id"
        ),
    )
    if days is not None:
        rows = rows.filter(day__gte=days[0], day__lte=days[1])
    counts = dict(rows.order_by().values_list("query_type_id").annotate(n=Sum("contacts")))
    return counts.get(query_type.pk, 0), sum(counts.values())


def query_type_share(
    council: Council, query_type: QueryType, start: date, end: date, notes: list[str]
) -> float:
    """The query type's share of its line's calls (see the module's docstring)."""
    for days, words in (((start, end), "in the period"), (None, "on every day recorded")):
        own, line_total = _recorded_share(council, query_type, days)
        if line_total >= MIN_RECORDED_CONTACTS:
            notes.append(
                f"{query_type} is {own / line_total:.1%} of the {query_type.line}'s calls: "
                f"{own} of the line's {line_total} phone contacts recorded {words}."
            )
            return own / line_total
    siblings = QueryType.objects.filter(
        council=council, line=query_type.line_id, active=True, available_via_contact_centre=True
    ).count()
    share = 1 / max(siblings, 1)
    notes.append(
        f"Too few phone contacts recorded for the {query_type.line} (fewer than "
        f"{MIN_RECORDED_CONTACTS}), so each of its {siblings} query types is taken to be an "
        f"equal share of its calls: {query_type} is {share:.1%} of them."
    )
    return share


def policy_notes(query_type: QueryType, shift: OnlineShift, notes: list[str]) -> None:
    if query_type.available_online == Availability.PARTIALLY:
        notes.append(
            f"{query_type} is only partly available online: the share moved ({shift.share:.0%}) "
            "should be the part residents can do online."
        )
    actions = query_type.contact_centre_actions or []
    if actions and actions[0] == Action.ONLINE_ONLY:
        notes.append(
            f"The contact-centre policy for {query_type} is already Online only: its calls are "
            "residents who rang anyway, and the scenario assumes they stop ringing."
        )
    notes.append(
        f"{shift.assisted_share:.0%} of the residents with {query_type} need assisted digital "
        "help or are vulnerable, and still call (the channel policy gives them assist)."
    )
