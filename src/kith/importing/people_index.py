"""Identity resolution for imports: which stored person a ``PersonRef`` from a file is.

The rules (docs/importing.md has them as a table):

- A reference is the person already holding one of its identities (LinkedIn URL, email, handle), and
  gains the identities it brings that nobody holds yet.
- A phone number alone is weaker: an office line is shared. A reference that matches someone only by
  phone, under a different name, is not merged: it is resolved by its name as below, and proposed as a
  duplicate when it becomes a new person.
- A reference with no identity at all matches the one person of exactly that name (never a guess between
  two; their current company may tell two apart). Two rows of one contact list are two people: a name
  that an earlier row of the same file already matched does not match again (``claimed``).
- A LinkedIn profile URL nobody holds yet, with a name, is the one LinkedIn connection of exactly that
  name who has no profile URL yet (older exports have no URL column; their messages do).
- A platform's stand-in for a hidden or deleted account ("LinkedIn Member") is never a person.
- Otherwise it is a new person; a new person with the same normalised name as someone at the same
  company, or as someone whose company (or their own) is unknown, becomes a ``DuplicateProposal``:
  proposed, never merged.

Everything is looked up in dicts loaded once per import (identities, names, current roles), so resolving
130,000 references costs no queries; new people wait as ``NewPerson`` until the batch is written
(through ``kith.importing.bulk``).
"""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.importers.records import ImportOptions, PersonRef
from kith.importing.bulk import Bulk
from kith.importing.summary import ImportSummary
from kith.people.core import ensure_me, me_id
from kith.people.identities import (
    guess_identity_kind,
    is_placeholder_name,
    name_key,
    normalize_identity,
    phone_is_placed,
)
from kith.store.schema import Connection, DuplicateProposal, Identity, Organisation, Person, Role
from kith.text import one_line

#: identities normalised and remembered at most (see ``PeopleIndex._normalised``)
NORMALISED = 1 << 16


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


#: the skip reason for a platform's stand-in for a hidden or deleted account
PLACEHOLDER = "a hidden or deleted account (such as 'LinkedIn Member') is not a person"


class SkipRecord(Exception):
    """A record that is merely odd: counted under ``reason``, never fatal."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def clean(text: str | None) -> str | None:
    """Control characters removed and whitespace collapsed (``kith.text.one_line``); None for nothing."""
    if text and text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text  # the common case, without splitting into words
    return one_line(text) or None


def _international(phone: str) -> bool:
    """True when a phone number is written with its country code (+...)."""
    text = phone.strip()
    if text[:4].lower() == "tel:":
        text = text[4:].strip()
    return text.startswith("+")


def utc(value: datetime) -> datetime:
    if value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def digest(*parts: object) -> str:
    """A stable external id derived from content, for files that carry none."""
    return "h:" + hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _normalise(kind: str, value: str, region: str | None = None) -> tuple[str, str] | None:
    if not value or not str(value).strip():
        return None
    try:
        return kind, normalize_identity(kind, value, region=region)
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
        self.region = options.region
        self.me_id: int | None = me_id(session)
        self.me_keys = {("email", e) for e in options.me_emails} | {
            ("linkedin", u) for u in options.me_linkedin
        }
        self.ident: dict[tuple[str, str], PersonId] = {
            (k, v): pid
            for k, v, pid in session.execute(select(Identity.kind, Identity.value, Identity.person_id))
        }
        self.by_name: dict[str, list[PersonId]] = {}
        #: each person's name key (the inverse of by_name)
        self.name_of: dict[PersonId, str] = {}
        for pid, key in session.execute(select(Person.id, Person.name_key).where(Person.is_me.is_(False))):
            self.by_name.setdefault(key, []).append(pid)
            self.name_of[pid] = key
        #: per platform, the people connected on it and the day it was made (None: not known); the writer
        #: adds the connections this import makes. Two LinkedIn connections of one name made on
        #: different days are two people.
        self.connected: dict[str, dict[PersonId, date | None]] = {"linkedin": {}}
        #: the ids of stored connections without a date (a later export may give it)
        self.undated: dict[tuple[PersonId, str], int] = {}
        for cid, pid, platform, on in session.execute(
            select(Connection.id, Connection.person_id, Connection.platform, Connection.connected_on)
        ):
            self.connected.setdefault(platform, {})[pid] = on
            if on is None:
                self.undated[(pid, platform)] = cid
        #: people a person record of this file has matched or created: a name matches each once
        self.claimed: set[PersonId] = set()
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
        self._url_holders: set[tuple[str, PersonId]] | None = None
        self._bare: dict[str, list[PersonId]] | None = None
        self.created: set[PersonId] = set()
        #: set when resolving gave a known person a new identity
        self.changed = False
        #: the person the last ``resolve`` created, if it created one
        self.just_created: NewPerson | None = None
        #: what the last ``resolve`` matched a known person by ("email", "linkedin", "phone", "name")
        self.matched_by: str | None = None
        #: phone numbers read with the user's region, and kept as written for want of one
        self.phones_placed: set[str] = set()
        self.phones_unplaced: set[str] = set()
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
            key = self._norm[item] if item in self._norm else self._normalised(item)
            return [key] if key is not None else []
        raw: list[tuple[str, str]] = [("linkedin", ref.linkedin)] if ref.linkedin else []
        raw += [("email", e) for e in ref.emails] + [("phone", p) for p in ref.phones] + list(ref.handles)
        out: list[tuple[str, str]] = []
        for item in raw:
            if item in self._norm:
                key = self._norm[item]
            else:
                key = self._normalised(item)
                if key is not None and key[0] == "phone" and not _international(item[1]):
                    (self.phones_placed if phone_is_placed(key[1]) else self.phones_unplaced).add(key[1])
            if key is not None and key not in out:
                out.append(key)
        return out

    def _normalised(self, item: tuple[str, str]) -> tuple[str, str] | None:
        """``item`` normalised, remembered: a mailbox or a message file names the same people again and
        again. The memory is dropped when it grows past NORMALISED, so that a file of distinct people
        does not keep two copies of each identity."""
        if len(self._norm) >= NORMALISED:
            self._norm.clear()
        key = self._norm[item] = _normalise(*item, region=self.region)
        return key

    def ref_key(self, ref: PersonRef) -> str:
        """A stable text for a reference (its strongest identity, else its name), for derived ids."""
        keys = self.keys(ref)
        return f"{keys[0][0]}:{keys[0][1]}" if keys else name_key(ref.name or "")

    def resolve(
        self,
        ref: PersonRef,
        company: str | None = None,
        *,
        claim: bool = False,
        connected_on: date | None = None,
    ) -> PersonId | _Me:
        """The person ``ref`` is (created when new), or ``ME``; SkipRecord when it cannot be told.

        ``claim``: ``ref`` is a row of a contact list (a person record), which a name matches once.
        ``connected_on``: the day of the LinkedIn connection the row is, which a name match must not
        contradict.
        """
        self.just_created = None
        self.matched_by = None
        keys = self.keys(ref)
        if self.me_keys and not self.me_keys.isdisjoint(keys):
            return ME
        owner, by = None, None
        for key in keys:
            owner = self.ident.get(key)
            if owner is not None:
                by = key[0]
                break
        if owner is not None and by != "phone":  # the common case: known by email or profile URL
            if owner == self.me_id:
                return ME
            if len(keys) > 1:
                for key in keys:
                    if key not in self.ident:
                        self._add_identity(owner, key)
                        self.changed = True
            return self._found(owner, by or "", claim)
        name = clean(ref.name)
        if name and is_placeholder_name(name):
            name = None  # the stand-in names nobody; an identity still may
            if not keys:
                raise SkipRecord(PLACEHOLDER)
        other_phone: PersonId | None = None
        if (
            owner is not None
            and name
            and owner != self.me_id
            and self.name_of.get(owner, name_key(name)) != name_key(name)
            and guess_identity_kind(name) is None  # a log's key "+1 415 555 0100" is no name
        ):
            # a shared line (an office, a family phone): the number alone never merges two names
            other_phone, owner = owner, None
            keys = [k for k in keys if k not in self.ident]
        if owner is not None:
            if owner == self.me_id:
                return ME
            if len(keys) > 1:
                for key in keys:
                    if key not in self.ident:
                        self._add_identity(owner, key)
                        self.changed = True
            return self._found(owner, by or "", claim)
        if not keys:
            if not name:
                raise SkipRecord("no name, email, phone or profile")
            found = self._by_name(name, company, claim, connected_on)
            if len(found) == 1:
                return self._found(found[0], "name", claim)
            if len(found) > 1:
                raise SkipRecord("name matches several people (no email or profile to tell them apart)")
        elif name and keys[0][0] == "linkedin":
            # an older export's connection (no URL column) messaging from its profile URL
            found = [
                p
                for p in self._by_name(name, None, claim)
                if p in self.connected["linkedin"] and ("linkedin", p) not in self._with_url()
            ]
            if len(found) == 1:
                for key in keys:
                    self._add_identity(found[0], key)
                self.changed = True
                return self._found(found[0], "name", claim)
        if not name:
            kind, value = keys[0]
            name = value.split("@")[0] if kind == "email" else value.rstrip("/").rsplit("/", 1)[-1]
        new = self._create(name[:300], keys, company)
        if other_phone is not None:
            self._propose(other_phone, new, "the same phone number under another name")
        if claim:
            self.claimed.add(new)
        return new

    def _found(self, pid: PersonId, by: str, claim: bool) -> PersonId:
        self.matched_by = by
        if claim:
            self.claimed.add(pid)
        return pid

    def _by_name(
        self, name: str, company: str | None, claim: bool, connected_on: date | None = None
    ) -> list[PersonId]:
        """The people of exactly this name a reference may be: for a contact-list row, not those an
        earlier row of the file matched, nor a LinkedIn connection made on another day; among several,
        those at ``company`` when that tells them apart."""
        found = self.by_name.get(name_key(name), [])
        if claim:
            found = [p for p in found if p not in self.claimed]
        if connected_on is not None:
            on_linkedin = self.connected["linkedin"]
            found = [p for p in found if (on_linkedin.get(p) or connected_on) == connected_on]
        if len(found) > 1 and company:
            at = [p for p in found if self.role.get(p, ("",))[0] == name_key(company)]
            if len(at) == 1:
                return at
        return found

    def _with_url(self) -> set[tuple[str, PersonId]]:
        """("linkedin", person) for everyone holding a LinkedIn profile URL."""
        if self._url_holders is None:
            self._url_holders = {("linkedin", p) for (k, _), p in self.ident.items() if k == "linkedin"}
        return self._url_holders

    def participants(self, refs: list[PersonRef]) -> tuple[list[PersonId], list[str]]:
        """The people behind ``refs``, without the user or duplicates; and why each ref left out (a
        placeholder, a name shared by several people) was."""
        out: list[PersonId] = []
        left_out: list[str] = []
        for ref in refs:
            try:
                pid = self.resolve(ref)
            except SkipRecord as skip:
                left_out.append(skip.reason)
                continue
            if pid is not ME and pid not in out:
                out.append(pid)  # type: ignore[arg-type]
        return out, left_out

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
        company_key = sys.intern(name_key(company or ""))  # one copy per company, not per person
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
        self.name_of[new] = key
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
        if key[0] == "linkedin" and self._url_holders is not None:
            self._url_holders.add(("linkedin", pid))

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
