"""Reads of the catalogue for screens, commands and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from civicdesk.catalogue.cached import catalogue_of, own_copy
from civicdesk.catalogue.models import QueryType, ServiceLine, Venue
from civicdesk.catalogue.policy import Action, Availability, SupportAction
from civicdesk.catalogue.triage import (
    Channel,
    ChannelPolicy,
    Circumstances,
    LineSchedule,
    LineStatus,
    QueryPolicy,
    Recommendation,
    triage,
)
from civicdesk.councils.models import Council

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "about",
        "can",
        "do",
        "for",
        "from",
        "how",
        "i",
        "im",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "please",
        "the",
        "to",
        "want",
        "with",
        "what",
        "you",
        "your",
        "need",
        "help",
    ]
)


def query_types_for(council: Council) -> list[QueryType]:
    """The council's active query types of active services, by service and name: the kept
    catalogue's own rows, to read and not to change."""
    return catalogue_of(council).triage_query_types


def query_type_by_code(council: Council, code: str) -> QueryType | None:
    """An active query type of this council, by its stable id: the caller's own copy."""
    found = catalogue_of(council).by_code.get(code)
    return None if found is None else own_copy(found, council)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS}


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@dataclass(frozen=True)
class Match:
    query_type: QueryType
    score: int
    exact: bool


EXACT_NAME = 1000
EXACT_KEYWORD = 900


def _phrase_score(wanted: set[str], phrase: set[str]) -> int:
    """How well the words fit one name or keyword: mostly how much of what was asked is
    covered, partly how much of the phrase was used (so the closest phrase wins a tie)."""
    common = len(wanted & phrase)
    if not common:
        return 0
    return 60 * common // len(wanted) + 40 * common // len(phrase)


def _normalised(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def search_query_types(council: Council, text: str, *, service: str | None = None) -> list[Match]:
    """Query types matching the words, best first. An exact name or keyword scores highest."""
    wanted = _normalised(text)
    wanted_words = {_stem(w) for w in _words(text)}
    matches = []
    for query_type in query_types_for(council):
        if service and service.lower() not in {
            query_type.service.name.lower(),
            query_type.service.code,
        }:
            continue
        if wanted and wanted == _normalised(query_type.name):
            matches.append(Match(query_type, EXACT_NAME, exact=True))
            continue
        if wanted and wanted in {_normalised(k) for k in query_type.keywords}:
            matches.append(Match(query_type, EXACT_KEYWORD, exact=True))
            continue
        if not wanted_words:
            continue
        phrases = [query_type.name, *query_type.keywords]
        score = max(_phrase_score(wanted_words, {_stem(w) for w in _words(p)}) for p in phrases)
        service_words = {_stem(w) for w in _words(query_type.service.name)}
        if wanted_words & service_words:
            score += 10
        if score:
            matches.append(Match(query_type, score, exact=False))
    matches.sort(key=lambda m: (-m.score, m.query_type.service.name, m.query_type.name))
    return matches


def resolve_query_type(
    council: Council, text: str, *, service: str | None = None
) -> tuple[QueryType | None, list[Match]]:
    """The one query type the text means, or None and the candidates to choose from."""
    matches = search_query_types(council, text, service=service)
    if not matches:
        return None, []
    best = [m for m in matches if m.score == matches[0].score]
    if len(best) == 1:
        return best[0].query_type, matches
    return None, best


def query_policy(query_type: QueryType) -> QueryPolicy:
    def channel(actions: list[str], insist: bool, guidance: str) -> ChannelPolicy:
        return ChannelPolicy(tuple(Action(a) for a in actions), insist, guidance)

    return QueryPolicy(
        code=query_type.code,
        name=query_type.name,
        service=query_type.service.name,
        available_online=query_type.available_online,
        value_to=query_type.value_to,
        contact_centre=channel(
            query_type.contact_centre_actions,
            query_type.contact_centre_insist,
            query_type.contact_centre_guidance,
        ),
        face_to_face=channel(
            query_type.face_to_face_actions,
            query_type.face_to_face_insist,
            query_type.face_to_face_guidance,
        ),
        vulnerable_action=SupportAction(query_type.vulnerable_action),
        vulnerable_guidance=query_type.vulnerable_guidance,
        assisted_digital_action=SupportAction(query_type.assisted_digital_action),
        online_url=query_type.online_link,
        portal_name=query_type.portal.name if query_type.portal else "",
        standard_days=query_type.standard_days,
        available_via_contact_centre=query_type.available_via_contact_centre,
    )


def line_schedule(line: ServiceLine, council: Council) -> LineSchedule:
    return LineSchedule(
        code=line.code,
        name=line.name,
        phone_number=line.phone_number,
        hours=line.weekly_hours,
        zone=ZoneInfo(settings.TIME_ZONE),
        closed_days=council.bank_holidays,
    )


def recommend(
    query_type: QueryType,
    *,
    channel: Channel,
    circumstances: Circumstances,
    moment: datetime,
) -> Recommendation:
    line = query_type.line if query_type.line and query_type.line.active else None
    return triage(
        query_policy(query_type),
        channel,
        circumstances,
        moment,
        line_schedule(line, query_type.council) if line else None,
    )


def recommendation_as_dict(recommendation: Recommendation) -> dict[str, object]:
    """The shape the command and the API print: one place, so both say the same."""
    line = recommendation.line
    policy = recommendation.query_type
    return {
        "query_type": {"id": policy.code, "name": policy.name, "service": policy.service},
        "channel": recommendation.channel.value,
        "action": recommendation.action.value,
        "actions": [a.value for a in recommendation.actions],
        "insist": recommendation.insist,
        "guidance": recommendation.guidance,
        "say": recommendation.say,
        "online_url": recommendation.online_url or None,
        "value_to": recommendation.value_to,
        "vulnerable_action": recommendation.vulnerable_action.value,
        "vulnerable_guidance": recommendation.vulnerable_guidance,
        "support_action": recommendation.support_action.value
        if recommendation.support_action
        else None,
        "policy_defined": recommendation.policy_defined,
        "adjustments": list(recommendation.adjustments),
        "standard_days": policy.standard_days,
        "line": None
        if line is None
        else {
            "id": line.code,
            "name": line.name,
            "phone_number": line.phone_number or None,
            "open_now": line.open_now,
            "closes_at": line.closes_at.isoformat() if line.closes_at else None,
            "next_opening": line.next_opening.isoformat() if line.next_opening else None,
        },
        "line_open_now": recommendation.line_open_now,
        "next_opening": recommendation.next_opening.isoformat()
        if recommendation.next_opening
        else None,
    }


@dataclass(frozen=True)
class VenueOpening:
    name: str
    address: str
    hours: dict[str, str]
    open_now: bool
    next_opening: datetime | None


@dataclass(frozen=True)
class ResidentRoute:
    """What a resident is told for a query: the online route first, else the line to ring."""

    query_type: QueryType
    online_url: str
    online_first: bool
    line: LineStatus | None
    line_hours: dict[str, str]
    venues: list[VenueOpening]


def _venue_openings(council: Council, moment: datetime) -> list[VenueOpening]:
    zone = ZoneInfo(settings.TIME_ZONE)
    return [
        VenueOpening(
            name=venue.name,
            address=venue.address,
            hours={day: text for day, text in venue.weekly_hours.as_text().items() if text},
            open_now=venue.weekly_hours.is_open(moment, zone, council.bank_holidays),
            next_opening=venue.weekly_hours.next_opening(moment, zone, council.bank_holidays),
        )
        for venue in Venue.objects.filter(council=council, active=True)
    ]


@dataclass(frozen=True)
class LineOpening:
    status: LineStatus
    hours: dict[str, str]
    handles: list[str]


@dataclass(frozen=True)
class GeneralContact:
    """Where a resident goes when we cannot tell them where: the council's general line (or,
    if it names none, its first-contact lines), its venues and its website."""

    lines: list[LineOpening]
    venues: list[VenueOpening]
    website: str


def general_contact(council: Council, *, moment: datetime) -> GeneralContact:
    lines = ServiceLine.objects.filter(council=council, active=True)
    general = lines.filter(code=council.general_line_code) if council.general_line_code else None
    chosen = list(general) if general else list(lines.filter(tier=1).order_by("name"))
    openings = []
    for line in chosen:
        schedule = line_schedule(line, council)
        closed = schedule.closed_days
        status = LineStatus(
            code=line.code,
            name=line.name,
            phone_number=line.phone_number,
            open_now=schedule.hours.is_open(moment, schedule.zone, closed),
            closes_at=schedule.hours.closes_at(moment, schedule.zone, closed),
            next_opening=schedule.hours.next_opening(moment, schedule.zone, closed),
        )
        hours = {d: t for d, t in line.weekly_hours.as_text().items() if t}
        openings.append(LineOpening(status, hours, list(line.handles)))
    return GeneralContact(openings, _venue_openings(council, moment), council.website)


def resident_route(query_type: QueryType, *, moment: datetime) -> ResidentRoute:
    council = query_type.council
    line = query_type.line if query_type.line and query_type.line.active else None
    line_status = None
    if line:
        recommendation = recommend(
            query_type, channel=Channel.PHONE, circumstances=Circumstances(), moment=moment
        )
        line_status = recommendation.line
    venues = _venue_openings(council, moment)
    online_url = query_type.online_link
    return ResidentRoute(
        query_type=query_type,
        online_url=online_url,
        online_first=bool(online_url) and query_type.available_online != Availability.NO,
        line=line_status,
        line_hours={d: t for d, t in line.weekly_hours.as_text().items() if t} if line else {},
        venues=venues,
    )
