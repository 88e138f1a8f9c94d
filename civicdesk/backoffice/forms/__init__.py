"""Forms of the staff pages: they parse what the browser sent; the services decide the rest."""

from civicdesk.backoffice.forms.triage import CHANNEL_LABELS, TriageForm

__all__ = ["CHANNEL_LABELS", "TriageForm"]
