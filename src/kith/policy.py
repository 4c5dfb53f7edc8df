"""The invitation policy: whether to accept a connection request, and why, in plain words.

Quantity is not the point of networking; many people keep a rule for whom they link to. kith's rule is
the user's own (stored in the ``Setting`` row ``invitation_policy``):

- **met in person** (``met_in_person``, default on): having met in person (any ``in_person`` interaction:
  coffee, lunch, meeting, event...) is enough to accept;
- **two-way conversations** (``conversations``, N, default 2): at least N two-way conversations are enough
  to accept, whatever the channel.

A *two-way conversation* is, precisely:

- every live interaction (in person, video, phone call), whoever started it: both sides speak; or
- a written exchange (email or message): one written interaction in one direction answered by one in the
  other direction within ``REPLY_WINDOW_DAYS`` (14) days. Messages are paired greedily in time order and
  each message belongs to at most one exchange, so five unanswered emails count as none and a
  ping-pong of four messages counts as two.

Social reactions (likes, comments, endorsements) never count: a like is not a conversation. Co-presence
with no direction (``mutual``) in writing, such as being copied on the same thread, does not count
either.

Everyone else gets "not yet" with the reason: what is missing for the policy to be met (a meeting, or
more conversations). "Not yet" is not "decline": the invitation can wait while you get to know them.

**Says you met.** An invitation whose message says you met (``MET_PHRASES``: "we met at the meetup",
"great meeting you at...", "nice to have met you", "met at PyCon"; not when negated, as in "we have
not met yet") is offered a one-step ``accept_after_meeting``: log that meeting (in person, when the
invitation was sent unless told otherwise) and accept, undone as one step. The advice says so in
``offer_log_meeting`` when no meeting in person is logged yet.

The actions on invitations: ``add_invitation``, ``decide_invitation``, ``accept_after_meeting``,
``edit_invitation``, ``delete_invitation`` (a person's pending one found by ``pending_invitation``). The read model:
``invitations_view`` (the policy and the advice on every pending invitation).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.errors import BadInput, Conflict, NotFound
from kith.store import settings as stored_settings
from kith.store.schema import (
    Connection,
    Interaction,
    InteractionParticipant,
    Invitation,
    Person,
)
from kith.store.undo import undoable
from kith.text import safe_text
from kith.when import LEEWAY
from kith.wording import count

POLICY_KEY = "invitation_policy"
DEFAULT_CONVERSATIONS = 2
#: a written message answered within this many days forms one two-way conversation with its answer
REPLY_WINDOW_DAYS = 14
LIVE_CHANNELS = ("in_person", "video", "call")
WRITTEN_CHANNELS = ("email", "message")
#: more than this many conversations would be a policy nobody can meet
MAX_CONVERSATIONS = 100
#: the advice: accept now, or not yet (get to know them first)
ACCEPT, NOT_YET = "accept", "not yet"
#: what logging the meeting an invitation mentions records by default
MEETING_KIND = "meeting"

#: the phrases by which an invitation's message says you met (case-folded; see ``says_you_met``)
MET_PHRASES = (
    # "we met at the meetup", "we met briefly", "we just met", "we've met", "we had met"
    r"\bwe(?:'ve| have| had)? (?:just |briefly |recently |already )?met\b",
    # "great to have met you", "glad I met you"
    r"\bmet you\b",
    # "great meeting you at PyCon", "nice meeting you yesterday" (not "looking forward to meeting you")
    r"\b(?:great|good|nice|lovely|wonderful|pleasure|enjoyed|glad|fun) meeting you\b",
    # "met at PyCon", "met during the conference"
    r"\bmet (?:at|during)\b",
    # "thanks for our chat at the meetup", "thank you for the coffee at PyCon"
    r"\bthanks? (?:you )?for (?:the|our) (?:chat|coffee|lunch|talk|conversation) at\b",
)
_MET = re.compile("|".join(f"(?:{p})" for p in MET_PHRASES), re.IGNORECASE)
#: words just before a phrase that turn it round ("we have not met", "haven't met you yet")
_NEGATED = re.compile(r"(?:\bnot|\bnever|n't|n’t)\W+(?:\w+\W+)?$", re.IGNORECASE)


@dataclass
class Policy:
    """The user's rule for accepting invitations."""

    met_in_person: bool = True
    conversations: int = DEFAULT_CONVERSATIONS

    def describe(self) -> str:
        """The rule as a sentence: "accept people you have met in person, or after 2 two-way conversations"."""
        talk = count(self.conversations, "two-way conversation")
        if self.met_in_person:
            return f"accept people you have met in person, or after at least {talk}"
        return f"accept people after at least {talk} (meeting in person counts as one)"


def get_policy(session: Session) -> Policy:
    stored = stored_settings.read(session, POLICY_KEY) or {}
    return Policy(
        met_in_person=bool(stored.get("met_in_person", True)),
        conversations=int(stored.get("conversations", DEFAULT_CONVERSATIONS)),
    )


#: a decision as the undo history names it
DECIDING = {"accepted": "accept", "declined": "decline"}


@undoable("change the invitation policy")
def set_policy(
    session: Session, *, met_in_person: bool | None = None, conversations: int | None = None
) -> Policy:
    """Change the policy (None leaves a part as it is) and return it."""
    policy = get_policy(session)
    if conversations is not None:
        if not 1 <= conversations <= MAX_CONVERSATIONS:
            raise BadInput(f"--conversations must be between 1 and {MAX_CONVERSATIONS}")
        policy.conversations = conversations
    if met_in_person is not None:
        policy.met_in_person = met_in_person
    stored_settings.write(session, POLICY_KEY, asdict(policy))
    return policy


# ------------------------------------------------------------------------------------- conversations


@dataclass
class ContactSummary:
    """What the policy looks at for one person."""

    conversations: int
    last_in_person: datetime | None
    social_only: int  # reactions, which do not count


def count_conversations(rows: list[tuple[datetime, str, str]]) -> int:
    """Two-way conversations in ``(occurred_at, channel, direction)`` rows (see the module docstring)."""
    live = sum(1 for _, channel, _ in rows if channel in LIVE_CHANNELS)
    written = sorted(
        (when, direction)
        for when, channel, direction in rows
        if channel in WRITTEN_CHANNELS and direction in ("outbound", "inbound")
    )
    exchanges = 0
    window = timedelta(days=REPLY_WINDOW_DAYS)
    opener: tuple[datetime, str] | None = None
    for when, direction in written:
        if opener is not None and direction != opener[1] and when - opener[0] <= window:
            exchanges += 1
            opener = None
        else:
            # an unanswered message (or a second one in the same direction) waits for an answer
            opener = (when, direction)
    return live + exchanges


def contact_summaries(session: Session, person_ids: list[int], as_of: datetime) -> dict[int, ContactSummary]:
    """Per person: two-way conversations and the last meeting in person, up to ``as_of``."""
    rows: dict[int, list[tuple[datetime, str, str]]] = {pid: [] for pid in person_ids}
    query = (
        select(
            InteractionParticipant.person_id,
            Interaction.occurred_at,
            Interaction.channel,
            Interaction.direction,
        )
        .join(Interaction, Interaction.id == InteractionParticipant.interaction_id)
        .where(InteractionParticipant.person_id.in_(person_ids), Interaction.occurred_at <= as_of)
    )
    for pid, when, channel, direction in session.execute(query):
        rows[pid].append((when, channel, direction))
    result = {}
    for pid, items in rows.items():
        in_person = [when for when, channel, _ in items if channel == "in_person"]
        result[pid] = ContactSummary(
            conversations=count_conversations(items),
            last_in_person=max(in_person) if in_person else None,
            social_only=sum(1 for _, channel, _ in items if channel == "social"),
        )
    return result


def says_you_met(message: str | None) -> bool:
    """True when an invitation's message says you met (one of ``MET_PHRASES``, not negated)."""
    text = (message or "").replace("’", "'")
    return any(not _NEGATED.search(text[: m.start()]) for m in _MET.finditer(text))


def advise(policy: Policy, summary: ContactSummary) -> tuple[str, str]:
    """("accept" or "not yet", the reason in plain words) for one person under ``policy``."""
    n = summary.conversations
    talks = count(n, "two-way conversation")
    if policy.met_in_person and summary.last_in_person is not None:
        return ACCEPT, f"you met in person on {summary.last_in_person:%Y-%m-%d}"
    if n >= policy.conversations:
        return ACCEPT, f"{talks}; your policy asks for {policy.conversations}"
    wanted = f"{policy.conversations}" + (" or a meeting in person" if policy.met_in_person else "")
    if n == 0:
        reactions = (
            "1 social reaction does not count"
            if summary.social_only == 1
            else f"{summary.social_only} social reactions do not count"
        )
        extra = f" ({reactions})" if summary.social_only else ""
        return NOT_YET, f"no two-way conversation yet{extra}; your policy asks for {wanted}"
    return NOT_YET, f"only {talks}; your policy asks for {wanted}"


# ------------------------------------------------------------------------------------- invitations


def pending_invitations(session: Session) -> list[Invitation]:
    """Incoming invitations not decided yet, oldest first."""
    return list(
        session.scalars(
            select(Invitation)
            .where(Invitation.direction == "incoming", Invitation.status == "pending")
            .options(selectinload(Invitation.person))
            .order_by(Invitation.sent_at.is_(None), Invitation.sent_at, Invitation.id)
        )
    )


def invitation_advice(session: Session, as_of: datetime) -> list[dict]:
    """Every pending incoming invitation with the advice and its reason."""
    policy = get_policy(session)
    invitations = pending_invitations(session)
    summaries = contact_summaries(session, [i.person_id for i in invitations], as_of)
    advice = []
    for invitation in invitations:
        summary = summaries[invitation.person_id]
        decision, reason = advise(policy, summary)
        advice.append(
            {
                "id": invitation.id,
                "person": invitation.person.name,
                "person_id": invitation.person_id,
                "platform": invitation.platform,
                "sent_at": invitation.sent_at.isoformat() if invitation.sent_at else None,
                "message": invitation.message,
                "conversations": summary.conversations,
                "met_in_person": summary.last_in_person.isoformat() if summary.last_in_person else None,
                "advice": decision,
                "reason": reason,
                # the message says you met and no meeting in person is logged: log it and accept
                "offer_log_meeting": summary.last_in_person is None and says_you_met(invitation.message),
            }
        )
    return advice


def _message(text: str | None) -> str | None:
    return safe_text(text or "", multiline=True).strip() or None


@undoable("record an invitation from {person.name}")
def add_invitation(
    session: Session,
    person: Person,
    *,
    when: datetime,
    message: str | None = None,
    platform: str = "linkedin",
) -> Invitation:
    """Record an incoming invitation from ``person`` (one pending invitation per person and platform)."""
    if person.is_me:
        raise BadInput("you cannot invite yourself")
    platform = platform.strip().lower()
    if not platform:
        raise BadInput("a platform cannot be empty")
    existing = session.scalar(
        select(Invitation).where(
            Invitation.person_id == person.id,
            Invitation.platform == platform,
            Invitation.direction == "incoming",
            Invitation.status == "pending",
        )
    )
    if existing is not None:
        raise Conflict(f"{person.name} already has a pending invitation on {platform}")
    invitation = Invitation(
        person_id=person.id,
        direction="incoming",
        platform=platform,
        sent_at=when,
        message=_message(message),
        status="pending",
    )
    session.add(invitation)
    session.flush()
    return invitation


def pending_invitation(session: Session, person: Person, platform: str | None = None) -> Invitation:
    """``person``'s pending incoming invitation (on ``platform``, needed when they have one on several);
    NotFound, saying when it was decided already, when there is none."""
    pending = [
        i
        for i in pending_invitations(session)
        if i.person_id == person.id and (platform is None or i.platform == platform.strip().lower())
    ]
    if not pending:
        decided = session.scalar(
            select(Invitation.status)
            .where(Invitation.person_id == person.id, Invitation.direction == "incoming")
            .order_by(Invitation.id.desc())
            .limit(1)
        )
        already = f": you already {'accepted' if decided == 'accepted' else 'declined'} it" if decided else ""
        on = f" on {platform}" if platform else ""
        raise NotFound(f"no pending invitation from {person.name}{on}{already}")
    if len(pending) > 1:
        platforms = " and ".join(i.platform for i in pending)
        raise BadInput(f"{person.name} has pending invitations on {platforms}; say which platform")
    return pending[0]


@undoable(
    lambda person, decision, **_: f"{DECIDING.get(decision, decision)} the invitation from {person.name}"
)
def decide_invitation(
    session: Session, person: Person, decision: str, *, now: datetime, platform: str | None = None
) -> Invitation:
    """Accept or decline ``person``'s pending invitation; accepting records the connection."""
    if decision not in ("accepted", "declined"):
        raise BadInput(f"unknown decision {decision!r}")
    invitation = pending_invitation(session, person, platform)
    invitation.status = decision
    if decision == "accepted":
        connected = session.scalar(
            select(Connection).where(
                Connection.person_id == person.id, Connection.platform == invitation.platform
            )
        )
        if connected is None:
            session.add(
                Connection(
                    person_id=person.id,
                    platform=invitation.platform,
                    connected_on=now.date(),
                    source="invitation",
                )
            )
    session.flush()
    return invitation


@dataclass
class MeetingAccepted:
    """What ``accept_after_meeting`` did: the meeting it logged and the invitation it accepted."""

    meeting: Interaction
    invitation: Invitation


@undoable(lambda person, **_: f"log the meeting with {person.name} and accept their invitation")
def accept_after_meeting(
    session: Session,
    person: Person,
    *,
    now: datetime,
    when: datetime | None = None,
    kind: str = MEETING_KIND,
    platform: str | None = None,
) -> MeetingAccepted:
    """Log the meeting an invitation mentions (``kind``, at ``when``: by default when the invitation
    was sent) and accept the invitation: one action, undone as one step."""
    from kith.interactions import log_interaction

    invitation = pending_invitation(session, person, platform)
    met = when or invitation.sent_at or now
    if met > now + LEEWAY:
        raise BadInput(f"a meeting to log happened already, not on {met:%Y-%m-%d}")
    # a meeting has no one who reached out: both were there
    meeting = log_interaction(session, kind=kind, people=[person], when=met, direction="mutual")
    decide_invitation(session, person, "accepted", now=now, platform=invitation.platform)
    return MeetingAccepted(meeting, invitation)


@undoable("edit the invitation from {invitation.person.name}")
def edit_invitation(
    session: Session, invitation: Invitation, *, message: str | None = None, when: datetime | None = None
) -> Invitation:
    """Correct an invitation's message (an empty one clears it) or when it was sent (None: as it is)."""
    if message is None and when is None:
        raise BadInput("nothing to change: give the invitation's message or when it was sent")
    if message is not None:
        invitation.message = _message(message)
    if when is not None:
        invitation.sent_at = when
    session.flush()
    return invitation


def invitation_record(invitation: Invitation) -> dict:
    """The JSON shape of an invitation as stored (the advice adds what the policy says of it)."""
    return {
        "id": invitation.id,
        "person": invitation.person.name,
        "person_id": invitation.person_id,
        "platform": invitation.platform,
        "sent_at": invitation.sent_at.isoformat() if invitation.sent_at else None,
        "message": invitation.message,
        "status": invitation.status,
    }


@undoable("delete the invitation from {invitation.person.name}")
def delete_invitation(session: Session, invitation: Invitation) -> dict:
    """Delete an invitation (as if it never came); returns its record as it was."""
    record = invitation_record(invitation)
    session.delete(invitation)
    session.flush()
    return record


def policy_record(session: Session) -> dict:
    """The policy as the settings and invitations read it: its parts and the rule in words."""
    rule = get_policy(session)
    return {**asdict(rule), "describe": rule.describe()}


def invitations_view(session: Session, as_of: datetime) -> dict:
    """The read model of ``kith invitations --json``, ``GET /api/invitations`` and the invitations page:
    the policy and every pending invitation with its advice."""
    return {"policy": policy_record(session), "invitations": invitation_advice(session, as_of)}
