"""Factories: one per model, each making a valid row of its own council.

The tests use them, and so does the demo (`civicdesk.demo.residents`), which is why they live in
the code rather than under tests/. Seed them with `factory.random.reseed_random(seed)` for the
same rows every time.

Made-up details never reach a real person:
- phone numbers come from the ranges Ofcom keeps for drama (020 7946 0xxx, 0113 496 0xxx…).
  Ofcom's drama mobile range, 07700 900xxx, cannot be used: the `phonenumbers` library that
  `residents.normalise.phone_e164` relies on treats it as invalid, so such a resident could be
  neither found by phone nor recorded as a caller;
- email addresses are at example.org (reserved by RFC 2606);
- postcodes are in the made-up area DM ("Demo"), such as DM4 7QT.
"""

from __future__ import annotations

import re
from random import Random
from typing import Any

import factory
import factory.fuzzy
from django.contrib.auth import get_user_model
from factory.random import randgen

from civicdesk.catalogue.models import QueryType, Service, ServiceLine
from civicdesk.councils.models import Council, Membership, Role, Team
from civicdesk.residents.models import ContactPoint, Resident
from civicdesk.residents.vocabulary import ContactPointKind

__all__ = [
    "DEMO_WARDS",
    "DRAMA_PHONE_POOL",
    "ContactPointFactory",
    "CouncilFactory",
    "MembershipFactory",
    "QueryTypeFactory",
    "ResidentFactory",
    "ServiceFactory",
    "ServiceLineFactory",
    "TeamFactory",
    "UserFactory",
    "demo_email",
    "demo_postcode",
    "drama_phone",
]

# Ofcom's drama ranges that `phonenumbers` accepts, each followed by three digits 000-999.
_DRAMA_PREFIXES = (
    "+442079460",  # 020 7946 0xxx, London
    "+441134960",  # 0113 496 0xxx, Leeds
    "+441144960",  # 0114 496 0xxx, Sheffield
    "+441164960",  # 0116 496 0xxx, Leicester
    "+441174960",  # 0117 496 0xxx, Bristol
    "+441184960",  # 0118 496 0xxx, Reading
    "+441214960",  # 0121 496 0xxx, Birmingham
    "+441314960",  # 0131 496 0xxx, Edinburgh
    "+441414960",  # 0141 496 0xxx, Glasgow
    "+441514960",  # 0151 496 0xxx, Liverpool
    "+441614960",  # 0161 496 0xxx, Manchester
    "+441914980",  # 0191 498 0xxx, Tyneside
    "+442896496",  # 028 9649 6xxx, Belfast
    "+442920180",  # 029 2018 0xxx, Cardiff
)
DRAMA_PHONE_POOL = len(_DRAMA_PREFIXES) * 1000
# Letters used in the inward part of real postcodes (never C, I, K, M, O or V).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DEMO_WARDS = ("Abbey", "Castle", "Northfields", "Riverside", "St Mary's", "Westgate")
_STREET_KINDS = ("Road", "Street", "Lane", "Close", "Avenue", "Crescent", "Gardens", "Way")


def drama_phone(n: int) -> str:
    """The n-th number (0 <= n < DRAMA_PHONE_POOL) of the drama ranges, in E.164."""
    prefix, rest = divmod(n % DRAMA_PHONE_POOL, 1000)
    return f"{_DRAMA_PREFIXES[prefix]}{rest:03d}"


def demo_postcode(rng: Random) -> str:
    letters = rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    return f"DM{rng.randint(1, 9)} {rng.randint(1, 9)}{letters}"


def demo_email(first_name: str, last_name: str, n: int) -> str:
    def part(name: str) -> str:
        return re.sub(r"[^a-z0-9]", "", name.lower()) or "resident"

    return f"{part(first_name)}.{part(last_name)}{n}@example.org"


class CouncilFactory(factory.django.DjangoModelFactory[Council]):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Council {n}")
    slug = factory.Sequence(lambda n: f"test-council-{n}")


class UserFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff-{n}")
    password = factory.django.Password("a-long-test-password")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.ADVISOR


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team
        django_get_or_create = ("council", "code")

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")


class ServiceLineFactory(factory.django.DjangoModelFactory[ServiceLine]):
    class Meta:
        model = ServiceLine

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"line-{n}")
    name = factory.Sequence(lambda n: f"Line {n}")
    hours = factory.LazyFunction(
        lambda: dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-17:00")
    )


class QueryTypeFactory(factory.django.DjangoModelFactory[QueryType]):
    class Meta:
        model = QueryType

    council = factory.SubFactory(CouncilFactory)
    service = factory.SubFactory(ServiceFactory, council=factory.SelfAttribute("..council"))
    code = factory.Sequence(lambda n: f"query-{n}")
    name = factory.Sequence(lambda n: f"Query {n}")
    available_online = "no"
    value_to = "resident"
    contact_centre_actions = factory.LazyFunction(lambda: ["assist"])


class ResidentFactory(factory.django.DjangoModelFactory[Resident]):
    class Meta:
        model = Resident

    council = factory.SubFactory(CouncilFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")


class ContactPointFactory(factory.django.DjangoModelFactory[ContactPoint]):
    """A phone number by default; `email=True` or `address=True` for the other kinds."""

    class Meta:
        model = ContactPoint

    class Params:
        house = factory.Faker("random_int", min=1, max=240)
        street = factory.Faker("last_name", locale="en_GB")
        street_kind = factory.fuzzy.FuzzyChoice(_STREET_KINDS)
        email = factory.Trait(
            kind=ContactPointKind.EMAIL,
            value=factory.LazyAttributeSequence(
                lambda o, n: demo_email(o.resident.first_name, o.resident.last_name, n)
            ),
        )
        address = factory.Trait(
            kind=ContactPointKind.ADDRESS,
            value=factory.LazyAttribute(
                lambda o: f"{o.house} {o.street} {o.street_kind}, Demo City"
            ),
            postcode=factory.LazyFunction(lambda: demo_postcode(randgen)),
            uprn=factory.LazyFunction(lambda: str(100_000_000_000 + randgen.randrange(10**10))),
            ward=factory.LazyFunction(lambda: randgen.choice(DEMO_WARDS)),
        )

    resident = factory.SubFactory(ResidentFactory)
    council = factory.SelfAttribute("resident.council")
    kind = ContactPointKind.PHONE
    value = factory.LazyFunction(lambda: drama_phone(randgen.randrange(DRAMA_PHONE_POOL)))
