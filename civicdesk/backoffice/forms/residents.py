"""Finding and adding residents, and recording a vulnerability."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms

from civicdesk.core.errors import DomainError
from civicdesk.residents import normalise
from civicdesk.residents.vocabulary import Need, PreferredChannel

# Where the services' field names land on the "Add a resident" form.
RESIDENT_FIELDS = {
    "phones[0]": "phone",
    "emails[0]": "email",
    "addresses[0].postcode": "postcode",
    "addresses[0].uprn": "uprn",
    "first_name": "first_name",
    "last_name": "last_name",
    "preferred_channel": "preferred_channel",
    "needs": "needs",
}


def checked(value: str, normaliser: Callable[[str], str]) -> str:
    """The value as typed, once the residents' own normaliser accepts it, so that every field
    in error is shown at once (the service checks again, and stores the normalised value)."""
    if value:
        try:
            normaliser(value)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
    return value


class ResidentSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a resident",
        max_length=200,
        required=False,
        strip=True,
        error_messages={"max_length": "Enter 200 characters or fewer to find a resident"},
    )


class ResidentForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    email = forms.CharField(label="Email address", max_length=254, required=False)
    address_lines = forms.CharField(
        label="Address", max_length=300, required=False, widget=forms.Textarea
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    uprn = forms.CharField(label="UPRN", max_length=12, required=False)
    preferred_channel = forms.ChoiceField(
        label="How do they prefer us to contact them?",
        required=False,
        choices=PreferredChannel.choices,
    )
    needs = forms.MultipleChoiceField(
        label="Communication and access needs", required=False, choices=Need.choices
    )
    language = forms.CharField(label="Preferred language", max_length=60, required=False)

    def clean_phone(self) -> str:
        return checked(self.cleaned_data["phone"], normalise.phone_e164)

    def clean_email(self) -> str:
        return checked(self.cleaned_data["email"], normalise.email)

    def clean_postcode(self) -> str:
        return checked(self.cleaned_data["postcode"], normalise.postcode)

    def clean_uprn(self) -> str:
        return checked(self.cleaned_data["uprn"], normalise.uprn)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        address_given = data.get("address_lines") or data.get("uprn")
        if address_given and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter the postcode of the address")
        return data


class VulnerabilityForm(forms.Form):
    reason = forms.CharField(
        label="Why is the resident vulnerable?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say why the resident is vulnerable"},
    )
    consent_given = forms.BooleanField(
        label="The resident agreed to us recording this", required=False
    )
    review_day = forms.IntegerField(required=False, min_value=1, max_value=31)
    review_month = forms.IntegerField(required=False, min_value=1, max_value=12)
    review_year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get(f"review_{p}") for p in ("day", "month", "year")]
        if any(f"review_{p}" in self.errors for p in ("day", "month", "year")) or None in parts:
            for p in ("day", "month", "year"):
                self.errors.pop(f"review_{p}", None)
            self.add_error("review_day", "Enter a review date, for example 27 3 2027")
            return data
        day, month, year = (int(p) for p in parts)  # type: ignore[arg-type]
        try:
            data["review_date"] = date(year, month, day)
        except ValueError:
            self.add_error("review_day", "Enter a real review date, for example 27 3 2027")
            return data
        if data["review_date"] <= self.today:
            self.add_error("review_day", "The review date must be in the future")
        return data
