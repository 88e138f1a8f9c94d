"""Logging a contact: what it is about (a GET search, like triage), then what happened (a POST)."""

from __future__ import annotations

from typing import Any

from django import forms

from civicdesk.backoffice.forms.residents import checked
from civicdesk.backoffice.forms.triage import TriageForm
from civicdesk.cases.vocabulary import Priority
from civicdesk.catalogue.triage import Channel, Circumstances
from civicdesk.contacts.vocabulary import TRIAGE_CHANNEL, ContactChannel, ContactOutcome
from civicdesk.residents import normalise

# Staff log every channel but the machine one (contacts made through the API).
CHANNEL_CHOICES = [(c.value, c.label) for c in ContactChannel if c is not ContactChannel.API]
CIRCUMSTANCE_CHOICES = TriageForm.base_fields["circumstances"].choices  # type: ignore[attr-defined]

# Where the services' field names land on the contact form.
CONTACT_FIELDS = {
    "from_phone": "from_phone",
    "from_email": "from_email",
    "uprn": "uprn",
    "outcome": "outcome",
    "channel": "channel",
    "query_type": "query_type",
    "description": "description",
    "priority": "priority",
    "latitude": "case_uprn",
    "longitude": "case_uprn",
    "reason": "transfer_reason",
}


def triage_channel(channel: str) -> Channel:
    """The triage channel (catalogue policy) a contact channel follows; the phone by default."""
    return Channel(TRIAGE_CHANNEL.get(ContactChannel(channel), Channel.PHONE.value))


class ContactAboutForm(forms.Form):
    """The GET part: how they are in touch, and what about."""

    q = forms.CharField(
        label="What is it about?",
        max_length=200,
        required=False,
        strip=True,
        error_messages={"max_length": "Enter 200 characters or fewer to say what it is about"},
    )
    channel = forms.ChoiceField(
        label="How are they in touch?",
        choices=CHANNEL_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select how the resident is in touch"},
    )
    query_type = forms.SlugField(
        required=False, error_messages={"invalid": "Choose what it is about from the list"}
    )
    circumstances = forms.MultipleChoiceField(
        label="The resident's circumstances", required=False, choices=CIRCUMSTANCE_CHOICES
    )

    def chosen_channel(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("channel") or ContactChannel.PHONE.value

    def chosen_circumstances(self) -> list[str]:
        data = self.cleaned_data if self.is_valid() else {}
        return list(data.get("circumstances") or [])


class ContactForm(forms.Form):
    """The POST part: what happened, and a case to raise if one is needed."""

    channel = forms.ChoiceField(choices=CHANNEL_CHOICES, widget=forms.HiddenInput)
    query_type = forms.SlugField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(required=False, widget=forms.HiddenInput)
    circumstances = forms.MultipleChoiceField(
        required=False, choices=CIRCUMSTANCE_CHOICES, widget=forms.MultipleHiddenInput
    )
    outcome = forms.ChoiceField(
        label="What happened?", required=False, choices=ContactOutcome.choices
    )
    notes = forms.CharField(label="Notes", required=False, max_length=4000, widget=forms.Textarea)
    from_phone = forms.CharField(label="Their phone number", max_length=30, required=False)
    from_email = forms.CharField(label="Their email address", max_length=254, required=False)
    uprn = forms.CharField(label="UPRN of their address", max_length=12, required=False)
    raise_case = forms.BooleanField(label="Raise a case", required=False)
    description = forms.CharField(
        label="What does the resident need?",
        max_length=4000,
        required=False,
        widget=forms.Textarea,
    )
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, initial=Priority.NORMAL, required=False
    )
    case_address = forms.CharField(
        label="Where is it?", max_length=300, required=False, widget=forms.Textarea
    )
    case_uprn = forms.CharField(label="UPRN", max_length=12, required=False)
    transfer_reason = forms.CharField(
        label="Transfer to tier 2 with reason",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )
    allow_duplicate = forms.BooleanField(required=False)
    link_case = forms.CharField(required=False, max_length=20)

    def clean_from_phone(self) -> str:
        return checked(self.cleaned_data["from_phone"], normalise.phone_e164)

    def clean_from_email(self) -> str:
        return checked(self.cleaned_data["from_email"], normalise.email)

    def clean_uprn(self) -> str:
        return checked(self.cleaned_data["uprn"], normalise.uprn)

    def clean_case_uprn(self) -> str:
        return checked(self.cleaned_data["case_uprn"], normalise.uprn)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("raise_case") and not data.get("link_case"):
            if not data.get("outcome"):
                self.add_error("outcome", "Choose what happened, or raise a case")
            if data.get("transfer_reason"):
                self.add_error("raise_case", "Raise a case to transfer it to tier 2")
        if data.get("raise_case") and not data.get("query_type"):
            self.add_error("raise_case", "Choose what the contact is about to raise a case")
        if data.get("raise_case") and not data.get("description"):
            self.add_error("description", "Describe what the resident needs")
        return data

    def circumstances_chosen(self) -> Circumstances:
        return Circumstances.from_names(self.cleaned_data.get("circumstances") or [])
