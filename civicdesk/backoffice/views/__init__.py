"""Staff pages: sign-in required; every page is scoped to one of the user's councils."""

from civicdesk.backoffice.views.triage import home, triage_page

__all__ = ["home", "triage_page"]
