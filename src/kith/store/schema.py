"""kith's data model: people, how you are connected to them, and what you have actually done together.

The model keeps *connections* and *relationships* apart, which is the point of kith:

- ``Person``: someone you know or are connected to, including the user ("me", ``is_me``). How you met,
  who introduced you (``met_via``), your own closeness override (0 to 1), a liked mark (True: you like
  spending time with them; False: you do not; None: not said), and their birthday and anniversary
  (``kith.birthdays``: ``1985-04-12``, or ``--04-12`` when the year is not known). ``archived_at``: when
  the user let them go (``kith archive``): hidden from lists and figures, nothing deleted.
- ``Note``: a dated note about a person. Notes are kept, newest first, and never replaced by a new one:
  each is corrected or deleted on its own.
- ``Identity``: an email, a phone number (E.164), a LinkedIn profile URL or another handle, normalised,
  unique per kind: the same email is always the same person.
- ``Organisation`` and ``Role``: where someone works and as what, over time (``started_on``/``ended_on``,
  ``seen_at`` when a source reported it, ``source``). A new current role replaces the old one, so job
  changes stay visible; ``LifeEvent`` records such a change as an event the agenda can act on.
- ``Connection``: a link on a platform (LinkedIn, ...), when it was made and from which source. A
  connection alone is not a relationship.
- ``Interaction``: something that happened between the user and one or more people (``participants``;
  the user is implied and not listed): when, the channel (``kith.channels.CHANNELS``), the kind typed
  (coffee, lunch, like...), duration in seconds, direction relative to the user (``outbound``: the user
  reached out; ``inbound``: they did; ``mutual``: co-presence with no initiator), summary and notes.
  ``source`` + ``external_id`` identify imported rows so that re-imports add nothing. Each participant
  row repeats the interaction's time and channel, so that a person's timeline, and their counts and
  times per channel, are read from one index.
- ``Favour``: value given or received (intro, referral, advice, help, information, endorsement,
  recommendation, other); giver and receiver are people, one of them usually the user.
- ``Commitment``: something promised (``owed_by`` "me" or "them") to or by a person, due at a time, done
  or not.
- ``Tag``: interests and groups, on any number of people.
- ``Invitation``: a connection request (incoming or outgoing), kept for the acceptance policy.
- ``DuplicateProposal``: two people who might be the same (same normalised name at the same company);
  proposed, never merged automatically.
- ``HelpRequest`` and ``HelpRequestRecipient``: the real-friends test (who answered when you asked, and
  who came through without being asked).
- ``PeecStatement``: Profession, Expertise, Environment, Call to action, per event.
- ``AgendaMark``: what the user did with an agenda item (done, snoozed until, dismissed).
- ``StatedTie``: the user's word on two people knowing each other (``kith knows``), or not (a rejected
  inferred tie, never proposed again).
- ``Setting``: small JSON values (policy, cadences, calibrated parameters).
- ``undo_step`` and ``undo_entry``: the undo journal (``kith.store.undo``): each change the user made, and
  the SQL statements that revert its row changes, written by triggers. Not user data: left out of backups.
- ``TieCache``: running, time-decayed sums per pair of people for tie strength (``kith.strength``), and
  ``PastTieCache`` the same sums up to a past date (the agenda's fading lookback). The derived tables:
  ``kith log`` updates them in the same transaction, and they are rebuilt from the interaction rows
  whenever they no longer match them.

Derived values (last contact, interaction counts, balances) are never stored: they are computed from the
rows above so they cannot disagree with them. All times are stored as UTC (``UTCDateTime``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

DIRECTIONS = ("outbound", "inbound", "mutual")
FAVOUR_KINDS = (
    "intro",
    "referral",
    "advice",
    "help",
    "information",
    "endorsement",
    "recommendation",
    "other",
)
IDENTITY_KINDS = ("email", "phone", "linkedin", "twitter", "github", "mastodon", "website", "handle")


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC for portability."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("kith stores aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    #: casefolded, accent-stripped, whitespace-collapsed name for exact lookups and duplicate detection
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    how_met: Mapped[str | None] = mapped_column(Text)
    met_via_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    #: the user's own closeness override, 0 (not close) to 1 (closest); None = let kith score it
    closeness: Mapped[float | None] = mapped_column(Float)
    #: True = the user likes them; False = does not; None = not said
    liked: Mapped[bool | None] = mapped_column(Boolean)
    #: keep-in-touch cadence override in days (None = the circle's default)
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    #: "1985-04-12", or "--04-12" without a year (``kith.birthdays``); None = not known
    birthday: Mapped[str | None] = mapped_column(String(10))
    anniversary: Mapped[str | None] = mapped_column(String(10))
    #: when the user archived them (None: not archived): kept, with all their history, but left out of
    #: the lists, the search, the agenda and the network's figures (``kith.people.archive``)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)
    #: indexed: the web looks up the latest edit on every request
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow, onupdate=_utcnow, index=True)

    met_via: Mapped[Person | None] = relationship(remote_side=[id])
    identities: Mapped[list[Identity]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Identity.id"
    )
    roles: Mapped[list[Role]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Role.id"
    )
    connections: Mapped[list[Connection]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    tags: Mapped[list[Tag]] = relationship(secondary="person_tag", order_by="Tag.name")
    #: newest first
    notes: Mapped[list[Note]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by=lambda: (Note.written_at.desc(), Note.id.desc()),
    )

    def current_role(self) -> Role | None:
        """The role without an end, most recently seen (None when no role is known)."""
        current = [r for r in self.roles if r.ended_on is None]
        if not current:
            return None
        return max(current, key=lambda r: (r.seen_at or r.created_at, r.id))

    def emails(self) -> list[str]:
        return [i.value for i in self.identities if i.kind == "email"]

    def identity(self, kind: str) -> str | None:
        return next((i.value for i in self.identities if i.kind == kind), None)


class Note(Base):
    """A dated note about a person: what the user wrote down (or an address book held)."""

    __tablename__ = "note"
    # a person's notes, newest first, from one index
    __table_args__ = (Index("ix_note_person_written", "person_id", "written_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    #: the time the note is dated (when it was written, or the ``--when`` it was given)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text)
    #: "manual", or the import it came from ("vcard", "google")
    source: Mapped[str] = mapped_column(String(40), default="manual")

    person: Mapped[Person] = relationship(back_populates="notes")


class Identity(Base):
    __tablename__ = "identity"
    __table_args__ = (UniqueConstraint("kind", "value", name="uq_identity_kind_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(40))

    person: Mapped[Person] = relationship(back_populates="identities")


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), unique=True)


class Role(Base):
    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(300))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(40))
    #: when the source reported this role (an export's date); orders roles of one person
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)

    person: Mapped[Person] = relationship(back_populates="roles")
    organisation: Mapped[Organisation | None] = relationship()


class LifeEvent(Base):
    """Something that happened to a person (a job change seen between two imports, ...)."""

    __tablename__ = "life_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(40))


class Connection(Base):
    __tablename__ = "connection"
    __table_args__ = (UniqueConstraint("person_id", "platform", name="uq_connection_person_platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(40))
    connected_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(40))

    person: Mapped[Person] = relationship(back_populates="connections")


class Interaction(Base):
    __tablename__ = "interaction"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_interaction_source_external"),
        Index("ix_interaction_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    duration_s: Mapped[int | None] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(10), default="outbound")
    summary: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)

    #: read only: participant rows are written with the interaction's time and channel
    #: (``InteractionParticipant``)
    participants: Mapped[list[Person]] = relationship(
        secondary="interaction_participant", order_by="Person.name", viewonly=True
    )


class InteractionParticipant(Base):
    __tablename__ = "interaction_participant"
    # a person's interactions (their timeline newest first, or by id), and their counts and times per
    # channel (the agenda), straight from one index
    __table_args__ = (
        Index("ix_participant_person_time", "person_id", "occurred_at", "interaction_id", "channel"),
    )

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    #: the interaction's ``occurred_at``, copied so that a person's latest interactions come from one
    #: index; every writer sets it and keeps it equal to the interaction's
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the interaction's ``channel``, copied likewise (``kith.interactions.edit_interaction`` corrects both
    #: copies with the interaction)
    channel: Mapped[str] = mapped_column(String(20))


class Favour(Base):
    __tablename__ = "favour"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_favour_source_external"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    giver_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(300))

    giver: Mapped[Person] = relationship(foreign_keys=[giver_id])
    receiver: Mapped[Person] = relationship(foreign_keys=[receiver_id])


class Commitment(Base):
    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: "me" when the user promised something, "them" when the person did
    owed_by: Mapped[str] = mapped_column(String(10), default="me")
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interaction.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)

    person: Mapped[Person] = relationship()


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    #: "interest", "group" or "tag"
    kind: Mapped[str] = mapped_column(String(20), default="tag")


class PersonTag(Base):
    __tablename__ = "person_tag"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)


class Invitation(Base):
    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_invitation_source_external"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: "incoming" (they invited the user) or "outgoing"
    direction: Mapped[str] = mapped_column(String(10))
    platform: Mapped[str] = mapped_column(String(40), default="linkedin")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message: Mapped[str | None] = mapped_column(Text)
    #: "pending", "accepted", "declined"
    status: Mapped[str] = mapped_column(String(10), default="pending")
    source: Mapped[str] = mapped_column(String(40), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(300))

    person: Mapped[Person] = relationship()


class DuplicateProposal(Base):
    __tablename__ = "duplicate_proposal"
    __table_args__ = (UniqueConstraint("person_a_id", "person_b_id", name="uq_duplicate_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)

    person_a: Mapped[Person] = relationship(foreign_keys=[person_a_id])
    person_b: Mapped[Person] = relationship(foreign_keys=[person_b_id])


class HelpRequest(Base):
    __tablename__ = "help_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HelpRequestRecipient(Base):
    __tablename__ = "help_request_recipient"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    #: False: they were not asked, and came through anyway
    asked: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PeecStatement(Base):
    __tablename__ = "peec_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str | None] = mapped_column(String(300))
    profession: Mapped[str] = mapped_column(Text)
    expertise: Mapped[str] = mapped_column(Text)
    environment: Mapped[str] = mapped_column(Text)
    call_to_action: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)


class AgendaMark(Base):
    __tablename__ = "agenda_mark"

    #: the agenda item's stable id (kind and subject, e.g. "keep-in-touch:42")
    item_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: "done", "snoozed" or "dismissed"
    state: Mapped[str] = mapped_column(String(10))
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StatedTie(Base):
    """What the user said about two people knowing each other (``kith knows A B``): ``knows`` True, with
    how (``how``), or False, which rejects a tie kith inferred so that it is never proposed again.
    ``person_a_id < person_b_id``: one row per pair, the latest word kept (``kith.reach.graph``)."""

    __tablename__ = "stated_tie"
    __table_args__ = (UniqueConstraint("person_a_id", "person_b_id", name="uq_stated_tie_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    knows: Mapped[bool] = mapped_column(Boolean)
    how: Mapped[str | None] = mapped_column(Text)
    #: how close the user says the two are, 0 to 1 (``kith knows A B --closeness``); None = not said
    closeness: Mapped[float | None] = mapped_column(Float)
    stated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Education(Base):
    """A school a person went to (the user too), with the years when known: common ground and a
    who-knows-whom evidence (``kith.reach``)."""

    __tablename__ = "education"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    school: Mapped[str] = mapped_column(String(300))
    #: ``kith.people.identities.name_key`` of the school: the same school however it is written
    school_key: Mapped[str] = mapped_column(String(300), index=True)
    degree: Mapped[str | None] = mapped_column(String(300))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)


class Intro(Base):
    """An introduction the user asked someone (``via``) for, to a person (``target``): asked, then made
    (or declined, or withdrawn). Asking leaves a promise to follow up (``commitment_id``); a made intro
    leaves a favour from ``via`` (``favour_id``)."""

    __tablename__ = "intro"

    id: Mapped[int] = mapped_column(primary_key=True)
    via_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: "asked", "made", "declined" or "withdrawn"
    state: Mapped[str] = mapped_column(String(10), default="asked")
    note: Mapped[str | None] = mapped_column(Text)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    made_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when it was declined or withdrawn (since migration 0017; None for one ended before it)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitment.id", ondelete="SET NULL"))
    favour_id: Mapped[int | None] = mapped_column(ForeignKey("favour.id", ondelete="SET NULL"))

    via: Mapped[Person] = relationship(foreign_keys=[via_id])
    target: Mapped[Person] = relationship(foreign_keys=[target_id])


class JobTarget(Base):
    """A company the user wants to work at (job-seeker mode, ``kith job``)."""

    __tablename__ = "job_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(300))
    #: ``name_key`` of the company, as ``organisation.name_key``: one target per company
    company_key: Mapped[str] = mapped_column(String(300), unique=True)
    role: Mapped[str | None] = mapped_column(String(300))
    #: "active" or "closed" (no longer pursued: kept, with its history)
    state: Mapped[str] = mapped_column(String(10), default="active")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JobEvent(Base):
    """A step of a job search at a target: an online application, a referral asked or received, an
    interview, an offer, a rejection (``kind``); with the person it was through when there is one."""

    __tablename__ = "job_event"
    __table_args__ = (Index("ix_job_event_target_time", "target_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("job_target.id", ondelete="CASCADE"))
    #: "application", "referral_asked", "referral", "interview", "offer" or "rejection"
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(String(300))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)

    target: Mapped[JobTarget] = relationship()
    person: Mapped[Person | None] = relationship()


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: JSON text
    value: Mapped[str] = mapped_column(Text)


class StrengthCache(Base):
    """State of the strength cache (``kith.strength.aggregates``): derived, so left out of backups."""

    __tablename__ = "strength_cache"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: JSON text
    value: Mapped[str] = mapped_column(Text)


class _TieSums:
    """The columns of a per-pair sums table (see ``kith.strength.aggregates``); times are UNIX seconds.

    ``a_id`` 0 stands for the user (whose own person row may not exist yet); otherwise ``a_id < b_id`` are
    two people who took part in the same interaction.
    """

    a_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    #: the time ``decayed`` is decayed to
    ref: Mapped[float] = mapped_column(Float)
    decayed: Mapped[float] = mapped_column(Float)
    first: Mapped[float] = mapped_column(Float)
    last: Mapped[float] = mapped_column(Float)
    #: last contact other than a social reaction (None: none)
    last_real: Mapped[float | None] = mapped_column(Float)
    #: channel-weighted contact initiated by a, by b
    by_a: Mapped[float] = mapped_column(Float)
    by_b: Mapped[float] = mapped_column(Float)
    #: channel-weighted contact with no initiator (both were there)
    together: Mapped[float] = mapped_column(Float, server_default="0")
    #: interactions per channel, in kith.channels.CHANNELS order, comma-separated
    counts: Mapped[str] = mapped_column(String(100))


class TieCache(_TieSums, Base):
    """Per-pair sums of every interaction, for tie strength now."""

    __tablename__ = "tie_cache"


class PastTieCache(_TieSums, Base):
    """Per-pair sums of the interactions up to a past cutoff (kept in the ``strength_cache`` state), so
    that strength at a date after it costs only the rows logged since (the agenda's fading lookback)."""

    __tablename__ = "past_tie_cache"


#: One change the user made (a command, a form, an API call), as ``kith undo`` sees it. ``kind``: "open"
#: while it is being recorded (inside the transaction that makes it), "change" once made (it can be
#: undone), "undone" (a record that a change was undone), "barrier" (an import or a forget cleared the
#: history before it: nothing older can be undone). Ids are never reused (AUTOINCREMENT), so the newest id
#: changes with every change and every undo (the web's fingerprint reads it). Plain tables, not mapped
#: classes: only ``kith.store.undo`` reads them, and every command imports this module.
undo_step = Table(
    "undo_step",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("label", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    sqlite_autoincrement=True,
)

#: A statement that reverts one row change of a step: a DELETE for an insert, an UPDATE restoring the old
#: values for an update, an INSERT of the old row for a delete (``op``: "I", "U", "D", the change).
undo_entry = Table(
    "undo_entry",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("step_id", ForeignKey("undo_step.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("table_name", String(100), nullable=False),
    Column("op", String(1), nullable=False),
    Column("statement", Text, nullable=False),
)


#: tables that hold no user data: the derived caches (rebuilt from the rows) and the undo journal
NOT_USER_DATA = frozenset({"strength_cache", "tie_cache", "past_tie_cache", undo_step.name, undo_entry.name})


def user_tables() -> list[Table]:
    """The tables of user data, parents first: what a backup holds and what ``kith undo`` journals."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_USER_DATA]


def _numbers_never_given_twice() -> None:
    """Every table of user data numbered by an integer ``id`` never gives a number twice on SQLite
    (AUTOINCREMENT, since migration 0016; a new such table's migration says ``sqlite_autoincrement``):
    an undo, an old web form or a number the user noted cannot reach a row made after the one deleted.
    PostgreSQL's sequences never give a number twice."""
    for table in user_tables():
        if [column.name for column in table.primary_key.columns] == ["id"]:
            table.dialect_options["sqlite"]["autoincrement"] = True


_numbers_never_given_twice()
