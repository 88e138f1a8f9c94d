"""Generated residents for the demo: contacts on every channel and cases in every status.

Residents and their contact points are made by the factories and bulk-inserted (their values
are already in the form `residents.normalise` gives). Everything else goes through the
services, so the demo's demand figures are real: contacts through `contact_record` (which
classes chasing, repeat and avoidable contact and escalates cases chased too often), cases
through `case_open`, `case_assign`, `case_note_add` and `case_transition`.

Contacts are spread over the last six months (working days, 8am to 6pm). Each is recorded, and
each case it raises moved on, at its own moment (`demo.case_history`), so the cases are as old
as their contacts, most resolved on time, some late, some still open and overdue.

The same seed gives the same residents, contacts and cases.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from random import Random
from typing import Any

from django.utils import timezone
from factory.random import get_random_state, reseed_random, set_random_state

from civicdesk.cases.vocabulary import Priority
from civicdesk.catalogue.models import QueryType, Venue
from civicdesk.catalogue.policy import Availability
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.contacts.vocabulary import ContactChannel, ContactOutcome, Direction
from civicdesk.councils.models import Council, Team
from civicdesk.demo.case_history import CaseHistory
from civicdesk.demo.factories import (
    DRAMA_PHONE_POOL,
    ContactPointFactory,
    ResidentFactory,
    demo_email,
    drama_phone,
)
from civicdesk.residents.models import ContactPoint, Resident
from civicdesk.residents.services import vulnerability_record
from civicdesk.residents.vocabulary import Need, PreferredChannel

DEFAULT_SEED = 2026
DAYS = 182  # about six months
UPRN_BASE = 100_090_000_000

TEAMS = (
    ("customer-services", "Customer services"),
    ("revenues-benefits", "Revenues and benefits"),
    ("waste-environment", "Waste and environment"),
)
DEFAULT_TEAM = "customer-services"
TEAM_FOR_SERVICE = {
    "housing-benefits": "revenues-benefits",
    "council-tax": "revenues-benefits",
    "rents": "revenues-benefits",
    "environmental": "waste-environment",
    "waste": "waste-environment",
}

LIVE_CHANNELS = frozenset(
    {
        ContactChannel.PHONE,
        ContactChannel.FACE_TO_FACE_WALK_IN,
        ContactChannel.FACE_TO_FACE_APPOINTMENT,
        ContactChannel.WEB_CHAT,
        ContactChannel.VIDEO_CALL,
        ContactChannel.HOME_VISIT,
    }
)
AT_A_VENUE = frozenset(
    {ContactChannel.FACE_TO_FACE_WALK_IN, ContactChannel.FACE_TO_FACE_APPOINTMENT}
)
# Most residents phone; the rest spread over the other channels.
CHANNEL_WEIGHTS = {c: (12 if c is ContactChannel.PHONE else 2) for c in ContactChannel}
PLAIN_OUTCOMES = [
    o
    for o in ContactOutcome
    if o not in {ContactOutcome.CASE_RAISED, ContactOutcome.TRANSFERRED_TIER_2}
]
LANGUAGES = ("Polish", "Urdu", "Romanian", "Punjabi", "Arabic", "Somali")
VULNERABILITIES = (
    "Recently bereaved; prefers calls in the morning.",
    "Has a long-term mental health condition; give extra time and confirm in writing.",
    "Fleeing domestic abuse; never send post to the old address.",
    "Carer for a disabled child; cannot attend the office.",
    "Has dementia; their daughter helps with calls, with their consent.",
)
NOTES = ("", "", "", "Resident was polite and clear.", "Called back as promised.", "Upset.")
ASKS = (
    "Resident asked us to look into this and call back.",
    "Reported at the resident's address.",
    "Resident sent documents and wants to know what happens next.",
    "Needs a decision before the end of the month.",
)


@dataclass
class _Planned:
    at: datetime
    resident: Resident
    query_type: QueryType
    channel: str
    outcome: str = ""
    raise_case: bool = False
    transfer: bool = False
    chased_until: datetime | None = None  # the resident chases the case until then


def load_demo_teams(council: Council, *, leader: Any) -> dict[str, Team]:
    """The demo council's teams, led by `leader`, and the team of each of its query types."""
    teams = {}
    for code, name in TEAMS:
        teams[code], _ = Team.objects.update_or_create(
            council=council, code=code, defaults={"name": name, "leader": leader, "active": True}
        )
    for code in set(TEAM_FOR_SERVICE.values()) | {DEFAULT_TEAM}:
        services = [s for s, team in TEAM_FOR_SERVICE.items() if team == code]
        query_types = QueryType.objects.filter(council=council)
        if code == DEFAULT_TEAM:
            query_types = query_types.exclude(service__code__in=TEAM_FOR_SERVICE)
        else:
            query_types = query_types.filter(service__code__in=services)
        query_types.exclude(team=teams[code]).update(team=teams[code])
    return teams


def load_demo_residents(
    council: Council,
    *,
    advisor: Any,
    leader: Any,
    count: int = 300,
    seed: int = DEFAULT_SEED,
) -> int:
    """Generate `count` residents with contacts and cases, unless the council has residents
    already. Returns how many were made."""
    if count <= 0 or Resident.objects.filter(council=council).exists():
        return 0
    rng = Random(seed)  # noqa: S311 - made-up demo data, not secrets.
    saved = get_random_state()
    reseed_random(seed)  # the factories' Faker and fuzzy values
    try:
        residents = _residents(council, count, rng)
        _vulnerabilities(residents, advisor, rng)
        history = CaseHistory(
            until=timezone.now(),
            advisor=advisor,
            leader=leader,
            rng=Random(seed + 1),  # noqa: S311
        )
        _contacts(council, residents, advisor, rng, history)
        history.run()
    finally:
        set_random_state(saved)
    return len(residents)


def _residents(council: Council, count: int, rng: Random) -> list[Resident]:
    built = []
    for i in range(count):
        needs: list[str] = []
        if i % 9 == 2:
            needs = rng.sample(list(Need.values), k=rng.choice((1, 1, 2)))
        built.append(
            ResidentFactory.build(
                council=council,
                preferred_channel=rng.choice(["", "", *PreferredChannel.values]),
                needs=needs,
                language=rng.choice(LANGUAGES) if Need.INTERPRETER in needs else "",
                needs_notes="Agreed with the resident." if needs and rng.random() < 0.5 else "",
            )
        )
    residents = Resident.objects.bulk_create(built)
    phones = rng.sample(range(DRAMA_PHONE_POOL), k=min(count, DRAMA_PHONE_POOL))
    points = []
    for i, resident in enumerate(residents):
        verified = rng.random() < 0.5
        if rng.random() < 0.9:
            points.append(
                ContactPointFactory.build(
                    resident=resident, value=drama_phone(phones[i % len(phones)]), verified=verified
                )
            )
        if rng.random() < 0.7:
            email = demo_email(resident.first_name, resident.last_name, i)
            points.append(ContactPointFactory.build(resident=resident, email=True, value=email))
        if i % 20 != 19:  # a few residents have given no address
            points.append(
                ContactPointFactory.build(
                    resident=resident, address=True, uprn=str(UPRN_BASE + i), verified=verified
                )
            )
    ContactPoint.objects.bulk_create(points)
    return residents


def _vulnerabilities(residents: list[Resident], advisor: Any, rng: Random) -> None:
    review = timezone.localdate() + timedelta(days=180)
    for resident in residents[5::25]:
        vulnerability_record(
            resident=resident,
            actor=advisor,
            reason=rng.choice(VULNERABILITIES),
            consent_given=rng.random() < 0.9,
            review_date=review,
        )


def _moment(rng: Random, days_ago: int) -> datetime:
    day: date = timezone.localdate() - timedelta(days=days_ago)
    if day.weekday() >= 5:
        day -= timedelta(days=day.weekday() - 4)  # the Friday before
    at = time(rng.randint(8, 17), rng.randrange(0, 60, 5), rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, at))


def _plan(residents: list[Resident], query_types: list[QueryType], rng: Random) -> list[_Planned]:
    """Every resident's contacts. A pattern by resident number makes sure the demo shows
    chasing, repeat and avoidable contact and cases, whatever the count."""
    uncovered = deque(ContactChannel)  # the first plain contacts use every channel once
    online = [qt for qt in query_types if qt.available_online == Availability.YES] or query_types
    channels, weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    plan = []
    for i, resident in enumerate(residents):
        qt = rng.choice(query_types)
        first = rng.randint(15, DAYS - 1)
        if i % 10 == 1:  # raises a case, then chases it
            raising = _Planned(_moment(rng, first), resident, qt, "phone", raise_case=True)
            plan.append(raising)
            for n in range(rng.randint(1, 4)):
                later = _moment(rng, first - 3 * (n + 1) - rng.randint(0, 2))
                plan.append(_Planned(later, resident, qt, rng.choice(["phone", "email"])))
                raising.chased_until = max(later, raising.chased_until or later)
        elif i % 10 == 4:  # answered, then asks again within the repeat window
            plan.append(
                _Planned(_moment(rng, first), resident, qt, "phone", "resolved_first_contact")
            )
            plan.append(_Planned(_moment(rng, first - rng.randint(1, 4)), resident, qt, "phone"))
        elif i % 10 == 7:  # could have done it online, and was sent there
            plan.append(
                _Planned(
                    _moment(rng, first), resident, rng.choice(online), "phone", "advised_online"
                )
            )
        else:
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                channel = uncovered.popleft() if uncovered else rng.choices(channels, weights)[0]
                raise_case = i < 12 or rng.random() < 0.3
                plan.append(
                    _Planned(
                        _moment(rng, rng.randint(1, DAYS - 1)),
                        resident,
                        rng.choice(query_types),
                        channel,
                        "" if raise_case else rng.choice(PLAIN_OUTCOMES),
                        raise_case=raise_case,
                        transfer=raise_case and rng.random() < 0.15,
                    )
                )
    return sorted(plan, key=lambda p: (p.at, p.resident.pk))


def _contacts(
    council: Council, residents: list[Resident], advisor: Any, rng: Random, history: CaseHistory
) -> None:
    """Put the planned contacts on the history's timeline, each to be recorded at its moment;
    a case it raises is handed to the history to be moved on."""
    query_types = list(
        QueryType.objects.filter(council=council, active=True)
        .select_related("council", "line", "team")
        .order_by("code")
    )
    venue = Venue.objects.filter(council=council, active=True).order_by("code").first()
    phones = {
        p.resident_id: p.value
        for p in ContactPoint.objects.filter(resident__in=residents, kind="phone")
    }
    raised: set[tuple[int, int]] = set()
    for planned in _plan(residents, query_types, rng):
        live = planned.channel in LIVE_CHANNELS
        answered = planned.at + timedelta(seconds=rng.randint(5, 600)) if live else None
        ended = answered + timedelta(seconds=rng.randint(90, 1200)) if answered else None
        key = (planned.resident.pk, planned.query_type.pk)
        draft = None
        if planned.raise_case and key not in raised:
            raised.add(key)
            address = planned.resident.contact_points.filter(kind="address").first()
            draft = CaseDraft(
                description=f"{planned.query_type.name}. {rng.choice(ASKS)}",
                priority=rng.choice([*[Priority.NORMAL] * 6, Priority.LOW, Priority.HIGH]),
                address=address.value if address else "",
                uprn=address.uprn if address else "",
                transfer_reason="Needs a specialist decision" if planned.transfer else "",
            )
        fields: dict[str, Any] = {
            "council": council,
            "actor": advisor,
            "channel": planned.channel,
            # The council goes to the resident: a home visit is made, never failure demand.
            "direction": (
                Direction.OUTBOUND
                if planned.channel == ContactChannel.HOME_VISIT
                else Direction.INBOUND
            ),
            "resident": planned.resident,
            "query_type": planned.query_type,
            "venue": venue if planned.channel in AT_A_VENUE else None,
            "presented_at": planned.at,
            "answered_at": answered,
            "ended_at": ended,
            "outcome": ContactOutcome.TRANSFERRED_TIER_2 if planned.transfer else planned.outcome,
            "notes": rng.choice(NOTES),
            "from_phone": phones.get(planned.resident.pk, "") if planned.channel == "phone" else "",
            "raise_case": draft,
        }
        history.add(planned.at, _recorder(fields, history, planned.chased_until))


def _recorder(
    fields: dict[str, Any], history: CaseHistory, chased_until: datetime | None
) -> Callable[[], None]:
    def record() -> None:
        contact = contact_record(**fields)
        if fields["raise_case"] is not None and contact.case is not None:
            history.opened(contact.case, not_before=chased_until)

    return record
