"""The meeting brief: one page on a person to read before you meet them.

It gathers what kith knows (how you met and who introduced you, their birthday and anniversary, your
latest notes on them, their roles and job changes, your last interactions, open promises both ways, the give/get balance, the tie's strength when the strength
engine is present), then works out:

- **shared context**: tags (interests, groups) you both have, and organisations you have both worked at
  (current or past roles on either side);
- **common ground** (``kith.reach.common``): employers and schools with the years you were both there;
- **mutual contacts**: who introduced you, people you met through them, and people who were in group
  interactions with you both (ranked by how many), then the others the graph of who knows whom says know
  them (a stated tie, an employer at the same time);
- **what to ask or offer**, each with the fact behind it: a birthday or anniversary within
  ``DATE_SOON_DAYS`` (wish them well), your open promises (deliver them), theirs (ask about them), a job
  change in the last ``RECENT_JOB_DAYS`` days (congratulate, ask how it goes), the
  last favour you gave them (ask how it worked out), a one-sided ledger (offer first, or feel free to
  ask), shared interests and employers (talk about them), mutual contacts (mention them), and a long
  silence (ask what changed).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from kith.birthdays import local_day, when_words, yearly_record
from kith.commitments import commitment_record
from kith.errors import BadInput
from kith.notes import person_notes
from kith.people.lookup import get_me
from kith.people.profile import connection_record, life_event_record, role_record
from kith.reach.common import common_ground
from kith.reach.load import Graph
from kith.store.schema import (
    Commitment,
    Favour,
    Interaction,
    InteractionParticipant,
    LifeEvent,
    Person,
    UTCDateTime,
)
from kith.timeline import latest_interactions
from kith.wording import count, number

RECENT_JOB_DAYS = 365
LONG_SILENCE_DAYS = 180
LAST_INTERACTIONS = 5
#: the latest notes the brief shows
LAST_NOTES = 3
#: a birthday or anniversary this many days ahead or fewer is worth a word at the meeting
DATE_SOON_DAYS = 14
MAX_MUTUAL = 8


def _org_names(person: Person) -> dict[str, str]:
    """Organisations a person has worked at: normalised key -> display name."""
    return {r.organisation.name_key: r.organisation.name for r in person.roles if r.organisation}


def _current_org_keys(person: Person) -> set[str]:
    return {r.organisation.name_key for r in person.roles if r.organisation and r.ended_on is None}


def _tie(session: Session, person: Person, as_of: datetime) -> dict | None:
    try:
        from kith.strength.service import tie
    except ImportError:
        return None
    found = tie(session, person.id, as_of)
    return {"strength": round(found.strength, 3), "circle": found.circle, "explanation": found.explanation}


def _ledger(session: Session, person: Person, as_of: datetime) -> dict | None:
    try:
        from kith.ledger import balance
    except ImportError:
        return None
    b = balance(session, person, as_of)
    return {
        "given": b.given,
        "received": b.received,
        "style": b.style,
        "rule": b.rule,
        "why": b.why,
        "label": b.label,
    }


def mutual_contacts(session: Session, person: Person, me: Person | None) -> list[dict]:
    """People you both know: the introducer, people met through them, and shared group interactions."""
    found: dict[int, dict] = {}

    def note(other: Person, why: str, weight: int) -> None:
        if other.id == person.id or (me is not None and other.id == me.id):
            return
        entry = found.setdefault(other.id, {"id": other.id, "name": other.name, "why": [], "weight": 0})
        entry["why"].append(why)
        entry["weight"] += weight

    if person.met_via is not None:
        note(person.met_via, f"introduced you to {person.name}", 100)
    for other in session.scalars(select(Person).where(Person.met_via_id == person.id)):
        note(other, f"you met them through {person.name}", 50)
    mine, theirs = aliased(InteractionParticipant), aliased(InteractionParticipant)
    shared = session.execute(
        select(theirs.person_id, func.count())
        .select_from(mine)
        .join(theirs, theirs.interaction_id == mine.interaction_id)
        .where(mine.person_id == person.id, theirs.person_id != person.id)
        .group_by(theirs.person_id)
    ).all()
    people = {
        p.id: p for p in session.scalars(select(Person).where(Person.id.in_([pid for pid, _ in shared])))
    }
    for pid, n in shared:
        times = "once" if n == 1 else f"{number(n)} times"
        note(people[pid], f"met with you both {times}", n)
    ranked = sorted(found.values(), key=lambda e: (-e["weight"], e["name"]))[:MAX_MUTUAL]
    return [{"id": e["id"], "name": e["name"], "why": "; ".join(e["why"])} for e in ranked]


def _with_known(mutual: list[dict], known: list[dict]) -> list[dict]:
    """The mutual contacts, then the others who know them by the graph of who knows whom (a stated tie,
    an employer at the same time), with its evidence as the why, up to ``MAX_MUTUAL``."""
    seen = {m["id"] for m in mutual}
    more = [{"id": k["id"], "name": k["name"], "why": k["evidence"]} for k in known if k["id"] not in seen]
    return (mutual + more)[:MAX_MUTUAL]


def meeting_brief(session: Session, person: Person, as_of: datetime, *, known: Graph | None = None) -> dict:
    """Everything the brief shows, as plain data; ``known``: who knows whom (``reach.load.Graph``), when
    the caller holds it."""
    if person.is_me:
        raise BadInput("a brief is about someone you are meeting, not about you")
    me = get_me(session)
    role = person.current_role()
    recent = latest_interactions(session, person.id, LAST_INTERACTIONS)
    first = timeline_first(session, person)
    open_items = session.scalars(
        select(Commitment)
        .where(Commitment.person_id == person.id, Commitment.done_at.is_(None))
        .order_by(Commitment.due_at.is_(None), Commitment.due_at, Commitment.id)
    ).all()
    job_changes = session.scalars(
        select(LifeEvent)
        .where(
            LifeEvent.person_id == person.id, LifeEvent.kind == "job_change", LifeEvent.occurred_at <= as_of
        )
        .order_by(LifeEvent.occurred_at.desc())
    ).all()
    my_tags = {t.name for t in me.tags} if me else set()
    their_orgs, my_orgs = _org_names(person), (_org_names(me) if me else {})
    ground = common_ground(session, person.id, as_of, known=known)
    brief: dict = {
        "id": person.id,
        "name": person.name,
        "company": role.organisation.name if role and role.organisation else None,
        "title": role.title if role else None,
        "how_met": person.how_met,
        "introduced_by": person.met_via.name if person.met_via else None,
        "birthday": yearly_record(person.birthday, local_day(as_of)),
        "anniversary": yearly_record(person.anniversary, local_day(as_of)),
        "notes": person_notes(session, person.id)[:LAST_NOTES],
        "connections": [connection_record(c.platform, c.connected_on) for c in person.connections],
        "first_interaction": first.isoformat() if first else None,
        "roles": [
            role_record(r.organisation.name if r.organisation else None, r.title, r.started_on, r.ended_on)
            for r in sorted(person.roles, key=lambda r: (r.ended_on is None, r.seen_at or r.created_at, r.id))
        ],
        "job_changes": [life_event_record(e.kind, e.occurred_at, e.summary) for e in job_changes],
        "last_interactions": recent,
        "tie": _tie(session, person, as_of),
        "you_owe": [commitment_record(c, as_of) for c in open_items if c.owed_by == "me"],
        "they_owe": [commitment_record(c, as_of) for c in open_items if c.owed_by != "me"],
        "ledger": _ledger(session, person, as_of),
        "shared": {
            "tags": sorted(my_tags & {t.name for t in person.tags}),
            "organisations": sorted(their_orgs[k] for k in their_orgs.keys() & my_orgs.keys()),
        },
        "colleagues_now": sorted(
            their_orgs[k] for k in _current_org_keys(person) & (_current_org_keys(me) if me else set())
        ),
        "mutual": _with_known(mutual_contacts(session, person, me), ground["mutual"]),
        "common_ground": ground,
        # the one line of what you share (places with their years, tags), for the text and the page
        "common_line": "; ".join(
            [e["words"] for e in ground["employers"] + ground["schools"]]
            + ([f"both tagged {', '.join(ground['tags'])}"] if ground["tags"] else [])
        )
        or "nothing recorded in common",
    }
    last_given = None
    if me is not None:
        last_given = session.scalar(
            select(Favour)
            .where(Favour.receiver_id == person.id, Favour.giver_id == me.id, Favour.occurred_at <= as_of)
            .order_by(Favour.occurred_at.desc())
            .limit(1)
        )
    brief["ask_or_offer"] = suggestions(brief, as_of, last_given)
    return brief


def timeline_first(session: Session, person: Person) -> datetime | None:
    """When you first interacted with ``person`` (None when never)."""
    return session.scalar(
        select(type_coerce(func.min(Interaction.occurred_at), UTCDateTime()))
        .join(InteractionParticipant, InteractionParticipant.interaction_id == Interaction.id)
        .where(InteractionParticipant.person_id == person.id)
    )


def suggestions(brief: dict, as_of: datetime, last_given: Favour | None) -> list[dict]:
    """What to ask or offer, each as {"kind": "ask"|"offer"|"talk", "text": ...} with its reason."""
    out: list[dict] = []

    def add(kind: str, text: str) -> None:
        out.append({"kind": kind, "text": text})

    for kind in ("birthday", "anniversary"):
        yearly = brief[kind]
        if yearly is not None and yearly["in_days"] <= DATE_SOON_DAYS:
            words = when_words(datetime.fromisoformat(yearly["next"]).date(), local_day(as_of))
            add("talk", f"wish them a happy {kind}: it is {words}")
    for c in brief["you_owe"]:
        due = f", due {c['due_at'][:10]}" if c["due_at"] else ""
        late = " (overdue)" if c["overdue"] else ""
        add("offer", f"deliver what you promised: {c['text']}{due}{late}")
    for c in brief["they_owe"]:
        add("ask", f"about what they promised: {c['text']}")
    for change in brief["job_changes"]:
        if as_of - datetime.fromisoformat(change["when"]) <= timedelta(days=RECENT_JOB_DAYS):
            add("ask", f"how the new role is going and congratulate them ({change['summary']})")
            break
    if last_given is not None:
        add("ask", f"how the {last_given.kind} you gave on {last_given.occurred_at:%Y-%m-%d} worked out")
    ledger = brief["ledger"]
    if ledger and ledger["received"] > ledger["given"]:
        add(
            "offer",
            f"something first: you received {count(ledger['received'], 'favour')} and gave {number(ledger['given'])}",
        )
    elif ledger and ledger["given"] > ledger["received"] + 1:
        add(
            "ask",
            f"for help if you need it: you gave {count(ledger['given'], 'favour')} and received "
            f"{number(ledger['received'])}",
        )
    if brief["shared"]["tags"]:
        add("talk", f"shared interests: {', '.join(brief['shared']['tags'])}")
    for org in brief["shared"]["organisations"]:
        now_too = org in brief["colleagues_now"]
        add("talk", f"{org}: you both work there" if now_too else f"{org}: you have both worked there")
    if brief["mutual"]:
        add("talk", f"people you both know: {', '.join(m['name'] for m in brief['mutual'][:3])}")
    if brief["last_interactions"]:
        last = datetime.fromisoformat(brief["last_interactions"][0]["when"])
        if as_of - last > timedelta(days=LONG_SILENCE_DAYS):
            add("ask", f"what has changed since you last spoke on {last:%Y-%m-%d}")
    else:
        where = f" at {brief['company']}" if brief["company"] else ""
        add("ask", f"about their work{where}: you have no interaction logged yet")
    return out
