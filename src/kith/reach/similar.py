"""Organisations near a company, from the careers kith knows: where its people have also worked.

kith has no industry data, and guessing one from a company's name would be a guess. What it does know
is who worked where: two organisations that several people have both worked at (at any time, in either
order) draw on the same people, and someone at one of them is likely to know someone at the other. So
an organisation is *similar* to a company when at least ``MIN_SHARED`` people have had a role at both;
the more such people, the nearer it is. This is what ``kith reach --company`` offers, with the people
the user knows at those organisations now, when no warm path leads to the company itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.people.identities import name_key
from kith.store.schema import Organisation, Person, Role

#: people who worked at both, at the least, for two organisations to be called similar (one is a story)
MIN_SHARED = 2
#: the similar organisations considered, nearest first
SIMILAR = 3


@dataclass(frozen=True)
class Similar:
    """An organisation similar to a company: ``shared`` people have worked at both."""

    organisation_id: int
    name: str
    shared: int

    def words(self, company: str) -> str:
        """ "3 people have worked at both Beta and Acme"."""
        return f"{self.shared} people have worked at both {self.name} and {company}"


def similar_organisations(session: Session, company: str, limit: int = SIMILAR) -> list[Similar]:
    """The organisations most people of ``company`` (its exact name) have also worked at, nearest first;
    none when it is not among the user's organisations."""
    org_id = session.scalar(select(Organisation.id).where(Organisation.name_key == name_key(company)))
    if org_id is None:
        return []
    staff = select(Role.person_id).where(Role.organisation_id == org_id)
    shared = func.count(Role.person_id.distinct())
    found = session.execute(
        select(Organisation.id, Organisation.name, shared)
        .join(Organisation, Organisation.id == Role.organisation_id)
        .join(Person, Person.id == Role.person_id)
        .where(Role.person_id.in_(staff), Role.organisation_id != org_id, Person.is_me.is_(False))
        .group_by(Organisation.id, Organisation.name)
        .having(shared >= MIN_SHARED)
        .order_by(shared.desc(), Organisation.name, Organisation.id)
        .limit(limit)
    ).all()
    return [Similar(i, name, n) for i, name, n in found]


def people_now_at(session: Session, organisation_ids: list[int]) -> dict[int, list[int]]:
    """Who is at each organisation now (a role with no end), by organisation; not the user nor the
    archived."""
    if not organisation_ids:
        return {}
    found = session.execute(
        select(Role.organisation_id, Role.person_id)
        .join(Person, Person.id == Role.person_id)
        .where(
            Role.organisation_id.in_(organisation_ids),
            Role.ended_on.is_(None),
            Person.is_me.is_(False),
            Person.archived_at.is_(None),
        )
        .order_by(Role.organisation_id, Role.person_id)
    ).all()
    now: dict[int, list[int]] = {}
    for org, pid in found:
        if org is not None and pid not in now.setdefault(org, []):
            now[org].append(pid)
    return now
