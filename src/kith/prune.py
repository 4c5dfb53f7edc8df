"""Letting go: the connections to drop, each with its reason in plain words, and the share of connections
the user really knows.

"Having lots of links to those you do not really know deletes the power of your network." kith lists
the people it suggests letting go of (``prune_list``: ``kith prune``, the prune page, ``GET /api/prune``),
never anyone with **real history**, which is any of:

- an interaction beyond social reactions (a like, a comment: ``channel`` "social" does not count);
- a favour either way, or a promise either way;
- the user's own closeness mark, a liking mark (either way) or how they met;
- coming through on a request for help.

Among the others (not the user, not archived), a person is suggested for one or more of these reasons:

- **collected**: connected on a platform at least ``COLLECTED_YEARS`` years ago, and never in touch;
- **accepted**: the user accepted their invitation, and they never met or talked;
- **unanswered**: the user asked them for help (at least ``UNANSWERED_DAYS`` days ago) and they never
  came through, on any request.

Nothing is deleted: the user archives whom they choose (``kith.people.archive``) or removes them on the
platform, with the profile URL the CSV carries (``kith.exporters.prune_csv``).

**Known share** (``known_share``): of the connections on a platform (not archived), the share with real
history. ``known_change`` compares it with ``CHANGE_DAYS`` days earlier, from what kith has: connection
dates, the times of interactions, favours, answers and promises, and when people were archived (marks
and how-you-met have no date and count at both times).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, union
from sqlalchemy.orm import Session

from kith.store.schema import (
    Commitment,
    Connection,
    Favour,
    HelpRequest,
    HelpRequestRecipient,
    InteractionParticipant,
    Invitation,
    Person,
)
from kith.wording import ago, count, number

#: connected at least this many years ago, never in touch: collected
COLLECTED_YEARS = 2
#: a request for help unanswered after this many days counts as never answered
UNANSWERED_DAYS = 30
#: the known share is compared with this many days earlier
CHANGE_DAYS = 90
#: platforms as their owners write them
PLATFORMS = {"linkedin": "LinkedIn", "xing": "XING", "github": "GitHub"}
#: the kinds of reason, in the order they are shown
REASONS = ("collected", "accepted", "unanswered")


def real_history(session: Session, at: datetime, *, dated: bool = False) -> set[int]:
    """The ids of the people with real history up to ``at`` (see the module docstring). ``dated``: also
    leave out promises made after ``at`` (their ``created_at``), for a look back in time."""
    part = InteractionParticipant
    promised = select(Commitment.person_id)
    if dated:
        promised = promised.where(Commitment.created_at <= at)
    found = union(
        select(part.person_id).where(part.channel != "social", part.occurred_at <= at),
        select(Favour.giver_id).where(Favour.occurred_at <= at),
        select(Favour.receiver_id).where(Favour.occurred_at <= at),
        promised,
        select(Person.id).where(
            or_(Person.closeness.is_not(None), Person.liked.is_not(None), Person.how_met.is_not(None))
        ),
        select(HelpRequestRecipient.person_id).where(
            HelpRequestRecipient.answered_at.is_not(None), HelpRequestRecipient.answered_at <= at
        ),
    )
    return set(session.scalars(select(found.subquery().c[0])))


def _people(session: Session) -> dict[int, dict]:
    """Everyone but the user and the archived, as the rows of the list (reasons still empty)."""
    from kith.people.listing import records_of

    ids = list(
        session.scalars(
            select(Person.id)
            .where(Person.is_me.is_(False), Person.archived_at.is_(None))
            .order_by(Person.name_key, Person.id)
        )
    )
    return {r["id"]: r for r in records_of(session, ids)} if ids else {}


def _social_counts(session: Session, ids: set[int], at: datetime) -> dict[int, int]:
    part = InteractionParticipant
    counts: dict[int, int] = defaultdict(int)
    for pid in session.scalars(
        select(part.person_id).where(part.channel == "social", part.occurred_at <= at)
    ):
        if pid in ids:
            counts[pid] += 1
    return counts


def _never_in_touch(social: int) -> str:
    if not social:
        return "never in touch"
    return f"never in touch beyond {count(social, 'social reaction')}"


def prune_list(session: Session, as_of: datetime) -> dict:
    """The people to let go of, each with the reasons in plain words, oldest connection first; and how
    many connections there are, and how many of them the user really knows, now and before
    (``known_change``)."""
    known = real_history(session, as_of)
    people = _people(session)
    candidates = set(people) - known
    found: dict[int, list[dict]] = defaultdict(list)
    connected: dict[int, tuple[date, str]] = {}
    for pid, platform, on in session.execute(
        select(Connection.person_id, Connection.platform, Connection.connected_on).where(
            Connection.connected_on.is_not(None)
        )
    ):
        if on is not None and pid in candidates and (pid not in connected or on < connected[pid][0]):
            connected[pid] = (on, platform)
    social = _social_counts(session, candidates, as_of)

    cutoff = (as_of - timedelta(days=round(365.25 * COLLECTED_YEARS))).date()
    for pid, (on, platform) in connected.items():
        if on <= cutoff:
            day = datetime(on.year, on.month, on.day, 12, tzinfo=as_of.tzinfo)
            text = (
                f"collected: connected on {PLATFORMS.get(platform, platform)} {ago(day, as_of)} "
                f"({on.isoformat()}) "
                f"and {_never_in_touch(social[pid])}"
            )
            found[pid].append({"kind": "collected", "text": text})

    accepted: dict[int, datetime | None] = {}
    for pid, sent in session.execute(
        select(Invitation.person_id, Invitation.sent_at).where(
            Invitation.direction == "incoming", Invitation.status == "accepted"
        )
    ):
        if pid in candidates:
            accepted[pid] = max(filter(None, (accepted.get(pid), sent)), default=None)
    for pid, sent in accepted.items():
        said = f" {ago(sent, as_of)} ({sent:%Y-%m-%d})" if sent else ""
        text = f"accepted their invitation{said} without ever meeting or talking"
        found[pid].append({"kind": "accepted", "text": text})

    asked: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    came_through: set[int] = set()
    for pid, at, request, answered in session.execute(
        select(
            HelpRequestRecipient.person_id,
            HelpRequest.asked_at,
            HelpRequest.text,
            HelpRequestRecipient.answered_at,
        )
        .join(HelpRequest, HelpRequest.id == HelpRequestRecipient.request_id)
        .where(HelpRequestRecipient.asked.is_(True))
    ):
        if answered is not None:
            came_through.add(pid)
        elif pid in candidates and at <= as_of - timedelta(days=UNANSWERED_DAYS):
            asked[pid].append((at, request))
    for pid, requests in asked.items():
        if pid in came_through:
            continue
        latest, request = max(requests)
        times = "once" if len(requests) == 1 else f"{len(requests)} times"
        text = (
            f"you asked them for help {times} (last: {request!r}, {ago(latest, as_of)}) "
            "and they never answered"
        )
        found[pid].append({"kind": "unanswered", "text": text})

    rows = []
    for pid, reasons in found.items():
        record = people[pid]
        on_platform = connected.get(pid)
        reasons.sort(key=lambda r: REASONS.index(r["kind"]))
        rows.append(
            {
                "id": pid,
                "name": record["name"],
                "profile_url": record["linkedin"],
                "email": record["emails"][0] if record["emails"] else None,
                "company": record["company"],
                "title": record["title"],
                "connected_on": on_platform[0].isoformat() if on_platform else None,
                "platform": on_platform[1] if on_platform else None,
                "social_reactions": social[pid],
                "reasons": reasons,
                "reason": "; ".join(r["text"] for r in reasons),
            }
        )
    rows.sort(key=lambda r: (r["connected_on"] or "9999", r["name"].casefold(), r["id"]))
    by_reason = {
        kind: sum(1 for r in rows if any(x["kind"] == kind for x in r["reasons"])) for kind in REASONS
    }
    return {
        "as_of": as_of.isoformat(),
        "people": rows,
        "total": len(rows),
        "by_reason": by_reason,
        "known": known_change(session, as_of),
        "summary": prune_summary(len(rows)),
    }


def prune_summary(total: int) -> str:
    """The list's headline: "3 people to let go of" or that there are none."""
    if not total:
        return "No connections to let go of: everyone left has some real history with you."
    return f"{count(total, 'person')} to let go of"


def known_share(session: Session, at: datetime, *, dated: bool = False) -> dict:
    """Of the connections on a platform that are not archived, how many the user really knows, and the
    share (None with no connections). ``dated``: as things stood at ``at`` (connections made, people
    archived and history up to then), for a look back."""
    stmt = select(Connection.person_id, Person.archived_at, Connection.connected_on).join(
        Person, Person.id == Connection.person_id
    )
    stmt = stmt.where(Person.is_me.is_(False))
    ids: set[int] = set()
    for pid, archived_at, on in session.execute(stmt):
        if dated:
            if on is not None and on > at.date():
                continue
            if archived_at is not None and archived_at <= at:
                continue
        elif archived_at is not None:
            continue
        ids.add(pid)
    known = len(ids & real_history(session, at, dated=dated))
    return {
        "connections": len(ids),
        "known": known,
        "share": round(known / len(ids), 3) if ids else None,
    }


def known_change(session: Session, as_of: datetime) -> dict:
    """The known share now and ``CHANGE_DAYS`` days earlier, with the change in points (None when either
    share is unknown) and one sentence saying it."""
    now = known_share(session, as_of)
    then_at = as_of - timedelta(days=CHANGE_DAYS)
    then = known_share(session, then_at, dated=True) | {"as_of": then_at.date().isoformat()}
    change = (
        round(now["share"] - then["share"], 3)
        if now["share"] is not None and then["share"] is not None
        else None
    )
    return {
        **now,
        "days": CHANGE_DAYS,
        "before": then,
        "change": change,
        "sentence": _sentence(now, then, change),
    }


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def _sentence(now: dict, then: dict, change: float | None) -> str:
    if now["share"] is None:
        return "No connections on a platform yet."
    text = (
        f"You really know {_pct(now['share'])} of your connections "
        f"({number(now['known'])} of {count(now['connections'], 'connection')})"
    )
    if change is None:
        return text + f"; {count(CHANGE_DAYS, 'day')} ago you had none."
    points = round(change * 100)
    if points == 0:
        return text + f", the same as {count(CHANGE_DAYS, 'day')} ago."
    way = "up" if points > 0 else "down"
    return text + f", {way} from {_pct(then['share'])} {count(CHANGE_DAYS, 'day')} ago."
