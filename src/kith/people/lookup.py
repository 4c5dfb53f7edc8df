"""Finding people: by number (``get_person``), by an identity (``find_by_identity``), the user
(``get_me``), and by what the user typed: NAME resolution (``resolve``) is how every command turns it
into one person: ``#12`` (an id), an email, phone or LinkedIn URL (exact identity), an exact name, then
an unambiguous fuzzy match on names and identities (rapidfuzz). It never picks someone silently: an
ambiguous or unknown NAME raises with the candidates listed, the closest by ``kith.near``'s rule.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.errors import AmbiguousPerson, BadInput, NotFound, UnknownPerson
from kith.people.identities import guess_identity_kind, name_key, normalize_identity
from kith.store import get_row
from kith.store import settings as stored_settings
from kith.store.schema import Identity, InteractionParticipant, Person

#: the setting holding the user's region: where their phone numbers without a country code are from
PHONE_REGION_KEY = "me.phone_region"

#: fuzzy scores (rapidfuzz WRatio, 0-100) at or above this count as a match
FUZZY_MATCH = 86
#: a fuzzy match is unambiguous when no other person scores within this many points of it
FUZZY_MARGIN = 4
#: the fuzzy matches weighed for a NAME score at least this (``kith.near`` picks what is suggested)
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
            value = normalize_identity(kind, text, region=phone_region(session))
            person = find_by_identity(session, kind, value)
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
        raise AmbiguousPerson(text, [describe(p) for p in exact], ids=[p.id for p in exact])
    me = None if include_me else get_me(session)
    if me is not None and me.name_key == name_key(text):
        raise BadInput(f"{text!r} is you (kith me): name someone else")
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
        # as close as each other by name: those the user has been in touch with most come first
        met = dict(
            session.execute(
                select(InteractionParticipant.person_id, func.count())
                .where(InteractionParticipant.person_id.in_(close))
                .group_by(InteractionParticipant.person_id)
            ).all()
        )
        close.sort(key=lambda pid: -met.get(pid, 0))
        people = [get_person(session, pid) for pid in close[:8]]
        raise AmbiguousPerson(
            text, [describe(p) for p in people], more=len(close) - len(people), ids=[p.id for p in people]
        )
    closest = [get_person(session, pid) for pid in _close_people(session, text, me_filter)]
    raise UnknownPerson(text, [describe(p) for p in closest], ids=[p.id for p in closest])


def _close_people(session: Session, text: str, me_filter: list, most: int = 5) -> list[int]:
    """The ids of the people whose name or handle is close to ``text`` by ``kith.near``'s rule (the
    one every "did you mean" follows), closest first."""
    from kith.near import typos

    found: dict[int, tuple[int, int]] = {}
    named = session.execute(select(Person.id, Person.name).where(*me_filter))
    handles = session.execute(
        select(Identity.person_id, Identity.value)
        .join(Person)
        .where(Identity.kind.in_(("email", "linkedin", "twitter", "github", "handle")), *me_filter)
    )
    for pid, name in [*named, *handles]:
        far = typos(text, name)
        if far is not None and (pid not in found or far < found[pid][0]):
            found[pid] = (far, pid)
    return [pid for _, pid in sorted(found.values())[:most]]


def get_me(session: Session) -> Person | None:
    return session.scalar(select(Person).where(Person.is_me.is_(True)).order_by(Person.id).limit(1))


def phone_region(session: Session) -> str | None:
    """The user's region for phone numbers without a country code (``kith me --region``), if said."""
    return stored_settings.read(session, PHONE_REGION_KEY)
