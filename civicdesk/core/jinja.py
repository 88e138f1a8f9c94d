"""The Jinja2 environment for our pages: GOV.UK Frontend macros, `url` and `static`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def clock_time(local: datetime) -> str:
    """The time of day as GOV.UK style writes it: "9:30am", "5pm"."""
    hour = local.strftime("%I").lstrip("0")
    minutes = "" if local.minute == 0 else local.strftime(":%M")
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def when(moment: datetime | None) -> str:
    """A moment as residents read it, in UK time: "Tuesday 24 November 2026 at 9:30am"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y} at {clock_time(local)}"


def environment(**options: Any) -> Environment:
    app_loader = options.pop("loader")
    options["loader"] = ChoiceLoader(
        [
            app_loader,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    env = Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True.
    env.globals.update({"url": url, "static": static})
    env.filters["when"] = when
    return env
