from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.councils.models import Council, Membership


def test_load_demo_twice_leaves_one_copy_of_everything(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    counts = (QueryType.objects.count(), ServiceLine.objects.count(), Membership.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (
        QueryType.objects.count(),
        ServiceLine.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert set(Council.objects.values_list("slug", flat=True)) == {"demo", "neighbour"}
    assert "advisor-demo-password" in out.getvalue()
    assert "neighbour-advisor" in out.getvalue()


def test_the_demo_catalogue_has_every_seed_row_and_line(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    demo = Council.objects.get(slug="demo")
    query_types = QueryType.objects.filter(council=demo)
    # Seed 000: 30 contact-centre rows and 20 face-to-face rows, one query in both tables.
    assert query_types.exclude(contact_centre_actions=[]).count() == 30
    assert query_types.exclude(face_to_face_actions=[]).count() == 20
    lines = ServiceLine.objects.filter(council=demo)
    assert lines.count() == 16
    names = {name for line in lines for name in [line.name, *line.aliases]}
    for figure in ("HB Tier 1 Calls", "LT Tier 1 Calls", "Payments and Rent Enquiries"):
        assert figure in names


@override_settings(CIVICDESK_ALLOW_DEMO=False)
def test_load_demo_refuses_settings_that_do_not_allow_it(db: None) -> None:
    with pytest.raises(CommandError, match="CIVICDESK_ALLOW_DEMO is off"):
        call_command("load_demo", stdout=StringIO())
    assert not Council.objects.exists()
