"""Every channel a resident reaches the council by, what happened, and what kind of demand."""

from __future__ import annotations

from django.db import models


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Phone"
    FACE_TO_FACE_WALK_IN = "face_to_face", "Face to face (walk-in)"
    FACE_TO_FACE_APPOINTMENT = "appointment", "Face to face (appointment)"
    EMAIL = "email", "Email"
    WEB_FORM = "web_form", "Web form"
    WEB_CHAT = "web_chat", "Web chat"
    SMS = "sms", "Text message"
    SOCIAL_MEDIA = "social_media", "Social media"
    VIDEO_CALL = "video_call", "Video call"
    HOME_VISIT = "home_visit", "Home visit"
    LETTER = "letter", "Letter"
    COUNCILLOR = "councillor", "Ward councillor enquiry"
    PARTNER = "partner", "Partner referral"
    API = "api", "Online service (API)"


class VisitPurpose(models.TextChoices):
    """Why a resident came to a face-to-face venue (seed 001's visitor mix)."""

    SCAN_STATION = "scan_station", "Scan station"
    TELEPHONES = "telephones", "Telephones"
    SELF_SERVICE_PC = "self_service_pc", "Self-service PC"
    ADVICE = "advice", "Advice"
    PAYMENT_KIOSK = "payment_kiosk", "Payment kiosk"
    FORMS = "forms", "Forms"
    SUPPORT = "support", "Support"
    APPOINTMENTS = "appointments", "Appointments"


class Direction(models.TextChoices):
    INBOUND = "inbound", "From the resident"
    OUTBOUND = "outbound", "To the resident"


class ContactOutcome(models.TextChoices):
    RESOLVED_FIRST_CONTACT = "resolved_first_contact", "Resolved at first contact"
    ADVISED_ONLINE = "advised_online", "Advised to go online"
    ASSISTED_DIGITAL = "assisted_digital", "Assisted digital"
    CASE_RAISED = "case_raised", "Case raised"
    TRANSFERRED_TIER_2 = "transferred_tier_2", "Transferred to tier 2"
    APPOINTMENT_BOOKED = "appointment_booked", "Appointment booked"
    REFERRED_PARTNER = "referred_partner", "Referred to a partner"
    SIGNPOSTED = "signposted", "Signposted"


class DemandType(models.TextChoices):
    VALUE = "value", "Value demand"
    FAILURE = "failure", "Failure demand"


class FailureReason(models.TextChoices):
    CHASING = "chasing", "Chasing progress"
    REPEAT = "repeat", "Repeat or duplicate contact"
    AVOIDABLE = "avoidable", "Avoidable contact"


# Which triage channel (catalogue policy) each contact channel follows.
TRIAGE_CHANNEL = {
    ContactChannel.FACE_TO_FACE_WALK_IN: "face_to_face",
    ContactChannel.FACE_TO_FACE_APPOINTMENT: "face_to_face",
    ContactChannel.EMAIL: "email",
    ContactChannel.WEB_CHAT: "web_chat",
    ContactChannel.VIDEO_CALL: "video_call",
}
