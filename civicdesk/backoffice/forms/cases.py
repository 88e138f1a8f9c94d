"""The forms of the case page. Each carries the version of the case the advisor saw.

Reasons and notes are for staff. What the resident reads is its own field, `public_update` (or
the text of `PublicUpdateForm`), and is sent only once it has been previewed: the page shows it
as the tracking page will, and the form comes back with `confirmed` set (ADR 24).
"""

from __future__ import annotations

from typing import Any

from django import forms

from civicdesk.cases.public import PUBLIC_UPDATE_MAX_LENGTH
from civicdesk.cases.vocabulary import ALLOWED_TRANSITIONS, FINISHED_STATUSES, Outcome, Status

TOO_LONG = f"Keep the update for the resident to {PUBLIC_UPDATE_MAX_LENGTH} characters or fewer"


class _Versioned(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class _Previewed(_Versioned):
    """Sent for real only with `confirmed`, from the preview of what the resident will read."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class StatusForm(_Previewed):
    prefix = "status"
    to = forms.ChoiceField(
        label="Change the status to",
        error_messages={"required": "Choose the new status"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=Outcome.choices,
    )
    reason = forms.CharField(
        label="Reason (for staff only)", required=False, max_length=2000, widget=forms.Textarea
    )
    public_update = forms.CharField(
        label="Update for the resident (optional)",
        required=False,
        max_length=PUBLIC_UPDATE_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS[Status(current)]
        self.fields["to"].choices = [(s.value, s.label) for s in allowed]  # type: ignore[attr-defined]
        self.fields["to"].error_messages["invalid_choice"] = (
            "A case that is "
            + Status(current).label.lower()
            + " can only go to: "
            + ", ".join(s.label.lower() for s in allowed)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        to = data.get("to")
        if to in FINISHED_STATUSES and not data.get("outcome"):
            verb = "resolve" if to == Status.RESOLVED else "close"
            self.add_error("outcome", f"Choose an outcome to {verb} the case")
        return data


class NoteForm(_Versioned):
    prefix = "note"
    # The page sends the version it shows; a post without one is still locked and versioned.
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Add a note",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Write the note"},
    )


class PublicUpdateForm(_Previewed):
    prefix = "update"
    text = forms.CharField(
        label="Update for the resident",
        max_length=PUBLIC_UPDATE_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={"required": "Write the update for the resident", "max_length": TOO_LONG},
    )


class TransferForm(_Versioned):
    prefix = "transfer"
    reason = forms.CharField(
        label="Why does it need tier 2?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say why it goes to tier 2"},
    )


class AssignForm(_Versioned):
    prefix = "assign"
    team = forms.ChoiceField(label="Team", required=False)
    assignee = forms.ChoiceField(label="Advisor", required=False)

    def __init__(
        self,
        *args: Any,
        teams: list[tuple[str, str]],
        staff: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Keep the current team"), *teams]  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [("", "Nobody yet"), *staff]  # type: ignore[attr-defined]
