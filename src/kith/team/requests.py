"""Asking a colleague for an introduction, across the team.

Team reach (``kith.team.reach``) names the colleagues who know someone at a company. A member asks one
of them (``ask``) to introduce them to one of those people (a shared record's id, as team reach gives it):
the request names the colleague's own record of that person, so it lands on the colleague's agenda as
something to do about someone they know ("ada@firm.example asks you to introduce them to Tom Lee").
The colleague accepts or declines it (``answer``), with a word if they like; accepting records a promise
in their own kith, to the person ("introduce ada@firm.example to Tom Lee", due in a week), so the
introduction they agreed to make stays on their agenda until they keep it. The asker may withdraw it
while it is open. Each sees only the requests they made or received: another member's request answers
as one that does not exist.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, func, insert, select, text, update
from sqlalchemy.orm import Session

from kith.errors import AmbiguousPerson, BadInput, Conflict, NotFound
from kith.people.identities import name_key
from kith.settings import Settings
from kith.team.accounts import get_member
from kith.team.directory import refresh
from kith.team.reach import member_id
from kith.team.store import (
    SCHEMA,
    account,
    colleague_ask,
    directory_member,
    directory_person,
    member_person,
    team_transaction,
)

STATES = ("asked", "accepted", "declined", "withdrawn")
MAX_NOTE = 2000


def ask(settings: Settings, colleague: str, person: int | str, note: str | None, now: datetime) -> dict:
    """Ask ``colleague`` (an email) to introduce the member of ``settings`` to ``person``, whom the
    colleague knows: a shared record's id (``#12`` or ``12``) or the name the team knows them by; the
    request."""
    me = member_id(settings)
    them = get_member(settings, colleague)
    if them.id == me:
        raise BadInput("you cannot ask yourself for an introduction")
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise BadInput(f"the note is too long: at most {MAX_NOTE} characters")
    refresh(settings, now)  # whom the colleague knows as they are now (nothing to do when unchanged)
    with team_transaction(settings) as conn:
        # whom they know as team reach offers them: some contact, not a connection alone (that is not a
        # way in, and asking about it would put on their agenda, and tell, whom they merely collected)
        known = (
            select(directory_member.c.local_id, directory_person.c.name, directory_person.c.id)
            .join(directory_person, directory_person.c.id == directory_member.c.person_id)
            .join(
                member_person,
                (member_person.c.account_id == directory_member.c.account_id)
                & (member_person.c.local_id == directory_member.c.local_id),
            )
            .where(directory_member.c.account_id == them.id, member_person.c.strength > 0)
        )
        if isinstance(person, int) or person.strip().lstrip("#").isdigit():
            number = int(str(person).strip().lstrip("#"))
            found = conn.execute(known.where(directory_member.c.person_id == number)).all()
        else:  # a name: the people of that name the colleague knows
            key = name_key(person)
            found = [r for r in conn.execute(known) if name_key(r.name) == key]
        if not found:
            raise NotFound(f"{them.email} does not know {_said(person)}", hint="see kith reach --company")
        if len({r.id for r in found}) > 1:
            raise AmbiguousPerson(
                str(person), [f"{r.name} (#{r.id})" for r in found], ids=[r.id for r in found]
            )
        local_id, name, _ = found[0]
        open_ = conn.execute(
            select(colleague_ask.c.id, colleague_ask.c.state).where(
                colleague_ask.c.from_account == me,
                colleague_ask.c.to_account == them.id,
                colleague_ask.c.local_id == local_id,
                colleague_ask.c.state.in_(("asked", "accepted")),
            )
        ).first()
        if open_ is not None:
            already = "asked" if open_.state == "asked" else "asked, and they accepted:"
            raise Conflict(
                f"you have already {already} {them.email} to introduce you to {name} (request {open_.id})"
            )
        new_id = conn.execute(
            insert(colleague_ask)
            .values(
                from_account=me,
                to_account=them.id,
                local_id=local_id,
                person_name=name,
                note=note,
                state="asked",
                asked_at=now,
            )
            .returning(colleague_ask.c.id)
        ).scalar_one()
        return _one(conn, me, new_id)


def answer(settings: Settings, request_id: int, accept: bool, words: str | None, now: datetime) -> dict:
    """Accept or decline the open request ``request_id`` made to the member of ``settings``. Accepting
    also records the member's promise to the person (``promise``: its record, or None when the person
    is no longer in their kith); the promise is kept only if the answer is."""
    from kith.commitments import add_commitment, commitment_record
    from kith.store.db import transaction
    from kith.store.schema import Person

    me = member_id(settings)
    words = (words or "").strip() or None
    if words is not None and len(words) > MAX_NOTE:
        raise BadInput(f"the answer is too long: at most {MAX_NOTE} characters")
    # the member's transaction ends last: a refused answer leaves no promise behind
    with transaction(settings, write=accept) as session, team_transaction(settings) as conn:
        record = _one(conn, me, request_id)
        if record["to"] != _email(conn, me):
            raise NotFound(f"there is no request {request_id} to you")
        if record["state"] != "asked":
            raise Conflict(f"request {request_id} is {record['state']} already")
        conn.execute(
            update(colleague_ask)
            .where(colleague_ask.c.id == request_id)
            .values(state="accepted" if accept else "declined", answered_at=now, answer=words)
        )
        promise = None
        person = session.get(Person, _local_id(conn, request_id)) if accept else None
        if person is not None:
            text = f"introduce {record['from']} to {person.name} (their request {request_id})"
            promise = commitment_record(add_commitment(session, person, text, now=now), now)
        return _one(conn, me, request_id) | {"promise": promise}


def _local_id(conn: Connection, request_id: int) -> int:
    """The asked member's own id of the person a request is about."""
    return conn.execute(select(colleague_ask.c.local_id).where(colleague_ask.c.id == request_id)).scalar_one()


def withdraw(settings: Settings, request_id: int, now: datetime) -> dict:
    """Withdraw the open request ``request_id`` the member of ``settings`` made."""
    me = member_id(settings)
    with team_transaction(settings) as conn:
        record = _one(conn, me, request_id)
        if record["from"] != _email(conn, me):
            raise NotFound(f"there is no request {request_id} of yours")
        if record["state"] != "asked":
            raise Conflict(f"request {request_id} is {record['state']} already")
        conn.execute(
            update(colleague_ask)
            .where(colleague_ask.c.id == request_id)
            .values(state="withdrawn", answered_at=now)
        )
        return _one(conn, me, request_id)


def requests(settings: Settings) -> dict:
    """The requests made to the member of ``settings`` (``to_me``) and by them (``from_me``), newest
    first."""
    me = member_id(settings)
    with team_transaction(settings) as conn:
        found = [
            _record(r)
            for r in conn.execute(
                _listing().where((colleague_ask.c.from_account == me) | (colleague_ask.c.to_account == me))
            )
        ]
        mine = _email(conn, me)
    return {
        "to_me": [r for r in found if r["to"] == mine],
        "from_me": [r for r in found if r["from"] == mine],
    }


def open_asks_here(session: Session) -> list[dict]:
    """The open requests made to the member whose kith ``session`` works in (its schema), for their
    agenda; none outside a team."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    conn = session.connection()
    if not conn.execute(
        text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"{SCHEMA}.colleague_ask"}
    ).scalar():
        return []
    me = conn.execute(select(account.c.id).where(account.c.schema_name == func.current_schema())).scalar()
    if me is None:
        return []
    rows = conn.execute(_listing().where(colleague_ask.c.to_account == me, colleague_ask.c.state == "asked"))
    return [_record(r) | {"local_id": r.local_id} for r in rows]


def _listing():
    asker, asked = account.alias("asker"), account.alias("asked")
    return (
        select(colleague_ask, asker.c.email.label("from_email"), asked.c.email.label("to_email"))
        .join(asker, asker.c.id == colleague_ask.c.from_account)
        .join(asked, asked.c.id == colleague_ask.c.to_account)
        .order_by(colleague_ask.c.asked_at.desc(), colleague_ask.c.id.desc())
    )


def _one(conn: Connection, me: int, request_id: int) -> dict:
    """Request ``request_id`` when the member ``me`` made or received it; NotFound otherwise."""
    row = conn.execute(
        _listing().where(
            colleague_ask.c.id == request_id,
            and_((colleague_ask.c.from_account == me) | (colleague_ask.c.to_account == me)),
        )
    ).first()
    if row is None:
        raise NotFound(f"there is no request {request_id} of yours or to you")
    return _record(row)


def _email(conn: Connection, account_id: int) -> str:
    return conn.execute(select(account.c.email).where(account.c.id == account_id)).scalar_one()


def _record(row) -> dict:
    return {
        "id": row.id,
        "from": row.from_email,
        "to": row.to_email,
        "person": row.person_name,
        "note": row.note,
        "state": row.state,
        "asked_at": row.asked_at.isoformat(),
        "answered_at": row.answered_at.isoformat() if row.answered_at else None,
        "answer": row.answer,
    }


def _said(person: int | str) -> str:
    text = str(person).strip()
    return f"the person #{text.lstrip('#')}" if text.lstrip("#").isdigit() else repr(text)
