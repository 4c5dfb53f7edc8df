"""The sample network's schools, and the few bridges they make: made up, from the network's seed.

``schooling(net)`` says who went where, as the sample's user recorded it:

- **the user** went to ``MY_SCHOOLS`` (a first degree, then a business school), years before their first
  job (``Network.me_before``);
- **some of their classmates** are among the people they know well: the same school, years shared, so a
  person page says "both at Northfield University 2008–2012";
- **most people they know well, and a few acquaintances**, went to one of ``SCHOOLS``, with years;
- **a few bridges**: ``BRIDGES`` friends of the user's each studied in a small programme with people
  at a company the user knows nobody well at (``BRIDGE_SCHOOLS``, years shared, in the last few years). Few people went to each
  programme, so the tie is strong evidence (``kith.reach.graph``: a school of five or fewer, years
  shared), and the network picture's "strongest bridges" has something true to show: a friend who knows
  people in a group the user does not reach.

``add_schools(session, net)`` writes them (the database of a built sample, its people imported).
Everyone and every school is made up; the same seed gives the same schools.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.sample.network import Contact, Network

#: the user's own: (school, degree, years before their first job it began, years it lasted)
MY_SCHOOLS = (
    ("Northfield University", "BSc Economics", 8, 4),
    ("Harbourside Business School", "MBA", -3, 2),
)
#: where the other people the user knows went (all made up)
SCHOOLS = (
    "Ashcombe University",
    "Bellmoor Institute of Technology",
    "Carrick College",
    "Dunhollow University",
    "Eastmere Polytechnic",
    "Fernleigh School of Design",
    "Greyhaven University",
    "Lindqvist Technical University",
    "Marlow Academy of Music",
)
#: small programmes: each is where one bridge friend met people at another company
BRIDGE_SCHOOLS = (
    ("Kelso Data Fellowship", "Fellowship"),
    ("Orrin Product Programme", "Certificate"),
    ("Tallis Summer Institute", "Summer school"),
)
DEGREES = ("BA", "BSc", "MSc", "MA", "BEng", "MEng", "PhD")
#: how many bridges the sample has, and how many people at the other company each friend studied with
BRIDGES = 3
CLASSMATES_THERE = 2
#: the people the user knows well, of whom about this share went to the user's first school with them
MY_CLASSMATES = 0.12
KNOWN_WELL = ("intimate", "close", "friends", "meaningful")


@dataclass(frozen=True)
class Schooling:
    """One person (``contact``: a key, -1 for the user) at one school, with its degree and years."""

    contact: int
    school: str
    degree: str | None
    started: int
    ended: int


def company_of(contact: Contact) -> str:
    """Where someone works as the newer export says."""
    return contact.new_company or contact.company


def schooling(net: Network) -> list[Schooling]:
    """Who went to which school in the sample ``net``, the user first."""
    rng = random.Random(f"{net.seed}:schools")
    first_job = net.me_before[2].year
    found = [
        Schooling(-1, school, degree, first_job - before, first_job - before + length)
        for school, degree, before, length in MY_SCHOOLS
    ]
    mine = found[0]
    bridges = _bridges(rng, net)
    bridged = {s.contact for s in bridges}
    known = [c for c in net.contacts if c.tier in KNOWN_WELL and c.key not in bridged]
    for contact in known:
        if rng.random() < MY_CLASSMATES:  # the user's year or a neighbouring one
            start = mine.started + rng.randint(-2, 2)
            found.append(Schooling(contact.key, mine.school, rng.choice(DEGREES[:3]), start, start + 4))
    classmates = {s.contact for s in found}
    for contact in net.contacts:
        told = contact.tier in KNOWN_WELL or (contact.tier == "acquaintance" and rng.random() < 0.2)
        if contact.key in classmates or not told or rng.random() < 0.3:
            continue
        start = first_job - rng.randint(0, 20)
        found.append(Schooling(contact.key, rng.choice(SCHOOLS), rng.choice(DEGREES), start, start + 4))
    return found + bridges


def _bridges(rng: random.Random, net: Network) -> list[Schooling]:
    """``BRIDGES`` close friends, each in a small programme with people at a company where the user
    knows nobody well (the companies with the fewest people the user knows, by name on a tie)."""
    known_at: dict[str, int] = {}
    strangers: dict[str, list[Contact]] = {}
    for c in net.contacts:
        known_at[company_of(c)] = known_at.get(company_of(c), 0) + (c.tier in KNOWN_WELL)
        if c.tier == "connection":
            strangers.setdefault(company_of(c), []).append(c)
    companies = sorted(
        (name for name in known_at if len(strangers.get(name, ())) >= CLASSMATES_THERE),
        key=lambda name: (known_at[name], name),
    )
    friends = [c for c in net.contacts if c.tier in ("intimate", "close") and not c.late]
    rng.shuffle(friends)
    found: list[Schooling] = []
    for (school, degree), friend in zip(BRIDGE_SCHOOLS[:BRIDGES], friends, strict=False):
        company = next((name for name in companies if name != company_of(friend)), None)
        if company is None:
            break
        companies.remove(company)
        start = net.as_of.year - rng.randint(1, 3)  # a recent programme: shared years fade (reach.weights)
        for contact in [friend, *rng.sample(strangers[company], CLASSMATES_THERE)]:
            found.append(Schooling(contact.key, school, degree, start, start + 1))
    return found


def add_schools(session: Session, net: Network, source: str) -> int:
    """Write the schools of ``net`` into its built database (its people imported); how many rows."""
    from kith.people.education import School, store_school
    from kith.people.identities import normalize_email
    from kith.people.lookup import get_me
    from kith.store.schema import Identity, Person

    people = dict(session.execute(select(Identity.value, Identity.person_id)).all())
    me = get_me(session)
    written = 0
    for s in schooling(net):
        if s.contact < 0:
            person = me
        else:
            contact = net.contact(s.contact)
            found = people.get(contact.url) or people.get(normalize_email(contact.email))
            person = session.get(Person, found) if found is not None else None
        if person is None:
            continue
        store_school(session, person, School(s.school, s.degree, s.started, s.ended), source=source)
        written += 1
    return written
