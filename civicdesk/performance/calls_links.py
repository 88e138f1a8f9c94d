"""Linking calls to the contacts advisors recorded for them, by a sorted index of times.

A call links to the recorded contact of the same council and line whose presented_at is
within CONTACT_WINDOW of the call's, the nearest one (the lowest id among equally near ones),
and, when the call has a from_phone, one with that from_phone. Per line the window's contacts
are sorted by time once; each call bisects into them and looks only at the contacts within
the window either side, so linking costs O(log n) a call, not a scan of the line.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime, timedelta

from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council

CONTACT_WINDOW = timedelta(minutes=1)


class ContactIndex:
    """The council's recorded contacts with a line, between two moments, sorted per line."""

    def __init__(self, council: Council, start: datetime, end: datetime) -> None:
        found: dict[int, list[tuple[datetime, int, str]]] = {}
        contacts = Contact.objects.filter(
            council=council,
            line__isnull=False,
            presented_at__gte=start - CONTACT_WINDOW,
            presented_at__lte=end + CONTACT_WINDOW,
        ).values_list("line_id", "presented_at", "pk", "from_phone")
        for line_id, presented_at, pk, from_phone in contacts.iterator(chunk_size=10_000):
            found.setdefault(line_id, []).append((presented_at, pk, from_phone))
        self.lines: dict[int, tuple[list[datetime], list[tuple[datetime, int, str]]]] = {}
        for line_id, items in found.items():
            items.sort()
            self.lines[line_id] = ([item[0] for item in items], items)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def nearest(self, line_id: int, presented: datetime, from_phone: str) -> int | None:
        """The id of the contact the call links to, if any."""
        line = self.lines.get(line_id)
        if line is None:
            return None
        times, items = line
        best: tuple[timedelta, int] | None = None
        index = bisect_left(times, presented - CONTACT_WINDOW)
        while index < len(items):
            at, pk, phone = items[index]
            index += 1
            if at - presented > CONTACT_WINDOW:
                break
            if from_phone and phone != from_phone:
                continue
            candidate = (abs(at - presented), pk)
            if best is None or candidate < best:
                best = candidate
        return best[1] if best else None

    def links(self, calls: Iterable[tuple[int, int, datetime, str]]) -> list[tuple[int, int]]:
        """(row number, contact id) for each call (row number, line id, presented_at,
        from_phone) that has a contact."""
        found = []
        for number, line_id, presented, from_phone in calls:
            contact = self.nearest(line_id, presented, from_phone)
            if contact is not None:
                found.append((number, contact))
        return found
