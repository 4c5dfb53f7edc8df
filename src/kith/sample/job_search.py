"""The sample's job search: the demo's user is looking for a product role (``kith job``).

Built on the stored sample, through kith's own actions, so that it reads as a user's weeks would:

- up to ``TARGETS`` target companies, chosen where the sample has people: the companies where the user
  has the most relationships, then the one with the most people and no relationship at all (reached
  through colleagues of friends);
- at the first, an introduction asked for along its best warm path five weeks ago and made ten days ago,
  a call with the person introduced, and a referral asked of them; at the second, an introduction asked
  two days ago (still open) and an application last week; at the third, two applications this week and,
  when one of its paths goes through a friend of a friend, the friend's word that they know the person
  there (``kith knows``).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.people.lookup import get_me, get_person
from kith.reports import RELATIONSHIP_CIRCLES
from kith.store.schema import Organisation, Person, Role

TARGETS = 3
#: the roles the sample's user looks for, one per target
ROLES = ("Product manager", "Head of product", "Product lead")


def _companies(session: Session, mine: dict) -> list[str]:
    """The target companies: the most relationships there first, then one with none but many people."""
    me = get_me(session)
    own = {r.organisation_id for r in me.roles} if me is not None else set()
    rows = session.execute(
        select(Organisation.id, Organisation.name, Role.person_id)
        .join(Role, Role.organisation_id == Organisation.id)
        .join(Person, Person.id == Role.person_id)
        .where(Role.ended_on.is_(None), Person.is_me.is_(False))
    ).all()
    close: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for org_id, name, pid in rows:
        if org_id in own:
            continue
        people[name] += 1
        if pid in mine and mine[pid].circle in RELATIONSHIP_CIRCLES:
            close[name] += 1
    friendly = sorted((n for n in close if people[n] > close[n]), key=lambda n: (-close[n], n))
    chosen = friendly[: TARGETS - 1]
    strangers = sorted(
        (n for n in people if n not in close and people[n] >= 2), key=lambda n: (-people[n], n)
    )
    return chosen + strangers[:1]


def add_job_search(session: Session, as_of: datetime) -> dict:
    """Add the sample's job search at ``as_of``; returns the companies targeted."""
    from kith.interactions import log_interaction
    from kith.job.report import week_start
    from kith.job.targets import add_target, record_step
    from kith.reach.intros import ask_intro, intro_made
    from kith.reach.paths import reach
    from kith.reach.stated import state_tie
    from kith.strength.service import ties

    mine = ties(session, as_of)
    companies = _companies(session, mine)
    days = timedelta(days=1)
    for n, company in enumerate(companies):
        added = as_of - timedelta(weeks=5 - 2 * n)
        add_target(session, company, now=added, role=ROLES[n])
        paths = reach(session, as_of, company=company, mine=mine)["paths"]
        if n == 0 and paths:
            via, to = (get_person(session, p["id"]) for p in paths[0]["people"][:2])
            ask_intro(session, via, to, now=added + days, note="the product team")
            intro_made(session, via, to, now=as_of - 10 * days)
            log_interaction(
                session, kind="call", people=[to], when=as_of - 8 * days, summary="the product team"
            )
            record_step(session, company, "referral_asked", when=as_of - 5 * days, now=as_of, person=to)
        elif n == 1 and paths:
            via, to = (get_person(session, p["id"]) for p in paths[-1]["people"][:2])
            ask_intro(session, via, to, now=as_of - 2 * days, note="whether they hire this spring")
            record_step(session, company, "application", when=as_of - 9 * days, now=as_of, role=ROLES[n])
        elif n == 2:
            friend = next((p for p in paths if len(p["people"]) > 2), None)
            if friend is not None:  # a friend of a friend there: the user's friend says they know them
                first, there = get_person(session, friend["people"][0]["id"]), friend["people"][-1]
                state_tie(session, first, get_person(session, there["id"]), True, "climbing partners", as_of)
            start = max(week_start(as_of), as_of - 2 * days)
            for at in (start, as_of):
                record_step(session, company, "application", when=at, now=as_of, role=ROLES[n])
    return {"targets": companies}
