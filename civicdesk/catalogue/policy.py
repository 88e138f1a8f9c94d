"""The words of the channel policy: actions, support for those who need it, availability."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """What the advisor does with a query on a channel (seed letters A, E, O, C)."""

    ASSIST = "assist"
    ENCOURAGE_ONLINE = "encourage_online"
    ONLINE_ONLY = "online_only"
    REFER_CONTACT_CENTRE = "refer_contact_centre"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.ASSIST: "Assist",
    Action.ENCOURAGE_ONLINE: "Encourage online",
    Action.ONLINE_ONLY: "Online only",
    Action.REFER_CONTACT_CENTRE: "Refer to the contact centre",
}
ACTION_LETTERS = {
    "A": Action.ASSIST,
    "E": Action.ENCOURAGE_ONLINE,
    "O": Action.ONLINE_ONLY,
    "C": Action.REFER_CONTACT_CENTRE,
}
CONTACT_CENTRE_ACTIONS = frozenset({Action.ASSIST, Action.ENCOURAGE_ONLINE, Action.ONLINE_ONLY})
FACE_TO_FACE_ACTIONS = frozenset(Action)


class SupportAction(StrEnum):
    """What to do instead for a vulnerable resident or one who cannot go online alone."""

    ASSIST_NOW = "assist_now"
    BOOK_APPOINTMENT = "book_appointment"
    HOME_VISIT = "home_visit"
    VIDEO_CALL = "video_call"

    @property
    def label(self) -> str:
        return SUPPORT_LABELS[self]


SUPPORT_LABELS = {
    SupportAction.ASSIST_NOW: "Assist now",
    SupportAction.BOOK_APPOINTMENT: "Book an appointment",
    SupportAction.HOME_VISIT: "Arrange a home visit",
    SupportAction.VIDEO_CALL: "Arrange a video call",
}


class Availability(StrEnum):
    YES = "yes"
    PARTIALLY = "partially"
    NO = "no"


class ValueTo(StrEnum):
    """Who the contact is of value to."""

    RESIDENT = "resident"
    COUNCIL = "council"
    BOTH = "both"


class PolicyChannel(StrEnum):
    """The two channel policies the catalogue holds."""

    CONTACT_CENTRE = "contact_centre"
    FACE_TO_FACE = "face_to_face"


class Facility(StrEnum):
    SCAN_STATION = "scan_station"
    TELEPHONES = "telephones"
    SELF_SERVICE_PC = "self_service_pc"
    PAYMENT_KIOSK = "payment_kiosk"
    ADVICE_DESK = "advice_desk"
    APPOINTMENT_ROOMS = "appointment_rooms"
    INTERVIEW_ROOMS = "interview_rooms"
    PARTNER_DESK = "partner_desk"
    CRISIS_ROOM = "crisis_room"


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]
