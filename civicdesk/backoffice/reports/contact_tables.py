"""The contact reports as `Table`s: what the channel, demand and visit dashboards chart, show
and export. Money is in pounds (the reports count pence); shares are from 0 to 1."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal

from civicdesk.backoffice.reports.call_tables import period_label
from civicdesk.backoffice.reports.tables import Cell, Column, Kind, Table
from civicdesk.contacts.vocabulary import ContactChannel, VisitPurpose
from civicdesk.performance.contact_reports import (
    AdvisedOnlineRow,
    ChannelSeries,
    CostReport,
    FailureRow,
    ResolutionRow,
    next_period_start,
)
from civicdesk.performance.phone_channel import PhoneSource
from civicdesk.performance.sla_reports import ComplianceRow
from civicdesk.performance.visit_reports import Visits

ALL_CHANNELS = "All channels"
C = ContactChannel
# The channels drawn together on the channel-shift chart (a chart draws 8 series at most).
CHANNEL_GROUPS: tuple[tuple[str, str, frozenset[str]], ...] = (
    (
        "face_to_face_group",
        "Face to face",
        frozenset({C.FACE_TO_FACE_WALK_IN, C.FACE_TO_FACE_APPOINTMENT, C.HOME_VISIT}),
    ),
    ("phone_group", "Phone and video call", frozenset({C.PHONE, C.VIDEO_CALL})),
    (
        "online_group",
        "Online",
        frozenset({C.WEB_FORM, C.WEB_CHAT, C.EMAIL, C.SMS, C.SOCIAL_MEDIA, C.API}),
    ),
    ("written_group", "Letters and referrals", frozenset({C.LETTER, C.COUNCILLOR, C.PARTNER})),
)
FAILURE_REASONS = (("chasing", "Chasing"), ("repeat", "Repeat"), ("avoidable", "Avoidable"))
PURPOSE_LABELS = {**dict(VisitPurpose.choices), "": "Not recorded"}
RECORDED_ONLY = (
    "Phone here counts the calls advisors recorded a contact for, not every call answered: "
    "only a recorded contact has an outcome."
)


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def phone_note(source: PhoneSource, service: str | None) -> str:
    """Where the phone figures come from, in words (docs/metrics.md)."""
    if not source.days_with_calls:
        return "Phone: the phone contacts advisors recorded (no call records for these dates)."
    days = f"{source.days_with_calls:,} day{'s' if source.days_with_calls != 1 else ''}"
    if service is None:
        return (
            f"Phone: the calls answered on the council's lines on the {days} with call "
            "records, and the phone contacts advisors recorded on the other days."
        )
    shared = (
        f" The calls of {_names(source.left_out)} are in no service's figures: the query "
        "types of each belong to several services, or it has none."
        if source.left_out
        else ""
    )
    if not source.lines:
        return (
            f"Phone: no line handles only query types of {service}, so on the {days} with call "
            "records these figures leave the phone out; on the other days they count the phone "
            f"contacts advisors recorded.{shared}"
        )
    return (
        f"Phone: on the {days} with call records, the calls answered on {_names(source.lines)}, "
        f"whose query types all belong to {service}; on the other days, the phone contacts "
        f"advisors recorded.{shared}"
    )


def channel_label(channel: str) -> str:
    return dict(ContactChannel.choices).get(channel, channel) if channel else ALL_CHANNELS


def _short(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def pounds(pence: int | Decimal | None) -> Decimal | None:
    if pence is None:
        return None
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def _text(key: str, label: str) -> Column:
    return Column(key, label, numeric=False)


def _period_columns() -> tuple[Column, ...]:
    return (
        _text("period", "Period"),
        Column("first_day", "First day", kind=Kind.DATE),
        Column("last_day", "Last day", kind=Kind.DATE),
    )


def _period_cells(series: ChannelSeries, starts_on: date) -> tuple[Cell, ...]:
    return (period_label(starts_on, series.period), *series.days(starts_on))


def _cut_note(series: ChannelSeries) -> tuple[str, ...]:
    if not series.starts:
        return ()
    first, last = series.starts[0], series.starts[-1]
    whole_last = next_period_start(last, series.period) - timedelta(days=1)
    if series.days(first)[0] != first or series.days(last)[1] != whole_last:
        return ("The first and last periods count only the days within the dates chosen.",)
    return ()


def _series_table(
    series: ChannelSeries,
    groups: Sequence[tuple[str, str, Iterable[str]]],
    *,
    slug: str,
    title: str,
    caption: str,
) -> Table:
    """Contacts per period, one column per group of channels, then all contacts."""
    columns = (
        *_period_columns(),
        *(Column(key, label) for key, label, _ in groups),
        Column("total", "All contacts"),
    )
    rows = tuple(
        (
            *_period_cells(series, start),
            *(sum(series.count(start, c) for c in channels) for _, _, channels in groups),
            series.total(start),
        )
        for start in series.starts
    )
    return Table(
        slug=slug, title=title, columns=columns, rows=rows, caption=caption, notes=_cut_note(series)
    )


def channel_mix_table(series: ChannelSeries) -> Table:
    return _series_table(
        series,
        CHANNEL_GROUPS,
        slug="channel-mix",
        title="Contacts by channel group",
        caption=f"Inbound contacts by {series.period} and group of channels",
    )


def contacts_by_channel_table(series: ChannelSeries) -> Table:
    return _series_table(
        series,
        [(channel, channel_label(channel), (channel,)) for channel in series.channels],
        slug="contacts-by-channel",
        title="Contacts by channel",
        caption=f"Inbound contacts by {series.period} on each channel",
    )


def channel_group_table(report: CostReport) -> Table:
    """The channel mix of the period against the baseline's, by group of channels."""
    columns = (
        _text("group", "Channels"),
        Column("contacts", "Contacts"),
        Column("share", "Share of contacts", unit="share"),
        Column("baseline_contacts", "Contacts in the baseline"),
        Column("baseline_share", "Share in the baseline", unit="share"),
        Column("cost", "Cost", unit="pounds"),
    )
    rows: list[tuple[Cell, ...]] = []
    for _, label, channels in CHANNEL_GROUPS:
        lines = [x for x in report.lines if x.channel in channels]
        contacts = sum(x.contacts for x in lines)
        baseline = sum(x.baseline_contacts for x in lines)
        rows.append(
            (
                label,
                contacts,
                contacts / report.contacts if report.contacts else None,
                baseline,
                baseline / report.baseline_contacts if report.baseline_contacts else None,
                pounds(sum(x.pence for x in lines)),
            )
        )
    return Table(
        slug="channel-groups",
        title="Channel mix against the baseline",
        columns=columns,
        rows=tuple(rows),
        caption="Inbound contacts by group of channels, in the period and in the baseline",
    )


def cost_table(report: CostReport) -> Table:
    columns = (
        _text("channel", "Channel"),
        Column("contacts", "Contacts"),
        Column("baseline_contacts", "Contacts in the baseline"),
        Column("cost_each", "Cost per contact", unit="pounds"),
        Column("cost", "Cost", unit="pounds"),
    )
    rows: list[tuple[Cell, ...]] = [
        (
            channel_label(x.channel),
            x.contacts,
            x.baseline_contacts,
            pounds(x.pence_each),
            pounds(x.pence),
        )
        for x in report.lines
    ]
    rows.append(
        (
            ALL_CHANNELS,
            report.contacts,
            report.baseline_contacts,
            pounds(report.per_contact_pence),
            pounds(report.pence),
        )
    )
    return Table(
        slug="cost-by-channel",
        title="Cost by channel",
        columns=columns,
        rows=tuple(rows),
        caption="What inbound contacts cost, channel by channel",
        notes=("The cost per contact of all channels is the mean over the period's contacts.",),
    )


def saving_table(report: CostReport) -> Table:
    per_contact = report.baseline_per_contact_pence
    would_have_cost = per_contact * report.contacts if per_contact is not None else None
    columns = (
        _text("period", "Period"),
        Column("contacts", "Contacts"),
        Column("baseline_cost_each", "Cost per contact in the baseline", unit="pounds"),
        Column("would_have_cost", "Cost at the baseline's mix", unit="pounds"),
        Column("cost", "Cost", unit="pounds"),
        Column("saving", "Saving", unit="pounds"),
    )
    row = (
        f"{_short(report.start)} to {_short(report.end)}",
        report.contacts,
        pounds(per_contact),
        pounds(would_have_cost),
        pounds(report.pence),
        pounds(report.saving_pence),
    )
    return Table(
        slug="saving",
        title="Saving against the baseline",
        columns=columns,
        rows=(row,),
        caption=(
            f"Saving against the baseline, {report.baseline_start:%-d %B %Y} to "
            f"{report.baseline_end:%-d %B %Y}"
        ),
        notes=(
            "Saving: what the period's contacts would have cost at the baseline's cost per "
            "contact, less what they cost. Negative when contact moved to costlier channels.",
        ),
    )


def advised_online_table(rows: Sequence[AdvisedOnlineRow]) -> Table:
    columns = (
        _text("channel", "Channel"),
        Column("inbound", "Contacts"),
        Column("advised_online", "Advised to go online"),
        Column("advised_share", "Share advised online", unit="share"),
        Column("came_back", "Came back on a costly channel"),
        Column("came_back_share", "Share of those advised who came back", unit="share"),
    )
    return Table(
        slug="advised-online",
        title="Advised to go online, and came back",
        columns=columns,
        rows=tuple(
            (
                channel_label(r.channel),
                r.inbound,
                r.advised_online,
                r.advised_share,
                r.came_back,
                r.came_back_share,
            )
            for r in rows
        ),
        caption="Residents advised to go online, and those who came back by phone, face to "
        "face or letter within the repeat window",
        notes=(RECORDED_ONLY,),
    )


def resolution_table(rows: Sequence[ResolutionRow]) -> Table:
    columns = (
        _text("channel", "Channel"),
        Column("inbound", "Contacts"),
        Column("with_outcome", "With an outcome recorded"),
        Column("resolved", "Resolved at first contact"),
        Column("rate", "First-contact resolution", unit="share"),
    )
    return Table(
        slug="first-contact-resolution",
        title="First-contact resolution",
        columns=columns,
        rows=tuple(
            (
                channel_label(r.channel),
                r.inbound,
                r.with_outcome,
                r.resolved_first_contact,
                r.rate,
            )
            for r in rows
        ),
        caption="Inbound contacts resolved at first contact, of those with an outcome",
        notes=(RECORDED_ONLY,),
    )


def failure_table(rows: Sequence[FailureRow], *, by_query_type: bool) -> Table:
    columns = (
        _text("service", "Service"),
        *((_text("query_type", "Query type"),) if by_query_type else ()),
        Column("inbound", "Contacts"),
        Column("failure", "Failure demand"),
        Column("failure_share", "Failure demand share", unit="share"),
        *(Column(key, label) for key, label in FAILURE_REASONS),
    )
    return Table(
        slug="failure-by-query-type" if by_query_type else "failure-by-service",
        title="Failure demand by " + ("query type" if by_query_type else "service"),
        columns=columns,
        rows=tuple(
            (
                r.service,
                *((r.query_type,) if by_query_type else ()),
                r.inbound,
                r.failure,
                r.failure_share,
                *(r.reasons.get(key, 0) for key, _ in FAILURE_REASONS),
            )
            for r in rows
        ),
        # Each table its own caption: two tables with one name cannot be told apart by a
        # screen reader's list of tables.
        caption="Failure demand as a share of inbound contacts, by "
        + ("query type" if by_query_type else "service")
        + ", highest first, with the reasons",
    )


def compliance_table(rows: Sequence[ComplianceRow]) -> Table:
    columns = (
        _text("service", "Service"),
        Column("resolved", "Cases resolved"),
        Column("with_standard", "With a service standard"),
        Column("within", "Resolved within the standard"),
        Column("compliance", "SLA compliance", unit="share"),
    )
    return Table(
        slug="sla-compliance",
        title="SLA compliance by service",
        columns=columns,
        rows=tuple((r.service, r.resolved, r.with_standard, r.within, r.compliance) for r in rows),
        caption="Cases resolved in the period, and those resolved by their due time",
    )


def visits_by_purpose_table(visits: Visits) -> Table:
    return Table(
        slug="visits-by-purpose",
        title="Visits by purpose",
        columns=(_text("purpose", "Came for"), Column("visits", "Visits")),
        rows=tuple((PURPOSE_LABELS.get(p, p), visits.purpose_total(p)) for p in visits.purposes),
        caption="Visits to venues by what the visitor came for",
    )


def visits_by_day_table(visits: Visits) -> Table:
    columns = (
        _text("venue", "Venue"),
        Column("day", "Day", kind=Kind.DATE),
        *(Column(p or "not_recorded", PURPOSE_LABELS.get(p, p)) for p in visits.purposes),
        Column("total", "All visits"),
    )
    return Table(
        slug="visits-by-day",
        title="Visits per venue per day",
        columns=columns,
        rows=tuple(
            (r.venue, r.day, *(r.by_purpose[p] for p in visits.purposes), r.total)
            for r in visits.rows
        ),
        caption="Visits per venue and day, by what the visitor came for",
    )
