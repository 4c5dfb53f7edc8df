"""What the agenda rules look at, read from the store in a few grouped queries.

``gather(session, as_of)`` returns one ``Facts`` snapshot: per person, contact counts and times by
channel, the interactions of the last ``RECENT_DAYS`` with their direction (who wrote, who answered),
the first connection date and how it was made (an invitation accepted in kith...), ties (strength and
circle now and ``FADING_LOOKBACK_DAYS`` ago), favour counts both ways, birthday and anniversary; plus
recent job changes, open commitments, the user's agenda marks, the introductions made
(``kith.reach.intros``), the job search's next steps and week (``kith.job.report.job_facts``), and on a
team's server the colleagues' open requests for an introduction (``kith.team.requests``). Nothing after ``as_of`` is counted, so an agenda can be computed for any date. Archived people
(``kith.people.archive``) are left out here, where the facts are gathered: no rule sees them, nor their
job changes or the promises made to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from kith.commitments import open_commitments
from kith.ledger import balances
from kith.people.archive import NOT_ARCHIVED
from kith.store.schema import (
    AgendaMark,
    Commitment,
    Connection,
    Interaction,
    InteractionParticipant,
    Intro,
    LifeEvent,
    Person,
    UTCDateTime,
)

if TYPE_CHECKING:
    from kith.job.report import JobFacts

#: fading compares a tie's strength now with its strength this many days earlier
FADING_LOOKBACK_DAYS = 90
#: job changes older than this are not news any more
JOB_CHANGE_RECENT_DAYS = 60
#: interactions this recent are read one by one, with their direction (replies, follow-ups)
RECENT_DAYS = 30
#: channels of a real meeting: both sides there at once
LIVE_CHANNELS = ("in_person", "video", "call")


@dataclass(frozen=True)
class Contact:
    """One recent interaction with a person: when, on which channel, and who reached out."""

    at: datetime
    channel: str
    direction: str


@dataclass
class PersonFacts:
    """What kith knows about one tie at ``as_of``."""

    id: int
    name: str
    liked: bool | None
    cadence_days: int | None
    count: int = 0  # interactions up to as_of
    count_year: int = 0  # interactions in the year before as_of
    first: datetime | None = None  # first interaction
    last: datetime | None = None  # last interaction
    #: per channel: (count, first, last)
    channels: dict[str, tuple[int, datetime, datetime]] = field(default_factory=dict)
    connected_on: date | None = None
    platform: str | None = None
    #: how the first connection was made ("invitation": an invitation accepted in kith; "linkedin"...)
    connection_source: str | None = None
    #: the interactions of the last RECENT_DAYS, oldest first
    recent: list[Contact] = field(default_factory=list)
    circle: str | None = None
    strength: float | None = None
    strength_before: float | None = None
    explanation: str | None = None
    given: int = 0
    received: int = 0
    last_favour_at: datetime | None = None
    #: as stored (``kith.birthdays``): "1985-04-12", or "--04-12" without a year
    birthday: str | None = None
    anniversary: str | None = None
    #: the tie's own rhythm, learned from its history: its usual gap in days (None: too few contacts)
    rhythm_days: int | None = None

    @property
    def real_count(self) -> int:
        """Interactions that are real contact: everything but likes, comments and endorsements."""
        return self.count - self.channels.get("social", (0,))[0]

    @property
    def first_met(self) -> tuple[datetime, str] | None:
        """The first real meeting (in person, video or a call) and its channel, if any."""
        met = [(self.channels[c][1], c) for c in LIVE_CHANNELS if c in self.channels]
        return min(met) if met else None

    @property
    def known_since(self) -> datetime | None:
        """The earliest sign of the tie: first interaction or connection."""
        candidates = [t for t in (self.first, _day(self.connected_on)) if t is not None]
        return min(candidates) if candidates else None


@dataclass(frozen=True)
class MadeIntro:
    """An introduction made: by whom, to whom, when."""

    id: int
    via_id: int
    target_id: int
    made_at: datetime


@dataclass
class Facts:
    as_of: datetime
    people: dict[int, PersonFacts]
    job_changes: list[LifeEvent]
    commitments: list[Commitment]
    marks: dict[str, AgendaMark]
    ties_available: bool
    #: introductions made (``kith.reach.intros``), to thank who made them and make the first contact
    intros: list[MadeIntro] = field(default_factory=list)
    #: the job search's next steps and this week's balance (``kith.job.board.job_facts``), or None
    #: when no company is targeted
    job: JobFacts | None = None
    #: on a team's server: the colleagues' open requests for an introduction to someone of the user's
    #: (``kith.team.requests.open_asks_here``)
    colleague_asks: list[dict] = field(default_factory=list)


def _day(value: date | None) -> datetime | None:
    return datetime.combine(value, time(12, 0), tzinfo=UTC) if value else None


def gather(session: Session, as_of: datetime) -> Facts:
    """Read everything the agenda rules need, as of ``as_of``."""
    people: dict[int, PersonFacts] = {
        pid: PersonFacts(pid, name, liked, cadence)
        for pid, name, liked, cadence in session.execute(
            select(Person.id, Person.name, Person.liked, Person.cadence_days).where(
                Person.is_me.is_(False), NOT_ARCHIVED
            )
        )
    }
    for pid, birthday, anniversary in session.execute(
        select(Person.id, Person.birthday, Person.anniversary).where(
            or_(Person.birthday.is_not(None), Person.anniversary.is_not(None))
        )
    ):
        if pid in people:
            people[pid].birthday, people[pid].anniversary = birthday, anniversary
    year_ago = as_of - timedelta(days=365)
    # participant rows carry their interaction's time and channel: one pass over their (person, time)
    # index, without reading the interactions
    part = InteractionParticipant
    rows = session.execute(
        select(
            part.person_id,
            part.channel,
            func.count(),
            func.sum(case((part.occurred_at > year_ago, 1), else_=0)),
            type_coerce(func.min(part.occurred_at), UTCDateTime()),
            type_coerce(func.max(part.occurred_at), UTCDateTime()),
        )
        .where(part.occurred_at <= as_of)
        .group_by(part.person_id, part.channel)
    )
    for pid, channel, count, count_year, first, last in rows:
        p = people.get(pid)
        if p is None:
            continue
        p.channels[channel] = (count, first, last)
        p.count += count
        p.count_year += int(count_year or 0)
        p.first = min(p.first, first) if p.first else first
        p.last = max(p.last, last) if p.last else last
    _add_recent(session, people, as_of)
    for pid, platform, connected_on, source in session.execute(
        select(Connection.person_id, Connection.platform, Connection.connected_on, Connection.source).where(
            Connection.connected_on.is_not(None), Connection.connected_on <= as_of.date()
        )
    ):
        p = people.get(pid)
        if (
            p is not None
            and connected_on is not None
            and (p.connected_on is None or connected_on < p.connected_on)
        ):
            p.connected_on, p.platform, p.connection_source = connected_on, platform, source
    for b in balances(session, as_of):
        p = people.get(b.person_id)
        if p is not None:
            p.given, p.received, p.last_favour_at = b.given, b.received, b.last_at
    mine = _add_ties(session, people, as_of)
    job_changes = [
        event
        for event in session.scalars(
            select(LifeEvent)
            .where(
                LifeEvent.kind == "job_change",
                LifeEvent.occurred_at <= as_of,
                LifeEvent.occurred_at > as_of - timedelta(days=JOB_CHANGE_RECENT_DAYS),
            )
            .order_by(LifeEvent.occurred_at, LifeEvent.id)
        )
        if event.person_id in people
    ]
    commitments = [c for c in open_commitments(session, owed_by="me") if c.person_id in people]
    marks = {m.item_key: m for m in session.scalars(select(AgendaMark))}
    intros = [
        MadeIntro(iid, via, target, made_at)
        for iid, via, target, made_at in session.execute(
            select(Intro.id, Intro.via_id, Intro.target_id, Intro.made_at).where(
                Intro.state == "made", Intro.made_at.is_not(None), Intro.made_at <= as_of
            )
        )
        if made_at is not None
    ]
    from kith.job.report import job_facts  # warm paths (SciPy): loaded when the agenda is built

    job = job_facts(session, as_of, mine=mine)
    from kith.team.requests import open_asks_here  # a team's server only: nothing to read for one user

    asks = open_asks_here(session)
    return Facts(as_of, people, job_changes, commitments, marks, mine is not None, intros, job, asks)


def _add_recent(session: Session, people: dict[int, PersonFacts], as_of: datetime) -> None:
    """Each person's interactions of the last RECENT_DAYS with their direction (a small join: only
    recent participant rows are read)."""
    part = InteractionParticipant
    # the interactions' own time index finds the recent ones; their participants come by primary key
    rows = session.execute(
        select(part.person_id, Interaction.occurred_at, Interaction.channel, Interaction.direction)
        .join(part, part.interaction_id == Interaction.id)
        .where(
            Interaction.occurred_at > as_of - timedelta(days=RECENT_DAYS), Interaction.occurred_at <= as_of
        )
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    for pid, at, channel, direction in rows:
        p = people.get(pid)
        if p is not None:
            p.recent.append(Contact(at, channel, direction))


def _add_ties(session: Session, people: dict[int, PersonFacts], as_of: datetime) -> dict | None:
    """Strength and circle from the strength service, now and FADING_LOOKBACK_DAYS ago; the ties now
    (None when strength is unavailable)."""
    try:
        from kith.strength.service import ties
    except ImportError:
        return None
    now_ties = ties(session, as_of)
    before = ties(session, as_of - timedelta(days=FADING_LOOKBACK_DAYS), keep_past=True)
    for pid, tie in now_ties.items():
        p = people.get(pid)
        if p is None:
            continue
        p.circle, p.strength, p.explanation = tie.circle, tie.strength, tie.explanation
        p.rhythm_days = round(tie.usual_gap_days) if tie.usual_gap_days is not None else None
        earlier = before.get(pid)
        p.strength_before = earlier.strength if earlier is not None else None
    return now_ties
