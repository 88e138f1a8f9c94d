"""Small helpers the resident pages share."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse

from civicdesk.councils.access import CouncilNotFound, public_council
from civicdesk.councils.models import Council


def council_or_404(slug: str) -> Council:
    try:
        return public_council(slug)
    except CouncilNotFound:
        raise Http404("No such council") from None


def track_url(council: Council, reference: str = "") -> str:
    """The tracking form, with the reference filled in when we know it."""
    url = reverse("portal:track", kwargs={"council": council.slug})
    return f"{url}?{urlencode({'reference': reference})}" if reference else url
