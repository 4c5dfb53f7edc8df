"""People: adding, finding, editing, merging and forgetting them, and the user ("me") among them.

Finding people (by number, identity, the user, or a NAME as typed: ``resolve``) is in
``kith.people.lookup``; ``resolve_names`` and ``find_or_add`` here add those a NAME finds nobody for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.birthdays import KINDS, local_day, parse_yearly
from kith.errors import BadInput, Conflict, NotFound, UnknownPerson
from kith.notes import add_note
from kith.people.education import School, add_school, remove_school
from kith.people.identities import (
    check_region,
    clean_name,
    name_key,
    normalize_identity,
)
from kith.people.lookup import PHONE_REGION_KEY, describe, find_by_identity, get_me, phone_region, resolve
from kith.people.roles import set_role
from kith.store import settings as stored_settings
from kith.store.db import reads_only, rows
from kith.store.fingerprint import ME_KEY
from kith.store.schema import (
    Identity,
    Person,
    Tag,
)
from kith.store.undo import undoable
from kith.text import one_line, safe_text

# ------------------------------------------------------------------------------------ finding or adding


def resolve_names(
    session: Session, names: Iterable[str], *, add: Iterable[str] = (), now: datetime
) -> list[Person]:
    """The people ``names`` name, in order, each once. A name that matches nobody and is also in ``add``
    (confirmed as someone new) becomes a new person of that name; any other name matching nobody raises
    ``UnknownPerson`` for the first such name, before anything is written, with every name that matches
    nobody (confirmed or not) in ``unknown``."""
    confirmed = {name_key(n) for n in add}
    found: dict[str, Person | None] = {}
    missing: list[UnknownPerson] = []
    for name in names:
        key = name_key(name) or name
        if key in found:
            continue
        try:
            found[key] = resolve(session, name)
        except UnknownPerson as exc:
            found[key] = None
            missing.append(exc)
    refused = [exc for exc in missing if name_key(exc.query) not in confirmed]
    if refused:
        refused[0].unknown = [exc.query for exc in missing]
        raise refused[0]
    people: list[Person] = []
    for name in names:
        key = name_key(name) or name
        person = found[key]
        if person is None:
            person = found[key] = add_person(session, PersonFields(name=name), now=now)
        if person not in people:
            people.append(person)
    return people


@undoable("add {name}")
def find_or_add(session: Session, name: str, *, now: datetime) -> tuple[Person, bool]:
    """The person ``name`` names, or a new person of that name when it names nobody; True when added."""
    try:
        return resolve(session, name), False
    except UnknownPerson:
        return add_person(session, PersonFields(name=name), now=now), True


# ---------------------------------------------------------------------------------------------- me


#: the user's id (built once: every person page asks, see ``kith.store.db.rows``)
ME_ID = select(Person.id).where(Person.is_me.is_(True)).order_by(Person.id).limit(1)


def me_id(session: Session) -> int | None:
    """The user's person id (None while "me" is not set), without loading the person. A reading
    request asks once (its person page wants it for the ledger and the common ground both)."""
    if ME_KEY in session.info:
        return session.info[ME_KEY]
    found = rows(session, ME_ID).scalar()
    if reads_only(session):
        session.info[ME_KEY] = found
    return found


def ensure_me(session: Session) -> Person:
    """The user's own person, created with the name "Me" when not set yet."""
    me = get_me(session)
    if me is None:
        me = Person(name="Me", name_key=name_key("Me"), is_me=True)
        session.add(me)
        session.flush()
    return me


#: what setting a liking mark is called in the undo history
LIKING = {True: "like", False: "unlike", None: "clear the liking mark of"}


@undoable("set who you are")
def set_me(
    session: Session,
    *,
    name: str | None = None,
    emails: Iterable[str] = (),
    linkedin: str | None = None,
    region: str | None = None,
) -> Person:
    """Set who the user is; an email or profile that belongs to someone else is a Conflict. ``region``
    (a two-letter code) says where the user's phone numbers without a country code are from."""
    me = ensure_me(session)
    if region is not None:
        stored_settings.write(session, PHONE_REGION_KEY, check_region(region))
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
    value = normalize_identity(kind, raw, region=phone_region(session) if kind == "phone" else None)
    owner = find_by_identity(session, kind, value)
    if owner is not None:
        if owner.id == person.id:
            return False
        raise Conflict(f"{kind} {value} already belongs to {describe(owner)}")
    person.identities.append(Identity(kind=kind, value=value, source=source))
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
    """What ``kith add`` and ``kith edit`` can set; None (or empty) leaves a field as it is. ``note``
    adds a dated note (``kith.notes``: earlier notes stay); ``birthday`` and ``anniversary`` are
    ``1985-04-12`` or ``04-12`` (no year), and an empty one clears it."""

    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phone: str | None = None
    company: str | None = None
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    untags: list[str] = field(default_factory=list)
    remove_emails: list[str] = field(default_factory=list)
    #: phone numbers and LinkedIn profiles to take off (as shown, or as typed: they are normalised)
    remove_phones: list[str] = field(default_factory=list)
    remove_linkedin: list[str] = field(default_factory=list)
    linkedin: str | None = None
    met_via: str | None = None
    note: str | None = None
    how_met: str | None = None
    closeness: float | None = None
    #: take back your closeness mark: the score alone says how close you are again
    clear_closeness: bool = False
    cadence_days: int | None = None
    birthday: str | None = None
    anniversary: str | None = None
    #: a school they went to (``kith.people.education``), with its degree and years when known
    school: str | None = None
    degree: str | None = None
    school_from: int | None = None
    school_to: int | None = None
    remove_schools: list[str] = field(default_factory=list)


@undoable("add {fields.name}")
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
                f"{describe(same)} already exists; change them instead, or allow a duplicate name to add "
                "someone else of that name (kith add --allow-duplicate)"
            )
    person = Person(name=name, name_key=name_key(name), created_at=now)
    session.add(person)
    session.flush()
    apply_fields(session, person, PersonFields(**{**fields.__dict__, "name": None}), now=now)
    return person


#: the fields of a school change, which an undo step names ("add school MIT to Jane Doe")
SCHOOL_FIELDS = ("school", "degree", "school_from", "school_to", "remove_schools")


def _edit_label(person: Person, fields: PersonFields, **_: object) -> str:
    """What an edit did, for undo: the school added or removed when that is all it did, else "edit
    NAME"."""
    rest = {k: v for k, v in fields.__dict__.items() if k not in SCHOOL_FIELDS}
    if rest != {k: v for k, v in PersonFields().__dict__.items() if k not in SCHOOL_FIELDS}:
        return f"edit {person.name}"
    said = [f"add school {fields.school.strip()} to {person.name}"] if fields.school else []
    if fields.remove_schools:
        said.append(f"remove school {', '.join(s.strip() for s in fields.remove_schools)} from {person.name}")
    return "; ".join(said) or f"edit {person.name}"


@undoable(_edit_label)
def apply_fields(session: Session, person: Person, fields: PersonFields, *, now: datetime) -> None:
    """Apply every set field of ``fields`` to ``person`` (the shared body of add and edit)."""
    if fields.name is not None:
        person.name = clean_name(fields.name)
        person.name_key = name_key(person.name)
    for email in fields.emails:
        add_identity(session, person, "email", email)
    for email in fields.remove_emails:
        remove_identity(session, person, "email", email)
    for phone in fields.remove_phones:
        remove_identity(session, person, "phone", phone)
    for url in fields.remove_linkedin:
        remove_identity(session, person, "linkedin", url)
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
    for kind in KINDS:  # birthday, anniversary
        typed = getattr(fields, kind)
        if typed is not None:
            found = parse_yearly(typed, kind, today=local_day(now)) if typed.strip() else None
            setattr(person, kind, found.stored() if found else None)
    for school in fields.remove_schools:
        remove_school(session, person, school)
    if fields.school is not None:
        add_school(
            session, person, School(fields.school, fields.degree, fields.school_from, fields.school_to)
        )
    elif any(v is not None for v in (fields.degree, fields.school_from, fields.school_to)):
        raise BadInput("a degree or school years go with the school they belong to: name the school too")
    if fields.note is not None:
        add_note(session, person, fields.note, now=now)
    if fields.how_met is not None:
        person.how_met = safe_text(fields.how_met, multiline=True).strip() or None
    if fields.closeness is not None:
        if not 0 <= fields.closeness <= 1:
            raise BadInput("closeness must be between 0 and 1")
        person.closeness = fields.closeness
    if fields.clear_closeness:
        if fields.closeness is not None:
            raise BadInput("give a closeness mark or clear it, not both")
        person.closeness = None
    if fields.cadence_days is not None:
        if fields.cadence_days < 0:
            raise BadInput("cadence must be a positive number of days (0 clears it)")
        person.cadence_days = fields.cadence_days or None
    person.updated_at = now
    session.flush()


@undoable("edit {person.name}")
def remove_identity(session: Session, person: Person, kind: str, raw: str) -> None:
    value = normalize_identity(kind, raw, region=phone_region(session) if kind == "phone" else None)
    found = [i for i in person.identities if i.kind == kind and i.value == value]
    if not found:
        raise NotFound(f"{person.name} has no {kind} {value}")
    for identity in found:
        person.identities.remove(identity)
    session.flush()


@undoable(lambda person, liked, **_: f"{LIKING[liked]} {person.name}")
def set_liked(session: Session, person: Person, liked: bool | None) -> None:
    """Say whether the user likes spending time with ``person`` (None: unsaid)."""
    if person.is_me:
        raise BadInput("liking is about other people; name someone else")
    person.liked = liked
    session.flush()
