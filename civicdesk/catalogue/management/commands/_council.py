from django.core.management.base import CommandError

from civicdesk.councils.models import Council


def council_by_slug(slug: str) -> Council:
    council = Council.objects.filter(slug=slug).first()
    if council is None:
        known = ", ".join(Council.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"No council with slug {slug!r} (councils: {known}).")
    return council
