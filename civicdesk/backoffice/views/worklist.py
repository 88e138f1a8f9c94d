"""A team's worklist: open cases, overdue ones first, then by when they are due."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from civicdesk.backoffice.selectors import council_teams, team_by_code, worklist
from civicdesk.backoffice.views.common import council_or_404, page
from civicdesk.core.clock import now


@login_required
def worklist_page(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    teams = council_teams(the_council)
    team = team_by_code(the_council, request.GET.get("team", ""))
    rows, cut_short = worklist(the_council, moment=now(), team=team)
    return page(
        request,
        "backoffice/worklist.html",
        {
            "page_title": f"Worklist: {team.name}" if team else "Worklist",
            "council": the_council,
            "teams": teams,
            "team": team,
            "rows": rows,
            "cut_short": cut_short,
            "overdue": sum(1 for r in rows if r.breached),
        },
    )
