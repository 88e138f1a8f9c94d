from __future__ import annotations

from django import forms

from civicdesk.catalogue.triage import Channel, Circumstances

CHANNEL_LABELS = {
    Channel.PHONE: "Phone",
    Channel.FACE_TO_FACE: "Face to face",
    Channel.EMAIL: "Email",
    Channel.WEB_CHAT: "Web chat",
    Channel.VIDEO_CALL: "Video call",
}


class TriageForm(forms.Form):
    q = forms.CharField(
        label="What does the resident want?", max_length=200, required=False, strip=True
    )
    channel = forms.ChoiceField(
        label="How are they contacting us?",
        choices=[(c.value, label) for c, label in CHANNEL_LABELS.items()],
        initial=Channel.PHONE.value,
        error_messages={"invalid_choice": "Select how the resident is contacting us"},
    )
    query_type = forms.SlugField(required=False)
    circumstances = forms.MultipleChoiceField(
        label="The resident's circumstances",
        required=False,
        choices=[
            ("vulnerable", "Vulnerable"),
            ("assisted_digital", "Needs help to go online"),
            ("hearing_loss", "Hearing loss"),
            ("no_internet", "No internet access"),
        ],
    )

    def circumstances_chosen(self) -> Circumstances:
        return Circumstances.from_names(self.cleaned_data.get("circumstances") or [])
