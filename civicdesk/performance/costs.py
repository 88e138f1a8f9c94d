"""What a contact costs the council on each channel, and the saving of a channel shift.

The defaults are seed 003's figures: £5 for a contact face to face, £1.50 for a call, 15p for
a contact online. Each channel of `ContactChannel` takes one of the three:

- face to face (walk-in, appointment, home visit): 500p;
- phone and video call: 150p (an advisor talks to the resident);
- web form, web chat, email, text message, social media and online services (API): 15p;
- letter, ward councillor enquiry and partner referral: 150p. The seed gives no figure for them.
  Each is read, looked into and answered by a member of staff, much as a call is handled, so we
  price them as a call rather than as the self-service contact they are not.

A council sets its own figure for any channel (`ChannelCost`, in the Django admin); the others
keep the default.

The saving against a baseline period is what the period's contacts would have cost at the
baseline's cost per contact (its channel mix), less what they cost:
`saving = contacts * (baseline cost / baseline contacts) - cost`. Both periods are priced with the
same (current) figures, so the saving measures the change of channel mix and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from civicdesk.contacts.vocabulary import ContactChannel
from civicdesk.councils.models import Council
from civicdesk.performance.models import ChannelCost

FACE_TO_FACE_PENCE = 500
STAFF_PENCE = 150
ONLINE_PENCE = 15

DEFAULT_PENCE: dict[str, int] = {
    ContactChannel.FACE_TO_FACE_WALK_IN: FACE_TO_FACE_PENCE,
    ContactChannel.FACE_TO_FACE_APPOINTMENT: FACE_TO_FACE_PENCE,
    ContactChannel.HOME_VISIT: FACE_TO_FACE_PENCE,
    ContactChannel.PHONE: STAFF_PENCE,
    ContactChannel.VIDEO_CALL: STAFF_PENCE,
    ContactChannel.WEB_FORM: ONLINE_PENCE,
    ContactChannel.WEB_CHAT: ONLINE_PENCE,
    ContactChannel.EMAIL: ONLINE_PENCE,
    ContactChannel.SMS: ONLINE_PENCE,
    ContactChannel.SOCIAL_MEDIA: ONLINE_PENCE,
    ContactChannel.API: ONLINE_PENCE,
    ContactChannel.LETTER: STAFF_PENCE,
    ContactChannel.COUNCILLOR: STAFF_PENCE,
    ContactChannel.PARTNER: STAFF_PENCE,
}

PENNY = Decimal(1)


def costs_for(council: Council) -> dict[str, int]:
    """The cost of one contact on each channel at this council, in pence."""
    costs = {str(channel): pence for channel, pence in DEFAULT_PENCE.items()}
    for channel, pence in ChannelCost.objects.filter(council=council).values_list(
        "channel", "pence"
    ):
        costs[channel] = pence
    return costs


def cost_pence(counts: Mapping[str, int], costs: Mapping[str, int]) -> int:
    """What these contacts (a count per channel) cost, in pence."""
    return sum(count * costs[channel] for channel, count in counts.items())


def cost_per_contact_pence(counts: Mapping[str, int], costs: Mapping[str, int]) -> Decimal | None:
    """The mean cost of one of these contacts in pence, unrounded; None when there are none."""
    contacts = sum(counts.values())
    if not contacts:
        return None
    return Decimal(cost_pence(counts, costs)) / Decimal(contacts)


def saving_pence(
    counts: Mapping[str, int], baseline: Mapping[str, int], costs: Mapping[str, int]
) -> int | None:
    """What these contacts would have cost at the baseline's channel mix, less what they cost,
    to the nearest penny (half up); negative when contact moved to costlier channels. None when
    the baseline had no contacts."""
    contacts = sum(counts.values())
    baseline_contacts = sum(baseline.values())
    if not baseline_contacts:
        return None
    would_have_cost = Decimal(contacts * cost_pence(baseline, costs)) / Decimal(baseline_contacts)
    saving = would_have_cost - cost_pence(counts, costs)
    return int(saving.quantize(PENNY, rounding=ROUND_HALF_UP))
