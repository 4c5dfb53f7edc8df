"""The team's shared directory: one record per person the members know, and each member's tie with them.

What a member's private kith shares with the team is exactly this, and nothing else: for each person
they keep (not archived, not themselves), the person's name, current company and title, and the member's
tie with them (strength, circle, and the month of the last contact: not its day). Interactions, notes, favours, promises, the agenda and
the settings stay in the member's schema.

**One record per person across members.** Each member's people are published as they are
(``member_person``); the shared records are then made from all of them: two records are one person when
they share a key that identifies someone (an email address, a LinkedIn profile, or a name at a company:
``name:jane doe@acme``), directly or through a third. A person with none of these (a bare name) stays a
record of their own: two members' "Sam" are not assumed to be one. A shared record takes the name of the
earliest member's record (the lowest account) and the company and title of the strongest tie's record
(who knows them best knows where they are now). It keeps no key, so whose data it was made from shows
only through the ties; and as it is made again from what the members publish, a person a member forgets
leaves nothing of that member's behind.

**Publishing** (``publish``) replaces members' records with what their kiths say now, and makes the
shared records again (once for all the members published together); ``refresh`` publishes every member whose data changed since (the data's
fingerprint, ``kith.store.fingerprint``) or whose last publication is older than ``MAX_AGE`` (strengths
fade with time). A shared record keeps its id while any member's record of that person stays.
Publishing holds the team's write lock.

**Checking is cheap when nothing was written.** ``current`` remembers, per server process, the
database's snapshot (``pg_current_snapshot()``: which transactions had committed) taken just before a
check that found every publication current. While the database's snapshot is still that one, no
transaction has committed anywhere since, so every kith is as it was and the check's answer stands
(until the oldest publication is ``MAX_AGE`` old): one round trip instead of reading ten fingerprints.
Any write (a member's log, a publication, a token's use noted) moves the snapshot on, and the next check
reads the fingerprints again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Row, delete, insert, select
from sqlalchemy.orm import Session

from kith.people.identities import name_key
from kith.settings import Settings
from kith.store.db import transaction
from kith.store.fingerprint import fingerprint, fingerprints
from kith.store.schema import Identity, Organisation, Person, Role
from kith.team.store import (
    account,
    copy_rows,
    directory_member,
    directory_person,
    member_person,
    member_publish,
    team_transaction,
)
from kith.team.workspace import member_settings

#: a member's ties are published again at least this often: strengths fade while nothing is logged
MAX_AGE = timedelta(days=1)
#: the kinds of identity that name one person wherever they appear
IDENTIFYING = ("email", "linkedin")


@dataclass(frozen=True)
class Known:
    """One person of a member's kith, as the team may see them (``person_id``: in the member's kith)."""

    person_id: int
    name: str
    company: str | None
    title: str | None
    keys: tuple[str, ...]
    strength: float
    circle: str
    last_contact: datetime | None


def shared_view(session: Session, as_of: datetime) -> list[Known]:
    """What the member's kith (``session``: their schema) shares: each person they keep, with the keys
    that identify them and the member's tie."""
    from kith.strength.service import ties

    mine = ties(session, as_of)
    people = session.execute(
        select(Person.id, Person.name).where(Person.is_me.is_(False), Person.archived_at.is_(None))
    ).all()
    keys: dict[int, list[str]] = {}
    for pid, kind, value in session.execute(
        select(Identity.person_id, Identity.kind, Identity.value).where(Identity.kind.in_(IDENTIFYING))
    ):
        keys.setdefault(pid, []).append(f"{kind}:{value.lower()}")
    roles: dict[int, tuple[str | None, str | None]] = {}
    for pid, org, role_title in session.execute(
        select(Role.person_id, Organisation.name, Role.title)
        .join(Organisation, Organisation.id == Role.organisation_id)
        .where(Role.ended_on.is_(None))
        .order_by(Role.person_id, Role.id)
    ):
        roles[pid] = (org, role_title)  # the newest current role last
    found = []
    for pid, name in people:
        company, title = roles.get(pid, (None, None))
        own = keys.get(pid, [])
        if company and name_key(name):
            own.append(f"name:{name_key(name)}@{name_key(company)}")
        tie = mine.get(pid)
        found.append(
            Known(
                person_id=pid,
                name=name,
                company=company,
                title=title,
                keys=tuple(own),
                strength=tie.strength if tie else 0.0,
                circle=tie.circle if tie else "acquaintance",
                last_contact=_month(tie.last_contact) if tie else None,
            )
        )
    return found


def publish(settings: Settings, members: list[tuple[int, str]], as_of: datetime) -> int:
    """Publish the people of each member (their account id and the schema of their kith) as of
    ``as_of``, and make the shared records again, once for them all: how many people were published."""
    with team_transaction(settings, lock=True) as conn:
        return _publish(conn, settings, members, as_of)


def _publish(conn: Connection, settings: Settings, members: list[tuple[int, str]], as_of: datetime) -> int:
    """``publish`` over ``conn``, which holds the team's write lock."""
    views = []
    for account_id, schema in members:
        with transaction(member_settings(settings, schema), write=False) as session:
            views.append((account_id, fingerprint(session, team=False), shared_view(session, as_of)))
    ids = [account_id for account_id, _, _ in views]
    rows = [
        {
            "account_id": account_id,
            "local_id": k.person_id,
            "name": k.name,
            "company": k.company,
            "title": k.title,
            "keys": "\n".join(k.keys),
            "strength": k.strength,
            "circle": k.circle,
            "last_contact": k.last_contact,
        }
        for account_id, _, view in views
        for k in view
    ]
    conn.execute(delete(member_person).where(member_person.c.account_id.in_(ids)))
    if rows:
        copy_rows(conn, member_person, rows)
    conn.execute(delete(member_publish).where(member_publish.c.account_id.in_(ids)))
    if views:
        conn.execute(
            insert(member_publish),
            [
                {"account_id": account_id, "fingerprint": repr(print_), "published_at": as_of}
                for account_id, print_, _ in views
            ],
        )
    rebuild(conn)
    return len(rows)


def refresh(settings: Settings, as_of: datetime) -> int:
    """Publish every member whose kith changed since their last publication, or whose publication is
    older than ``MAX_AGE``; how many were published. This runs before every team question: the check
    (``stale``) takes no lock; a publication holds the team's write lock and checks again under it, so
    that questions asked at once wait for one publication rather than each making their own."""
    with team_transaction(settings) as conn:
        if not stale(conn, as_of):
            return 0
    with team_transaction(settings, lock=True) as conn:
        members = stale(conn, as_of)  # another process may have published them meanwhile
        if members:
            _publish(conn, settings, members, as_of)
        return len(members)


def published(conn: Connection) -> Sequence[Row]:
    """Every member (``id``, ``schema_name``) with their last publication (``fingerprint`` and
    ``published_at``, None before the first), over the team's connection ``conn``."""
    return conn.execute(
        select(
            account.c.id,
            account.c.schema_name,
            member_publish.c.fingerprint,
            member_publish.c.published_at,
        )
        .outerjoin(member_publish, member_publish.c.account_id == account.c.id)
        .order_by(account.c.id)
    ).all()


#: per database, the last check that found every publication current (see the module's text): the
#: database's snapshot before it, when the oldest publication reaches ``MAX_AGE``, and the members read
_CURRENT: dict[str, tuple[str, datetime, Sequence[Row]]] = {}


def current(conn: Connection, as_of: datetime) -> tuple[Sequence[Row], list[tuple[int, str]]]:
    """Every member (``published``'s rows) and those whose kith changed since their last publication
    (``stale``), over the team's connection ``conn`` (each statement committing on its own); the last
    check's answer when no transaction has committed in the database since it found none."""
    where = conn.engine.url.render_as_string(hide_password=True)
    seen = conn.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar()
    last = _CURRENT.get(where)
    if last is not None and last[0] == seen and as_of < last[1]:
        return last[2], []
    members = published(conn)
    found = stale(conn, as_of, members)
    if not found and members:
        _CURRENT[where] = (str(seen), min(m.published_at for m in members) + MAX_AGE, members)
    return members, found


def stale(conn: Connection, as_of: datetime, members: Sequence[Row] | None = None) -> list[tuple[int, str]]:
    """The members (account id, schema) whose kith changed since their last publication, or whose
    publication is older than ``MAX_AGE``. The members' fingerprints are read in one go, over the
    team's connection ``conn``; ``members``: ``published(conn)`` when the caller has read it."""
    members = published(conn) if members is None else members
    recent = [m for m in members if m.fingerprint is not None and as_of - m.published_at < MAX_AGE]
    now = fingerprints(conn, [m.schema_name for m in recent])
    unchanged = {m.id for m in recent if repr(now[m.schema_name]) == m.fingerprint}
    return [(m.id, m.schema_name) for m in members if m.id not in unchanged]


def rebuild(conn: Connection) -> None:
    """Make the shared records again from every member's published records (see the module's text)."""
    rows = conn.execute(
        select(member_person).order_by(member_person.c.account_id, member_person.c.local_id)
    ).all()
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, row in enumerate(rows):
        for key in filter(None, row.keys.split("\n")):
            j = first_with.setdefault(key, i)
            if j != i:
                a, b = root(i), root(j)
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    before = {
        (a, local): pid
        for pid, a, local in conn.execute(
            select(directory_member.c.person_id, directory_member.c.account_id, directory_member.c.local_id)
        )
    }
    conn.execute(delete(directory_person))
    people: list[dict] = []
    links: list[dict] = []
    taken: set[int] = set()
    fresh = max(before.values(), default=0)
    for members in groups.values():
        # a record keeps its id while any member's record of it stays (an intro request names it)
        old = sorted(
            {before[k] for i in members if (k := (rows[i].account_id, rows[i].local_id)) in before} - taken
        )
        if old:
            person_id = old[0]
        else:
            fresh += 1
            person_id = fresh
        taken.add(person_id)
        earliest = rows[members[0]]
        best = max((rows[i] for i in members), key=lambda r: (r.strength, -r.account_id))
        company = best.company or next((rows[i].company for i in members if rows[i].company), None)
        people.append(
            {
                "id": person_id,
                "name": earliest.name,
                "company": company,
                "company_key": name_key(company) if company else None,
                "title": best.title if best.company == company else None,
            }
        )
        links += [
            {"person_id": person_id, "account_id": rows[i].account_id, "local_id": rows[i].local_id}
            for i in members
        ]
    if people:
        copy_rows(conn, directory_person, people)
        copy_rows(conn, directory_member, links)


def _month(when: datetime | None) -> datetime | None:
    """The month of a last contact, all the team is told of it ("this month", "in May 2026"): the day
    of a member's coffee is theirs."""
    return None if when is None else datetime(when.year, when.month, 1, tzinfo=UTC)
