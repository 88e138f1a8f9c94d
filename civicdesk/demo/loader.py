"""The demo: two councils, their catalogues from the data files, three staff accounts, the demo
council's teams, and generated residents with their contacts and cases."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from civicdesk.catalogue.transfer.service import catalogue_import
from civicdesk.councils.bank_holidays import BankHolidayRegion
from civicdesk.councils.models import Council, Membership, Role
from civicdesk.demo.calls_write import calls_generate, generated_calls_exist
from civicdesk.demo.channel_history import channel_history_load
from civicdesk.demo.residents import load_demo_residents, load_demo_teams
from civicdesk.demo.standards import load_standards

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class DemoCouncil:
    slug: str
    name: str
    catalogue: Path
    general_line_code: str = ""
    contact_email: str = ""
    data_protection_email: str = ""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    council: str
    role: Role
    password: str
    admin_site: bool = False


COUNCILS = (
    DemoCouncil(
        "demo",
        "Demo City Council",
        DATA / "demo.yaml",
        general_line_code="corporate-general-enquiries",
        contact_email="contact@demo-council.example",
        data_protection_email="data.protection@demo-council.example",
    ),
    DemoCouncil(
        "neighbour",
        "Neighbour District Council",
        DATA / "neighbour.yaml",
        contact_email="contact@neighbour-district.example",
        data_protection_email="dpo@neighbour-district.example",
    ),
)


def demo_accounts() -> tuple[DemoAccount, ...]:
    # Demo passwords are public by design; set CIVICDESK_DEMO_PASSWORD to choose your own.
    chosen = os.environ.get("CIVICDESK_DEMO_PASSWORD")
    return (
        DemoAccount("advisor", "demo", Role.ADVISOR, chosen or "advisor-demo-password"),
        DemoAccount(
            "manager",
            "demo",
            Role.COUNCIL_ADMIN,
            chosen or "manager-demo-password",
            admin_site=True,
        ),
        DemoAccount(
            "neighbour-advisor", "neighbour", Role.ADVISOR, chosen or "neighbour-demo-password"
        ),
    )


DEMO_RESIDENTS = 300


DEMO_CALL_YEARS = (2022, 2023)


def load_demo(
    *, residents: int = DEMO_RESIDENTS, calls_years: tuple[int, ...] = (), history: bool = False
) -> tuple[DemoAccount, ...]:
    """Create or bring up to date the demo councils, catalogues, accounts and teams, and
    generate `residents` residents at Demo City unless it has some already, and a year of
    calls calibrated on seed 001 for each of `calls_years` it has no generated calls for yet
    (`civicdesk generate_calls` replaces them), and with `history` the online contacts and
    visits of January 2022 to August 2023 unless it has them (`channel_history`). Idempotent."""
    accounts = demo_accounts()
    with transaction.atomic():
        for spec in COUNCILS:
            council, _ = Council.objects.update_or_create(
                slug=spec.slug,
                defaults={
                    "name": spec.name,
                    "bank_holiday_region": BankHolidayRegion.ENGLAND_AND_WALES,
                    "active": True,
                    "general_line_code": spec.general_line_code,
                    "contact_email": spec.contact_email,
                    "data_protection_email": spec.data_protection_email,
                },
            )
            catalogue_import(council=council, path=spec.catalogue, actor="load_demo")
            load_standards(council)
        user_model = get_user_model()
        for account in accounts:
            user, _ = user_model.objects.get_or_create(username=account.username)
            user.set_password(account.password)
            user.is_staff = account.admin_site
            user.save()
            Membership.objects.update_or_create(
                user=user,
                council=Council.objects.get(slug=account.council),
                defaults={"role": account.role},
            )
        demo = Council.objects.get(slug="demo")
        manager = user_model.objects.get(username="manager")
        load_demo_teams(demo, leader=manager)
        load_demo_residents(
            demo,
            advisor=user_model.objects.get(username="advisor"),
            leader=manager,
            count=residents,
        )
    for year in calls_years:
        if not generated_calls_exist(council=demo, year=year):
            calls_generate(council=demo, year=year)
    if history:
        channel_history_load(council=demo)
    return accounts
