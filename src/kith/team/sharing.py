"""A note or an interaction a member shares with the team, explicitly, and can unshare.

Everything in a member's kith is private to them; sharing one note about a person, or one interaction
("coffee with Tom Lee: he is hiring a data lead"), lets every member of the team read that one thing.
The team keeps only which item was shared (``kith_team.shared_item``), never a copy: it is read from
the member's kith when shown, as it is then, so an edit shows at once, and a deleted or forgotten item
is shown no more. Unsharing removes it from the team's view at once.

What a shared item shows: who shared it, the kind, when it happened (or the note was written), its text
(an interaction's summary and notes; a note's text) and the people it is about, each with their shared
record's id (``kith.team.directory``) when they have one, so that team reach can show what colleagues
shared about the people they know.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.settings import Settings
from kith.store.db import transaction
from kith.store.schema import Interaction, InteractionParticipant, Note, Person
from kith.team.reach import member_id
from kith.team.store import account, directory_member, shared_item, team_transaction
from kith.team.workspace import member_settings

KINDS = ("note", "interaction")


def _check(kind: str) -> str:
    if kind not in KINDS:
        raise BadInput(f"share a note or an interaction, not {kind!r}")
    return kind


def share(settings: Settings, kind: str, local_id: int, now: datetime) -> dict:
    """Share the member's ``kind`` (note or interaction) ``local_id`` with the team; the shared item (the
    same one when it is shared already)."""
    me = member_id(settings)
    _check(kind)
    with transaction(settings, write=False) as session:
        found = session.get(Note if kind == "note" else Interaction, local_id)
    if found is None:
        raise NotFound(f"there is no {kind} {local_id} in your kith")
    try:
        with team_transaction(settings) as conn:
            conn.execute(
                insert(shared_item).values(account_id=me, kind=kind, local_id=local_id, shared_at=now)
            )
    except IntegrityError:
        pass  # shared already: sharing it again changes nothing
    [item] = [i for i in shared(settings, mine_only=True) if (i["kind"], i["local_id"]) == (kind, local_id)]
    return item


def unshare(settings: Settings, kind: str, local_id: int) -> None:
    """Stop sharing the member's ``kind`` ``local_id``; NotFound when it is not shared."""
    me = member_id(settings)
    _check(kind)
    with team_transaction(settings) as conn:
        gone = conn.execute(
            delete(shared_item).where(
                shared_item.c.account_id == me, shared_item.c.kind == kind, shared_item.c.local_id == local_id
            )
        ).rowcount
    if not gone:
        raise NotFound(f"your {kind} {local_id} is not shared with the team")


def shared_by(session: Session, account_id: int) -> frozenset[tuple[str, int]]:
    """Which of the member's (``account_id``) notes and interactions are shared, as (kind, id): what their
    pages mark as shared. Read in ``session``, the member's own transaction on the team's database (the
    team's tables are in a schema of their own there), so a page pays one statement for it."""
    rows = session.execute(
        select(shared_item.c.kind, shared_item.c.local_id).where(shared_item.c.account_id == account_id)
    ).all()
    return frozenset((kind, local_id) for kind, local_id in rows)


def shared(settings: Settings, *, mine_only: bool = False) -> list[dict]:
    """What the team's members have shared (``mine_only``: the member of ``settings`` has), newest first;
    items deleted since are left out."""
    me = member_id(settings)
    with team_transaction(settings) as conn:
        query = (
            select(shared_item, account.c.email, account.c.schema_name)
            .join(account, account.c.id == shared_item.c.account_id)
            .order_by(shared_item.c.shared_at.desc(), shared_item.c.id.desc())
        )
        if mine_only:
            query = query.where(shared_item.c.account_id == me)
        rows = conn.execute(query).all()
        records = dict(
            (((a, local), pid) for pid, a, local in conn.execute(select(directory_member)).all())
            if rows
            else ()
        )
    by_member: dict[str, list] = defaultdict(list)
    for row in rows:
        by_member[row.schema_name].append(row)
    items: dict[int, dict] = {}
    for schema, their in by_member.items():
        with transaction(member_settings(settings, schema), write=False) as session:
            for row in their:
                read = _read(session, row.kind, row.local_id)
                if read is None:
                    continue
                people = [
                    {"name": name, "person": records.get((row.account_id, pid))}
                    for pid, name in read.pop("people")
                ]
                items[row.id] = {
                    "id": row.id,
                    "from": row.email,
                    "yours": row.account_id == me,
                    "kind": row.kind,
                    "local_id": row.local_id,
                    "shared_at": row.shared_at.isoformat(),
                    **read,
                    "people": people,
                }
    return [items[row.id] for row in rows if row.id in items]


def _read(session, kind: str, local_id: int) -> dict | None:
    """The item as it is now in the member's kith (``session``), or None when it is gone."""
    if kind == "note":
        note = session.get(Note, local_id)
        if note is None:
            return None
        person = session.get(Person, note.person_id)
        return {"when": note.written_at.isoformat(), "text": note.text, "people": [(person.id, person.name)]}
    interaction = session.get(Interaction, local_id)
    if interaction is None:
        return None
    people = session.execute(
        select(Person.id, Person.name)
        .join(InteractionParticipant, InteractionParticipant.person_id == Person.id)
        .where(InteractionParticipant.interaction_id == local_id)
        .order_by(Person.name)
    ).all()
    text = " ".join(t for t in (interaction.summary, interaction.notes) if t) or None
    return {
        "when": interaction.occurred_at.isoformat(),
        "text": f"{interaction.kind}{': ' + text if text else ''}",
        "people": [tuple(p) for p in people],
    }
