"""The resident forms: a report or request with its questions, and tracking a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from civicdesk.cases.attachments import photo_clean
from civicdesk.cases.references import normalise_reference
from civicdesk.catalogue.models import QueryTypeQuestion, QuestionType
from civicdesk.core.errors import DomainError
from civicdesk.core.images import CleanImage
from civicdesk.portal.questions import DATE_PARTS, field_name, question_field
from civicdesk.residents import normalise

MAX_DESCRIPTION = 4000
_POSTCODE_MESSAGE = "Enter a real postcode, like LE1 6ZG"
_UPRN_MESSAGE = "Enter the property reference number as up to 12 digits"
_EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
_PHONE_MESSAGE = "Enter a phone number, like 01632 960 001 or 07700 900 982"


class ReportForm(forms.Form):
    """Every question of the query type first, then what, where, a photo and who."""

    description = forms.CharField(required=False, strip=True)
    address = forms.CharField(
        required=False,
        max_length=300,
        error_messages={"max_length": "The address must be 300 characters or fewer"},
    )
    postcode = forms.CharField(
        required=False, max_length=20, error_messages={"max_length": _POSTCODE_MESSAGE}
    )
    uprn = forms.CharField(
        required=False, max_length=20, error_messages={"max_length": _UPRN_MESSAGE}
    )
    photo = forms.FileField(
        required=False,
        max_length=200,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "The selected file must be a JPG or PNG",
            "max_length": "The name of the selected file must be 200 characters or fewer",
        },
    )
    full_name = forms.CharField(
        max_length=100,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name must be 100 characters or fewer",
        },
    )
    email = forms.CharField(
        required=False, max_length=254, error_messages={"max_length": _EMAIL_MESSAGE}
    )
    phone = forms.CharField(
        required=False, max_length=30, error_messages={"max_length": _PHONE_MESSAGE}
    )

    def __init__(
        self, *args: Any, questions: list[QueryTypeQuestion], noun: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.noun = noun
        for question in questions:
            self.fields[field_name(question)] = question_field(question)
        self.order_fields([field_name(q) for q in questions])

    def clean_description(self) -> str:
        # Browsers send new lines as two characters; the character count shows them as one.
        text = str(self.cleaned_data.get("description") or "").replace("\r\n", "\n")
        if not text.strip():
            raise forms.ValidationError(f"Enter details of your {self.noun}")
        if len(text) > MAX_DESCRIPTION:
            raise forms.ValidationError(f"Details must be {MAX_DESCRIPTION:,} characters or fewer")
        return text

    def clean_postcode(self) -> str:
        text = str(self.cleaned_data.get("postcode") or "")
        return _normalised(text, normalise.postcode, _POSTCODE_MESSAGE)

    def clean_uprn(self) -> str:
        text = str(self.cleaned_data.get("uprn") or "")
        return _normalised(text, normalise.uprn, _UPRN_MESSAGE)

    def clean_photo(self) -> CleanImage | None:
        """The photo decoded and re-encoded now, so a damaged one is refused with the rest."""
        photo: UploadedFile | None = self.cleaned_data.get("photo")
        if photo is None:
            return None
        try:
            return photo_clean(photo)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error

    def clean_email(self) -> str:
        text = str(self.cleaned_data.get("email") or "")
        return _normalised(text, normalise.email, _EMAIL_MESSAGE)

    def clean_phone(self) -> str:
        text = str(self.cleaned_data.get("phone") or "")
        return _normalised(text, normalise.phone_e164, _PHONE_MESSAGE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not ({"email", "phone"} & self.errors.keys()) and not (
            data.get("email") or data.get("phone")
        ):
            self.add_error(
                "email",
                f"Enter an email address or a phone number, so you can track your {self.noun}",
            )
        return data

    def answers(self) -> dict[str, Any]:
        """The answers given, by question code, as the Open311 API keeps them too: text, a
        number, an ISO 8601 moment, a key or a list of keys. Unanswered ones are left out."""
        found: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value not in (None, "", []):
                found[question.code] = value
        return found

    def error_links(self) -> list[dict[str, str]]:
        """The error summary: each message linked to the first box of its field."""
        links = []
        kinds = {field_name(q): q.datatype for q in self.questions}
        for name, errors in self.errors.items():
            target = self[name].auto_id if name in self.fields else "main-content"
            if kinds.get(name) == QuestionType.DATETIME:
                first = str(errors.as_data()[0].code).split(",")[0]
                target = f"{target}-{first if first in (*DATE_PARTS, 'time') else 'day'}"
            links.append({"text": str(errors[0]), "href": f"#{target}"})
        return links

    def date_error_parts(self, question: QueryTypeQuestion) -> set[str]:
        """Which boxes of a date and time question to mark as wrong."""
        errors = self.errors.get(field_name(question))
        if not errors:
            return set()
        code = str(errors.as_data()[0].code)
        parts = set(code.split(","))
        if parts <= {*DATE_PARTS, "time"}:
            return parts
        if code == "required":
            return {*DATE_PARTS, "time"}
        return set(DATE_PARTS)


def _normalised(text: str, check: Any, message: str) -> str:
    if not text.strip():
        return ""
    try:
        return str(check(text))
    except DomainError:
        raise forms.ValidationError(message) from None


class TrackForm(forms.Form):
    reference = forms.CharField(
        max_length=20,
        error_messages={
            "required": "Enter your reference number",
            "max_length": "Enter the reference number as we gave it to you, like ACEF-HJ34",
        },
    )
    contact = forms.CharField(
        max_length=254,
        error_messages={
            "required": "Enter the email address, phone number or postcode you gave us",
            "max_length": "Enter the email address, phone number or postcode you gave us",
        },
    )

    def clean_reference(self) -> str:
        reference = normalise_reference(str(self.cleaned_data.get("reference") or ""))
        if reference is None:
            raise forms.ValidationError(
                "Enter the reference number as we gave it to you, like ACEF-HJ34"
            )
        return reference

    def error_links(self) -> list[dict[str, str]]:
        return [
            {"text": str(errors[0]), "href": f"#{self[name].auto_id}"}
            for name, errors in self.errors.items()
            if name in self.fields
        ]
