"""People: adding, finding, editing, merging and forgetting them, and the user ("me") among them.

NAME resolution (``resolve``) is how every command turns what the user typed into one person: ``#12``
(an id), an email, phone or LinkedIn URL (exact identity), an exact name, then an unambiguous fuzzy match
on names and identities (rapidfuzz). It never picks someone silently: an ambiguous or unknown NAME raises
with the candidates listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, delete, func, or_, select, true, type_coerce, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kith.errors import AmbiguousPerson, BadInput, Conflict, NotFound, UnknownPerson
from kith.identities import (
    clean_name,
    guess_identity_kind,
    name_key,
    normalize_identity,
)
from kith.store import get_row
from kith.store.db import rows
from kith.store.schema import (
    AgendaMark,
    Commitment,
    Connection,
    DuplicateProposal,
    Favour,
    HelpRequestRecipient,
    Identity,
    Interaction,
    InteractionParticipant,
    Invitation,
    LifeEvent,
    Organisation,
    Person,
    PersonTag,
    Role,
    Tag,
    UTCDateTime,
)
from kith.text import one_line, safe_text

#: fuzzy scores (rapidfuzz WRatio, 0-100) at or above this count as a match
FUZZY_MATCH = 86
#: a fuzzy match is unambiguous when no other person scores within this many points of it
FUZZY_MARGIN = 4
#: candidates shown for an unknown NAME score at least this
FUZZY_SUGGEST = 60


def describe(person: Person) -> str:
    """A short label that tells two people apart: "Jane Doe (Acme, jane@x.com, #12)"."""
    role = person.current_role()
    bits = []
    if role and role.organisation:
        bits.append(role.organisation.name)
    emails = person.emails()
    if emails:
        bits.append(emails[0])
    bits.append(f"#{person.id}")
    return f"{person.name} ({', '.join(bits)})"


# ---------------------------------------------------------------------------------------------- lookup


def get_person(session: Session, person_id: int) -> Person:
    person = get_row(session, Person, person_id)
    if person is None:
        raise NotFound(f"no person #{person_id}")
    return person


def find_by_identity(session: Session, kind: str, value: str) -> Person | None:
    """The person holding an identity (value already normalised), or None."""
    return session.scalar(select(Person).join(Identity).where(Identity.kind == kind, Identity.value == value))


def resolve(session: Session, query: str, *, include_me: bool = False) -> Person:
    """The one person ``query`` names; UnknownPerson or AmbiguousPerson otherwise."""
    text = (query or "").strip()
    if not text:
        raise BadInput("a NAME cannot be empty")
    if text.lower() == "me":
        me = get_me(session)
        if me is None:
            raise NotFound("'me' is not set yet; run: kith me --name 'Your Name'")
        return me
    if text.startswith("#") and text[1:].isdigit():
        return get_person(session, int(text[1:]))

    kind = guess_identity_kind(text)
    if kind is not None:
        try:
            person = find_by_identity(session, kind, normalize_identity(kind, text))
        except BadInput:
            person = None
        if person is not None:
            return person

    me_filter = [] if include_me else [Person.is_me.is_(False)]
    exact = session.scalars(
        select(Person).where(Person.name_key == name_key(text), *me_filter).order_by(Person.id)
    ).all()
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise AmbiguousPerson(text, [describe(p) for p in exact])
    return _fuzzy_resolve(session, text, me_filter)


def _fuzzy_resolve(session: Session, text: str, me_filter: list) -> Person:
    from rapidfuzz import fuzz, process, utils

    choices: dict[tuple[int, int], str] = {}
    for i, (pid, pname) in enumerate(session.execute(select(Person.id, Person.name_key).where(*me_filter))):
        choices[(pid, i)] = pname
    identity_rows = session.execute(
        select(Identity.person_id, Identity.value, Identity.id)
        .join(Person)
        .where(Identity.kind.in_(("email", "linkedin", "twitter", "github", "handle")), *me_filter)
    )
    for pid, value, iid in identity_rows:
        choices[(pid, -iid)] = value.lower()
    matches = process.extract(
        name_key(text),
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=40,
        score_cutoff=FUZZY_SUGGEST,
    )
    best: dict[int, float] = {}
    for _choice, score, (pid, _i) in matches:
        best[pid] = max(best.get(pid, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= FUZZY_MATCH:
        close = [pid for pid, score in ranked if score >= ranked[0][1] - FUZZY_MARGIN]
        if len(close) == 1:
            return get_person(session, close[0])
        people = [get_person(session, pid) for pid in close[:8]]
        raise AmbiguousPerson(text, [describe(p) for p in people], more=len(close) - len(people))
    raise UnknownPerson(text, [describe(get_person(session, pid)) for pid, _ in ranked[:5]])


# ---------------------------------------------------------------------------------------------- me


def get_me(session: Session) -> Person | None:
    return session.scalar(select(Person).where(Person.is_me.is_(True)).order_by(Person.id).limit(1))


#: the user's id (built once: every person page asks, see ``kith.store.db.rows``)
ME_ID = select(Person.id).where(Person.is_me.is_(True)).order_by(Person.id).limit(1)


def me_id(session: Session) -> int | None:
    """The user's person id (None while "me" is not set), without loading the person."""
    return rows(session, ME_ID).scalar()


def ensure_me(session: Session) -> Person:
    """The user's own person, created with the name "Me" when not set yet."""
    me = get_me(session)
    if me is None:
        me = Person(name="Me", name_key=name_key("Me"), is_me=True)
        session.add(me)
        session.flush()
    return me


def set_me(
    session: Session,
    *,
    name: str | None = None,
    emails: Iterable[str] = (),
    linkedin: str | None = None,
) -> Person:
    """Set who the user is; an email or profile that belongs to someone else is a Conflict."""
    me = ensure_me(session)
    if name is not None:
        me.name = clean_name(name)
        me.name_key = name_key(me.name)
    for email in emails:
        add_identity(session, me, "email", email)
    if linkedin:
        add_identity(session, me, "linkedin", linkedin)
    session.flush()
    return me


# ---------------------------------------------------------------------------------------------- writing


def add_identity(session: Session, person: Person, kind: str, raw: str, source: str = "manual") -> bool:
    """Attach an identity; False when the person already has it, Conflict when someone else does."""
    value = normalize_identity(kind, raw)
    owner = find_by_identity(session, kind, value)
    if owner is not None:
        if owner.id == person.id:
            return False
        raise Conflict(f"{kind} {value} already belongs to {describe(owner)}")
    person.identities.append(Identity(kind=kind, value=value, source=source))
    session.flush()
    return True


def organisation(session: Session, name: str) -> Organisation:
    """The organisation called ``name`` (matched on its normalised name), created when new."""
    key = name_key(name)
    org = session.scalar(select(Organisation).where(Organisation.name_key == key))
    if org is None:
        org = Organisation(name=one_line(name), name_key=key)
        session.add(org)
        session.flush()
    return org


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
    the move, so that job changes stay visible and the agenda can suggest congratulations.
    """
    company = one_line(company) or None
    title = one_line(title) or None
    current = person.current_role()
    current_company = current.organisation.name if current and current.organisation else None
    current_title = current.title if current else None
    if current is not None:
        same_company = name_key(current_company or "") == name_key(company or "")
        if same_company and (current_title or "") == (title or ""):
            return False
        if company is None and title is None:
            return False
    elif company is None and title is None:
        return False
    org = organisation(session, company) if company else None
    today: date = seen_at.date()
    if current is not None:
        current.ended_on = today
        before = " at ".join(x for x in (current_title, current_company) if x)
        after = " at ".join(x for x in (title, company) if x)
        session.add(
            LifeEvent(
                person_id=person.id,
                kind="job_change",
                occurred_at=seen_at,
                summary=f"{before or 'unknown role'} -> {after}",
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


def tag_label(name: str) -> str:
    """A tag as kith stores and compares it: spaces collapsed, lower case."""
    return one_line(name).lower()


def tag(session: Session, person: Person, name: str, kind: str = "tag") -> None:
    """Put a tag (interest, group...) on a person."""
    label = tag_label(name)
    if not label:
        raise BadInput("a tag cannot be empty")
    existing = session.scalar(select(Tag).where(Tag.name == label))
    if existing is None:
        existing = Tag(name=label, kind=kind)
        session.add(existing)
        session.flush()
    if existing not in person.tags:
        person.tags.append(existing)


def untag(session: Session, person: Person, name: str) -> None:
    label = tag_label(name)
    person.tags = [t for t in person.tags if t.name != label]


@dataclass
class PersonFields:
    """What ``kith add`` and ``kith edit`` can set; None (or empty) leaves a field as it is."""

    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phone: str | None = None
    company: str | None = None
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    untags: list[str] = field(default_factory=list)
    linkedin: str | None = None
    met_via: str | None = None
    note: str | None = None
    how_met: str | None = None
    closeness: float | None = None
    cadence_days: int | None = None


def add_person(
    session: Session, fields: PersonFields, *, now: datetime, allow_duplicate: bool = False
) -> Person:
    """Add a new person; a Conflict when the name exists already (unless ``allow_duplicate``)."""
    name = clean_name(fields.name or "")
    if not allow_duplicate:
        same = session.scalars(
            select(Person).where(Person.name_key == name_key(name), Person.is_me.is_(False))
        ).first()
        if same is not None:
            raise Conflict(
                f"{describe(same)} already exists; change them with kith edit, or pass --allow-duplicate"
            )
    person = Person(name=name, name_key=name_key(name), created_at=now)
    session.add(person)
    session.flush()
    apply_fields(session, person, PersonFields(**{**fields.__dict__, "name": None}), now=now)
    return person


def apply_fields(session: Session, person: Person, fields: PersonFields, *, now: datetime) -> None:
    """Apply every set field of ``fields`` to ``person`` (the shared body of add and edit)."""
    if fields.name is not None:
        person.name = clean_name(fields.name)
        person.name_key = name_key(person.name)
    for email in fields.emails:
        add_identity(session, person, "email", email)
    if fields.phone:
        add_identity(session, person, "phone", fields.phone)
    if fields.linkedin:
        add_identity(session, person, "linkedin", fields.linkedin)
    if fields.company is not None or fields.title is not None:
        current = person.current_role()
        company = fields.company
        if company is None and current and current.organisation:
            company = current.organisation.name
        title = fields.title if fields.title is not None else (current.title if current else None)
        set_role(session, person, company=company, title=title, seen_at=now)
    for label in fields.tags:
        tag(session, person, label)
    for label in fields.untags:
        untag(session, person, label)
    if fields.met_via is not None:
        via = resolve(session, fields.met_via)
        if via.id == person.id:
            raise BadInput("someone cannot be introduced by themselves")
        person.met_via = via
    if fields.note is not None:
        person.notes = safe_text(fields.note, multiline=True).strip() or None
    if fields.how_met is not None:
        person.how_met = safe_text(fields.how_met, multiline=True).strip() or None
    if fields.closeness is not None:
        if not 0 <= fields.closeness <= 1:
            raise BadInput("closeness must be between 0 and 1")
        person.closeness = fields.closeness
    if fields.cadence_days is not None:
        if fields.cadence_days < 0:
            raise BadInput("cadence must be a positive number of days (0 clears it)")
        person.cadence_days = fields.cadence_days or None
    person.updated_at = now
    session.flush()


def remove_identity(session: Session, person: Person, kind: str, raw: str) -> None:
    value = normalize_identity(kind, raw)
    found = [i for i in person.identities if i.kind == kind and i.value == value]
    if not found:
        raise NotFound(f"{person.name} has no {kind} {value}")
    for identity in found:
        person.identities.remove(identity)
    session.flush()


def set_liked(session: Session, person: Person, liked: bool | None) -> None:
    """Say whether the user likes spending time with ``person`` (None: unsaid)."""
    if person.is_me:
        raise BadInput("liking is about other people; name someone else")
    person.liked = liked
    session.flush()


# ---------------------------------------------------------------------------------------------- merge


def merge_people(session: Session, keep: Person, other: Person) -> Person:
    """Fold ``other`` into ``keep``: identities, roles, history, ledger, tags; then delete ``other``."""
    if keep.id == other.id:
        raise BadInput("cannot merge a person with themselves")
    if keep.is_me or other.is_me:
        # moving someone's history onto the user would make the user a participant of their own
        # interactions and a party to their own favours
        raise BadInput(
            "cannot merge someone with you; if they are a copy of you, forget them "
            "(kith forget NAME --yes) and add their email or profile with kith me"
        )
    kid, oid = keep.id, other.id

    # identities cannot collide (unique per kind), so they move as they are
    session.execute(update(Identity).where(Identity.person_id == oid).values(person_id=kid))
    session.execute(update(Role).where(Role.person_id == oid).values(person_id=kid))
    session.execute(update(LifeEvent).where(LifeEvent.person_id == oid).values(person_id=kid))
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
    session.execute(
        delete(DuplicateProposal).where(
            or_(DuplicateProposal.person_a_id == oid, DuplicateProposal.person_b_id == oid)
        )
    )
    for attr in ("how_met", "closeness", "liked", "cadence_days"):
        if getattr(keep, attr) is None:
            setattr(keep, attr, getattr(other, attr))
    if keep.met_via_id is None and other.met_via_id not in (None, kid):
        keep.met_via_id = other.met_via_id
    if other.notes:
        keep.notes = f"{keep.notes}\n\n{other.notes}" if keep.notes else other.notes
    if other.created_at and keep.created_at and other.created_at < keep.created_at:
        keep.created_at = other.created_at
    session.flush()
    session.expunge(other)
    session.execute(delete(Person).where(Person.id == oid))
    session.expire(keep)
    from kith.strength.aggregates import invalidate

    invalidate(session)  # their interactions now count for ``keep``: strength sums are recomputed
    return keep


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

    Interactions they shared with others stay (without them); interactions only with them go.
    """
    if person.is_me:
        raise BadInput("kith cannot forget the user; edit 'me' instead")
    pid = person.id
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
    for start in range(0, len(solo_ids), 500):
        session.execute(delete(Interaction).where(Interaction.id.in_(solo_ids[start : start + 500])))
    session.execute(delete(Favour).where(or_(Favour.giver_id == pid, Favour.receiver_id == pid)))
    _delete_agenda_marks(session, pid)
    session.execute(update(Person).where(Person.met_via_id == pid).values(met_via_id=None))
    session.expunge(person)
    # the remaining rows about them (identities, roles, links...) go by ON DELETE CASCADE
    session.execute(delete(Person).where(Person.id == pid))
    return removed


# ---------------------------------------------------------------------------------------------- reading


def contact_stats(
    session: Session, person_ids: list[int] | None = None
) -> dict[int, tuple[int, datetime | None]]:
    """Interaction count and last interaction time per person, from the participant rows' (person, time)
    index alone (they carry their interaction's time)."""
    query = select(
        InteractionParticipant.person_id,
        func.count(),
        type_coerce(func.max(InteractionParticipant.occurred_at), UTCDateTime()),
    ).group_by(InteractionParticipant.person_id)
    if person_ids is not None:
        query = query.where(InteractionParticipant.person_id.in_(person_ids))
    return {pid: (count, last) for pid, count, last in session.execute(query)}


#: the longest search text (SQLite refuses LIKE patterns beyond 50,000 bytes)
MAX_SEARCH = 300


def check_search(query: str) -> None:
    """BadInput for a search text longer than ``MAX_SEARCH`` (the one limit of every people search)."""
    if len(query) > MAX_SEARCH:
        raise BadInput(f"a search cannot be longer than {MAX_SEARCH} characters")


def _like_escape(text: str) -> str:
    """``text`` with LIKE's wildcards taken literally (a search for "50%" means those characters)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_condition(query: str | None, *, include_me: bool = False, tags: bool = True):
    """The WHERE condition on ``Person`` of a people search: ``query`` contained in the name, an
    identity, the current company or title, or (with ``tags``) a tag (None and empty: everyone)."""
    conditions: list[ColumnElement[bool]] = [] if include_me else [Person.is_me.is_(False)]
    if query:
        check_search(query)
        like = f"%{_like_escape(name_key(query))}%"
        raw_like = f"%{_like_escape(query.strip().lower())}%"
        current_roles = (
            select(Role.person_id)
            .join(Organisation, isouter=True)
            .where(
                Role.ended_on.is_(None),
                or_(
                    Organisation.name_key.like(like, escape="\\"),
                    func.lower(Role.title).like(raw_like, escape="\\"),
                ),
            )
        )
        matches: list[ColumnElement[bool]] = [
            Person.name_key.like(like, escape="\\"),
            Person.id.in_(
                select(Identity.person_id).where(func.lower(Identity.value).like(raw_like, escape="\\"))
            ),
            Person.id.in_(current_roles),
        ]
        if tags:
            tagged = select(PersonTag.person_id).join(Tag).where(Tag.name.like(raw_like, escape="\\"))
            matches.append(Person.id.in_(tagged))
        conditions.append(or_(*matches))
    return and_(true(), *conditions)


def person_record(person: Person, stats: tuple[int, datetime | None] | None, tie=None) -> dict:
    """The JSON shape of a person in listings (``kith people --json``, the API); ``tie`` is their
    ``kith.strength.service.Tie`` when scored (strength and circle are None otherwise)."""
    role = person.current_role()
    count, last = stats or (0, None)
    return {
        "id": person.id,
        "name": person.name,
        "emails": person.emails(),
        "phone": person.identity("phone"),
        "linkedin": person.identity("linkedin"),
        "company": role.organisation.name if role and role.organisation else None,
        "title": role.title if role else None,
        "tags": [t.name for t in person.tags],
        "liked": person.liked,
        "closeness": person.closeness,
        "interaction_count": count,
        "last_interaction": last.isoformat() if last else None,
        "strength": round(tie.strength, 4) if tie is not None else None,
        "circle": tie.circle if tie is not None else None,
    }
