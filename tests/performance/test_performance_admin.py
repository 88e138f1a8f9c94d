"""Council administrators set their own council's contact costs and line standards in the admin."""

from __future__ import annotations

from datetime import date

from django.test import Client

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.costs import costs_for
from civicdesk.performance.models import ChannelCost, LineStandard
from civicdesk.performance.selectors import council_line_metrics
from civicdesk.performance.services import line_standard_save
from tests.factories import ServiceLineFactory


def test_an_administrator_sets_a_cost_for_their_council(
    manager_client: Client, demo: Council, neighbour: Council
) -> None:
    response = manager_client.post(
        "/admin/performance/channelcost/add/",
        {"council": demo.pk, "channel": "phone", "pence": "200"},
    )
    assert response.status_code == 302
    assert costs_for(demo)["phone"] == 200
    assert costs_for(demo)["web_form"] == 15  # the others keep the default
    assert costs_for(neighbour)["phone"] == 150


def test_an_administrator_cannot_reach_another_councils_costs(
    manager_client: Client, demo: Council, neighbour: Council
) -> None:
    theirs = ChannelCost.objects.create(council=neighbour, channel="letter", pence=90)
    ChannelCost.objects.create(council=demo, channel="email", pence=20)
    listing = manager_client.get("/admin/performance/channelcost/").content.decode()
    ours = ChannelCost.objects.get(council=demo, channel="email")
    assert f"/admin/performance/channelcost/{ours.pk}/change/" in listing
    assert f"/admin/performance/channelcost/{theirs.pk}/change/" not in listing
    response = manager_client.get(f"/admin/performance/channelcost/{theirs.pk}/change/")
    assert response.status_code == 302
    refused = manager_client.post(
        "/admin/performance/channelcost/add/",
        {"council": neighbour.pk, "channel": "phone", "pence": "1"},
    )
    assert refused.status_code == 200  # the form again: that council is not a choice
    assert not ChannelCost.objects.filter(council=neighbour, channel="phone").exists()


def test_an_advisor_cannot_reach_the_performance_admin(advisor_client: Client) -> None:
    response = advisor_client.get("/admin/performance/channelcost/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_standard_saved_in_the_admin_recounts_the_lines_service_level(
    manager_client: Client, demo: Council
) -> None:
    line = ServiceLine.objects.filter(council=demo).order_by("name").first()
    assert line is not None
    # One call answered 15 seconds after it queued: within the default T of 20 seconds.
    calls_import(
        council=demo,
        text="call_id,line,presented_at,queue_entered_at,answered_at,ended_at,outcome\n"
        f"A1,{line.name},2023-03-01T10:00:00+00:00,2023-03-01T10:00:05+00:00,"
        "2023-03-01T10:00:20+00:00,2023-03-01T10:05:00+00:00,answered\n",
    )
    # The line's standard (the demo may publish one) says 20 seconds, to begin with.
    standard = LineStandard.objects.filter(line=line).first() or LineStandard(
        council=demo, line=line
    )
    standard.answer_within_seconds = 20
    line_standard_save(standard=standard, actor=None)
    day = date(2023, 3, 1)
    (before,) = council_line_metrics(council=demo, start=day, end=day, line=line.name)
    assert before.service_level == 1.0

    response = manager_client.post(
        f"/admin/performance/linestandard/{standard.pk}/change/",
        {
            "council": demo.pk,
            "line": line.pk,
            "answer_within_seconds": "10",
            "service_level_target": "0.800",
            "short_abandon_seconds": "5",
        },
    )
    assert response.status_code == 302
    assert LineStandard.objects.get(line=line).answer_within_seconds == 10
    (after,) = council_line_metrics(council=demo, start=day, end=day, line=line.name)
    assert after.service_level == 0.0


def test_a_standard_for_another_councils_line_is_refused(
    manager_client: Client, demo: Council, neighbour: Council
) -> None:
    theirs = ServiceLineFactory.create(council=neighbour, code="their-line", name="Their line")
    response = manager_client.post(
        "/admin/performance/linestandard/add/",
        {
            "council": demo.pk,
            "line": theirs.pk,
            "answer_within_seconds": "10",
            "service_level_target": "0.800",
            "short_abandon_seconds": "5",
        },
    )
    assert response.status_code == 200
    assert not LineStandard.objects.filter(line=theirs).exists()
