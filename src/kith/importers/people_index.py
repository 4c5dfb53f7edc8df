"""Identity resolution for imports: which stored person a ``PersonRef`` from a file is.

A reference is the person already holding one of its identities (LinkedIn URL, email, phone, handle),
and gains the identities it brings that nobody holds yet. A reference with no identity at all matches a
person of exactly that name when there is one (never a guess between two). Otherwise it is a new person;
a new person with the same normalised name as someone at the same company, or as someone whose company
(or their own) is unknown, becomes a ``DuplicateProposal``: proposed, never merged.

Everything is looked up in dicts loaded once per import (identities, names, current roles), so resolving
130,000 references costs no queries; new people wait as ``NewPerson`` until the batch is written
(through ``kith.importers.bulk``).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.identities import name_key, normalize_identity
from kith.importers.bulk import Bulk
from kith.importers.records import ImportOptions, PersonRef
from kith.people import ensure_me, me_id
from kith.store.schema import DuplicateProposal, Identity, Organisation, Person, Role
from kith.text import one_line

if TYPE_CHECKING:
    from kith.importers.store import ImportSummary


class _Me:
    """Marker: a reference that turned out to be the user."""


ME = _Me()


class NewPerson:
    """A person this import creates; ``id`` is known once the batch is written."""

    __slots__ = ("id",)

    def __init__(self) -> None:
        self.id: int | None = None


PersonId = int | NewPerson


def real_id(pid: PersonId) -> int:
    return pid if isinstance(pid, int) else pid.id  # type: ignore[return-value]


class SkipRecord(Exception):
    """A record that is merely odd: counted under ``reason``, never fatal."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def clean(text: str | None) -> str | None:
    """Control characters removed and whitespace collapsed (``kith.text.one_line``); None for nothing."""
    if text and text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text  # the common case, without splitting into words
    return one_line(text) or None


def utc(value: datetime) -> datetime:
    if value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def digest(*parts: object) -> str:
    """A stable external id derived from content, for files that carry none."""
    return "h:" + hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _normalise(kind: str, value: str) -> tuple[str, str] | None:
    if not value or not str(value).strip():
        return None
    try:
        return kind, normalize_identity(kind, value)
    except BadInput:
        return None


class PeopleIndex:
    """Who is who, as the database holds it at the start of an import plus the people it adds."""

    def __init__(
        self,
        session: Session,
        source: str,
        summary: ImportSummary,
        options: ImportOptions,
        now: datetime,
        bulk: Bulk,
    ) -> None:
        self.session, self.source, self.summary = session, source, summary
        self.bulk = bulk
        self._now = bulk.datetime(now)
        self.me_id: int | None = me_id(session)
        self.me_keys = {("email", e) for e in options.me_emails} | {
            ("linkedin", u) for u in options.me_linkedin
        }
        self.ident: dict[tuple[str, str], PersonId] = {
            (k, v): pid
            for k, v, pid in session.execute(select(Identity.kind, Identity.value, Identity.person_id))
        }
        self.by_name: dict[str, list[PersonId]] = {}
        for pid, key in session.execute(select(Person.id, Person.name_key).where(Person.is_me.is_(False))):
            self.by_name.setdefault(key, []).append(pid)
        #: current role per person: (organisation name key, title, seen at)
        self.role: dict[PersonId, tuple[str, str, datetime | None]] = {}
        roles = (
            select(Role.person_id, Organisation.name_key, Role.title, Role.seen_at)
            .join(Organisation, isouter=True)
            .where(Role.ended_on.is_(None))
            .order_by(Role.person_id, func.coalesce(Role.seen_at, Role.created_at), Role.id)
        )
        for pid, org_key, title, seen in session.execute(roles):
            self.role[pid] = (org_key or "", title or "", seen)
        self.proposals = {
            frozenset(pair)
            for pair in session.execute(select(DuplicateProposal.person_a_id, DuplicateProposal.person_b_id))
        }
        self._norm: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._name_company: dict[tuple[str, str], list[PersonId]] | None = None
        self._bare: dict[str, list[PersonId]] | None = None
        self.created: set[PersonId] = set()
        #: set when resolving gave a known person a new identity
        self.changed = False
        #: the person the last ``resolve`` created, if it created one
        self.just_created: NewPerson | None = None
        self.reset()

    def reset(self) -> None:
        #: (person, (name, name_key)) per new person
        self.new_people: list[tuple[NewPerson, tuple[str, str]]] = []
        self.new_idents: list[tuple[PersonId, str, str]] = []
        self.new_proposals: list[tuple[PersonId, PersonId, str]] = []

    def keys(self, ref: PersonRef) -> list[tuple[str, str]]:
        """The normalised identities of a reference, strongest first; values that do not parse are dropped."""
        emails = ref.emails
        if not (ref.phones or ref.handles) and len(emails) + (ref.linkedin is not None) <= 1:
            # the common case: one profile URL (LinkedIn), one email (a mailbox) or nothing
            if ref.linkedin is not None:
                item = ("linkedin", ref.linkedin)
            elif emails:
                item = ("email", emails[0])
            else:
                return []
            key = self._norm[item] if item in self._norm else self._norm.setdefault(item, _normalise(*item))
            return [key] if key is not None else []
        raw: list[tuple[str, str]] = [("linkedin", ref.linkedin)] if ref.linkedin else []
        raw += [("email", e) for e in ref.emails] + [("phone", p) for p in ref.phones] + list(ref.handles)
        out: list[tuple[str, str]] = []
        for item in raw:
            key = self._norm[item] if item in self._norm else self._norm.setdefault(item, _normalise(*item))
            if key is not None and key not in out:
                out.append(key)
        return out

    def ref_key(self, ref: PersonRef) -> str:
        """A stable text for a reference (its strongest identity, else its name), for derived ids."""
        keys = self.keys(ref)
        return f"{keys[0][0]}:{keys[0][1]}" if keys else name_key(ref.name or "")

    def resolve(self, ref: PersonRef, company: str | None = None) -> PersonId | _Me:
        """The person ``ref`` is (created when new), or ``ME``; SkipRecord when it cannot be told."""
        self.just_created = None
        keys = self.keys(ref)
        if self.me_keys and not self.me_keys.isdisjoint(keys):
            return ME
        owner = None
        for key in keys:
            owner = self.ident.get(key)
            if owner is not None:
                break
        if owner is not None:
            if owner == self.me_id:
                return ME
            if len(keys) > 1:
                for key in keys:
                    if key not in self.ident:
                        self._add_identity(owner, key)
                        self.changed = True
            return owner
        name = clean(ref.name)
        if not keys:
            if not name:
                raise SkipRecord("no name, email, phone or profile")
            found = self.by_name.get(name_key(name), [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise SkipRecord("name matches several people (no email or profile to tell them apart)")
        if not name:
            name = keys[0][1].split("@")[0] if keys[0][0] == "email" else keys[0][1]
        return self._create(name[:300], keys, company)

    def participants(self, refs: list[PersonRef]) -> list[PersonId]:
        """The people behind ``refs``, without the user, duplicates or references that cannot be told."""
        out: list[PersonId] = []
        for ref in refs:
            try:
                pid = self.resolve(ref)
            except SkipRecord:
                continue
            if pid is not ME and pid not in out:
                out.append(pid)  # type: ignore[arg-type]
        return out

    def me(self) -> int:
        """The user's id (creating the user when not set yet)."""
        if self.me_id is None:
            self.me_id = ensure_me(self.session).id
        return self.me_id

    def _create(self, name: str, keys: list[tuple[str, str]], company: str | None) -> NewPerson:
        new = NewPerson()
        key = name_key(name)
        self.new_people.append((new, (name, key)))
        self.created.add(new)
        self.just_created = new
        self.summary.count("people", "added")
        for identity in keys:
            self._add_identity(new, identity)
        company_key = name_key(company or "")
        without_company = self._without_company().setdefault(key, [])
        if company_key:
            colleagues = self._by_name_company().setdefault((key, company_key), [])
            for other in colleagues:
                self._propose(other, new, f"same name at the same company ({company})")
            colleagues.append(new)
            others = without_company
        else:
            others = self.by_name.get(key, [])
            without_company.append(new)
        for other in others:
            self._propose(other, new, "same name; one of them has no company to compare")
        self.by_name.setdefault(key, []).append(new)
        return new

    def _by_name_company(self) -> dict[tuple[str, str], list[PersonId]]:
        """People by (name, current company): who a new person at that company may duplicate."""
        if self._name_company is None:
            self._name_company = {}
            for key, pids in self.by_name.items():
                for pid in pids:
                    company = self.role.get(pid, ("",))[0]
                    if company:
                        self._name_company.setdefault((key, company), []).append(pid)
        return self._name_company

    def _without_company(self) -> dict[str, list[PersonId]]:
        """People with no known company, by name: any new person of that name may be them."""
        if self._bare is None:
            self._bare = {}
            for key, pids in self.by_name.items():
                for pid in pids:
                    if not self.role.get(pid, ("",))[0]:
                        self._bare.setdefault(key, []).append(pid)
        return self._bare

    def _add_identity(self, pid: PersonId, key: tuple[str, str]) -> None:
        self.ident[key] = pid
        self.new_idents.append((pid, *key))

    def _propose(self, a: PersonId, b: PersonId, reason: str) -> None:
        self.new_proposals.append((a, b, reason))
        self.summary.duplicates_proposed += 1

    # ------------------------------------------------------------------------------------ writing

    def flush_people(self) -> None:
        """Write the new people and identities (first, so that other rows can refer to them)."""
        if self.new_people:
            now = self._now
            rows = [(name, key, now, now) for _, (name, key) in self.new_people]
            ids = self.bulk.insert_new(Person, ("name", "name_key", "created_at", "updated_at"), rows)
            for (new, _), pid in zip(self.new_people, ids, strict=True):
                new.id = pid
        if self.new_idents:
            idents = [(real_id(p), k, v, self.source) for p, k, v in self.new_idents]
            self.bulk.insert(Identity, ("person_id", "kind", "value", "source"), idents)
        self.new_people, self.new_idents = [], []

    def flush_proposals(self) -> None:
        """Write the duplicate proposals (after the people they name)."""
        rows = []
        for a, b, reason in self.new_proposals:
            pair = frozenset((real_id(a), real_id(b)))
            if len(pair) == 2 and pair not in self.proposals:
                self.proposals.add(pair)
                low, high = sorted(pair)
                rows.append((low, high, reason, self._now))
        self.bulk.insert(DuplicateProposal, ("person_a_id", "person_b_id", "reason", "created_at"), rows)
        self.new_proposals = []
