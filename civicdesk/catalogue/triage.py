"""The triage engine: from a query type, a channel, the resident's circumstances and the moment
to what the advisor should do. Pure and typed; the catalogue's rows come in as plain data.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from civicdesk.catalogue.policy import Action, PolicyChannel, SupportAction
from civicdesk.core.hours import WeeklyHours


class Channel(StrEnum):
    """Channels an advisor triages on. All but face to face follow the contact-centre policy."""

    PHONE = "phone"
    FACE_TO_FACE = "face_to_face"
    EMAIL = "email"
    WEB_CHAT = "web_chat"
    VIDEO_CALL = "video_call"

    @property
    def policy(self) -> PolicyChannel:
        if self is Channel.FACE_TO_FACE:
            return PolicyChannel.FACE_TO_FACE
        return PolicyChannel.CONTACT_CENTRE


CIRCUMSTANCE_NAMES = ("vulnerable", "assisted_digital", "hearing_loss", "no_internet")


@dataclass(frozen=True)
class Circumstances:
    vulnerable: bool = False
    needs_assisted_digital: bool = False
    hearing_loss: bool = False
    no_internet: bool = False

    @classmethod
    def from_names(cls, names: Iterable[str]) -> Circumstances:
        """From the names forms, flags and query parameters use (CIRCUMSTANCE_NAMES)."""
        chosen = set(names)
        return cls(
            vulnerable="vulnerable" in chosen,
            needs_assisted_digital="assisted_digital" in chosen,
            hearing_loss="hearing_loss" in chosen,
            no_internet="no_internet" in chosen,
        )


@dataclass(frozen=True)
class ChannelPolicy:
    actions: tuple[Action, ...]
    insist: bool
    guidance: str


@dataclass(frozen=True)
class QueryPolicy:
    code: str
    name: str
    service: str
    available_online: str
    value_to: str
    contact_centre: ChannelPolicy
    face_to_face: ChannelPolicy
    vulnerable_action: SupportAction
    vulnerable_guidance: str
    assisted_digital_action: SupportAction
    online_url: str
    portal_name: str
    standard_days: int | None
    available_via_contact_centre: bool = True

    def for_channel(self, channel: PolicyChannel) -> ChannelPolicy:
        if channel is PolicyChannel.FACE_TO_FACE:
            return self.face_to_face
        return self.contact_centre


@dataclass(frozen=True)
class LineSchedule:
    code: str
    name: str
    phone_number: str
    hours: WeeklyHours
    zone: ZoneInfo
    closed_days: Container[date]


@dataclass(frozen=True)
class LineStatus:
    code: str
    name: str
    phone_number: str
    open_now: bool
    closes_at: datetime | None
    next_opening: datetime | None


@dataclass(frozen=True)
class Recommendation:
    query_type: QueryPolicy
    channel: Channel
    action: Action
    actions: tuple[Action, ...]
    insist: bool
    guidance: str
    say: str
    online_url: str
    value_to: str
    vulnerable_action: SupportAction
    vulnerable_guidance: str
    support_action: SupportAction | None
    policy_defined: bool
    line: LineStatus | None
    adjustments: tuple[str, ...] = field(default=())

    @property
    def line_open_now(self) -> bool | None:
        return self.line.open_now if self.line else None

    @property
    def next_opening(self) -> datetime | None:
        return self.line.next_opening if self.line else None


_ONLINE = frozenset({Action.ONLINE_ONLY, Action.ENCOURAGE_ONLINE})


def triage(
    policy: QueryPolicy,
    channel: Channel,
    circumstances: Circumstances,
    moment: datetime,
    line: LineSchedule | None,
) -> Recommendation:
    channel_policy, policy_defined = _channel_policy(policy, channel.policy)
    action = channel_policy.actions[0]
    insist = channel_policy.insist and action in _ONLINE
    guidance = channel_policy.guidance
    support: SupportAction | None = None

    if circumstances.vulnerable:
        action, insist, support = Action.ASSIST, False, policy.vulnerable_action
        guidance = policy.vulnerable_guidance or _VULNERABLE_DEFAULT
    elif action in _ONLINE and (circumstances.needs_assisted_digital or circumstances.no_internet):
        action, insist, support = Action.ASSIST, False, policy.assisted_digital_action
        guidance = _ASSISTED_DIGITAL.format(url=policy.online_url or "the online service")

    return Recommendation(
        query_type=policy,
        channel=channel,
        action=action,
        actions=channel_policy.actions,
        insist=insist,
        guidance=guidance or _NO_GUIDANCE,
        say=_say(action, insist, policy, support),
        online_url=policy.online_url,
        value_to=policy.value_to,
        vulnerable_action=policy.vulnerable_action,
        vulnerable_guidance=policy.vulnerable_guidance,
        support_action=support,
        policy_defined=policy_defined,
        line=_line_status(line, moment) if line else None,
        adjustments=_adjustments(channel, circumstances),
    )


def _channel_policy(policy: QueryPolicy, channel: PolicyChannel) -> tuple[ChannelPolicy, bool]:
    """The policy for the channel; when the catalogue has none, a safe one from the other."""
    own = policy.for_channel(channel)
    if own.actions:
        return own, True
    if channel is PolicyChannel.FACE_TO_FACE:
        # A walk-in the venue has no policy for: send online ones online, the rest to the
        # contact centre (venues have telephones for that), as the seed's face-to-face table does.
        other = policy.contact_centre
        fallback = [a if a in _ONLINE else Action.REFER_CONTACT_CENTRE for a in other.actions]
        actions = tuple(dict.fromkeys(fallback)) or (Action.REFER_CONTACT_CENTRE,)
        guidance = _FALLBACK_GUIDANCE[actions[0]].format(url=policy.online_url or "online")
        return ChannelPolicy(actions, other.insist and actions[0] in _ONLINE, guidance), False
    online = tuple(a for a in policy.face_to_face.actions if a in _ONLINE)
    if online:
        guidance = _FALLBACK_GUIDANCE[online[0]].format(url=policy.online_url or "online")
        return ChannelPolicy(online, policy.face_to_face.insist, guidance), False
    if not policy.available_via_contact_centre:
        return ChannelPolicy((Action.ASSIST,), False, _NOT_BY_PHONE), False
    return ChannelPolicy((Action.ASSIST,), False, ""), False


def _line_status(line: LineSchedule, moment: datetime) -> LineStatus:
    return LineStatus(
        code=line.code,
        name=line.name,
        phone_number=line.phone_number,
        open_now=line.hours.is_open(moment, line.zone, line.closed_days),
        closes_at=line.hours.closes_at(moment, line.zone, line.closed_days),
        next_opening=line.hours.next_opening(moment, line.zone, line.closed_days),
    )


def _adjustments(channel: Channel, circumstances: Circumstances) -> tuple[str, ...]:
    result = []
    if circumstances.hearing_loss:
        if channel in {Channel.PHONE, Channel.VIDEO_CALL}:
            result.append(
                "Offer a video call (for lip reading) or Relay UK text relay, and confirm what "
                "was agreed by text message or email."
            )
        else:
            result.append(
                "Offer a BSL interpreter or written notes; confirm what was agreed in writing."
            )
    if circumstances.no_internet:
        result.append("The resident has no internet access: send confirmations by post or text.")
    return tuple(result)


def _say(action: Action, insist: bool, policy: QueryPolicy, support: SupportAction | None) -> str:
    where = policy.online_url or "our website"
    if support is not None:
        return {
            SupportAction.ASSIST_NOW: "I can help you with that now.",
            SupportAction.BOOK_APPOINTMENT: "Let's book you an appointment so we can help you.",
            SupportAction.HOME_VISIT: "We can arrange for an officer to visit you at home.",
            SupportAction.VIDEO_CALL: "We can arrange a video call so we can help you.",
        }[support]
    if action is Action.ONLINE_ONLY:
        lead = "This is done online" if insist else "The quickest way is online"
        return f"{lead}, at {where}. It is open all day, every day."
    if action is Action.ENCOURAGE_ONLINE:
        return f"You can do this online at {where} next time. I can help you with it today."
    if action is Action.REFER_CONTACT_CENTRE:
        return "Our contact centre deals with this. You can call them from the phones here."
    return "I can help you with that now."


_VULNERABLE_DEFAULT = (
    "Help the resident now on this channel, or book an appointment if it cannot be finished today."
)
_ASSISTED_DIGITAL = (
    "The resident cannot go online alone: go through {url} with them, entering their details "
    "if they ask you to, and show them how to use it next time."
)
_FALLBACK_GUIDANCE = {
    Action.ONLINE_ONLY: "This is done online, at {url}. Show the resident where to do it.",
    Action.ENCOURAGE_ONLINE: "Suggest the resident uses {url} next time, and help them today.",
    Action.REFER_CONTACT_CENTRE: (
        "The contact centre deals with this. Offer the resident a telephone here to call it."
    ),
    Action.ASSIST: "Help the resident with this now.",
}
_NOT_BY_PHONE = (
    "The contact centre cannot deal with this: it needs a visit in person. Tell the resident "
    "where and when they can come, or book an appointment."
)
_NO_GUIDANCE = "The catalogue gives no guidance for this channel: help the resident and note why."
