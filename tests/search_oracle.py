"""The people search rule written out plainly over ORM objects: the oracle the search index is checked
against. A text matches a person when it is in their name (compared accent- and case-free), an identity,
their current company or title, a tag, or any of their notes (compared case-folded)."""

from __future__ import annotations

from kith.people.identities import name_key
from kith.store.schema import Person


def matches(person: Person, text: str | None) -> bool:
    text = (text or "").strip()
    if not text:
        return True
    key, folded = name_key(text), text.casefold()
    names = [person.name_key] + [
        r.organisation.name_key for r in person.roles if r.ended_on is None and r.organisation
    ]
    other = [i.value for i in person.identities] + [t.name for t in person.tags]
    other += [r.title for r in person.roles if r.ended_on is None and r.title]
    other += [note.text for note in person.notes]
    return (bool(key) and any(key in n for n in names)) or any(folded in o.casefold() for o in other)
