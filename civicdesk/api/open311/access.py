"""Which council a request is for (its jurisdiction_id) and which client sent it (its api_key)."""

from __future__ import annotations

from functools import cache

from civicdesk.api.models import Open311Client
from civicdesk.api.open311.errors import bad_request, forbidden, not_found
from civicdesk.api.open311.keys import open311_client_for_key
from civicdesk.api.open311.parsing import Params
from civicdesk.core.rows import columns, fetch, table
from civicdesk.councils.models import Council


def council_for(params: Params) -> Council:
    """jurisdiction_id is the council's slug: needed only when we serve more than one."""
    served = Council.objects.filter(active=True)
    slug = params.get("jurisdiction_id")
    if slug is None:
        councils = list(served.order_by("pk")[:2])
        if len(councils) == 1:
            return councils[0]
        if not councils:
            raise not_found("This server serves no council yet")
        raise bad_request(
            "jurisdiction_id is required: this server serves more than one council "
            f"({', '.join(served.order_by('slug').values_list('slug', flat=True))})"
        )
    council = _served_council(slug)
    if council is None:
        raise not_found(f"jurisdiction_id {slug!r} is not a council this server serves")
    return council


@cache
def _served_council_sql() -> str:
    return (
        f"SELECT {columns(Council, 'c')} FROM {table(Council)} c"  # noqa: S608 -- our names
        " WHERE c.active = %s AND c.slug = %s ORDER BY c.name ASC LIMIT 1"
    )


def _served_council(slug: str) -> Council | None:
    """`Council.objects.filter(active=True, slug=slug).first()`, written out: every POST
    asks it."""
    found = fetch(_served_council_sql(), [True, slug], Council)
    return found[0][0] if found else None


def client_for(params: Params, council: Council) -> Open311Client:
    """The client whose api_key this is, allowed to write to `council`."""
    key = params.get("api_key")
    if key is None:
        raise forbidden("api_key is required to post")
    client = open311_client_for_key(key)
    if client is None:
        raise forbidden("api_key is not valid (unknown or revoked)")
    if client.council_id != council.pk:
        raise forbidden(f"api_key is not valid for jurisdiction_id {council.slug!r}")
    return client
