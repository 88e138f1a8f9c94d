"""The factories live in civicdesk.demo.factories, as the demo uses them too."""

from civicdesk.demo.factories import (
    ContactPointFactory,
    CouncilFactory,
    MembershipFactory,
    QueryTypeFactory,
    ResidentFactory,
    ServiceFactory,
    ServiceLineFactory,
    TeamFactory,
    UserFactory,
)

__all__ = [
    "ContactPointFactory",
    "CouncilFactory",
    "MembershipFactory",
    "QueryTypeFactory",
    "ResidentFactory",
    "ServiceFactory",
    "ServiceLineFactory",
    "TeamFactory",
    "UserFactory",
]
