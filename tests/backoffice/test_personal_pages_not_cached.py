"""Pages with a resident's details, vulnerabilities or cases are kept by no cache: neither a
shared one between the council and the internet nor the browser's own on a shared computer."""

from __future__ import annotations

from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.residents.models import Resident


def _not_stored(cache_control: str) -> bool:
    return {"private", "no-store"} <= {d.strip() for d in cache_control.split(",")}


def test_every_kind_of_staff_page_is_private_and_not_stored(
    manager_client: Client, open_case: Case, resident: Resident
) -> None:
    single_view = f"/staff/demo/residents/{resident.pk}/"
    pages = {
        "single view": single_view,
        "vulnerability details": f"{single_view}?show=vulnerability",
        "record a vulnerability": f"{single_view}vulnerability/",
        "case": f"/staff/demo/cases/{open_case.reference}/",
        "worklist": "/staff/demo/worklist/",
        "subject access export": f"{single_view}subject-access/",
        "subject access download": f"{single_view}subject-access.json",
        "staff API list": "/api/v1/cases/",
        "staff API resident": f"/api/v1/residents/{resident.pk}/",
        "sign-in": "/accounts/login/",
        "admin": "/admin/",
    }
    for kind, url in pages.items():
        response = manager_client.get(url)
        assert response.status_code in (200, 302), kind
        assert _not_stored(response.get("Cache-Control", "")), kind


def test_a_staff_page_refused_is_not_stored_either(client: Client, resident: Resident) -> None:
    response = client.get(f"/staff/demo/residents/{resident.pk}/")  # not signed in
    assert response.status_code == 302
    assert _not_stored(response.get("Cache-Control", ""))
