"""Warm paths: who can introduce the user to a person, to someone at a company or to someone with a tag.

A path starts with someone the user knows (A) and ends at a target: you → A → target, or you → A → B →
target. It is ranked by ``RULE``: the user's tie strength with A (``kith.strength.service.ties``), times
the weight of each tie after it (``kith.reach.graph``), times how recent the user's contact with A is.
Only each first person's best path is kept, so the answer is not all through one friend. Targets the
user already has a relationship with (``reports.RELATIONSHIP_CIRCLES``) or has had real two-way contact
with (``contact.already_known``, as the job board says it too: a one-to-one call or deeper, or anything
they sent) are said apart ("you know
them yourself: write to them"), strongest first, not routed through anyone.

The best paths are found on the loaded who-knows-whom graph (``kith.reach.load.Graph``: one SciPy sparse
matrix of tie weights, built once per data version): the best tie of each person into the targets is
read from the targets' rows, and the best two-step route of each first person from that person's row, so
a question costs the ties of the targets and of the user's people, never a pass over the whole network.
The words of a tie are gathered only for the ties on the paths shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ARRAY, Integer, any_, bindparam, func, select
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound, UnknownName
from kith.ledger import balances
from kith.near import closest
from kith.people.identities import name_key
from kith.reach.balance import balance_factors, with_balances
from kith.reach.contact import Contacts, already_known
from kith.reach.contact import usual_contact as _usual_contact
from kith.reach.intros import ENDED, intros_on
from kith.reach.load import Graph, load_graph
from kith.reach.nearest import NEAREST, nearest
from kith.reach.routing import best_routes
from kith.reach.suggest import close_to
from kith.reach.targets import (
    companies_called,
    people_called,
    person_named,
    school_people,
    title_people,
)
from kith.store.db import rows as stored_rows
from kith.store.schema import (
    Person,
    PersonTag,
    Role,
    Tag,
)
from kith.strength.service import ties
from kith.wording import ago, count

#: how paths are ranked, in words (shown with every answer)
RULE = (  # the give/get factor: kith.reach.balance
    "paths are ranked by your tie strength with the first person, times the weight of each tie after it, "
    "times how recent your contact with the first person is (halving every 180 days, never below a "
    "quarter), times your give/get balance with the first person (1 + a quarter of the favours you gave "
    "them less those they gave you, over all the favours between you plus one: from 0.75 when you owe "
    "them to 1.25 when they owe you); one path per first person; a target you have a relationship with, "
    "or have met, had a call with or heard from yourself, needs no introduction"
)
RECENCY_HALF_LIFE_DAYS = 180.0
RECENCY_FLOOR = 0.25
LIMIT = 5
#: what reach says when asked about the user
NOT_YOU = "reach is about someone you want to meet, not about you"
#: the people (not the user, not archived) working at an organisation now (built once)
WORKING_AT = (
    select(Person.id, Person.name)
    .join(Role, Role.person_id == Person.id)
    .where(
        Role.organisation_id == bindparam("organisation_id"),
        Role.ended_on.is_(None),
        Person.is_me.is_(False),
        Person.archived_at.is_(None),
    )
)


@dataclass(frozen=True)
class Target:
    """Whom the user wants to reach: a label ("Acme", "Tom Lee", "climate", "VP Engineering") and their
    people."""

    label: str
    people: dict[int, str]
    candidates: list[str]
    kind: str = "person"  # person, company, school, title or tag: how an empty answer is worded
    #: why each person was found, for a school, a title or a tag: "went to MIT 2004–2008"
    why: dict[int, str] = field(default_factory=dict)


def find_target(
    session: Session,
    *,
    person_id: int | None = None,
    company: str | None = None,
    tag: str | None = None,
    school: str | None = None,
    title: str | None = None,
) -> Target:
    """The people a reach question is about; an ambiguous company or school gives its candidates instead."""
    if sum(x is not None for x in (person_id, company, tag, school, title)) != 1:
        raise BadInput("say one of: a person, a company, a school, a title or a tag")
    alive = (Person.is_me.is_(False), Person.archived_at.is_(None))
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"no person #{person_id}")
        if person.is_me:
            raise BadInput(NOT_YOU)
        return Target(person.name, {person.id: person.name}, [])
    if school is not None or title is not None:
        found = school_people(session, school) if school is not None else title_people(session, title or "")
        return Target(
            found.label,
            found.people,
            found.candidates,
            "school" if school is not None else "title",
            found.why,
        )
    if tag is not None:
        found_tag = session.scalar(select(Tag).where(func.lower(Tag.name) == tag.strip().lower()))
        if found_tag is None:
            tags = session.scalars(select(Tag.name)).all()
            raise UnknownName(f"no tag {tag.strip()!r}", closest(tag, tags), query=tag.strip())
        rows = session.execute(
            select(Person.id, Person.name).join(PersonTag).where(PersonTag.tag_id == found_tag.id, *alive)
        ).all()
        return Target(
            found_tag.name, dict(rows), [], "tag", {pid: f"tagged {found_tag.name}" for pid, _ in rows}
        )
    matches = companies_called(session, company or "")
    if not matches:  # nobody kith knows works there: an answer (no path), not an error
        return Target((company or "").strip(), {}, [], "company")
    if len(matches) > 1:
        return Target(company or "", {}, sorted(name for _, name in matches), "company")
    org_id, org_name = matches[0]
    there = stored_rows(session, WORKING_AT, {"organisation_id": org_id}).all()
    return Target(org_name, dict(there), [], "company")


def _answer(query: dict, target: Target) -> dict:
    """The shape of every reach answer, before its paths are found."""
    return {
        "query": query,
        "target": target.label,
        "candidates": target.candidates,
        "targets": [
            {"id": i, "name": n, **({"why": target.why[i]} if i in target.why else {})}
            for i, n in sorted(target.people.items(), key=lambda p: p[1])
        ],
        "known": [],
        "paths": [],
        "paths_found": 0,
        "nearest": [],
        # what the user may have meant when nobody is found (``kith.reach.suggest``)
        "suggestions": [],
        "rule": RULE,
    }


def reach(
    session: Session,
    as_of: datetime,
    *,
    person_id: int | None = None,
    company: str | None = None,
    tag: str | None = None,
    school: str | None = None,
    title: str | None = None,
    limit: int = LIMIT,
    mine: dict | None = None,
    graph: Graph | None = None,
    known: Contacts | None = None,
) -> dict:
    """The read model of ``kith reach`` and ``GET /api/reach``: the best warm paths to a target, and
    when there is none, the nearest people (``nearest``) with the reason each is near.

    ``mine``: the user's ties (``strength.service.ties`` at ``as_of``) when the caller holds them
    already, as the web server does between requests; scored here otherwise. ``graph``: who knows whom
    (``kith.reach.load.load_graph`` at ``as_of``), likewise; ``known``: everyone's name and who the
    user has had two-way contact with (``contact.contacts``), likewise."""
    if limit < 1:
        raise BadInput("the number of paths must be at least 1")
    target = find_target(session, person_id=person_id, company=company, tag=tag, school=school, title=title)
    query = {"person": person_id, "company": company, "school": school, "title": title, "tag": tag}
    answer = _answer({k: v for k, v in query.items() if v is not None}, target)
    if target.candidates:
        answer["message"] = f"{target.label!r} could be {', '.join(target.candidates)}; say which"
        return answer
    mine = ties(session, as_of) if mine is None else mine
    names = _Names(session, set(target.people) | set(mine), known)
    answer["known"] = already_known(session, list(target.people), mine, known)
    graph = load_graph(session, as_of) if graph is None else graph
    given_and_got = balances(session, as_of)  # the give/get balances: read once, for both below
    factors = balance_factors(given_and_got)
    unknown = set(target.people) - {k["id"] for k in answer["known"]}
    answer["paths"], answer["paths_found"] = _best_paths(
        session, graph, mine, unknown, names, as_of, limit, factors=factors
    )
    intros_on(session, answer["paths"])
    # a path whose introduction was declined or withdrawn comes after the ones not tried (in their order)
    answer["paths"].sort(key=lambda p: (p["intro"] or {}).get("state") in ENDED)
    with_balances(answer["paths"], given_and_got)
    for path in answer["paths"]:  # why its last person was found: "went to MIT 2004–2008"
        path["matched"] = target.why.get(path["people"][-1]["id"])
    if not answer["paths"] and (len(answer["known"]) < len(target.people) or not target.people):
        company = target.label if target.kind == "company" and not target.candidates else None

        def paths_to(people: set[int]) -> list[dict]:
            return _best_paths(session, graph, mine, people, names, as_of, NEAREST, factors=factors)[0]

        answer["nearest"] = nearest(
            session, set(target.people), unknown, company, mine, names, as_of, paths_to
        )
    if not target.people and target.kind in ("company", "school"):
        answer["suggestions"] = close_to(session, target.label, target.kind)
    answer["message"] = _message(target, answer)
    return answer


#: what the reach page's one search box can be about, and the words of its choice
KINDS = {
    "": "a person or a company",
    "school": "a school",
    "title": "a title",
    "tag": "a tag",
}


def reach_typed(
    session: Session,
    as_of: datetime,
    text: str,
    kind: str = "",
    *,
    mine: dict | None = None,
    graph: Graph | None = None,
    known: Contacts | None = None,
    limit: int = LIMIT,
) -> dict:
    """``reach`` for one search box and its kind (``KINDS``, or "company"): with no kind, a person when
    the text is exactly one person's name, email or ``#id``, else a company of that very name, else the
    one person it could name, else the companies whose name holds it and the people it could name
    (``choices``: "'Ada' could be 5 people or companies; say which"), else the one company whose name
    holds it; text naming neither a person nor a company is said so."""
    if kind not in KINDS and kind != "company":
        raise BadInput(f"search for one of: {', '.join(k for k in KINDS if k)}, or a person or a company")
    text = text.strip()
    person_id = None if kind else person_named(session, text)
    if not kind and person_id is None and text:
        companies = companies_called(session, text)
        if not any(name_key(name) == name_key(text) for _, name in companies):
            choices, more = people_called(session, text)
            if len(choices) == 1 and not companies:  # one person it could name: that one, not a choice of one
                person_id = choices[0]["id"]
            elif choices or not companies:
                # the companies whose name holds the text first, then the people it could name
                offered = [
                    {"company": name, "label": f"{name} (a company)"} for _, name in companies
                ] + choices
                answer = _answer({"q": text}, Target(text, {}, [c["label"] for c in offered]))
                answer["choices"] = offered
                answer["suggestions"] = [] if offered else close_to(session, text)
                answer["message"] = (
                    (
                        f"{text!r} could be any of these {len(offered)}, or {more} more"
                        " (those you know best are listed): say which, or add a surname, an email or #id"
                        if more
                        else f"{text!r} could be any of these {len(offered)}; say which"
                    )
                    if offered
                    else f"Nobody called {text!r} and no company of that name among your people."
                )
                return answer
    return reach(
        session,
        as_of,
        person_id=person_id,
        company=text if kind == "company" or (not kind and person_id is None) else None,
        school=text if kind == "school" else None,
        title=text if kind == "title" else None,
        tag=text if kind == "tag" else None,
        limit=limit,
        mine=mine,
        graph=graph,
        known=known,
    )


def whom(target: Target) -> str:
    """Whom a question is about, in words: "Tom Lee", "Acme", "people who went to MIT", "people titled
    VP Engineering", "people tagged fintech"."""
    return {
        "school": f"people who went to {target.label}",
        "title": f"people titled {target.label}",
        "tag": f"people tagged {target.label}",
    }.get(target.kind, target.label)


def _message(target: Target, answer: dict) -> str:
    if not target.people:
        nobody = {
            "school": f"Nobody among your people went to {target.label}.",
            "title": f"Nobody among your people is titled {target.label} now.",
            "tag": f"Nobody among your people is tagged {target.label}.",
        }
        said = nobody.get(target.kind, f"Nobody among your people is at {target.label} now.")
    elif answer["paths"]:
        shown = len(answer["paths"])
        more = f" (the best {shown} shown)" if answer["paths_found"] > shown else ""
        return f"{count(answer['paths_found'], 'warm path')} to {whom(target)}{more}."
    elif len(answer["known"]) == len(target.people):
        return f"You know {_listed(answer['known'])} yourself: write to them, no introduction needed."
    else:
        said = (
            f"No warm path to {whom(target)}: nobody you know is known to know them"
            + (f" (you know {_listed(answer['known'])} yourself)" if answer["known"] else "")
            + "."
        )
    if answer["nearest"]:
        said += f" The nearest: {count(len(answer['nearest']), 'person')}."
    return said


def _listed(known: list[dict]) -> str:
    return ", ".join(f"{k['name']} ({k['circle']})" for k in known)


def _best_paths(
    session: Session,
    graph: Graph,
    mine: dict,
    targets: set[int],
    names: dict[int, str],
    as_of: datetime,
    limit: int,
    *,
    factors: dict[int, float] | None = None,
) -> tuple[list[dict], int]:
    """Each first person's best path into ``targets``, best first, at most ``limit``, and how many first
    people have one in all. ``factors``: a multiplier per first person (the give/get balance,
    ``balance_factors``), 1 for anyone not in it."""
    found = []
    for pid, hops, chain in best_routes(graph, mine, targets):
        tie = mine[pid]
        score = tie.strength * hops * _recency(tie.last_contact, as_of) * (factors or {}).get(pid, 1.0)
        found.append((score, names[pid], chain))
    found.sort(key=lambda f: (-f[0], f[1]))
    shown = [_path(session, chain, score, graph, mine, names, as_of) for score, _, chain in found[:limit]]
    return shown, len(found)


def _recency(last: datetime | None, as_of: datetime) -> float:
    if last is None:
        return RECENCY_FLOOR
    days = max(0.0, (as_of - last).total_seconds() / 86400)
    return max(RECENCY_FLOOR, 0.5 ** (days / RECENCY_HALF_LIFE_DAYS))


def _path(
    session: Session,
    chain: list[int],
    score: float,
    graph: Graph,
    mine: dict,
    names: dict[int, str],
    as_of: datetime,
) -> dict:
    """One path's record: its people, the user's tie to the first, each tie after it with its evidence,
    the reason in words and the ask."""
    first = chain[0]
    tie = mine[first]
    usual = _usual_contact(session, first)
    phrases = [
        f"{names[first]}: {tie.circle}{', ' + usual if usual else ''}, last contact {ago(tie.last_contact, as_of)}"
    ]
    links = []
    for k, (a, b) in enumerate(zip(chain, chain[1:], strict=False)):
        known = graph.evidence(session, a, b)
        assert known is not None, (a, b)  # the loaded graph and the evidence are read alike
        words = f"knows {names[b]}: {known.reason}"
        phrases.append(words if k == 0 else f"{names[a]} {words}")
        links.append(
            {
                "from": {"id": a, "name": names[a]},
                "to": {"id": b, "name": names[b]},
                "weight": round(graph.weight(a, b), 4),
                "weak": known.weak,
                "evidence": [e.record() for e in known.evidence],
            }
        )
    reason = "; ".join(phrases)
    end = names[chain[-1]]
    if len(chain) == 2:
        ask = f"Ask {names[first]} to introduce you to {end}."
    else:
        ask = f"Ask {names[first]} to introduce you to {names[chain[1]]}, who can introduce you to {end}."
    return {
        "score": round(score, 4),
        "people": [{"id": p, "name": names[p]} for p in chain],
        "first": {
            "id": first,
            "name": names[first],
            "circle": tie.circle,
            "strength": round(tie.strength, 4),
            "last_contact": tie.last_contact.isoformat() if tie.last_contact else None,
        },
        "links": links,
        "reason": reason,
        "ask": ask,
    }


class _Names(dict):
    """People's names by id, read at once for those a question is about (its targets and the user's
    people) and one by one for anyone else a path passes through, never the whole store's; or
    everyone's, from ``known`` (``Contacts``) when the caller holds them."""

    #: above this many, one pass over everyone's names costs less than a list of ids
    AT_ONCE = 20_000

    def __init__(self, session: Session, wanted: set[int], known: Contacts | None = None) -> None:
        self.session = session
        if known is not None:
            super().__init__(known.names)
            return
        statement = select(Person.id, Person.name)
        if len(wanted) <= self.AT_ONCE and session.get_bind().dialect.name == "postgresql":
            # one array parameter: a list of thousands of parameters costs PostgreSQL more than the rows
            ids = bindparam("ids", sorted(wanted), type_=ARRAY(Integer))
            statement = statement.where(Person.id == any_(ids))
        elif len(wanted) <= self.AT_ONCE:
            statement = statement.where(Person.id.in_(sorted(wanted)))
        super().__init__(session.execute(statement).all())

    def __missing__(self, person_id: int) -> str:
        name = self.session.scalar(select(Person.name).where(Person.id == person_id))
        if name is None:
            raise KeyError(person_id)
        self[person_id] = name
        return name
