"""The worklist: open cases, overdue first and highlighted, then by due time, none last."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType
from civicdesk.core.clock import now
from civicdesk.councils.models import Council, Team


def _case(query_type: QueryType, advisor: Any, text: str, team: Team | None = None) -> Case:
    case = case_open(query_type=query_type, actor=advisor, description=text)
    if team is not None:  # test data: a team of its own, away from the demo's cases
        Case.objects.filter(pk=case.pk).update(team=team)
    return case


def test_open_cases_overdue_first_then_by_due_time(
    advisor_client: Client, demo: Council, missed_collection: QueryType, advisor: Any
) -> None:
    crew = Team.objects.create(council=demo, code="test-crew", name="Test crew")
    later = _case(missed_collection, advisor, "later", crew)
    sooner = _case(missed_collection, advisor, "sooner", crew)
    overdue = _case(missed_collection, advisor, "overdue", crew)
    undated = _case(missed_collection, advisor, "undated", crew)
    finished = _case(missed_collection, advisor, "finished", crew)
    moment = now()
    # Test data: due times set directly, as the clock would have left them.
    Case.objects.filter(pk=later.pk).update(due_at=moment + timedelta(days=3))
    Case.objects.filter(pk=sooner.pk).update(due_at=moment + timedelta(days=1))
    Case.objects.filter(pk=overdue.pk).update(due_at=moment - timedelta(hours=1))
    Case.objects.filter(pk=undated.pk).update(due_at=None)
    case_transition(case=finished, actor=advisor, to="closed", outcome="done")

    response = advisor_client.get("/staff/demo/worklist/", {"team": "test-crew"})
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('id="worklist"') :]
    order = [table.index(c.reference) for c in (overdue, sooner, later, undated)]
    assert order == sorted(order)
    assert finished.reference not in page
    assert "4 open cases, <strong>1 overdue</strong>" in page
    overdue_row = table[table.index(overdue.reference) : table.index(sooner.reference)]
    assert "Overdue" in overdue_row


def test_filtering_by_team(
    advisor_client: Client, demo: Council, missed_collection: QueryType, advisor: Any
) -> None:
    crew = Team.objects.create(council=demo, code="test-crew", name="Test crew")
    others = Team.objects.create(council=demo, code="other-crew", name="Other crew")
    mine = _case(missed_collection, advisor, "ours", crew)
    theirs = _case(missed_collection, advisor, "theirs", others)
    page = advisor_client.get("/staff/demo/worklist/", {"team": "test-crew"}).content.decode()
    assert "Worklist: Test crew" in page
    assert mine.reference in page
    assert theirs.reference not in page
    assert '<option value="test-crew" selected>' in page
