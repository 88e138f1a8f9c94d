from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from civicdesk.cases.models import Case
from civicdesk.cases.vocabulary import Status
from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.contacts.models import Contact
from civicdesk.contacts.vocabulary import ContactChannel
from civicdesk.councils.models import Council, Membership, Team
from civicdesk.demo.factories import DRAMA_PHONE_POOL, drama_phone
from civicdesk.demo.loader import load_demo
from civicdesk.demo.residents import load_demo_residents
from civicdesk.residents import normalise
from civicdesk.residents.models import ContactPoint, Resident, VulnerabilityFlag


def test_load_demo_twice_leaves_one_copy_of_everything(db: None) -> None:
    call_command("load_demo", "--residents", "0", "--no-calls", stdout=StringIO())
    counts = (QueryType.objects.count(), ServiceLine.objects.count(), Membership.objects.count())
    out = StringIO()
    call_command("load_demo", "--residents", "0", "--no-calls", stdout=out)
    assert (
        QueryType.objects.count(),
        ServiceLine.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert set(Council.objects.values_list("slug", flat=True)) == {"demo", "neighbour"}
    assert "advisor-demo-password" in out.getvalue()
    assert "neighbour-advisor" in out.getvalue()


def test_the_demo_catalogue_has_every_seed_row_and_line(db: None) -> None:
    call_command("load_demo", "--residents", "0", "--no-calls", stdout=StringIO())
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
        call_command("load_demo", "--residents", "0", stdout=StringIO())
    assert not Council.objects.exists()


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Resident, ContactPoint, Contact, Case, Team, VulnerabilityFlag)
    )


def test_load_demo_twice_adds_no_more_residents_contacts_or_cases(db: None) -> None:
    load_demo(residents=20)
    counts = _counts()
    assert counts[0] == 20
    load_demo(residents=20)
    assert _counts() == counts


def test_generated_residents_have_every_channel_every_status_and_failure_demand(
    db: None,
) -> None:
    load_demo(residents=20)
    demo = Council.objects.get(slug="demo")
    contacts = Contact.objects.filter(council=demo)
    assert set(contacts.values_list("channel", flat=True)) == set(ContactChannel.values)
    assert set(Case.objects.filter(council=demo).values_list("status", flat=True)) == set(
        Status.values
    )
    assert contacts.filter(demand_type="failure", failure_reason="chasing").exists()
    assert contacts.filter(demand_type="failure", failure_reason="repeat").exists()
    assert contacts.filter(demand_type="failure", failure_reason="avoidable").exists()
    assert Case.objects.filter(council=demo, chase_count__gt=0).exists()
    assert Case.objects.filter(council=demo, status=Status.CLOSED).exclude(outcome="").exists()
    # Every case has a team: the demo's query types are shared out between its teams.
    assert not Case.objects.filter(council=demo, team__isnull=True).exists()
    assert not QueryType.objects.filter(council=demo, team__isnull=True).exists()
    leader = Team.objects.get(council=demo, code="customer-services").leader
    assert leader is not None
    assert leader.get_username() == "manager"
    assert not Resident.objects.filter(council__slug="neighbour").exists()


def test_generated_contact_details_are_made_up_and_valid(db: None) -> None:
    load_demo(residents=20)
    drama_phones = {drama_phone(n) for n in range(DRAMA_PHONE_POOL)}
    for point in ContactPoint.objects.all():
        if point.kind == "phone":
            assert normalise.phone_e164(point.value) == point.value
            assert point.value in drama_phones
        elif point.kind == "email":
            assert point.value.endswith("@example.org")
            assert normalise.email(point.value) == point.value
        else:
            assert normalise.postcode(point.postcode) == point.postcode
            assert point.postcode.startswith("DM")


def test_the_same_seed_makes_the_same_residents(db: None) -> None:
    load_demo(residents=0)
    demo, neighbour = Council.objects.get(slug="demo"), Council.objects.get(slug="neighbour")

    def people(council: Council) -> list[tuple[str, ...]]:
        return [
            (r.first_name, r.last_name, *r.contact_points.values_list("value", flat=True))
            for r in Resident.objects.filter(council=council).order_by("pk")
        ]

    users = {m.user.username: m.user for m in Membership.objects.select_related("user")}
    for council in (demo, neighbour):
        made = load_demo_residents(
            council, advisor=users["advisor"], leader=users["manager"], count=6, seed=7
        )
        assert made == 6
    assert people(demo) == people(neighbour)
