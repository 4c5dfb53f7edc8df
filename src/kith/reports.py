"""The network report: connections against relationships, circles, channels, reciprocity, trend, liking.

What the words mean here (they are the report's contract with the user):

- **people**: everyone kith knows besides you (imported LinkedIn connections, contacts, people you
  logged). **connections** are those of them you are connected with on a platform (LinkedIn...).
- **relationships**: people in the circles intimate, close, friends or meaningful, i.e. people with real
  and current contact as scored by the strength engine (``kith.strength.service.ties``). Acquaintances
  (thin contact), dormant ties (contact long ago) and collected connections (no real contact) are not
  relationships. **close** is intimate plus close.
- **in touch**: everyone not "collected" (some real contact, ever).
- ``network_counts`` is the one definition of these figures: the dashboard, the report, the demo's
  summary and ``kith report`` all show what it returns. Archived people (``kith.people.archive``) are in
  none of them: archiving someone takes them out of every count.
- **known**: the share of connections the user really knows (real history, ``kith.prune``), and how it
  changed since ``kith.prune.CHANGE_DAYS`` days ago.
- **channel mix**, **reciprocity** and **liked** cover the last 365 days before ``as_of``; the **trend**
  covers the 12 calendar months ending with ``as_of``'s month.
- **reciprocity**: shares of interactions you started (outbound), they started (inbound) and shared
  (mutual); per person with at least ``MIN_DIRECTED`` directed interactions, who mostly reaches out
  (two thirds or more of the directed ones). Give/get styles come from ``kith.ledger``.
- **this week**: of the agenda's suggestions for the week (``kith agenda``: its ``agenda.size`` items,
  after what was marked done, snoozed or dismissed), how many are in person or by phone (a video call
  counts as a call), and their share: whether the week reads like the advice (meet, call) or like a
  feed (write, like).
- **liked**: an interaction goes to people you like when any of its participants is marked liked;
  *time* is the logged duration of those interactions over all logged duration (None when no
  interaction has a duration).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kith.channels import CHANNEL_LABELS, CHANNELS
from kith.people.archive import NOT_ARCHIVED, archived_ids
from kith.prune import known_change
from kith.store.schema import Connection, Interaction, InteractionParticipant, Person
from kith.wording import count, number

if TYPE_CHECKING:
    from kith.agenda import AgendaItem

CIRCLES = ("intimate", "close", "friends", "meaningful", "acquaintance", "dormant", "collected")
RELATIONSHIP_CIRCLES = ("intimate", "close", "friends", "meaningful")
CLOSE_CIRCLES = ("intimate", "close")
WINDOW_DAYS = 365
MIN_DIRECTED = 3
MOSTLY = 2 / 3


def circles_by_person(session: Session, person_ids: list[int], as_of: datetime) -> dict[int, str]:
    """Each person's circle from the strength engine ("collected" for someone it has no tie for)."""
    from kith.strength.service import ties

    scored = ties(session, as_of)
    return {pid: scored[pid].circle if pid in scored else "collected" for pid in person_ids}


def _months(as_of: datetime, n: int = 12) -> list[str]:
    year, month = as_of.year, as_of.month
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def network_counts(session: Session, circles: dict[int, str]) -> dict:
    """The figures every page and command shows of the whole network, from each person's circle: the
    one definition of people, connections on a platform, in touch, relationships, close, the circles
    (innermost first) and the headline that says them. The archived count nowhere (their circles are
    dropped here, whoever passed them)."""
    archived = archived_ids(session)
    people = (
        session.scalar(select(func.count()).select_from(Person).where(Person.is_me.is_(False), NOT_ARCHIVED))
        or 0
    )
    connections = (
        session.scalar(
            select(func.count(func.distinct(Connection.person_id)))
            .join(Person, Person.id == Connection.person_id)
            .where(NOT_ARCHIVED)
        )
        or 0
    )
    found = Counter(circle for pid, circle in circles.items() if pid not in archived)
    by_circle = {c: found[c] for c in CIRCLES}
    relationships = sum(by_circle[c] for c in RELATIONSHIP_CIRCLES)
    close = sum(by_circle[c] for c in CLOSE_CIRCLES)
    in_touch = sum(n for c, n in by_circle.items() if c != "collected")
    return {
        "people": people,
        "connections": connections,
        "in_touch": in_touch,
        "relationships": relationships,
        "close": close,
        "circles": by_circle,
        "headline": f"{count(people, 'person')}: {count(connections, 'connection')} on a platform, "
        f"{count(relationships, 'relationship')}, {number(close)} close",
    }


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole else None


def _who_reaches_out(session: Session, in_window: tuple) -> tuple[int, int, int]:
    """People you mostly reach out to, people who mostly reach out to you, and the balanced rest."""
    outbound = func.sum(case((Interaction.direction == "outbound", 1), else_=0))
    inbound = func.sum(case((Interaction.direction == "inbound", 1), else_=0))
    rows = session.execute(
        select(outbound, inbound)
        .join(InteractionParticipant, InteractionParticipant.interaction_id == Interaction.id)
        .where(*in_window, Interaction.direction.in_(("outbound", "inbound")))
        .group_by(InteractionParticipant.person_id)
        .having(outbound + inbound >= MIN_DIRECTED)
    ).all()
    you = sum(1 for out, inn in rows if out / (out + inn) >= MOSTLY)
    they = sum(1 for out, inn in rows if inn / (out + inn) >= MOSTLY)
    return you, they, len(rows) - you - they


def _contact_counts(
    session: Session, as_of: datetime, since: datetime
) -> tuple[list[str], Counter, Counter, int, list]:
    """One pass over the interactions: channels, directions and logged time in the last year, and
    (interactions, in person) for each of the 12 calendar months ending with ``as_of``'s."""
    months = _months(as_of)
    starts = [datetime(int(m[:4]), int(m[5:]), 1, tzinfo=as_of.tzinfo) for m in months]
    bucket = case(
        *((Interaction.occurred_at < start, i - 1) for i, start in enumerate(starts)),
        else_=len(starts) - 1,
    )
    recent = case((Interaction.occurred_at > since, 1), else_=0)
    rows = session.execute(
        select(
            Interaction.channel,
            Interaction.direction,
            recent,
            bucket,
            func.count(),
            func.coalesce(func.sum(Interaction.duration_s), 0),
        )
        .where(Interaction.occurred_at >= min(starts[0], since), Interaction.occurred_at <= as_of)
        .group_by(Interaction.channel, Interaction.direction, recent, bucket)
    ).all()
    channels: Counter = Counter()
    directions: Counter = Counter()
    total_time = 0
    monthly = [[0, 0] for _ in months]
    for channel, direction, is_recent, index, n, seconds in rows:
        if is_recent:
            channels[channel] += n
            directions[direction] += n
            total_time += int(seconds or 0)
        if int(index) >= 0:
            monthly[int(index)][0] += n
            monthly[int(index)][1] += n if channel == "in_person" else 0
    return months, channels, directions, total_time, monthly


def week_depth(week: list[AgendaItem]) -> dict:
    """How many of the week's suggestions are in person or by phone, and their share."""
    live = sum(1 for item in week if item.live)
    return {"suggestions": len(week), "in_person_or_call": live, "share": _share(live, len(week))}


def network_report(session: Session, as_of: datetime, week: list[AgendaItem] | None = None) -> dict:
    """Everything ``kith report`` shows, as plain data (also what the charts draw). ``week`` is this
    week's agenda when the caller has it already (the web keeps one); otherwise it is built."""
    if week is None:
        from kith.agenda import build_agenda

        week = build_agenda(session, as_of).week
    people = session.execute(
        select(Person.id, Person.liked).where(Person.is_me.is_(False), NOT_ARCHIVED)
    ).all()
    person_ids = [pid for pid, _ in people]
    liked_ids = {pid for pid, liked in people if liked}
    circles = circles_by_person(session, person_ids, as_of)

    since = as_of - timedelta(days=WINDOW_DAYS)
    in_window = (Interaction.occurred_at > since, Interaction.occurred_at <= as_of)
    # aggregates run in the database (SQLite or PostgreSQL alike): the report reads counts, not rows
    months, channels, directions, total_time, monthly = _contact_counts(session, as_of, since)
    total = sum(channels.values())
    you_start, they_start, balanced = _who_reaches_out(session, in_window)
    liked_interactions = Interaction.id.in_(
        select(InteractionParticipant.interaction_id).join(Person).where(Person.liked.is_(True))
    )
    liked_count, liked_time = session.execute(
        select(func.count(), func.coalesce(func.sum(Interaction.duration_s), 0)).where(
            *in_window, liked_interactions
        )
    ).one()
    liked_time = int(liked_time or 0)

    return {
        "as_of": as_of.isoformat(),
        **network_counts(session, circles),
        "known": known_change(session, as_of),
        "channel_mix": {
            "interactions": total,
            "counts": {c: channels[c] for c in CHANNELS},
            "shares": {c: _share(channels[c], total) for c in CHANNELS},
            "in_person_share": _share(channels["in_person"], total),
        },
        "reciprocity": {
            "outbound_share": _share(directions["outbound"], total),
            "inbound_share": _share(directions["inbound"], total),
            "mutual_share": _share(directions["mutual"], total),
            "you_mostly_reach_out": you_start,
            "they_mostly_reach_out": they_start,
            "balanced": balanced,
            "ledger_styles": ledger_styles(session, as_of),
        },
        "monthly": [
            # the last month is as_of's own, counted only up to as_of
            {
                "month": m,
                "interactions": monthly[i][0],
                "in_person": monthly[i][1],
                "partial": i == len(months) - 1,
            }
            for i, m in enumerate(months)
        ],
        "this_week": week_depth(week),
        "liked": {
            "people": len(liked_ids),
            "disliked": sum(1 for _, liked in people if liked is False),
            "interactions": liked_count,
            "interaction_share": _share(liked_count, total),
            "time_s": liked_time,
            "time_share": _share(liked_time, total_time),
        },
    }


def ledger_styles(session: Session, as_of: datetime) -> dict[str, int]:
    """How many relationships with favours have each give/get style."""
    from kith.ledger import balances

    return dict(sorted(Counter(b.style for b in balances(session, as_of)).items()))


def report_lines(report: dict) -> list[str]:
    """The report as text, one fact per line."""
    lines = [report["headline"]]
    circles = ", ".join(f"{c} {number(n)}" for c, n in report["circles"].items())
    lines.append(f"Circles: {circles}")
    lines.append(report["known"]["sentence"] + " (kith prune: whom to let go of)")
    mix = report["channel_mix"]
    if mix["interactions"]:
        shares = ", ".join(
            f"{CHANNEL_LABELS[c]} {share:.0%}" for c, share in mix["shares"].items() if mix["counts"][c]
        )
        lines.append(f"Channel mix (last 12 months, {count(mix['interactions'], 'interaction')}): {shares}")
        lines.append(f"In person: {mix['in_person_share']:.0%} of your contact")
        r = report["reciprocity"]
        lines.append(
            f"Who reaches out: you {r['outbound_share']:.0%}, they {r['inbound_share']:.0%}, "
            f"together {r['mutual_share']:.0%}; you mostly reach out to {count(r['you_mostly_reach_out'], 'person')}, "
            f"{number(r['they_mostly_reach_out'])} mostly reach out to you, {number(r['balanced'])} balanced"
        )
    else:
        lines.append("No interactions in the last 12 months.")
    styles = report["reciprocity"]["ledger_styles"]
    if styles:
        lines.append("Give/get styles: " + ", ".join(f"{style} {number(n)}" for style, n in styles.items()))
    week = report["this_week"]
    if week["suggestions"]:
        lines.append(
            f"This week's agenda: {number(week['in_person_or_call'])} of "
            f"{count(week['suggestions'], 'suggestion')} in person or by phone ({week['share']:.0%})"
        )
    else:
        lines.append("This week's agenda: nothing suggested")
    peak = max((m["interactions"] for m in report["monthly"]), default=0)
    lines.append("Interactions per month:")
    for m in report["monthly"]:
        bar = "#" * round(20 * m["interactions"] / peak) if peak else ""
        so_far = f"  (so far, to {report['as_of'][:10]})" if m.get("partial") else ""
        lines.append(f"  {m['month']}  {m['interactions']:>5}  {bar}{so_far}".rstrip())
    liked = report["liked"]
    if liked["people"]:
        text = f"People you like: {number(liked['people'])}"
        if liked["interaction_share"] is not None:
            text += f"; they get {liked['interaction_share']:.0%} of your interactions"
        if liked["time_share"] is not None:
            text += f" and {liked['time_share']:.0%} of your logged time"
        lines.append(text)
    else:
        lines.append("People you like: none marked yet (kith like NAME)")
    return lines
