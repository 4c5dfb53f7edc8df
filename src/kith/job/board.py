"""The job board: per target company, what kith knows and the next step there (``kith job``, ``/job``).

For each target: the people there now and those who were (roles at an organisation whose ``name_key``
is the target's), the people there now the user already knows (``kith.reach.contact.already_known``, as
``kith reach --company`` says it: a relationship or real two-way contact, so someone to call directly)
and the best warm path in
(``kith.reach.paths.reach``'s first path), the conversations had, the introductions asked for, the
referrals asked and received, the applications, interviews and offers, the interviews booked ahead
(``upcoming``: dated after now, soonest first), the furthest stage reached (``STAGES``) and the next step,
a rule in words (``next_step``). An interview booked counts as the interview stage reached (the company
asked to meet: that is what the stage measures), but as no interview held: the next step is to prepare
for it, and ``interviews`` lists only those that happened.

A **conversation** is an interaction of the user's as deep as a call or deeper (``CONVERSATION_CHANNELS``,
from ``kith.channels``' order: calls, video, meetings, coffees) with someone who is or was at the
company, since the target was added or in the ``LEAD_DAYS`` before (the talk that made the user add it).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.channels import CHANNELS, channel_rank
from kith.people.archive import NOT_ARCHIVED
from kith.reach.contact import already_known
from kith.reach.load import Graph, load_graph
from kith.reach.paths import reach
from kith.store.schema import (
    Interaction,
    InteractionParticipant,
    Intro,
    JobEvent,
    JobTarget,
    Organisation,
    Person,
    Role,
)

#: as deep as a call or deeper: what the writing calls a conversation, against an application sent
CONVERSATION_CHANNELS = tuple(c for c in CHANNELS if channel_rank(c) <= channel_rank("call"))
#: conversations this many days before a target was added count for it
LEAD_DAYS = 14
#: how far a search at a company got, in order; a target counts at a stage when it got at least so far
STAGES = ("target", "warm path", "conversation", "referral", "interview", "offer")


def people_at(session: Session, company_key: str) -> tuple[list[dict], list[dict]]:
    """The people at a company now and those who were there (and are not any more), by name."""
    rows = session.execute(
        select(Person.id, Person.name, Role.title, Role.ended_on)
        .join(Role, Role.person_id == Person.id)
        .join(Organisation, Organisation.id == Role.organisation_id)
        .where(Organisation.name_key == company_key, Person.is_me.is_(False), NOT_ARCHIVED)
        .order_by(Person.name, Person.id, Role.ended_on.is_(None).desc())
    ).all()
    now: dict[int, dict] = {}
    before: dict[int, dict] = {}
    for pid, name, title, ended in rows:
        if ended is None:
            now.setdefault(pid, {"id": pid, "name": name, "title": title})
        elif pid not in now:
            before.setdefault(pid, {"id": pid, "name": name, "title": title})
    return list(now.values()), [p for pid, p in before.items() if pid not in now]


def relevant_first(people: list[dict], role: str | None, mine: dict) -> list[dict]:
    """The people at a target, those whose title shares a word with the role sought first (a product
    manager's future colleagues), then those the user knows best, then by name."""
    wanted = {w for w in re.findall(r"\w+", (role or "").casefold()) if len(w) > 2}

    def order(person: dict) -> tuple:
        shared = len(wanted & set(re.findall(r"\w+", (person["title"] or "").casefold())))
        tie = mine.get(person["id"])
        return (-shared, -(tie.strength if tie is not None else 0.0), person["name"], person["id"])

    return sorted(people, key=order)


def conversations_with(
    session: Session, people: dict[int, str], since: datetime, as_of: datetime
) -> list[dict]:
    """The user's conversations with any of ``people`` (id -> name) from ``since`` to ``as_of``, latest
    first, each with the people of the company who were in it."""
    if not people:
        return []
    part = InteractionParticipant
    rows = session.execute(
        select(Interaction.id, Interaction.occurred_at, Interaction.kind, part.person_id)
        .join(part, part.interaction_id == Interaction.id)
        .where(
            part.person_id.in_(list(people)),
            part.channel.in_(CONVERSATION_CHANNELS),
            part.occurred_at >= since,
            part.occurred_at <= as_of,
        )
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc(), part.person_id)
    ).all()
    found: dict[int, dict] = {}
    for iid, at, kind, pid in rows:
        entry = found.setdefault(iid, {"id": iid, "at": at.isoformat(), "kind": kind, "people": []})
        entry["people"].append({"id": pid, "name": people[pid]})
    return list(found.values())


def step_record(event: JobEvent) -> dict:
    """One step of a search, as every answer shows it."""
    person = event.person
    return {
        "id": event.id,
        "kind": event.kind,
        "role": event.role,
        "person": {"id": person.id, "name": person.name} if person is not None else None,
        "note": event.note,
        "occurred_at": event.occurred_at.isoformat(),
    }


def target_board(
    session: Session,
    target: JobTarget,
    as_of: datetime,
    *,
    mine: dict | None = None,
    graph: Graph | None = None,
) -> dict:
    """What kith knows of one target company, with the stage reached and the next step (``mine``: the
    user's ties, and ``graph``: who knows whom, read here when not given)."""
    if mine is None:
        from kith.strength.service import ties

        mine = ties(session, as_of)
    now, before = people_at(session, target.company_key)
    now = relevant_first(now, target.role, mine)
    there = {p["id"]: p["name"] for p in now + before}
    # enough paths that one not tried yet is among them when the best few have been asked
    answer = (
        reach(session, as_of, company=target.company, limit=UNTRIED_AMONG, mine=mine, graph=graph)
        if now
        else None
    )
    events = [
        step_record(e)
        for e in session.scalars(
            select(JobEvent)
            .where(JobEvent.target_id == target.id)
            .options(selectinload(JobEvent.person))
            .order_by(JobEvent.occurred_at, JobEvent.id)
        )
    ]
    happened = [e for e in events if datetime.fromisoformat(e["occurred_at"]) <= as_of]
    upcoming = [e for e in events if e not in happened]  # interviews booked ahead, soonest first
    steps = {
        kind: [e for e in happened if e["kind"] == kind]
        for kind in ("application", "referral_asked", "referral", "interview", "offer", "rejection")
    }
    board = {
        "id": target.id,
        "company": target.company,
        "role": target.role,
        "state": target.state,
        "added_at": target.added_at.isoformat(),
        "people_now": now,
        "people_before": before,
        "known": already_known(session, [p["id"] for p in now], mine),
        "best_path": _untried(answer["paths"]) if answer else None,
        "conversations": conversations_with(
            session, there, target.added_at - timedelta(days=LEAD_DAYS), as_of
        ),
        "intros": _intros_to(session, there),
        "applications": steps["application"],
        "referrals_asked": steps["referral_asked"],
        "referrals": steps["referral"],
        "interviews": steps["interview"],
        "offers": steps["offer"],
        "rejections": steps["rejection"],
        "upcoming": upcoming,
    }
    board["stage"] = stage_of(board)
    # the company said no, and nothing came after: the stage reached stays, with that said beside it
    last_no = steps["rejection"][-1] if steps["rejection"] else None
    said_no = last_no is not None and not _after(steps["offer"] + steps["interview"] + upcoming, last_no)
    board["said_no_on"] = _day(last_no) if said_no and last_no is not None else None
    step = next_step(board)
    board["next_step"], board["next_person"], board["next_step_why"] = step.text, step.person, step.why
    board["next_promise"] = step.promise
    board["next_interview"] = step.interview
    # the step without its person's name, where the name is shown beside it (the agenda)
    board["next_step_beside_name"] = step.said or step.text
    return board


def _intros_to(session: Session, people: dict[int, str]) -> list[dict]:
    """The introductions asked for or made to people at the company, the latest first."""
    if not people:
        return []
    from kith.reach.intros import intro_record

    found = session.scalars(
        select(Intro)
        .where(Intro.target_id.in_(list(people)))
        .options(selectinload(Intro.via), selectinload(Intro.target))
        .order_by(Intro.id.desc())
    )
    return [intro_record(i) for i in found]


def stage_of(board: dict) -> str:
    """The furthest stage a target reached (``STAGES``): a referral asked counts as the referral stage,
    as one received does (the step the writing asks of a job seeker is asking), and an interview booked
    as the interview stage, as one held does (the company asked to meet)."""
    if board["offers"]:
        return "offer"
    if board["interviews"] or board["upcoming"]:
        return "interview"
    if board["referrals"] or board["referrals_asked"]:
        return "referral"
    if board["conversations"]:
        return "conversation"
    if board["best_path"] or board["known"] or any(i["state"] == "made" for i in board["intros"]):
        return "warm path"
    return "target"


class Step(NamedTuple):
    """A target's next step: what to do, with whom (None when nobody yet) and why, in words; ``promise``:
    the id of the user's promise that is this same step (following up an introduction asked), if any;
    ``interview``: the upcoming interview to prepare for, if that is the step."""

    text: str
    person: dict | None
    why: str
    promise: int | None = None
    interview: dict | None = None
    #: the step without its person's name, for where the name is shown beside it (the agenda's "Zara
    #: Vidal: Ask for a referral at Acme"); None: ``text`` says it
    said: str | None = None


def next_step(board: dict) -> Step:
    """The next step at a target. The first rule that holds: closed, an interview booked (prepare for the
    soonest), the company said no, an offer, an interview, a referral
    received, a referral asked, a conversation (ask for a referral), an introduction made (the first
    conversation) or asked (follow up), someone there you know (talk to them), a warm path (ask for the
    introduction), nothing (find one)."""
    company = board["company"]
    if board["state"] == "closed":
        return Step(f"Nothing: you closed {company}", None, "you closed it")
    if board["upcoming"]:
        soonest = board["upcoming"][0]
        day = interview_day(soonest["occurred_at"])
        return Step(
            f"Interview at {company} on {day}: prepare",
            soonest["person"],
            f"an interview booked for {soonest['occurred_at'][:16].replace('T', ' ')} UTC",
            interview=soonest,
        )
    if board["rejections"] and not _after(board["offers"] + board["interviews"], board["rejections"][-1]):
        last = board["rejections"][-1]
        return Step(
            f"Thank those who helped at {company}, ask for feedback, and keep in touch for the next opening",
            last["person"],
            f"{company} said no on {_day(last)}",
        )
    if board["offers"]:
        return Step(f"Answer the offer from {company}", None, f"an offer on {_day(board['offers'][-1])}")
    if board["interviews"]:
        last = board["interviews"][-1]
        return Step(f"Follow up on your interview at {company}", None, f"an interview on {_day(last)}")
    if board["referrals"]:
        last = board["referrals"][-1]
        who = last["person"]
        return Step(
            f"Tell {who['name']} how the referral at {company} went and thank them",
            who,
            f"{who['name']} referred you on {_day(last)}",
            said=f"Tell them how the referral at {company} went and thank them",
        )
    if board["referrals_asked"]:
        last = board["referrals_asked"][-1]
        who = last["person"]
        return Step(
            f"Follow up with {who['name']} on the referral you asked for at {company}",
            who,
            f"you asked {who['name']} for a referral on {_day(last)}",
            said=f"Follow up on the referral you asked for at {company}",
        )
    if board["conversations"]:
        # a referral comes from someone there now; someone who has left can say who to ask
        there = {p["id"] for p in board["people_now"]}
        talks = [(t, p) for t in board["conversations"] for p in t["people"]]
        talk, who = next(((t, p) for t, p in talks if p["id"] in there), talks[0])
        if who["id"] in there:
            return Step(
                f"Ask {who['name']} for a referral at {company}",
                who,
                f"a {talk['kind']} with {who['name']} on {talk['at'][:10]}, no referral yet",
                said=f"Ask for a referral at {company}",
            )
        return Step(
            f"Ask {who['name']} who at {company} could refer you",
            who,
            f"a {talk['kind']} with {who['name']} on {talk['at'][:10]}; they have left {company}",
            said=f"Ask who at {company} could refer you",
        )
    made = [i for i in board["intros"] if i["state"] == "made"]
    if made:
        i = made[0]
        via, to = i["via"]["name"], i["target"]["name"]
        return Step(
            f"Have a first conversation with {to} ({via} introduced you)",
            i["target"],
            f"{via} introduced you to {to} on {i['made_at'][:10]}, no conversation there yet",
            said=f"Have a first conversation ({via} introduced you)",
        )
    asked = [i for i in board["intros"] if i["state"] == "asked"]
    if asked:
        i = asked[0]
        via, to = i["via"]["name"], i["target"]["name"]
        return Step(
            f"Follow up with {via} on the introduction to {to}",
            i["via"],
            f"you asked {via} for an introduction to {to} on {i['asked_at'][:10]}",
            i["commitment_id"],
            said=f"Follow up on the introduction to {to}",
        )
    if board["known"]:
        who = board["known"][0]
        return Step(
            f"Call {who['name']}, whom you know, about {company}",
            {"id": who["id"], "name": who["name"]},
            f"{who['name']} ({who['circle']}) is there now, no conversation there yet",
            said=f"Call them about {company}: they are there now",
        )
    path = board["best_path"]
    if path:
        first, second = path["people"][0], path["people"][1]
        later = f", who knows {path['people'][-1]['name']}" if len(path["people"]) > 2 else ""
        return Step(
            f"Ask {first['name']} for an intro to {second['name']}{later}",
            first,
            path["reason"],
            said=f"Ask for an intro to {second['name']}{later}",
        )
    return Step(
        f"Find someone who knows someone at {company}",
        None,
        "nobody you know is known to know someone there",
    )


def interview_day(at: str) -> str:
    """The day of an interview as the agenda and the board say it: "Thu 18 Jun"."""
    return f"{datetime.fromisoformat(at):%a %-d %b}"


def _day(step: dict) -> str:
    return step["occurred_at"][:10]


def job_board(
    session: Session, as_of: datetime, *, mine: dict | None = None, graph: Graph | None = None
) -> dict:
    """The read model of ``kith job --json`` and ``GET /api/job``: every target, active ones first
    (``mine`` and ``graph`` as in ``target_board``: read once here for all the targets when not given)."""
    from kith.strength.service import ties

    targets = list(
        session.scalars(select(JobTarget).order_by(JobTarget.state, JobTarget.added_at, JobTarget.id))
    )
    if targets and mine is None:
        mine = ties(session, as_of)
    if targets and graph is None:
        graph = load_graph(session, as_of)
    return {"targets": [target_board(session, t, as_of, mine=mine, graph=graph) for t in targets]}


def _after(steps: list[dict], step: dict) -> bool:
    """Whether any of ``steps`` came after ``step`` (a new interview or offer after a rejection)."""
    return any((s["occurred_at"], s["id"]) > (step["occurred_at"], step["id"]) for s in steps)


#: how many of the best paths in the board looks among for one whose introduction was not asked yet
UNTRIED_AMONG = 10


def _untried(paths: list[dict]) -> dict | None:
    """The best path whose introduction has not been asked for yet (or was withdrawn); the best path
    when every one has been."""
    fresh = [p for p in paths if p.get("intro") is None or p["intro"]["state"] == "withdrawn"]
    best = fresh or paths
    return best[0] if best else None
