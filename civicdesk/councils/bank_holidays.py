"""UK bank holidays by region, from the maintained `holidays` library."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
from django.db import models


class BankHolidayRegion(models.TextChoices):
    ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


_SUBDIVISION = {
    BankHolidayRegion.ENGLAND_AND_WALES: "ENG",
    BankHolidayRegion.SCOTLAND: "SCT",
    BankHolidayRegion.NORTHERN_IRELAND: "NIR",
}


@lru_cache(maxsize=64)
def bank_holidays_in(region: str, year: int) -> dict[date, str]:
    calendar = holidays.country_holidays(
        "GB", subdiv=_SUBDIVISION[BankHolidayRegion(region)], years=year
    )
    return dict(calendar.items())


class BankHolidays:
    """A `date in BankHolidays(region)` container that covers every year."""

    def __init__(self, region: str) -> None:
        self.region = region

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in bank_holidays_in(self.region, day.year)

    def name_of(self, day: date) -> str | None:
        return bank_holidays_in(self.region, day.year).get(day)
