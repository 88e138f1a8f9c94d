"""Test data: one factory per model, each making a valid row of its own council."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model

from civicdesk.catalogue.models import QueryType, Service, ServiceLine
from civicdesk.councils.models import Council, Membership, Role


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
