"""People as vCard 3.0 cards, readable by address books (and by ``kith import vcard``).

The birthday is BDAY (``1985-04-12``; without a year ``--04-12``, as Gmail writes it) and the
anniversary X-ANNIVERSARY (vCard 3.0 has no ANNIVERSARY; the X- form is what vCard 3 writers use and
``kith import vcard`` reads). A person's dated notes become one NOTE (``kith.notes.joined``: several
newest first, each after its date).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.notes import joined
from kith.store.schema import Person, Role


def export(session: Session, now: datetime | None = None) -> str:
    """Every person except the user as one vCard each."""
    import vobject

    people = session.scalars(
        select(Person)
        .where(Person.is_me.is_(False))
        .options(
            selectinload(Person.identities),
            selectinload(Person.roles).selectinload(Role.organisation),
            selectinload(Person.tags),
            selectinload(Person.notes),
        )
        .order_by(Person.name_key, Person.id)
    ).all()
    cards = []
    for person in people:
        card = vobject.vCard()
        card.add("fn").value = person.name
        given, _, family = person.name.rpartition(" ")
        if not given:  # a single word is a given name
            given, family = family, ""
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for identity in person.identities:
            if identity.kind == "email":
                line = card.add("email")
                line.value = identity.value
                line.type_param = "INTERNET"
            elif identity.kind == "phone":
                card.add("tel").value = identity.value
            elif identity.kind in ("linkedin", "website"):
                card.add("url").value = identity.value
            elif identity.kind in ("twitter", "github"):
                card.add(f"x-{identity.kind}").value = identity.value
        role = person.current_role()
        if role and role.organisation:
            card.add("org").value = [role.organisation.name]
        if role and role.title:
            card.add("title").value = role.title
        if person.tags:
            card.add("categories").value = [t.name for t in person.tags]
        if person.birthday:
            card.add("bday").value = person.birthday
        if person.anniversary:
            card.add("x-anniversary").value = person.anniversary
        if person.notes:
            card.add("note").value = joined(person.notes)
        card.add("uid").value = f"kith-person-{person.id}"
        cards.append(card.serialize())
    return "".join(cards)
