"""The triage engine on its own: plain policies in, recommendations out."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from civicdesk.catalogue.policy import Action, SupportAction
from civicdesk.catalogue.triage import (
    Channel,
    ChannelPolicy,
    Circumstances,
    LineSchedule,
    QueryPolicy,
    triage,
)
from civicdesk.core.hours import WeeklyHours

LONDON = ZoneInfo("Europe/London")
MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
NONE = ChannelPolicy((), False, "")


def policy(
    contact_centre: ChannelPolicy = NONE,
    face_to_face: ChannelPolicy = NONE,
    vulnerable_action: SupportAction = SupportAction.BOOK_APPOINTMENT,
) -> QueryPolicy:
    return QueryPolicy(
        code="q",
        name="Payment enquiry",
        service="Housing Benefits",
        available_online="yes",
        value_to="resident",
        contact_centre=contact_centre,
        face_to_face=face_to_face,
        vulnerable_action=vulnerable_action,
        vulnerable_guidance="Give the details on the call or book an appointment.",
        assisted_digital_action=SupportAction.ASSIST_NOW,
        online_url="https://council.example/benefits",
        portal_name="Benefits account",
        standard_days=5,
    )


ONLINE_ONLY = ChannelPolicy((Action.ONLINE_ONLY,), True, "Insist they check online.")


def test_online_only_with_insist_tells_the_advisor_to_insist_and_gives_the_link() -> None:
    result = triage(policy(ONLINE_ONLY), Channel.PHONE, Circumstances(), MONDAY_10AM, None)
    assert result.action is Action.ONLINE_ONLY
    assert result.insist
    assert result.online_url == "https://council.example/benefits"
    assert "https://council.example/benefits" in result.say


def test_a_vulnerable_resident_is_assisted_as_the_policy_says_instead() -> None:
    result = triage(
        policy(ONLINE_ONLY), Channel.PHONE, Circumstances(vulnerable=True), MONDAY_10AM, None
    )
    assert result.action is Action.ASSIST
    assert not result.insist
    assert result.support_action is SupportAction.BOOK_APPOINTMENT
    assert result.guidance == "Give the details on the call or book an appointment."


def test_a_resident_who_cannot_go_online_alone_is_helped_through_the_online_route() -> None:
    result = triage(
        policy(ONLINE_ONLY),
        Channel.PHONE,
        Circumstances(needs_assisted_digital=True),
        MONDAY_10AM,
        None,
    )
    assert result.action is Action.ASSIST
    assert result.support_action is SupportAction.ASSIST_NOW
    assert "https://council.example/benefits" in result.guidance


def test_assisted_digital_does_not_change_a_query_the_advisor_already_assists_with() -> None:
    assist = ChannelPolicy((Action.ASSIST,), False, "Discuss the bill.")
    result = triage(
        policy(assist), Channel.PHONE, Circumstances(no_internet=True), MONDAY_10AM, None
    )
    assert result.action is Action.ASSIST
    assert result.support_action is None
    assert result.guidance == "Discuss the bill."


def test_face_to_face_follows_its_own_policy_with_its_first_action_the_main_one() -> None:
    refer = ChannelPolicy((Action.ONLINE_ONLY, Action.REFER_CONTACT_CENTRE), True, "")
    result = triage(
        policy(ONLINE_ONLY, refer), Channel.FACE_TO_FACE, Circumstances(), MONDAY_10AM, None
    )
    assert result.action is Action.ONLINE_ONLY
    assert result.actions == (Action.ONLINE_ONLY, Action.REFER_CONTACT_CENTRE)
    assert result.policy_defined


def test_a_walk_in_with_no_face_to_face_policy_is_referred_to_the_contact_centre() -> None:
    assist = ChannelPolicy((Action.ASSIST,), False, "Discuss the bill.")
    result = triage(policy(assist), Channel.FACE_TO_FACE, Circumstances(), MONDAY_10AM, None)
    assert result.action is Action.REFER_CONTACT_CENTRE
    assert not result.policy_defined


def test_email_and_web_chat_follow_the_contact_centre_policy() -> None:
    for channel in (Channel.EMAIL, Channel.WEB_CHAT):
        result = triage(policy(ONLINE_ONLY), channel, Circumstances(), MONDAY_10AM, None)
        assert result.action is Action.ONLINE_ONLY


def test_hearing_loss_on_the_phone_offers_a_video_call_or_text_relay() -> None:
    result = triage(
        policy(ONLINE_ONLY), Channel.PHONE, Circumstances(hearing_loss=True), MONDAY_10AM, None
    )
    assert any("video call" in a for a in result.adjustments)


def test_the_line_status_says_whether_it_is_open_and_when_it_next_opens() -> None:
    line = LineSchedule(
        code="hb",
        name="Housing Benefit line",
        phone_number="",
        hours=WeeklyHours.parse({"mon": "09:30-15:30", "tue": "09:30-15:30"}),
        zone=LONDON,
        closed_days=frozenset(),
    )
    open_now = triage(policy(ONLINE_ONLY), Channel.PHONE, Circumstances(), MONDAY_10AM, line)
    assert open_now.line_open_now is True
    evening = triage(
        policy(ONLINE_ONLY), Channel.PHONE, Circumstances(), MONDAY_10AM.replace(hour=18), line
    )
    assert evening.line_open_now is False
    assert evening.next_opening == datetime(2026, 11, 24, 9, 30, tzinfo=LONDON)


channel_policies = st.builds(
    ChannelPolicy,
    st.lists(st.sampled_from(list(Action)), unique=True, max_size=3).map(tuple),
    st.booleans(),
    st.text(max_size=20),
)


@given(
    contact_centre=channel_policies,
    face_to_face=channel_policies,
    channel=st.sampled_from(list(Channel)),
    support=st.sampled_from(list(SupportAction)),
    others=st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_any_policy_assists_a_vulnerable_resident_without_insisting(
    contact_centre: ChannelPolicy,
    face_to_face: ChannelPolicy,
    channel: Channel,
    support: SupportAction,
    others: tuple[bool, bool, bool],
) -> None:
    circumstances = Circumstances(True, *others)
    result = triage(
        policy(contact_centre, face_to_face, support), channel, circumstances, MONDAY_10AM, None
    )
    assert result.action is Action.ASSIST
    assert not result.insist
    assert result.support_action is support


@given(
    contact_centre=channel_policies,
    face_to_face=channel_policies,
    channel=st.sampled_from(list(Channel)),
)
def test_the_engine_only_insists_on_an_online_route(
    contact_centre: ChannelPolicy, face_to_face: ChannelPolicy, channel: Channel
) -> None:
    result = triage(
        policy(contact_centre, face_to_face), channel, Circumstances(), MONDAY_10AM, None
    )
    if result.insist:
        assert result.action in {Action.ONLINE_ONLY, Action.ENCOURAGE_ONLINE}
    assert result.action in result.actions or not result.policy_defined


def test_a_query_the_contact_centre_cannot_handle_asks_for_a_visit() -> None:
    documents = ChannelPolicy((Action.ASSIST,), False, "Scan them at the document desk.")
    query = policy(face_to_face=documents)
    query = QueryPolicy(**{**query.__dict__, "available_via_contact_centre": False})
    result = triage(query, Channel.PHONE, Circumstances(), MONDAY_10AM, None)
    assert result.action is Action.ASSIST
    assert not result.policy_defined
    assert "needs a visit in person" in result.guidance


def test_a_walk_in_without_a_venue_policy_is_not_given_the_phone_script() -> None:
    by_phone = ChannelPolicy((Action.ASSIST,), False, "Take the payment on the call.")
    result = triage(policy(by_phone), Channel.FACE_TO_FACE, Circumstances(), MONDAY_10AM, None)
    assert result.action is Action.REFER_CONTACT_CENTRE
    assert "on the call" not in result.guidance
    assert "telephone here" in result.guidance
