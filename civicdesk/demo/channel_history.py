"""Demo history of Demo City's other channels, 1 January 2022 to 31 August 2023: the online
contacts and the visits to York House that go with the generated calls of those months
(`calls_write`), so the channel-shift, cost and visits dashboards have something to show.

What is made (anonymous inbound contacts, marked `client="demo-history"`):
- visits to York House on the days it is open (its hours in the catalogue: Tuesdays and
  Thursdays, 9.30am to 4.30pm, closed on bank holidays), walk-ins and appointments, by
  purpose. April to June 2023 is seed 001's review quarter: its 1,602 visitors by purpose are
  reproduced exactly (data/visits.yaml), about 60 a day. Every other day follows the same mix;
- contacts online every day (web forms, online services through the API, email, web chat),
  fewer at weekends.

Assumed, not from the seeds: the shape of the channel shift of seed 003 (residents moving from
face to face and the phone to cheaper channels online): visits fall by 1.5% a month and online
contacts grow by 4% a month, from about 55 a weekday in January 2022; the mix of online channels;
the outcomes (resolved at first contact, advised to go online, cases raised...), the share of
failure demand and its reasons, the share of residents advised online who came back within a
week; query types drawn from the demo catalogue (online: those available online; visits: those
of the seed's face-to-face table, payments for the payment kiosk), the popular ones more often.

The contacts are inserted in large batches, bypassing `contact_record` on purpose: this is
demo history, already classified as the generator says, not contact coming in. Nothing is
classified, no case is opened, no resident is matched (the contacts are anonymous: "came back"
is set by the generator, not found), and the daily counts are recounted once at the end
(`contact_days_rebuild`), in the same transaction. The rows go in by `executemany`, 20,000 at
a time, as `calls_write` does, not by `bulk_create`: on SQLite, whose statements take at most
999 parameters, `bulk_create` writes about 40 contacts a statement, and measured five times
slower. The same seed and catalogue give the same history; loading it again when the council
has some does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

import yaml
from django.db import connection, transaction

from civicdesk.catalogue.models import QueryType, Venue
from civicdesk.catalogue.policy import Availability
from civicdesk.contacts.models import Contact
from civicdesk.contacts.rollups import contact_days_rebuild
from civicdesk.contacts.vocabulary import (
    ContactChannel,
    ContactOutcome,
    DemandType,
    Direction,
    FailureReason,
    VisitPurpose,
)
from civicdesk.core.hours import Span
from civicdesk.councils.models import Council

VISITS_FILE = Path(__file__).parent / "data" / "visits.yaml"
HISTORY_CLIENT = "demo-history"
START, END = date(2022, 1, 1), date(2023, 8, 31)
DEFAULT_SEED = 3
UK = ZoneInfo("Europe/London")
BATCH = 20_000

ONLINE_PER_DAY = 55.0  # a weekday in January 2022
ONLINE_GROWTH = 0.04  # a month
WEEKEND_FACTOR = 0.5
ONLINE_HOURS = (7, 22)  # contacts online come in from 07:00 to 22:00
VISIT_DECLINE = 0.015  # a month
NOISE = (0.85, 1.15)  # a day's volume, against its month's mean

C, OUT, R = ContactChannel, ContactOutcome, FailureReason
ONLINE_CHANNELS: dict[str, int] = {C.WEB_FORM: 40, C.API: 30, C.EMAIL: 20, C.WEB_CHAT: 10}
ONLINE_OUTCOMES: dict[str, int] = {
    OUT.RESOLVED_FIRST_CONTACT: 60,
    OUT.CASE_RAISED: 20,
    OUT.SIGNPOSTED: 5,
    "": 15,
}
SELF_SERVICE = frozenset(
    {
        VisitPurpose.SCAN_STATION,
        VisitPurpose.TELEPHONES,
        VisitPurpose.SELF_SERVICE_PC,
        VisitPurpose.PAYMENT_KIOSK,
    }
)
SELF_SERVICE_OUTCOMES: dict[str, int] = {
    OUT.RESOLVED_FIRST_CONTACT: 70,
    OUT.ASSISTED_DIGITAL: 15,
    OUT.ADVISED_ONLINE: 10,
    "": 5,
}
ASSISTED_OUTCOMES: dict[str, int] = {
    OUT.RESOLVED_FIRST_CONTACT: 40,
    OUT.ADVISED_ONLINE: 25,
    OUT.CASE_RAISED: 15,
    OUT.SIGNPOSTED: 10,
    "": 10,
}
APPOINTMENT_OUTCOMES: dict[str, int] = {
    OUT.RESOLVED_FIRST_CONTACT: 55,
    OUT.CASE_RAISED: 30,
    OUT.REFERRED_PARTNER: 15,
}
ONLINE_FAILURE: tuple[float, dict[str, int]] = (0.08, {R.CHASING: 60, R.REPEAT: 40})
VISIT_FAILURE: tuple[float, dict[str, int]] = (0.15, {R.AVOIDABLE: 50, R.CHASING: 30, R.REPEAT: 20})
CAME_BACK = 0.2  # of those advised online, back within a week


class HistoryError(Exception):
    """The demo council's catalogue or visits file cannot make the history; says why."""


@dataclass(frozen=True)
class VisitMix:
    """Seed 001's review of visits: a venue, a quarter, and its visitors by purpose."""

    venue: str
    start: date
    end: date
    purposes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.purposes.values())


def visit_mix(path: Path = VISITS_FILE) -> VisitMix:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    review = data["review"]
    purposes = {str(k): int(v) for k, v in review["purposes"].items()}
    unknown = set(purposes) - set(VisitPurpose.values)
    if unknown:
        raise HistoryError(f"{path.name}: unknown purposes {sorted(unknown)}")
    mix = VisitMix(str(data["venue"]), review["start"], review["end"], purposes)
    if mix.total != int(review["total"]):
        raise HistoryError(
            f"{path.name}: the purposes add up to {mix.total}, not {review['total']}"
        )
    return mix


def channel_history_exists(*, council: Council) -> bool:
    return Contact.objects.filter(council=council, client=HISTORY_CLIENT).exists()


def _month(day: date) -> int:
    """Months since January 2022."""
    return (day.year - START.year) * 12 + day.month - START.month


Pool = tuple[list[int], list[float]]  # query type ids and their weights
# What differs from one contact of the history to the next: a row holds these, in this order.
VARYING = (
    "channel",
    "presented_at",
    "query_type_id",
    "outcome",
    "demand_type",
    "failure_reason",
    "came_back_at",
    "purpose",
    "venue_id",
)
Row = tuple[str, datetime, int, str, str, str, datetime | None, str, int | None]


def _weighted(query_types: Sequence[QueryType], rng: Random) -> Pool:
    """The query types' ids, the popular ones (in a seeded order) more often: weight 1/rank."""
    ids = sorted(qt.pk for qt in query_types)
    rng.shuffle(ids)
    return ids, [1 / rank for rank in range(1, len(ids) + 1)]


def _shares(means: Sequence[float], total: int) -> list[int]:
    """Whole numbers in proportion to `means` that add up to `total` (largest remainder)."""
    whole = sum(means)
    exact = [total * mean / whole for mean in means]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _History:
    """Makes the contacts, one stream of random numbers, in date order."""

    def __init__(self, council: Council, venue: Venue, mix: VisitMix, seed: int) -> None:
        self.council, self.venue, self.mix = council, venue, mix
        self.rng = Random(seed)  # noqa: S311 - made-up demo data, not secrets.
        active = list(QueryType.objects.filter(council=council, active=True))
        online = [qt for qt in active if qt.available_online != Availability.NO]
        in_person = [qt for qt in active if qt.face_to_face_actions]
        payments = [qt for qt in active if "payment" in qt.code]
        if not (online and in_person and payments):
            raise HistoryError(f"Council {council.slug!r} lacks the demo's query types.")
        self.fully_online = {qt.pk for qt in active if qt.available_online == Availability.YES}
        self.online = _weighted(online, self.rng)
        self.in_person = _weighted(in_person, self.rng)
        self.payments = _weighted(payments, self.rng)
        self.rows: list[Row] = []  # in the order of `VARYING`

    def _pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _add(
        self,
        channel: str,
        at: datetime,
        pool: Pool,
        *,
        outcome: str,
        purpose: str = "",
        venue_id: int | None = None,
    ) -> None:
        rng = self.rng
        query_type = rng.choices(*pool)[0]
        share, reasons = VISIT_FAILURE if venue_id else ONLINE_FAILURE
        reason = self._pick(reasons) if rng.random() < share else ""
        if reason == R.AVOIDABLE and query_type not in self.fully_online:
            reason = R.REPEAT  # avoidable: could have been done online in full
        came_back = None
        if outcome == OUT.ADVISED_ONLINE and rng.random() < CAME_BACK:
            came_back = at + timedelta(days=rng.randint(1, 6), minutes=rng.randint(0, 300))
        demand = DemandType.FAILURE if reason else DemandType.VALUE
        self.rows.append(
            (channel, at, query_type, outcome, demand, reason, came_back, purpose, venue_id)
        )

    def online_day(self, day: date, per_day: float) -> None:
        rng = self.rng
        mean = per_day * (1 + ONLINE_GROWTH) ** _month(day)
        if day.weekday() >= 5:
            mean *= WEEKEND_FACTOR
        first, last = ONLINE_HOURS
        for _ in range(round(mean * rng.uniform(*NOISE))):
            at = datetime.combine(day, time(first), tzinfo=UK) + timedelta(
                seconds=rng.randrange((last - first) * 3600)
            )
            channel = self._pick(ONLINE_CHANNELS)
            self._add(channel, at, self.online, outcome=self._pick(ONLINE_OUTCOMES))

    def visits(self, day: date, spans: tuple[Span, ...], purposes: Sequence[str]) -> None:
        rng = self.rng
        for purpose in purposes:
            span = rng.choice(spans)
            opens = datetime.combine(day, span.opens, tzinfo=UK)
            length = datetime.combine(day, span.closes, tzinfo=UK) - opens
            at = opens + timedelta(seconds=rng.randrange(int(length.total_seconds())))
            if purpose == VisitPurpose.APPOINTMENTS:
                channel, outcomes = C.FACE_TO_FACE_APPOINTMENT, APPOINTMENT_OUTCOMES
            elif purpose in SELF_SERVICE:
                channel, outcomes = C.FACE_TO_FACE_WALK_IN, SELF_SERVICE_OUTCOMES
            else:
                channel, outcomes = C.FACE_TO_FACE_WALK_IN, ASSISTED_OUTCOMES
            pool = self.payments if purpose == VisitPurpose.PAYMENT_KIOSK else self.in_person
            self._add(
                channel,
                at,
                pool,
                outcome=self._pick(outcomes),
                purpose=purpose,
                venue_id=self.venue.pk,
            )

    def visit_plan(self) -> dict[date, list[str]]:
        """Each open day's visitors by purpose. The review quarter has seed 001's visitors,
        exactly; the other months the same mix, more visitors the further back."""
        hours, closed = self.venue.weekly_hours, self.council.bank_holidays
        days = [
            START + timedelta(days=n)
            for n in range((END - START).days + 1)
            if hours.spans_on(START + timedelta(days=n), closed)
        ]
        mix, rng = self.mix, self.rng
        review = [day for day in days if mix.start <= day <= mix.end]
        if not review:
            raise HistoryError(f"{mix.venue} is never open from {mix.start} to {mix.end}.")
        middle = (_month(mix.start) + _month(mix.end)) / 2
        per_day = mix.total / len(review)
        means = {
            day: per_day * (1 - VISIT_DECLINE) ** (_month(day) - middle) * rng.uniform(*NOISE)
            for day in days
        }
        pool = [purpose for purpose, n in mix.purposes.items() for _ in range(n)]
        rng.shuffle(pool)
        plan: dict[date, list[str]] = {}
        for day, count in zip(review, _shares([means[d] for d in review], mix.total), strict=True):
            plan[day], pool = pool[:count], pool[count:]
        purposes, weights = list(mix.purposes), list(mix.purposes.values())
        for day in days:
            if day not in plan:
                plan[day] = rng.choices(purposes, weights, k=round(means[day]))
        return plan


def _write(council: Council, rows: list[Row]) -> None:
    """Insert the rows by `executemany`: the columns of `VARYING` from the rows, every other
    column as a new contact of the history has it (its model default)."""
    template = Contact(council=council, direction=Direction.INBOUND, client=HISTORY_CLIENT)
    fields = {f.attname: f for f in Contact._meta.concrete_fields if not f.primary_key}
    fixed = [name for name in fields if name not in VARYING]
    constants = tuple(
        fields[name].get_db_prep_save(getattr(template, name), connection) for name in fixed
    )
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(fields[name].column)) for name in (*fixed, *VARYING))
    sql = (
        f"INSERT INTO {quote(Contact._meta.db_table)} ({columns}) "  # noqa: S608 - model's names
        f"VALUES ({', '.join(['%s'] * (len(fixed) + len(VARYING)))})"
    )
    adapt = connection.ops.adapt_datetimefield_value
    prepared = [
        (
            *constants,
            str(channel),
            adapt(at),
            query_type,
            str(outcome),
            str(demand),
            str(reason),
            adapt(came_back),
            str(purpose),
            venue,
        )
        for channel, at, query_type, outcome, demand, reason, came_back, purpose, venue in rows
    ]
    with connection.cursor() as cursor:
        for first in range(0, len(prepared), BATCH):
            cursor.executemany(sql, prepared[first : first + BATCH])


def channel_history_load(
    *, council: Council, seed: int = DEFAULT_SEED, online_per_day: float = ONLINE_PER_DAY
) -> int:
    """Write the council's demo history of online contacts and visits, and recount its daily
    contact counts; returns the contacts written (none when it has a history already).
    `online_per_day`: contacts online on a weekday of January 2022."""
    if channel_history_exists(council=council):
        return 0
    mix = visit_mix()
    venue = Venue.objects.filter(council=council, code=mix.venue).first()
    if venue is None:
        raise HistoryError(f"Council {council.slug!r} has no venue {mix.venue!r}.")
    history = _History(council, venue, mix, seed)
    plan = history.visit_plan()
    hours, closed = venue.weekly_hours, council.bank_holidays
    for n in range((END - START).days + 1):
        day = START + timedelta(days=n)
        history.online_day(day, online_per_day)
        if day in plan:
            history.visits(day, hours.spans_on(day, closed), plan[day])
    with transaction.atomic():
        _write(council, history.rows)
        contact_days_rebuild(council_id=council.pk)
    return len(history.rows)
