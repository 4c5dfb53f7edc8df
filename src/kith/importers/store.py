"""Storing what importers read: one function for every format, one transaction, idempotent.

``run_import`` runs a parser (``kith.importers.registry``) and writes what it yields:

- **Identity resolution.** A ``PersonRef`` is the person already holding one of its identities (email,
  phone, LinkedIn URL, handle); a name alone matches a person of exactly that name; otherwise a new
  person is created. A new person with the same normalised name as someone at the same company (or as
  someone kith knows nothing else about) becomes a ``DuplicateProposal``, never a silent merge.
- **Updates, not copies.** A known person gains new identities, a connection, tags; a changed company or
  title becomes a role change through ``kith.people.set_role`` (a ``job_change`` life event dated by the
  export).
- **Idempotency.** Interactions, favours and invitations carry ``source`` + ``external_id``; when a file
  has no ids, a stable one is derived from the content, so importing the same file twice adds nothing.
- **All or nothing.** Everything happens in one transaction; a fatal ``BadInput`` from the parser, even
  at the last line, leaves the database untouched. ``dry_run`` does all the work, then rolls back.

It is fast because it never queries per row: existing identities, roles, connections and external ids
are loaded into dicts once, and new rows are written in bulk every ``BATCH`` records.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from kith.channels import CHANNELS
from kith.errors import BadInput, StoreError
from kith.identities import guess_identity_kind, name_key, normalize_identity
from kith.importers.records import (
    FavourRecord,
    ImportOptions,
    InteractionRecord,
    InvitationRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
)
from kith.settings import Settings
from kith.store.schema import (
    DIRECTIONS,
    FAVOUR_KINDS,
    Connection,
    DuplicateProposal,
    Favour,
    Identity,
    Interaction,
    InteractionParticipant,
    Invitation,
    Organisation,
    Person,
    PersonTag,
    Role,
    Tag,
)

#: records written per bulk insert
BATCH = 5000
KINDS = ("people", "interactions", "favours", "invitations")


@dataclass
class ImportSummary:
    """What an import did, per kind of record: added, updated, unchanged; and what it skipped, why."""

    format: str
    path: str
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    skipped: Counter = field(default_factory=Counter)
    #: the first place (file:line) each skip reason was seen
    skipped_where: dict[str, str] = field(default_factory=dict)
    job_changes: int = 0
    duplicates_proposed: int = 0

    @property
    def added(self) -> int:
        return sum(c["added"] for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c["updated"] for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c["unchanged"] for c in self.counts.values())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def skip(self, reason: str, where: str = "") -> None:
        self.skipped[reason] += 1
        if where:
            self.skipped_where.setdefault(reason, where)

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "path": self.path,
            "dry_run": self.dry_run,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "by_kind": {
                k: {o: c[o] for o in ("added", "updated", "unchanged")} for k, c in self.counts.items()
            },
            "job_changes": self.job_changes,
            "duplicates_proposed": self.duplicates_proposed,
            "skipped": [
                {"reason": r, "count": n, "first": self.skipped_where.get(r)}
                for r, n in self.skipped.most_common()
            ],
        }


class _Me:
    """Marker: a reference that turned out to be the user."""


ME = _Me()


class _New:
    """A person this import creates; ``id`` is known once the batch is written."""

    __slots__ = ("id",)

    def __init__(self) -> None:
        self.id: int | None = None


PersonId = int | _New


def _id(pid: PersonId) -> int:
    return pid if isinstance(pid, int) else pid.id  # type: ignore[return-value]


class _Skip(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _clean(text: str | None) -> str | None:
    value = " ".join((text or "").split())
    return value or None


def _aware(value: datetime) -> datetime:
    if value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _digest(*parts: object) -> str:
    return "h:" + hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _normalise(kind: str, value: str) -> tuple[str, str] | None:
    if not value or not str(value).strip():
        return None
    try:
        return kind, normalize_identity(kind, value)
    except BadInput:
        return None


def _external_id(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    return value if len(value) <= 300 else _digest(value)


class _Store:
    """Caches of what the database holds, and the rows waiting to be written in bulk."""

    def __init__(
        self, session: Session, source: str, summary: ImportSummary, options: ImportOptions, now: datetime
    ):
        self.session, self.source, self.summary, self.now = session, source, summary, now
        self.me_id: int | None = session.scalar(select(Person.id).where(Person.is_me.is_(True)).limit(1))
        self.me_keys = {("email", e) for e in options.me_emails} | {
            ("linkedin", u) for u in options.me_linkedin
        }
        self.ident: dict[tuple[str, str], PersonId] = {
            (k, v): pid
            for k, v, pid in session.execute(select(Identity.kind, Identity.value, Identity.person_id))
        }
        self.with_identity: set[PersonId] = set(self.ident.values())
        self.by_name: dict[str, list[PersonId]] = {}
        for pid, key in session.execute(select(Person.id, Person.name_key).where(Person.is_me.is_(False))):
            self.by_name.setdefault(key, []).append(pid)
        self.orgs: dict[str, int] = dict(
            session.execute(select(Organisation.name_key, Organisation.id)).all()
        )
        self.role: dict[PersonId, tuple[str, str, datetime | None]] = {}
        roles = (
            select(Role.person_id, Organisation.name_key, Role.title, Role.seen_at)
            .join(Organisation, isouter=True)
            .where(Role.ended_on.is_(None))
            .order_by(Role.person_id, func.coalesce(Role.seen_at, Role.created_at), Role.id)
        )
        for pid, org_key, title, seen in session.execute(roles):
            self.role[pid] = (org_key or "", title or "", seen)
        self.conn: dict[tuple[PersonId, str], tuple[int | None, object]] = {
            (pid, platform): (cid, on)
            for cid, pid, platform, on in session.execute(
                select(Connection.id, Connection.person_id, Connection.platform, Connection.connected_on)
            )
        }
        self.proposals = {
            frozenset(pair)
            for pair in session.execute(select(DuplicateProposal.person_a_id, DuplicateProposal.person_b_id))
        }
        self._ext: dict[type, set[str]] = {}
        self._norm: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._name_company: dict[tuple[str, str], list[PersonId]] | None = None
        self._bare: dict[str, list[PersonId]] | None = None
        self._tags: dict[str, int] | None = None
        self._person_tags: set[tuple[PersonId, int | str]] = set()
        self._with_notes: set[int] | None = None
        self.created: set[PersonId] = set()
        self.changed = False
        self.just_created: _New | None = None
        self._reset_pending()

    def _reset_pending(self) -> None:
        self.new_people: list[tuple[_New, dict]] = []
        self.new_idents: list[tuple[PersonId, str, str]] = []
        self.new_roles: list[tuple[PersonId, str | None, str | None, datetime]] = []
        self.role_changes: list[tuple[PersonId, str | None, str | None, datetime]] = []
        self.new_conns: list[tuple[PersonId, str, object]] = []
        self.conn_dates: list[tuple[int, object]] = []
        self.new_tags: list[tuple[PersonId, str]] = []
        self.notes: list[tuple[PersonId, str]] = []
        self.new_interactions: list[tuple[dict, list[PersonId]]] = []
        self.new_favours: list[tuple[dict, PersonId, PersonId]] = []
        self.new_invitations: list[tuple[dict, PersonId]] = []
        self.new_proposals: list[tuple[PersonId, PersonId, str]] = []

    # ------------------------------------------------------------------------------------ resolution

    def keys(self, ref: PersonRef) -> list[tuple[str, str]]:
        """The normalised identities of a reference, strongest first; values that do not parse are dropped."""
        if not (ref.emails or ref.phones or ref.handles):  # the common case: a profile URL or nothing
            if not ref.linkedin:
                return []
            key = self._norm.get(("linkedin", ref.linkedin), False)
            if key is False:
                key = self._norm[("linkedin", ref.linkedin)] = _normalise("linkedin", ref.linkedin)
            return [key] if key is not None else []
        raw: list[tuple[str, str]] = []
        if ref.linkedin:
            raw.append(("linkedin", ref.linkedin))
        if ref.emails or ref.phones or ref.handles:
            raw += [("email", e) for e in ref.emails] + [("phone", p) for p in ref.phones] + list(ref.handles)
        out: list[tuple[str, str]] = []
        for item in raw:
            key = self._norm.get(item, False)
            if key is False:
                key = self._norm[item] = _normalise(*item)
            if key is not None and key not in out:
                out.append(key)
        return out

    def resolve(self, ref: PersonRef, company: str | None = None) -> PersonId | _Me:
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
        name = _clean(ref.name)
        if not keys:
            if not name:
                raise _Skip("no name, email, phone or profile")
            found = self.by_name.get(name_key(name), [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise _Skip("name matches several people (no email or profile to tell them apart)")
        if not name:
            name = keys[0][1].split("@")[0] if keys[0][0] == "email" else keys[0][1]
        return self._create(name[:300], keys, company)

    def _create(self, name: str, keys: list[tuple[str, str]], company: str | None) -> _New:
        new = _New()
        key = name_key(name)
        self.new_people.append(
            (new, {"name": name, "name_key": key, "created_at": self.now, "updated_at": self.now})
        )
        self.created.add(new)
        self.just_created = new
        self.summary.count("people", "added")
        for identity in keys:
            self._add_identity(new, identity)
        company_key = name_key(company or "")
        if company_key:
            colleagues = self._by_name_company().setdefault((key, company_key), [])
            for other in colleagues:
                self._propose(other, new, f"same name at the same company ({company})")
            colleagues.append(new)
        for other in self._bare_by_name().get(key, []):
            self._propose(other, new, "same name; the other has no company, email or profile to compare")
        self.by_name.setdefault(key, []).append(new)
        return new

    def _by_name_company(self) -> dict[tuple[str, str], list[PersonId]]:
        """People known at the start, by (name, current company): who a new person may duplicate."""
        if self._name_company is None:
            self._name_company = {}
            for key, pids in self.by_name.items():
                for pid in pids:
                    company = self.role.get(pid, ("",))[0]
                    if company:
                        self._name_company.setdefault((key, company), []).append(pid)
        return self._name_company

    def _bare_by_name(self) -> dict[str, list[PersonId]]:
        """People known at the start with no company, email, phone or profile, by name."""
        if self._bare is None:
            self._bare = {}
            for key, pids in self.by_name.items():
                for pid in pids:
                    if pid not in self.with_identity and not self.role.get(pid, ("",))[0]:
                        self._bare.setdefault(key, []).append(pid)
        return self._bare

    def _add_identity(self, pid: PersonId, key: tuple[str, str]) -> None:
        self.ident[key] = pid
        self.with_identity.add(pid)
        self.new_idents.append((pid, *key))

    def _propose(self, a: PersonId, b: PersonId, reason: str) -> None:
        self.new_proposals.append((a, b, reason))
        self.summary.duplicates_proposed += 1

    def me(self) -> int:
        if self.me_id is None:
            from kith.people import ensure_me

            self.me_id = ensure_me(self.session).id
        return self.me_id

    # ------------------------------------------------------------------------------------ records

    def add(self, record: Record) -> None:
        try:
            if isinstance(record, PersonRecord):
                self.person(record)
            elif isinstance(record, InteractionRecord):
                self.interaction(record)
            elif isinstance(record, FavourRecord):
                self.favour(record)
            elif isinstance(record, InvitationRecord):
                self.invitation(record)
            elif isinstance(record, Skipped):
                self.summary.skip(record.reason, record.where)
            else:
                raise TypeError(f"not an import record: {record!r}")
        except _Skip as skip:
            self.summary.skip(skip.reason, getattr(record, "where", ""))

    def person(self, rec: PersonRecord) -> None:
        self.changed = False
        self.just_created = None
        pid = self.resolve(rec.ref, rec.company)
        if pid is ME:
            raise _Skip("this is you")
        assert not isinstance(pid, _Me)
        seen = _aware(rec.seen_at) if rec.seen_at else self.now
        company, title = _clean(rec.company), _clean(rec.title)
        if company or title:
            wanted = (name_key(company or ""), title or "")
            current = self.role.get(pid)
            if current is None:
                self.new_roles.append((pid, company, title, seen))
                self.role[pid] = (*wanted, seen)
                self.changed = True
            elif current[:2] != wanted and (current[2] is None or seen >= current[2]):
                self.role_changes.append((pid, company, title, seen))
                self.role[pid] = (*wanted, seen)
                self.changed = True
        if rec.platform:
            known = self.conn.get((pid, rec.platform))
            if known is None:
                self.new_conns.append((pid, rec.platform, rec.connected_on))
                self.conn[(pid, rec.platform)] = (None, rec.connected_on)
                self.changed = True
            elif known[1] is None and rec.connected_on is not None and known[0] is not None:
                self.conn_dates.append((known[0], rec.connected_on))
                self.conn[(pid, rec.platform)] = (known[0], rec.connected_on)
                self.changed = True
        for label in rec.tags:
            label = " ".join(label.split()).lower()[:100]
            if label and (pid, label) not in self._person_tags_for(pid):
                self._person_tags.add((pid, label))
                self.new_tags.append((pid, label))
                self.changed = True
        if rec.notes and rec.notes.strip() and not self._has_notes(pid):
            self.notes.append((pid, rec.notes.strip()))
            self._with_notes.add(pid)  # type: ignore[union-attr]
            self.changed = True
        if pid is not self.just_created:
            self.summary.count("people", "updated" if self.changed else "unchanged")

    def _person_tags_for(self, pid: PersonId) -> set:
        if self._tags is None:
            self._tags = dict(self.session.execute(select(Tag.name, Tag.id)).all())
            names = {v: k for k, v in self._tags.items()}
            for person_id, tag_id in self.session.execute(select(PersonTag.person_id, PersonTag.tag_id)):
                self._person_tags.add((person_id, names[tag_id]))
        return self._person_tags

    def _has_notes(self, pid: PersonId) -> bool:
        if self._with_notes is None:
            self._with_notes = set(self.session.scalars(select(Person.id).where(Person.notes.is_not(None))))
        return pid in self._with_notes

    def _participants(self, refs: Iterable[PersonRef]) -> list[PersonId]:
        out: list[PersonId] = []
        for ref in refs:
            try:
                pid = self.resolve(ref)
            except _Skip:
                continue
            if pid is not ME and pid not in out:
                out.append(pid)  # type: ignore[arg-type]
        return out

    def _ref_key(self, ref: PersonRef) -> str:
        keys = self.keys(ref)
        return f"{keys[0][0]}:{keys[0][1]}" if keys else name_key(ref.name or "")

    def _seen(self, model: type, ext: str) -> bool:
        """True when ``ext`` is stored for this source already (or earlier in this file); records it."""
        known = self._ext.get(model)
        if known is None:
            known = set(self.session.scalars(select(model.external_id).where(model.source == self.source)))
            self._ext[model] = known
        if ext in known:
            return True
        known.add(ext)
        return False

    def interaction(self, rec: InteractionRecord) -> None:
        channel = (rec.channel or "").strip().lower()
        if channel not in CHANNELS:
            raise _Skip(f"unknown channel {rec.channel!r}")
        if rec.direction not in DIRECTIONS:
            raise _Skip(f"unknown direction {rec.direction!r}")
        if rec.duration_s is not None and rec.duration_s < 0:
            raise _Skip("negative duration")
        when = _aware(rec.occurred_at)
        kind = (rec.kind or channel).strip().lower()[:40]
        summary = _clean(rec.summary)
        ext = _external_id(rec.external_id) or _digest(
            when.isoformat(),
            channel,
            kind,
            rec.direction,
            ",".join(sorted(self._ref_key(r) for r in rec.participants)),
            summary or "",
        )
        people = self._participants(rec.participants)
        if not people:
            raise _Skip("no one besides you took part")
        if self._seen(Interaction, ext):
            self.summary.count("interactions", "unchanged")
            return
        row = {
            "occurred_at": when,
            "channel": channel,
            "kind": kind,
            "duration_s": rec.duration_s,
            "direction": rec.direction,
            "summary": summary,
            "source": self.source,
            "external_id": ext,
            "created_at": self.now,
        }
        self.new_interactions.append((row, people))
        self.summary.count("interactions", "added")

    def favour(self, rec: FavourRecord) -> None:
        kind = (rec.kind or "").strip().lower()
        if kind not in FAVOUR_KINDS:
            raise _Skip(f"unknown favour kind {rec.kind!r}")
        if rec.direction not in ("given", "received"):
            raise _Skip(f"unknown favour direction {rec.direction!r}")
        pid = self.resolve(rec.person)
        if pid is ME:
            raise _Skip("a favour between you and yourself")
        when = _aware(rec.occurred_at)
        note = _clean(rec.note)
        ext = _external_id(rec.external_id) or _digest(
            kind, rec.direction, self._ref_key(rec.person), when.isoformat(), note or ""
        )
        if self._seen(Favour, ext):
            self.summary.count("favours", "unchanged")
            return
        me = self.me()
        giver, receiver = (me, pid) if rec.direction == "given" else (pid, me)
        row = {"kind": kind, "note": note, "occurred_at": when, "source": self.source, "external_id": ext}
        self.new_favours.append((row, giver, receiver))  # type: ignore[arg-type]
        self.summary.count("favours", "added")

    def invitation(self, rec: InvitationRecord) -> None:
        if rec.direction not in ("incoming", "outgoing"):
            raise _Skip(f"unknown invitation direction {rec.direction!r}")
        pid = self.resolve(rec.person)
        if pid is ME:
            raise _Skip("an invitation to yourself")
        sent = _aware(rec.sent_at) if rec.sent_at else None
        message = (rec.message or "").strip() or None
        ext = _external_id(rec.external_id) or _digest(
            rec.platform,
            rec.direction,
            self._ref_key(rec.person),
            sent.isoformat() if sent else "",
            message or "",
        )
        if self._seen(Invitation, ext):
            self.summary.count("invitations", "unchanged")
            return
        row = {
            "direction": rec.direction,
            "platform": rec.platform,
            "sent_at": sent,
            "message": message,
            "status": "accepted" if (pid, rec.platform) in self.conn else "pending",
            "source": self.source,
            "external_id": ext,
        }
        self.new_invitations.append((row, pid))  # type: ignore[arg-type]
        self.summary.count("invitations", "added")

    # ------------------------------------------------------------------------------------ writing

    def pending(self) -> int:
        return (
            len(self.new_people)
            + len(self.new_interactions)
            + len(self.new_favours)
            + len(self.new_invitations)
        )

    def flush(self) -> None:
        """Write every pending row in bulk (people first, so the others can refer to them).

        Core inserts of plain rows (``cursor.executemany``), not ORM objects: RETURNING only where new
        ids are needed (people), and interaction ids read back by their unique external ids.
        """
        s = self.session
        if self.new_people:
            for (new, _), pid in zip(self.new_people, self._insert_people(), strict=True):
                new.id = pid
        if self.new_idents:
            rows = [
                {"person_id": _id(p), "kind": k, "value": v, "source": self.source}
                for p, k, v in self.new_idents
            ]
            s.execute(insert(Identity.__table__), rows)
        self._flush_roles()
        if self.new_conns:
            rows = [
                {"person_id": _id(p), "platform": pl, "connected_on": on, "source": self.source}
                for p, pl, on in self.new_conns
            ]
            s.execute(insert(Connection.__table__), rows)
        for cid, on in self.conn_dates:
            s.execute(update(Connection).where(Connection.id == cid).values(connected_on=on))
        self._flush_tags()
        for pid, note in self.notes:
            s.execute(update(Person).where(Person.id == _id(pid)).values(notes=note))
        if self.new_interactions:
            self._flush_interactions()
        if self.new_favours:
            rows = [{**row, "giver_id": _id(g), "receiver_id": _id(r)} for row, g, r in self.new_favours]
            s.execute(insert(Favour.__table__), rows)
        if self.new_invitations:
            rows = [{**row, "person_id": _id(p)} for row, p in self.new_invitations]
            s.execute(insert(Invitation.__table__), rows)
        self._flush_proposals()
        self._reset_pending()

    def _insert_people(self) -> list[int]:
        """Insert the new people; their ids in order.

        SQLite cannot return ids of a multi-row insert in order, so there the rows go in one
        ``executemany`` and the ids are read back: SQLite numbers new rows max(id)+1, +2, ... and this
        transaction holds the write lock, so nobody else's rows can interleave. Other databases use
        RETURNING.
        """
        s = self.session
        rows = [row for _, row in self.new_people]
        if s.get_bind().dialect.name != "sqlite":
            stmt = insert(Person.__table__).returning(Person.id, sort_by_parameter_order=True)
            return list(s.execute(stmt, rows).scalars())
        before = s.scalar(select(func.max(Person.id))) or 0
        s.execute(insert(Person.__table__), rows)
        ids = list(s.scalars(select(Person.id).where(Person.id > before).order_by(Person.id)))
        if len(ids) != len(rows):
            raise StoreError("another program wrote to the database during the import; run it again")
        return ids

    def _flush_interactions(self) -> None:
        s = self.session
        before = s.scalar(select(func.max(Interaction.id))) or 0
        s.execute(insert(Interaction.__table__), [row for row, _ in self.new_interactions])
        ids = dict(
            s.execute(
                select(Interaction.external_id, Interaction.id).where(
                    Interaction.id > before, Interaction.source == self.source
                )
            ).all()
        )
        links = [
            {"interaction_id": ids[row["external_id"]], "person_id": _id(p)}
            for row, people in self.new_interactions
            for p in people
        ]
        s.execute(insert(InteractionParticipant.__table__), links)

    def _org_id(self, company: str | None) -> int | None:
        if not company:
            return None
        key = name_key(company)
        if key not in self.orgs:
            self.orgs[key] = self.session.scalar(
                insert(Organisation).values(name=company, name_key=key).returning(Organisation.id)
            )
        return self.orgs[key]

    def _flush_roles(self) -> None:
        missing = {name_key(c): c for _, c, _, _ in self.new_roles + self.role_changes if c}
        missing = {k: c for k, c in missing.items() if k not in self.orgs}
        if missing:
            stmt = insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True)
            rows = [{"name": c, "name_key": k} for k, c in missing.items()]
            for key, oid in zip(missing, self.session.execute(stmt, rows).scalars().all(), strict=True):
                self.orgs[key] = oid
        if self.new_roles:
            rows = [
                {
                    "person_id": _id(p),
                    "organisation_id": self._org_id(c),
                    "title": t,
                    "source": self.source,
                    "seen_at": seen,
                    "created_at": self.now,
                }
                for p, c, t, seen in self.new_roles
            ]
            self.session.execute(insert(Role.__table__), rows)
        if self.role_changes:
            from kith.people import set_role

            for pid, company, title, seen in self.role_changes:
                person = self.session.get(Person, _id(pid))
                had_role = person.current_role() is not None
                if set_role(
                    self.session, person, company=company, title=title, seen_at=seen, source=self.source
                ):
                    self.summary.job_changes += int(had_role)

    def _flush_tags(self) -> None:
        if not self.new_tags:
            return
        assert self._tags is not None
        for _, label in self.new_tags:
            if label not in self._tags:
                self._tags[label] = self.session.scalar(
                    insert(Tag).values(name=label, kind="tag").returning(Tag.id)
                )
        rows = [{"person_id": _id(p), "tag_id": self._tags[label]} for p, label in self.new_tags]
        self.session.execute(insert(PersonTag.__table__), rows)

    def _flush_proposals(self) -> None:
        rows = []
        for a, b, reason in self.new_proposals:
            pair = frozenset((_id(a), _id(b)))
            if len(pair) == 2 and pair not in self.proposals:
                self.proposals.add(pair)
                low, high = sorted(pair)
                rows.append(
                    {"person_a_id": low, "person_b_id": high, "reason": reason, "created_at": self.now}
                )
        if rows:
            self.session.execute(insert(DuplicateProposal.__table__), rows)


def store_records(
    session: Session,
    records: Iterable[Record],
    *,
    source: str,
    options: ImportOptions,
    now: datetime,
    summary: ImportSummary,
) -> ImportSummary:
    """Write what a parser yields into ``session`` (the caller owns the transaction)."""
    store = _Store(session, source, summary, options, now)
    for record in records:
        store.add(record)
        if store.pending() >= BATCH:
            store.flush()
    store.flush()
    session.flush()
    return summary


def import_options(session: Session, me: Sequence[str], now: datetime) -> ImportOptions:
    """Who the user is (stored identities plus ``--me`` values), for parsers to tell the user apart."""
    from kith.people import get_me

    options = ImportOptions(now=now)
    stored = get_me(session)
    if stored is not None:
        options.me_emails += stored.emails()
        options.me_linkedin += [i.value for i in stored.identities if i.kind == "linkedin"]
        if stored.name and name_key(stored.name) != "me":
            options.me_names.append(name_key(stored.name))
    for value in me:
        kind = guess_identity_kind(value)
        if kind in ("email", "linkedin"):
            target = options.me_emails if kind == "email" else options.me_linkedin
            target.append(normalize_identity(kind, value))
        elif value.strip():
            options.me_names.append(name_key(value))
    return options


class _DryRun(Exception):
    pass


def run_import(
    fmt: str,
    path: Path | str,
    *,
    settings: Settings | None = None,
    me: Sequence[str] = (),
    dry_run: bool = False,
    now: datetime,
    progress: bool = True,
) -> ImportSummary:
    """Import ``path`` in format ``fmt`` in one transaction; see the module docstring."""
    from kith.importers.registry import parser_for
    from kith.store.db import transaction

    parse = parser_for(fmt)
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    summary = ImportSummary(format=fmt.strip().lower(), path=str(path), dry_run=dry_run)
    try:
        with transaction(settings) as session:
            if session.get_bind().dialect.name == "sqlite":
                # a bigger page cache for this connection: bulk inserts into several indexes thrash the default 2 MB
                session.execute(text("PRAGMA cache_size=-65536"))
            options = import_options(session, me, now)
            with _progress_bar(path, enabled=progress) as advance:
                options.progress = advance
                store_records(
                    session,
                    parse(path, options),
                    source=summary.format,
                    options=options,
                    now=now,
                    summary=summary,
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except OSError as exc:
        raise BadInput(f"{exc.filename or path}: {exc.strerror or exc}") from None
    return summary


class _progress_bar:
    """A Rich progress bar on stderr for long files (only when stderr is a terminal)."""

    MIN_BYTES = 1 << 20

    def __init__(self, path: Path, enabled: bool) -> None:
        self.path, self.enabled, self.progress = path, enabled, None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console

            console = Console(stderr=True)
            total = _input_size(self.path)
            if console.is_terminal and total >= self.MIN_BYTES:
                from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

                self.progress = Progress(
                    "[progress.description]{task.description}",
                    BarColumn(),
                    DownloadColumn(),
                    TimeRemainingColumn(),
                    console=console,
                    transient=True,
                )
                self.progress.start()
                task = self.progress.add_task(f"importing {self.path.name}", total=total)
                return lambda n: self.progress.advance(task, n)
        return None

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


def _input_size(path: Path) -> int:
    """Bytes a parser will read: a folder's files, a zip's uncompressed members, or the file."""
    import zipfile

    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return sum(info.file_size for info in archive.infolist())
        return path.stat().st_size
    except (OSError, zipfile.BadZipFile):
        return 0
