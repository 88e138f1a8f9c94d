"""Merging two records of the same resident, and undoing it. Team leaders and up."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from civicdesk.backoffice.selectors import residents_found
from civicdesk.backoffice.views.common import council_or_404, notify, page, requires
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission
from civicdesk.residents.models import Resident, ResidentMerge
from civicdesk.residents.selectors import resident_in_council
from civicdesk.residents.services import resident_merge, resident_merge_undo

# Record ids are positive 64-bit integers; anything else in `?merged=` names no record.
_RECORD_ID = re.compile(r"[1-9][0-9]{0,17}")


class MergeFindForm(forms.Form):
    """The search for the other record (a GET form)."""

    q = forms.CharField(
        label="Find the other record",
        max_length=200,
        required=False,
        strip=True,
        error_messages={"max_length": "Enter 200 characters or fewer to find the other record"},
    )


class MergeForm(forms.Form):
    merged = forms.IntegerField(widget=forms.HiddenInput)
    verified_differ_confirmed = forms.BooleanField(
        required=False,
        label="I have checked these records are the same person, although their verified "
        "details differ",
    )


def _other(council: Council, text: str) -> Resident | None:
    """The record `?merged=` (or the form) names; none named, None; a bad or unknown one, 404."""
    if not text:
        return None
    if not _RECORD_ID.fullmatch(text):
        raise Http404("No such current resident at this council")
    return _current(council, int(text))


def _current(council: Council, resident_id: int) -> Resident:
    resident = resident_in_council(council, resident_id)
    if resident is None or resident.merged_into_id:
        raise Http404("No such current resident at this council")
    return resident


@login_required
@require_http_methods(["GET", "POST"])
@requires(Permission.MERGE_RESIDENTS)
def resident_merge_page(request: HttpRequest, council: str, resident_id: int) -> HttpResponse:
    """Find the duplicate, see both records side by side, confirm. Nothing happens on GET."""
    the_council = council_or_404(request, council)
    kept = _current(the_council, resident_id)
    form = MergeForm(request.POST or None)
    other = _other(the_council, request.POST.get("merged") or request.GET.get("merged", ""))
    if request.method == "POST" and form.is_valid() and other is not None:
        try:
            merge = resident_merge(
                kept=kept,
                merged=other,
                actor=request.user,
                verified_differ_confirmed=form.cleaned_data["verified_differ_confirmed"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            notify(request, f"Merged: {other} is now part of this record. You can undo this below.")
            return redirect(
                "backoffice:resident", council=the_council.slug, resident_id=merge.kept_id
            )
    find = MergeFindForm(request.GET)
    query = find.cleaned_data["q"] if find.is_valid() else ""
    found = [r for r in residents_found(the_council, query) if r.pk != kept.pk] if query else []
    response = page(
        request,
        "backoffice/merge.html",
        {
            "page_title": f"Merge another record into {kept}",
            "council": the_council,
            "kept": kept,
            "other": other,
            "found": found[:20],
            "query": query,
            "form": form,
            "find": find,
        },
    )
    if find.errors:
        response.status_code = 400  # a GET form in error, as on the dashboards
    return response


@login_required
@require_POST
@requires(Permission.UNDO_MERGE)
def resident_merge_undo_page(request: HttpRequest, council: str, merge_id: int) -> HttpResponse:
    the_council = council_or_404(request, council)
    merge = ResidentMerge.objects.filter(council=the_council, pk=merge_id).first()
    if merge is None:
        raise Http404("No such merge at this council")
    try:
        restored = resident_merge_undo(merge=merge, actor=request.user)
    except DomainError as error:
        notify(request, error.message)
        return redirect("backoffice:resident", council=the_council.slug, resident_id=merge.kept_id)
    notify(request, f"Merge undone: {restored} has their own record again.")
    return redirect("backoffice:resident", council=the_council.slug, resident_id=restored.pk)
