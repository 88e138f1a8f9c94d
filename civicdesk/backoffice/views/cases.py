"""The case page: its summary, its timeline (newest first), linked contacts, and what to do next.

Every change carries the version the advisor saw; if someone changed the case since, the change
is refused and the page shows the latest state, so nobody silently overwrites anybody.

Each change needs the role `councils.permissions` gives its action: the page shows only the forms
the user may use, and answers a 403 page to one posted anyway. Words for the resident (a status
change's update, or an update on its own) are shown first exactly as the tracking page will show
them, and sent only when confirmed from that preview (ADR 24).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from civicdesk.backoffice.forms.cases import (
    AssignForm,
    NoteForm,
    PublicUpdateForm,
    StatusForm,
    TransferForm,
)
from civicdesk.backoffice.selectors import (
    case_by_reference,
    case_contacts,
    case_events,
    council_staff,
    council_teams,
    staff_member,
    team_by_code,
)
from civicdesk.backoffice.views.common import (
    council_or_404,
    forbidden,
    notify,
    page,
    show_domain_error,
)
from civicdesk.cases import clock
from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case
from civicdesk.cases.public import PublicUpdate, history_with, public_update_of
from civicdesk.cases.services import (
    case_assign,
    case_note_add,
    case_public_update_add,
    case_transfer,
    case_transition,
)
from civicdesk.cases.vocabulary import FINISHED_STATUSES, EventKind, Outcome, Status
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission, allowed


def _case_or_404(council: Council, reference: str) -> Case:
    case = case_by_reference(council, reference)
    if case is None:
        raise Http404("No such case at this council")
    return case


FORM_KEYS = {
    StatusForm: "status_form",
    NoteForm: "note_form",
    PublicUpdateForm: "update_form",
    TransferForm: "transfer_form",
    AssignForm: "assign_form",
}


def _choices(council: Council) -> dict[str, list[tuple[str, str]]]:
    return {
        "teams": [(t.code, t.name) for t in council_teams(council)],
        "staff": [(str(u.pk), u.get_username()) for u in council_staff(council)],
    }


def _forms(
    case: Case, bound: forms.Form | None = None, retry: forms.Form | None = None
) -> dict[str, forms.Form]:
    """The page's forms at the case's version. `bound` is one just sent with errors; `retry`
    one refused because the case changed: shown again with what was typed, at the new version."""
    initial: dict[str, Any] = {"version": case.version}
    kept = {**retry.cleaned_data, "version": case.version} if retry is not None else {}
    given = FORM_KEYS.get(type(retry), "") if retry is not None else ""

    def start(key: str, **defaults: Any) -> dict[str, Any]:
        return kept if key == given else {**initial, **defaults}

    made: dict[str, forms.Form] = {
        "status_form": StatusForm(initial=start("status_form"), current=case.status),
        "note_form": NoteForm(initial=start("note_form")),
        "update_form": PublicUpdateForm(initial=start("update_form")),
        "transfer_form": TransferForm(initial=start("transfer_form")),
        "assign_form": AssignForm(
            initial=start(
                "assign_form",
                team=case.team.code if case.team else "",
                assignee=str(case.assignee_id or ""),
            ),
            **_choices(case.council),
        ),
    }
    if bound is not None:
        made[FORM_KEYS[type(bound)]] = bound
    return made


def _render(
    request: HttpRequest,
    council: Council,
    case: Case,
    *,
    bound: forms.Form | None = None,
    retry: forms.Form | None = None,
    conflict: str = "",
) -> HttpResponse:
    moment = now()
    page_forms = _forms(case, bound, retry)
    return page(
        request,
        "backoffice/case.html",
        {
            "page_title": f"Case {case.reference}",
            "council": council,
            "case": case,
            "breached": clock.is_breached(case, moment),
            "events": case_events(case),
            "contacts": case_contacts(case),
            "conflict": conflict,
            "labels": {"status": dict(Status.choices), "outcome": dict(Outcome.choices)},
            "error_count": (len(bound.errors) if bound is not None else 0) + bool(conflict),
            **page_forms,
        },
    )


@login_required
def case_page(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    case = _case_or_404(the_council, reference)
    if case.reference != reference:
        return redirect("backoffice:case", council=the_council.slug, reference=case.reference)
    return _render(request, the_council, case)


Preview = Callable[[Case, dict[str, Any]], PublicUpdate | None]


def _change(
    request: HttpRequest,
    council_slug: str,
    reference: str,
    make_form: Callable[[Case, QueryDict], forms.Form],
    act: Callable[[Case, dict[str, Any]], str],
    fields: dict[str, str],
    *,
    action: Permission,
    preview: Preview | None = None,
) -> HttpResponse:
    """Check the role, parse the form, show any words for the resident as they will read them
    until confirmed, call the service, and show the result: one shape for every case form."""
    council = council_or_404(request, council_slug)
    if not allowed(request.user, council, action):
        return forbidden(request, council, action)
    case = _case_or_404(council, reference)
    form = make_form(case, request.POST)
    if form.is_valid():
        update = preview(case, form.cleaned_data) if preview is not None else None
        if update is not None:
            if not allowed(request.user, council, Permission.PUBLISH_UPDATE):
                return forbidden(request, council, Permission.PUBLISH_UPDATE)
            if "edit" in request.POST:  # back from the preview to change the words
                return _render(request, council, case, bound=form)
            if not form.cleaned_data.get("confirmed"):
                return _preview(request, council, case, form, update)
        try:
            done = act(case, form.cleaned_data)
        except DomainError as error:
            if error.code == CaseErrorCode.CHANGED_BY_SOMEONE_ELSE:
                latest = _case_or_404(council, reference)
                return _render(
                    request,
                    council,
                    latest,
                    retry=form,
                    conflict=_conflict_message(latest),
                )
            show_domain_error(form, error, fields)
            if "allowed" in error.extra:
                form.add_error(None, _allowed_message(error.extra["allowed"]))
        else:
            notify(request, done)
            return redirect("backoffice:case", council=council.slug, reference=case.reference)
    return _render(request, council, case, bound=form)


def _preview(
    request: HttpRequest, council: Council, case: Case, form: forms.Form, update: PublicUpdate
) -> HttpResponse:
    """The words for the resident in the tracking page's own list of updates, and the form
    again, hidden, to send them ("confirmed") or go back and change them."""
    data = form.cleaned_data
    return page(
        request,
        "backoffice/case_preview.html",
        {
            "page_title": f"Check the update for the resident: case {case.reference}",
            "council": council,
            "case": case,
            "form": form,
            "action": request.path,
            "history": history_with(case, update),
            "new_status": Status(data["to"]).label if data.get("to") else "",
            "new_outcome": Outcome(data["outcome"]).label
            if data.get("to") in FINISHED_STATUSES and data.get("outcome")
            else "",
            "reason": data.get("reason", ""),
        },
    )


def _status_preview(case: Case, data: dict[str, Any]) -> PublicUpdate | None:
    text = str(data.get("public_update") or "").strip()
    if not text:
        return None
    reopened = data["to"] == Status.OPEN and case.status in FINISHED_STATUSES
    return public_update_of(
        kind=EventKind.REOPENED if reopened else EventKind.STATUS_CHANGED,
        to=data["to"],
        outcome=data["outcome"] if data["to"] in FINISHED_STATUSES else "",
        public_text=text,
        at=now(),
    )


def _update_preview(case: Case, data: dict[str, Any]) -> PublicUpdate | None:
    return public_update_of(kind=EventKind.PUBLIC_UPDATE, public_text=data["text"], at=now())


def _conflict_message(case: Case) -> str:
    return (
        "This case was changed by someone else since you opened it. It is now "
        f"{case.get_status_display().lower()}. Check the latest details below; nothing you "
        "sent was saved."
    )


def _allowed_message(allowed: list[str]) -> str:
    return "It can go to: " + ", ".join(Status(s).label.lower() for s in allowed)


@login_required
@require_POST
def case_status(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    def act(case: Case, data: dict[str, Any]) -> str:
        changed = case_transition(
            case=case,
            actor=request.user,
            to=data["to"],
            outcome=data["outcome"] if data["to"] in {Status.RESOLVED, Status.CLOSED} else "",
            reason=data["reason"],
            public_update=data["public_update"],
            expected_version=data["version"],
        )
        sent = " and the update sent to the resident" if data["public_update"].strip() else ""
        return f"Status changed to {changed.get_status_display().lower()}{sent}"

    return _change(
        request,
        council,
        reference,
        lambda case, post: StatusForm(post, current=case.status),
        act,
        {"to": "to", "outcome": "outcome", "public_update": "public_update"},
        action=Permission.TRANSITION,
        preview=_status_preview,
    )


@login_required
@require_POST
def case_note(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    def act(case: Case, data: dict[str, Any]) -> str:
        case_note_add(
            case=case, actor=request.user, text=data["text"], expected_version=data.get("version")
        )
        return "Note added"

    return _change(
        request,
        council,
        reference,
        lambda _c, post: NoteForm(post),
        act,
        {},
        action=Permission.ADD_NOTE,
    )


@login_required
@require_POST
def case_public_update(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    def act(case: Case, data: dict[str, Any]) -> str:
        case_public_update_add(
            case=case, actor=request.user, text=data["text"], expected_version=data["version"]
        )
        return "Update sent to the resident"

    return _change(
        request,
        council,
        reference,
        lambda _c, post: PublicUpdateForm(post),
        act,
        {"text": "text"},
        action=Permission.PUBLISH_UPDATE,
        preview=_update_preview,
    )


@login_required
@require_POST
def case_tier_two(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    def act(case: Case, data: dict[str, Any]) -> str:
        case_transfer(
            case=case, actor=request.user, reason=data["reason"], expected_version=data["version"]
        )
        return "Transferred to tier 2"

    return _change(
        request,
        council,
        reference,
        lambda _c, post: TransferForm(post),
        act,
        {"reason": "reason"},
        action=Permission.TRANSFER_TIER_TWO,
    )


@login_required
@require_POST
def case_assignment(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    def make(case: Case, post: QueryDict) -> forms.Form:
        return AssignForm(post, **_choices(case.council))

    def act(case: Case, data: dict[str, Any]) -> str:
        team = team_by_code(case.council, data["team"])
        assignee = staff_member(case.council, data["assignee"])
        changed = case_assign(
            case=case,
            actor=request.user,
            team=team,
            assignee=assignee,
            expected_version=data["version"],
        )
        who = assignee.get_username() if assignee else "nobody yet"
        return f"Assigned to {changed.team or 'no team'}, {who}"

    return _change(
        request, council, reference, make, act, {"team": "team"}, action=Permission.ASSIGN
    )
