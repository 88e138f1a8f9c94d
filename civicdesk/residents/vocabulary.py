"""The words for residents: channels they prefer, their needs, kinds of contact point."""

from __future__ import annotations

from django.db import models


class PreferredChannel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"
    FACE_TO_FACE = "face_to_face", "Face to face"
    VIDEO_CALL = "video_call", "Video call"
    ONLINE = "online", "Online"


class Need(models.TextChoices):
    """Communication and access needs (seed 004: video calls and text relay for hearing loss)."""

    HEARING_LOSS = "hearing_loss", "Hearing loss: offer a video call or text relay"
    BSL = "bsl", "British Sign Language interpreter"
    INTERPRETER = "interpreter", "Spoken-language interpreter"
    ASSISTED_DIGITAL = "assisted_digital", "Needs help to go online"
    NO_INTERNET = "no_internet", "No internet access"
    HOME_VISITS = "home_visits", "Needs home visits"
    LARGE_PRINT = "large_print", "Large print or easy read"


class ContactPointKind(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    ADDRESS = "address", "Postal address"
