"""A team's worklist: open cases, overdue ones first, then by when they are due."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from civicdesk.backoffice.selectors import council_teams, worklist
from civicdesk.backoffice.views.common import council_or_404, page
from civicdesk.core.clock import now
from civicdesk.councils.models import Team


class WorklistForm(forms.Form):
    """?team=<code>: one of the council's teams, or every team when empty."""

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {team.code: team for team in teams}
        self.fields["team"] = forms.ChoiceField(
            label="Team",
            required=False,
            choices=[("", "All teams"), *((t.code, t.name) for t in teams)],
            error_messages={"invalid_choice": "Choose a team from the list"},
        )

    def team(self) -> Team | None:
        return self.teams.get(self.cleaned_data.get("team") or "") if self.is_valid() else None


@login_required
@require_safe
def worklist_page(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    teams = council_teams(the_council)
    form = WorklistForm(request.GET, teams=teams)
    team = form.team()
    rows, cut_short = (
        worklist(the_council, moment=now(), team=team) if form.is_valid() else ([], False)
    )
    response = page(
        request,
        "backoffice/worklist.html",
        {
            "page_title": f"Worklist: {team.name}" if team else "Worklist",
            "council": the_council,
            "form": form,
            "teams": teams,
            "team": team,
            "rows": rows,
            "cut_short": cut_short,
            "overdue": sum(1 for r in rows if r.breached),
        },
    )
    if form.errors:
        response.status_code = 400  # a GET form in error, as on the dashboards
    return response
