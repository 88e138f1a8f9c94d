"""Reports on contacts: channel shift, cost, advice to go online, failure demand, first-contact
resolution (visits to venues are in `visit_reports`, SLA compliance in `sla_reports`).

They read the daily counts (`ContactDay`, kept as contacts are recorded), never the contacts
themselves, so a year of contact is a few thousand rows however many contacts it holds.
docs/metrics.md ("Contacts, channel shift and cost") defines every figure.

Channel, cost, demand and first-contact figures count inbound contacts (from the resident);
calls and messages the council makes itself are not demand and are left out. Dates are whole
days, UK time, from `start` to `end` inclusive.

In the channel and cost figures, the phone channel is the calls answered on the council's lines
(from the call rollups) on the days with call records, and the phone contacts advisors recorded
on the other days: a recorded call is one of the calls answered, so it is never counted twice.
Calls are per line, not per service: a service's figures count the calls of the lines whose
active query types all belong to it (see `phone_channel`). Advice to go online, first-contact
resolution and failure demand need what an advisor recorded, so they count recorded contacts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from django.db.models import Q, QuerySet, Sum

from civicdesk.catalogue.models import QueryType, Service
from civicdesk.contacts.models import ContactDay
from civicdesk.contacts.vocabulary import (
    ContactChannel,
    ContactOutcome,
    DemandType,
    Direction,
    FailureReason,
)
from civicdesk.councils.models import Council
from civicdesk.performance import costs as pricing
from civicdesk.performance.call_reports import line_by_period
from civicdesk.performance.models import Period
from civicdesk.performance.phone_channel import call_days, lines_of
from civicdesk.performance.rollups import period_start, tallies_between

NO_SERVICE = "No query type recorded"
PHONE = str(ContactChannel.PHONE)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _days(
    council: Council, start: date, end: date, *, service_id: int | None = None
) -> QuerySet[ContactDay]:
    rows = ContactDay.objects.filter(council=council, day__gte=start, day__lte=end)
    if service_id is not None:
        rows = rows.filter(service_id=service_id)
    return rows.order_by()


def _inbound(
    council: Council, start: date, end: date, *, service_id: int | None = None
) -> QuerySet[ContactDay]:
    return _days(council, start, end, service_id=service_id).filter(direction=Direction.INBOUND)


def _counted(
    council: Council, start: date, end: date, *, service_id: int | None = None
) -> QuerySet[ContactDay]:
    """The inbound contacts of the channel figures: all but the recorded phone contacts of
    days with call records, whose answered calls count instead."""
    with_calls = call_days(council, start, end).values("starts_on")
    return _inbound(council, start, end, service_id=service_id).exclude(
        channel=PHONE, day__in=with_calls
    )


def _in_channel_order(channels: set[str]) -> tuple[str, ...]:
    known = [str(c) for c in ContactChannel if c in channels]
    return (*known, *sorted(channels - set(known)))


# Contacts by channel over time ------------------------------------------------------------


@dataclass(frozen=True)
class ChannelSeries:
    period: str
    start: date  # the dates asked for
    end: date
    starts: tuple[date, ...]  # every day, week or month from start to end, even empty
    channels: tuple[str, ...]  # channels with contacts, in the order of `ContactChannel`
    counts: Mapping[tuple[date, str], int]

    def count(self, starts_on: date, channel: str) -> int:
        return self.counts.get((starts_on, channel), 0)

    def total(self, starts_on: date) -> int:
        return sum(self.count(starts_on, channel) for channel in self.channels)

    def days(self, starts_on: date) -> tuple[date, date]:
        """The first and last day counted in the period: the period cut to the dates asked."""
        last = next_period_start(starts_on, self.period) - timedelta(days=1)
        return max(starts_on, self.start), min(last, self.end)


def next_period_start(starts_on: date, period: str) -> date:
    if period == Period.DAY:
        return starts_on + timedelta(days=1)
    if period == Period.WEEK:
        return starts_on + timedelta(days=7)
    if period == Period.MONTH:
        return (starts_on.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts_on.replace(year=starts_on.year + 1)


def _period_starts(start: date, end: date, period: str) -> tuple[date, ...]:
    starts: list[date] = []
    day = period_start(start, period)
    while day <= end:
        starts.append(day)
        day = next_period_start(day, period)
    return tuple(starts)


def contacts_by_channel(
    *, council: Council, start: date, end: date, period: str, service_id: int | None = None
) -> ChannelSeries:
    """Inbound contacts per channel per day, ISO week (from Monday), month or year; phone from
    the answered calls on days with call records."""
    counts: dict[tuple[date, str], int] = defaultdict(int)
    grouped = (
        _counted(council, start, end, service_id=service_id)
        .values("day", "channel")
        .annotate(n=Sum("contacts"))
    )
    for row in grouped:
        if row["n"]:
            counts[(period_start(row["day"], period), row["channel"])] += row["n"]
    for line in line_by_period(council, period, start, end, lines_of(council, service_id)):
        if line.tally.answered:
            counts[(line.starts_on, PHONE)] += line.tally.answered
    return ChannelSeries(
        period=period,
        start=start,
        end=end,
        starts=_period_starts(start, end, period),
        channels=_in_channel_order({channel for _, channel in counts}),
        counts=dict(counts),
    )


def channel_totals(
    *, council: Council, start: date, end: date, service_id: int | None = None
) -> dict[str, int]:
    """Inbound contacts per channel over start..end; phone from the answered calls on days
    with call records."""
    grouped = (
        _counted(council, start, end, service_id=service_id)
        .values("channel")
        .annotate(n=Sum("contacts"))
    )
    totals: dict[str, int] = {row["channel"]: row["n"] for row in grouped if row["n"]}
    lines = lines_of(council, service_id)
    calls = tallies_between(council=council, start=start, end=end, line_ids=lines)
    answered = sum(tally.answered for tally in calls.values())
    if answered:
        totals[PHONE] = totals.get(PHONE, 0) + answered
    return totals


# Cost and saving --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelCostLine:
    channel: str
    contacts: int
    baseline_contacts: int
    pence_each: int
    pence: int


@dataclass(frozen=True)
class CostReport:
    start: date
    end: date
    lines: tuple[ChannelCostLine, ...]
    contacts: int
    pence: int
    per_contact_pence: Decimal | None
    baseline_start: date
    baseline_end: date
    baseline_contacts: int
    baseline_pence: int
    baseline_per_contact_pence: Decimal | None
    saving_pence: int | None  # None when the baseline period had no contacts


def contact_costs(
    *,
    council: Council,
    start: date,
    end: date,
    baseline_start: date,
    baseline_end: date,
    service_id: int | None = None,
) -> CostReport:
    """Cost per channel over start..end, and the saving against the baseline period's mix."""
    prices = pricing.costs_for(council)
    counts = channel_totals(council=council, start=start, end=end, service_id=service_id)
    baseline = channel_totals(
        council=council, start=baseline_start, end=baseline_end, service_id=service_id
    )
    lines = tuple(
        ChannelCostLine(
            channel=channel,
            contacts=counts.get(channel, 0),
            baseline_contacts=baseline.get(channel, 0),
            pence_each=prices[channel],
            pence=counts.get(channel, 0) * prices[channel],
        )
        for channel in _in_channel_order(set(counts) | set(baseline))
    )
    return CostReport(
        start=start,
        end=end,
        lines=lines,
        contacts=sum(counts.values()),
        pence=pricing.cost_pence(counts, prices),
        per_contact_pence=pricing.cost_per_contact_pence(counts, prices),
        baseline_start=baseline_start,
        baseline_end=baseline_end,
        baseline_contacts=sum(baseline.values()),
        baseline_pence=pricing.cost_pence(baseline, prices),
        baseline_per_contact_pence=pricing.cost_per_contact_pence(baseline, prices),
        saving_pence=pricing.saving_pence(counts, baseline, prices),
    )


# Advised online, and came back ------------------------------------------------------------


@dataclass(frozen=True)
class AdvisedOnlineRow:
    channel: str  # "" for the total
    inbound: int
    advised_online: int
    came_back: int

    @property
    def advised_share(self) -> float | None:
        return share(self.advised_online, self.inbound)

    @property
    def came_back_share(self) -> float | None:
        return share(self.came_back, self.advised_online)


def advised_online(
    *, council: Council, start: date, end: date, service_id: int | None = None
) -> tuple[AdvisedOnlineRow, ...]:
    """Per channel, then the total: inbound contacts, those advised to go online, and of those,
    the ones whose resident came back on a costly channel within the repeat window."""
    grouped = (
        _inbound(council, start, end, service_id=service_id)
        .values("channel")
        .annotate(
            inbound=Sum("contacts"),
            advised=Sum("contacts", filter=Q(outcome=ContactOutcome.ADVISED_ONLINE)),
            came_back=Sum("came_back"),
        )
    )
    by_channel = {row["channel"]: row for row in grouped if row["inbound"]}
    rows = [
        AdvisedOnlineRow(
            channel=channel,
            inbound=by_channel[channel]["inbound"],
            advised_online=by_channel[channel]["advised"] or 0,
            came_back=by_channel[channel]["came_back"] or 0,
        )
        for channel in _in_channel_order(set(by_channel))
    ]
    total = AdvisedOnlineRow(
        channel="",
        inbound=sum(r.inbound for r in rows),
        advised_online=sum(r.advised_online for r in rows),
        came_back=sum(r.came_back for r in rows),
    )
    return (*rows, total)


# Failure demand ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FailureRow:
    service: str
    query_type: str  # "" when grouped by service
    inbound: int
    failure: int
    reasons: Mapping[str, int]  # failure contacts per `FailureReason`

    @property
    def failure_share(self) -> float | None:
        return share(self.failure, self.inbound)


def failure_demand(
    *,
    council: Council,
    start: date,
    end: date,
    by: Literal["service", "query_type"] = "service",
    service_id: int | None = None,
) -> tuple[FailureRow, ...]:
    """Failure demand as a share of inbound contacts, per service or per query type, with the
    failure contacts split by reason; highest share first."""
    dimensions = ["service_id"] if by == "service" else ["service_id", "query_type_id"]
    failure = Q(demand_type=DemandType.FAILURE)
    grouped = (
        _inbound(council, start, end, service_id=service_id)
        .values(*dimensions)
        .annotate(
            inbound=Sum("contacts"),
            failure=Sum("contacts", filter=failure),
            **{
                reason.value: Sum("contacts", filter=failure & Q(failure_reason=reason))
                for reason in FailureReason
            },
        )
    )
    services = dict(Service.objects.filter(council=council).values_list("pk", "name"))
    query_types = dict(QueryType.objects.filter(council=council).values_list("pk", "name"))
    rows = [
        FailureRow(
            service=services.get(row["service_id"], NO_SERVICE),
            query_type=(
                query_types.get(row["query_type_id"], NO_SERVICE) if by == "query_type" else ""
            ),
            inbound=row["inbound"],
            failure=row["failure"] or 0,
            reasons={reason.value: row[reason.value] or 0 for reason in FailureReason},
        )
        for row in grouped
        if row["inbound"]
    ]
    return tuple(sorted(rows, key=lambda r: (-(r.failure_share or 0), r.service, r.query_type)))


# First-contact resolution -----------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionRow:
    channel: str  # "" for the total
    inbound: int
    with_outcome: int
    resolved_first_contact: int

    @property
    def rate(self) -> float | None:
        return share(self.resolved_first_contact, self.with_outcome)


def first_contact_resolution(
    *, council: Council, start: date, end: date, service_id: int | None = None
) -> tuple[ResolutionRow, ...]:
    """Per channel, then the total: inbound contacts resolved at first contact, out of those
    with an outcome recorded (contacts without one are left out of the rate)."""
    grouped = (
        _inbound(council, start, end, service_id=service_id)
        .values("channel")
        .annotate(
            inbound=Sum("contacts"),
            with_outcome=Sum("contacts", filter=~Q(outcome="")),
            resolved=Sum("contacts", filter=Q(outcome=ContactOutcome.RESOLVED_FIRST_CONTACT)),
        )
    )
    by_channel = {row["channel"]: row for row in grouped if row["inbound"]}
    rows = [
        ResolutionRow(
            channel=channel,
            inbound=by_channel[channel]["inbound"],
            with_outcome=by_channel[channel]["with_outcome"] or 0,
            resolved_first_contact=by_channel[channel]["resolved"] or 0,
        )
        for channel in _in_channel_order(set(by_channel))
    ]
    total = ResolutionRow(
        channel="",
        inbound=sum(r.inbound for r in rows),
        with_outcome=sum(r.with_outcome for r in rows),
        resolved_first_contact=sum(r.resolved_first_contact for r in rows),
    )
    return (*rows, total)
