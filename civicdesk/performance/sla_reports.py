"""SLA compliance by service: the cases resolved in a period within their due time.

Unlike the contact reports, this reads the cases themselves (filtered on council and
`resolved_at`): a council resolves thousands of cases a year, not millions. docs/metrics.md
defines the figure; a case's due time is kept by `civicdesk/cases/clock.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from civicdesk.cases.clock import resolved_on_time_q
from civicdesk.cases.models import Case
from civicdesk.core.clock import local_day_bounds
from civicdesk.councils.models import Council
from civicdesk.performance.contact_reports import share


@dataclass(frozen=True)
class ComplianceRow:
    service: str
    resolved: int  # cases resolved in the period
    with_standard: int  # of those, cases with a due time (their query type has a standard)
    within: int  # of those, resolved by their due time and never flagged as breached

    @property
    def compliance(self) -> float | None:
        return share(self.within, self.with_standard)


def sla_compliance(
    *, council: Council, start: date, end: date, service_id: int | None = None
) -> tuple[ComplianceRow, ...]:
    """Per service, by name: cases resolved in the period within their due time."""
    first, after = local_day_bounds(start, end)
    cases = Case.objects.filter(
        council=council,
        resolved_at__gte=first,
        resolved_at__lt=after,
    )
    if service_id is not None:
        cases = cases.filter(query_type__service_id=service_id)
    standard = Q(due_at__isnull=False)
    within = resolved_on_time_q()
    grouped = (
        cases.order_by()
        .values("query_type__service__name")
        .annotate(
            resolved=Count("pk"),
            with_standard=Count("pk", filter=standard),
            within=Count("pk", filter=within),
        )
    )
    rows = [
        ComplianceRow(
            service=row["query_type__service__name"],
            resolved=row["resolved"],
            with_standard=row["with_standard"],
            within=row["within"],
        )
        for row in grouped
    ]
    return tuple(sorted(rows, key=lambda r: r.service))
