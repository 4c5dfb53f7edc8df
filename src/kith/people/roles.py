"""Roles: where someone works and as what, over time.

A person's current role is the one without an end. Naming another company or title ends it and begins
a new one, with a ``job_change`` life event (which the agenda turns into a congratulation), so that a job
change stays visible as history. A change on the day the current role began is a correction instead: a
role added this morning as "Acme" and changed to "Globex" in the afternoon was a typo, not a job held for
a few hours, so the role itself is changed (and today's job change, if it made that role, with it). Such a
correction never leaves a zero-length role behind, which would read as "together at Acme" with everyone
else there.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.people.identities import name_key
from kith.store.schema import LifeEvent, Organisation, Person, Role
from kith.text import one_line


def organisation(session: Session, name: str) -> Organisation:
    """The organisation called ``name`` (matched on its normalised name), created when new."""
    key = name_key(name)
    org = session.scalar(select(Organisation).where(Organisation.name_key == key))
    if org is None:
        org = Organisation(name=one_line(name), name_key=key)
        session.add(org)
        session.flush()
    return org


def began_on(role: Role) -> date:
    """The day a role began as far as kith knows: its start, or the day kith learned of it."""
    if role.started_on is not None:
        return role.started_on
    return (role.seen_at or role.created_at).date()


def _words(role: Role) -> str:
    return " at ".join(x for x in (role.title, role.organisation.name if role.organisation else None) if x)


def _same(role: Role, company: str | None, title: str | None) -> bool:
    company_there = role.organisation.name if role.organisation else ""
    return name_key(company_there) == name_key(company or "") and (role.title or "") == (title or "")


def set_role(
    session: Session,
    person: Person,
    *,
    company: str | None,
    title: str | None,
    seen_at: datetime,
    source: str = "manual",
) -> bool:
    """Make (company, title) the person's current role; True when that changed anything.

    A different current role is ended rather than overwritten, and a ``job_change`` life event records
    the move, so that job changes stay visible and the agenda can suggest congratulations; a change on
    the day the current role began corrects that role instead (see the module's docstring).
    """
    company = one_line(company) or None
    title = one_line(title) or None
    current = person.current_role()
    if company is None and title is None:
        return False
    if current is not None and _same(current, company, title):
        return False
    today: date = seen_at.date()
    if current is not None and began_on(current) == today:
        _correct(session, person, current, company=company, title=title, today=today)
        return True
    org = organisation(session, company) if company else None
    if current is not None:
        current.ended_on = today
        after = " at ".join(x for x in (title, company) if x)
        session.add(
            LifeEvent(
                person_id=person.id,
                kind="job_change",
                occurred_at=seen_at,
                summary=f"{_words(current) or 'unknown role'} -> {after}",
                source=source,
            )
        )
    person.roles.append(
        Role(
            organisation=org,
            title=title,
            started_on=today if current else None,
            source=source,
            seen_at=seen_at,
        )
    )
    session.flush()
    return True


def _correct(
    session: Session, person: Person, role: Role, *, company: str | None, title: str | None, today: date
) -> None:
    """Correct the role that began ``today``: the job change that made it (today's) says the corrected
    role, or goes with it when the correction names the role it ended again (the change was a mistake)."""
    change = session.scalars(
        select(LifeEvent)
        .where(LifeEvent.person_id == person.id, LifeEvent.kind == "job_change")
        .order_by(LifeEvent.occurred_at.desc(), LifeEvent.id.desc())
    ).first()
    if change is None or change.occurred_at.date() != today or role.started_on != today:
        change = None
    ended = [r for r in person.roles if r is not role and r.ended_on == today]
    before = max(ended, key=lambda r: (r.seen_at or r.created_at, r.id)) if ended else None
    if change is not None and before is not None and _same(before, company, title):
        before.ended_on = None
        person.roles.remove(role)
        session.delete(role)
        session.delete(change)
        session.flush()
        return
    mistaken = role.organisation
    role.organisation = organisation(session, company) if company else None
    role.title = title
    if change is not None:
        old = change.summary.split(" -> ", 1)[0]
        change.summary = f"{old} -> {_words(role)}"
    session.flush()
    if mistaken is not None and mistaken is not role.organisation:
        _drop_if_unused(session, mistaken)


def _drop_if_unused(session: Session, org: Organisation) -> None:
    """Delete an organisation no role names any more (a company typed wrong and corrected), so that
    the mistake is not offered as a company kith knows."""
    if session.scalar(select(Role.id).where(Role.organisation_id == org.id).limit(1)) is None:
        session.delete(org)
        session.flush()
