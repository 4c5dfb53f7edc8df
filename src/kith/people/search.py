"""The one people search, for ``kith people --search``, the web's people list and ``GET /api/people?q=``.

A search text matches a person when it is contained in their name, one of their identities (email,
phone, profile URL, handle), the name or title of their current role, one of their tags, or any of their
notes (every dated note, not only the latest).
Comparison ignores case (Unicode case folding, so "général" finds "GÉNÉRAL") and accents and punctuation
in names (a name is compared by its ``name_key``). The text is read literally: ``%`` and ``_`` are plain
characters. The index is built once per data snapshot and searched in memory: with 10,000 people a
search is about a millisecond. Archived people (``kith.people.archive``) are in the index but found only
when a search asks for them (``archived=True``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.people.identities import name_key
from kith.store.schema import Identity, Note, Organisation, Person, PersonTag, Role, Tag

#: the longest search text
MAX_SEARCH = 300


def check_search(query: str) -> None:
    """BadInput for a search text longer than ``MAX_SEARCH`` (the one limit of every people search)."""
    if len(query) > MAX_SEARCH:
        raise BadInput(f"a search cannot be longer than {MAX_SEARCH} characters")


class SearchIndex:
    """Every person but the user, in list order (name key, then id), with the text a search looks in.
    ``ids``: everyone not archived; ``everyone``: the archived too."""

    def __init__(self, session: Session) -> None:
        names = session.execute(
            select(Person.id, Person.name_key, Person.archived_at.is_not(None))
            .where(Person.is_me.is_(False))
            .order_by(Person.name_key, Person.id)
        ).all()
        self.everyone: list[int] = [row[0] for row in names]
        self.archived: set[int] = {row[0] for row in names if row[2]}
        self.ids: list[int] = [pid for pid in self.everyone if pid not in self.archived]
        keyed: dict[int, list[str]] = {row[0]: [row[1]] for row in names}  # compared by name_key
        folded: dict[int, list[str]] = {}  # compared case-folded
        for pid, text in session.execute(select(Note.person_id, Note.text)):  # every note, not the last
            folded.setdefault(pid, []).append(text.casefold())
        for pid, value in session.execute(select(Identity.person_id, Identity.value)):
            folded.setdefault(pid, []).append(value.casefold())
        for pid, org_key, title in session.execute(
            select(Role.person_id, Organisation.name_key, Role.title)
            .join(Organisation, Role.organisation_id == Organisation.id, isouter=True)
            .where(Role.ended_on.is_(None))
        ):
            if org_key and pid in keyed:
                keyed[pid].append(org_key)
            if title:
                folded.setdefault(pid, []).append(title.casefold())
        for pid, tag in session.execute(
            select(PersonTag.person_id, Tag.name).join(Tag, PersonTag.tag_id == Tag.id)
        ):
            folded.setdefault(pid, []).append(tag.casefold())
        # one string per person and kind of comparison; NUL keeps a match from spanning two fields
        self._keyed = ["\0".join(keyed[pid]) for pid in self.everyone]
        self._folded = ["\0".join(folded.get(pid, ())) for pid in self.everyone]

    def search(self, text: str, *, archived: bool = False) -> list[int]:
        """The ids of the people ``text`` finds, in list order (everyone for an empty text); the archived
        only when ``archived``."""
        check_search(text)
        text = text.strip()
        if not text:
            return list(self.everyone if archived else self.ids)
        key, folded = name_key(text), text.casefold()
        return [
            pid
            for pid, keyed, other in zip(self.everyone, self._keyed, self._folded, strict=True)
            if ((key and key in keyed) or folded in other) and (archived or pid not in self.archived)
        ]


def sort_key(ties: dict[int, Any], sort: str) -> Callable[[int], float]:
    """The key of the people list's sort by strength (strongest first) or by last contact (latest first,
    never contacted last), from the strength ties; someone without a tie goes last."""
    if sort == "strength":
        return lambda i: -ties[i].strength if i in ties else 1.0
    return lambda i: -ties[i].last_contact.timestamp() if i in ties and ties[i].last_contact else float("inf")


def sort_order(ids: list[int], ties: dict[int, Any], sort: str) -> list[int]:
    """``ids`` (in name order) sorted by ``sort_key``; stable, so equals stay in name order."""
    return sorted(ids, key=sort_key(ties, sort))
