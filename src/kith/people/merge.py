"""Merging a duplicate into the person to keep, and forgetting a person with everything only about them."""

from __future__ import annotations

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.store.schema import (
    AgendaMark,
    Commitment,
    Connection,
    DuplicateProposal,
    Education,
    Favour,
    HelpRequest,
    HelpRequestRecipient,
    Identity,
    Interaction,
    InteractionParticipant,
    Intro,
    Invitation,
    JobEvent,
    LifeEvent,
    Note,
    Organisation,
    PastTieCache,
    Person,
    PersonTag,
    Role,
    StatedTie,
    Tag,
    TieCache,
)
from kith.store.undo import clear, undoable

# ---------------------------------------------------------------------------------------------- merge


def check_merge(keep: Person, other: Person) -> None:
    """BadInput when ``other`` cannot be folded into ``keep`` (the same person, or the user)."""
    if keep.id == other.id:
        raise BadInput("cannot merge a person with themselves")
    if keep.is_me or other.is_me:
        # moving someone's history onto the user would make the user a participant of their own
        # interactions and a party to their own favours
        raise BadInput(
            "cannot merge someone with you; if they are a copy of you, forget them "
            "and add their email or profile to yours (kith me)"
        )


def namesakes_apart(keep: Person, other: Person) -> tuple[str, str]:
    """How to call the two people of a merge: their names, with their numbers when the names are the
    same (merging duplicates: "merge Sam Lee (#13) into Sam Lee (#3)", not "Sam Lee into Sam Lee")."""
    if keep.name != other.name:
        return keep.name, other.name
    return f"{keep.name} (#{keep.id})", f"{other.name} (#{other.id})"


@undoable(lambda keep, other, **_: "merge {1} into {0}".format(*namesakes_apart(keep, other)))
def merge_people(session: Session, keep: Person, other: Person) -> Person:
    """Fold ``other`` into ``keep``: identities, roles, history, ledger, tags; then delete ``other``."""
    check_merge(keep, other)
    kid, oid = keep.id, other.id

    # identities cannot collide (unique per kind), so they move as they are
    session.execute(update(Identity).where(Identity.person_id == oid).values(person_id=kid))
    session.execute(update(Role).where(Role.person_id == oid).values(person_id=kid))
    session.execute(update(LifeEvent).where(LifeEvent.person_id == oid).values(person_id=kid))
    session.execute(update(Note).where(Note.person_id == oid).values(person_id=kid))  # dates kept
    kept_platforms = set(session.scalars(select(Connection.platform).where(Connection.person_id == kid)))
    for conn in session.scalars(select(Connection).where(Connection.person_id == oid)).all():
        if conn.platform in kept_platforms:
            mine = session.scalar(
                select(Connection).where(Connection.person_id == kid, Connection.platform == conn.platform)
            )
            if (
                mine
                and conn.connected_on
                and (not mine.connected_on or conn.connected_on < mine.connected_on)
            ):
                mine.connected_on = conn.connected_on
            session.delete(conn)
        else:
            conn.person_id = kid
    _move_link_rows(session, InteractionParticipant, "interaction_id", kid, oid)
    _move_link_rows(session, PersonTag, "tag_id", kid, oid)
    _move_link_rows(session, HelpRequestRecipient, "request_id", kid, oid)
    session.execute(update(Favour).where(Favour.giver_id == oid).values(giver_id=kid))
    session.execute(update(Favour).where(Favour.receiver_id == oid).values(receiver_id=kid))
    # the duplicate's person-level agenda marks refer to an id that is going away
    session.execute(
        delete(AgendaMark).where(
            AgendaMark.item_key.like(f"%:{oid}"), ~AgendaMark.item_key.like("commitment:%")
        )
    )
    session.execute(update(Commitment).where(Commitment.person_id == oid).values(person_id=kid))
    session.execute(update(Invitation).where(Invitation.person_id == oid).values(person_id=kid))
    session.execute(update(Person).where(Person.met_via_id == oid).values(met_via_id=kid))
    _move_stated_ties(session, kid, oid)
    session.execute(update(Education).where(Education.person_id == oid).values(person_id=kid))
    session.execute(update(Intro).where(Intro.via_id == oid).values(via_id=kid))
    session.execute(update(Intro).where(Intro.target_id == oid).values(target_id=kid))
    session.execute(update(JobEvent).where(JobEvent.person_id == oid).values(person_id=kid))
    session.execute(
        delete(DuplicateProposal).where(
            or_(DuplicateProposal.person_a_id == oid, DuplicateProposal.person_b_id == oid)
        )
    )
    for attr in ("how_met", "closeness", "liked", "cadence_days", "birthday", "anniversary"):
        if getattr(keep, attr) is None:
            setattr(keep, attr, getattr(other, attr))
    if keep.met_via_id is None and other.met_via_id not in (None, kid):
        keep.met_via_id = other.met_via_id
    if other.created_at and keep.created_at and other.created_at < keep.created_at:
        keep.created_at = other.created_at
    session.flush()
    session.expunge(other)
    session.execute(delete(Person).where(Person.id == oid))
    session.expire(keep)
    from kith.strength.aggregates import invalidate

    invalidate(session)  # their interactions now count for ``keep``: strength sums are recomputed
    return keep


def _move_stated_ties(session: Session, kid: int, oid: int) -> None:
    """The user's word on who the duplicate knows becomes the kept person's, where they said nothing on
    that pair themselves; a word on the two of them knowing each other goes."""
    said = {
        (t.person_a_id, t.person_b_id)
        for t in session.scalars(
            select(StatedTie).where(or_(StatedTie.person_a_id == kid, StatedTie.person_b_id == kid))
        )
    }
    for tie in session.scalars(
        select(StatedTie).where(or_(StatedTie.person_a_id == oid, StatedTie.person_b_id == oid))
    ).all():
        other = tie.person_b_id if tie.person_a_id == oid else tie.person_a_id
        pair = (min(kid, other), max(kid, other))
        if other == kid or pair in said:
            session.delete(tie)
            continue
        tie.person_a_id, tie.person_b_id = pair
        said.add(pair)
    session.flush()


def _move_link_rows(session: Session, model, other_key: str, kid: int, oid: int) -> None:
    """Re-point a (person, thing) link table from oid to kid, dropping rows kid already has."""
    key_col = getattr(model, other_key)
    kept = select(key_col).where(model.person_id == kid)
    session.execute(delete(model).where(model.person_id == oid, key_col.in_(kept)))
    session.execute(update(model).where(model.person_id == oid).values(person_id=kid))


def _delete_agenda_marks(session: Session, pid: int) -> None:
    """Drop the agenda marks about a person: "KIND:PID" items and their commitments' items."""
    commitment_keys = [
        f"commitment:{cid}"
        for cid in session.scalars(select(Commitment.id).where(Commitment.person_id == pid))
    ]
    session.execute(
        delete(AgendaMark).where(
            or_(
                and_(AgendaMark.item_key.like(f"%:{pid}"), ~AgendaMark.item_key.like("commitment:%")),
                AgendaMark.item_key.in_(commitment_keys),
            )
        )
    )


# ---------------------------------------------------------------------------------------------- forget


def forget_person(session: Session, person: Person) -> dict[str, int]:
    """Delete a person and everything only about them; returns what was removed, by kind.

    Gone: their identities, roles, connections, notes, tags and organisations no one else has, life events,
    invitations, promises, favours, interactions only with them, help requests sent only to them, agenda
    marks, duplicate proposals and every strength-cache row of theirs. Interactions they shared with
    others stay, without them, and so do help requests also sent to others: what the user wrote on those
    (a group lunch's notes naming them) is the one thing left (README, "forget"). Once the transaction
    commits, the database file is vacuumed so the deleted bytes are gone from disk too
    (``kith.store.erase``).
    """
    if person.is_me:
        raise BadInput("kith cannot forget the user; edit 'me' instead")
    pid = person.id
    from kith.store.erase import erase_after_commit

    erase_after_commit(session)  # once the deletes below commit, their bytes are overwritten
    solo = (
        select(InteractionParticipant.interaction_id)
        .group_by(InteractionParticipant.interaction_id)
        .having(func.count() == 1)
        .where(
            InteractionParticipant.interaction_id.in_(
                select(InteractionParticipant.interaction_id).where(InteractionParticipant.person_id == pid)
            )
        )
    )
    solo_ids = list(session.scalars(solo))
    removed = {
        "interactions": len(solo_ids),
        "favours": session.scalar(
            select(func.count())
            .select_from(Favour)
            .where(or_(Favour.giver_id == pid, Favour.receiver_id == pid))
        )
        or 0,
        "commitments": session.scalar(
            select(func.count()).select_from(Commitment).where(Commitment.person_id == pid)
        )
        or 0,
    }
    notes = session.scalar(select(func.count()).select_from(Note).where(Note.person_id == pid)) or 0
    organisations = set(
        session.scalars(
            select(Role.organisation_id).where(Role.person_id == pid, Role.organisation_id.is_not(None))
        )
    )
    tags = set(session.scalars(select(PersonTag.tag_id).where(PersonTag.person_id == pid)))
    asked = select(HelpRequestRecipient.request_id).where(HelpRequestRecipient.person_id == pid)
    only_them = list(
        session.scalars(
            select(HelpRequestRecipient.request_id)
            .where(HelpRequestRecipient.request_id.in_(asked))
            .group_by(HelpRequestRecipient.request_id)
            .having(func.count() == 1)
        )
    )
    for start in range(0, len(solo_ids), 500):
        session.execute(delete(Interaction).where(Interaction.id.in_(solo_ids[start : start + 500])))
    session.execute(delete(Favour).where(or_(Favour.giver_id == pid, Favour.receiver_id == pid)))
    session.execute(delete(HelpRequest).where(HelpRequest.id.in_(only_them)))
    _delete_agenda_marks(session, pid)
    session.execute(update(Person).where(Person.met_via_id == pid).values(met_via_id=None))
    # the strength caches' rows of pairs with them (``a_id`` has no foreign key: 0 is the user)
    for table in (TieCache, PastTieCache):
        session.execute(delete(table).where(or_(table.a_id == pid, table.b_id == pid)))
    session.expunge(person)
    # the remaining rows about them (identities, roles, links...) go by ON DELETE CASCADE
    session.execute(delete(Person).where(Person.id == pid))
    # organisations and tags that were theirs alone
    session.execute(
        delete(Organisation).where(
            Organisation.id.in_(organisations),
            ~Organisation.id.in_(select(Role.organisation_id).where(Role.organisation_id.is_not(None))),
        )
    )
    session.execute(delete(Tag).where(Tag.id.in_(tags), ~Tag.id.in_(select(PersonTag.tag_id))))
    from kith.strength.aggregates import invalidate

    invalidate(session)  # the shared interactions lost a participant: the sums are recomputed
    if only_them:
        removed["help requests"] = len(only_them)
    if notes:
        removed["notes"] = notes
    # forgetting cannot be undone, and leaves nothing of them in the undo history
    clear(session, "forgetting a person")
    return removed
