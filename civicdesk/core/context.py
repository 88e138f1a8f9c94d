"""Values every page template needs."""

from __future__ import annotations

from django.http import HttpRequest


def page_context(request: HttpRequest) -> dict[str, object]:
    # The per-response nonce that lets our few inline scripts run under the CSP.
    nonce = getattr(request, "csp_nonce", None)
    return {"cspNonce": str(nonce) if nonce is not None else ""}
