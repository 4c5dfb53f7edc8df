"""Turning import records into rows, and writing them in bulk.

A ``Writer`` takes the records a parser yields, one at a time: it resolves the people in them
(``kith.importing.people_index``), decides what is new, changed or already stored, counts that in the
``ImportSummary``, and keeps the new rows, as plain tuples, until ``flush`` writes them with a few
``executemany`` statements (``kith.importing.bulk``: the raw sqlite3 cursor on SQLite, Core elsewhere). Interactions, favours and invitations are known by ``source`` + ``external_id`` (derived from
the content when a file has none), so a second import of the same file adds nothing. A changed company or
title goes through ``kith.people.roles.set_role``: the old role ends and a ``job_change`` life event is dated
by the export.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from kith.channels import CHANNELS
from kith.errors import BadInput
from kith.importers.records import (
    EducationRecord,
    FavourRecord,
    ImportOptions,
    InteractionRecord,
    InvitationRecord,
    Notice,
    OwnerRecord,
    PersonRecord,
    Record,
    Skipped,
)
from kith.importing.bulk import Bulk
from kith.importing.people_index import (
    ME,
    PLACEHOLDER,
    PeopleIndex,
    PersonId,
    SkipRecord,
    clean,
    digest,
    real_id,
    utc,
)
from kith.importing.summary import ImportSummary
from kith.people.core import tag_label
from kith.people.education import School, store_school
from kith.people.identities import name_key
from kith.people.roles import set_role
from kith.store.schema import (
    DIRECTIONS,
    FAVOUR_KINDS,
    Connection,
    Favour,
    Interaction,
    InteractionParticipant,
    Invitation,
    Note,
    Organisation,
    Person,
    PersonTag,
    Role,
    Tag,
)
from kith.text import safe_text

INTERACTION_COLUMNS = (
    "occurred_at",
    "channel",
    "kind",
    "duration_s",
    "direction",
    "summary",
    "source",
    "external_id",
    "created_at",
)
#: where a row of INTERACTION_COLUMNS has its time and channel (its participant rows repeat them)
WHEN = INTERACTION_COLUMNS.index("occurred_at")
CHANNEL = INTERACTION_COLUMNS.index("channel")
FAVOUR_COLUMNS = ("kind", "note", "occurred_at", "source", "external_id")
INVITATION_COLUMNS = ("direction", "platform", "sent_at", "message", "status", "source", "external_id")


def _external_id(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    return value if len(value) <= 300 else digest(value)


class Writer:
    """Records in, counted and de-duplicated; rows out in bulk on ``flush``; ``finish`` once at the end
    (it builds the indexes the writer put off, so a writer left unfinished must not be committed)."""

    def __init__(
        self, session: Session, source: str, summary: ImportSummary, options: ImportOptions, now: datetime
    ) -> None:
        self.session, self.source, self.summary, self.now = session, source, summary, now
        self.bulk = Bulk(session)
        self.bulk.defer_indexes(Interaction, InteractionParticipant)
        self._now = self.bulk.datetime(now)
        self.people = PeopleIndex(session, source, summary, options, now, self.bulk)
        self.orgs: dict[str, int] = dict(
            session.execute(select(Organisation.name_key, Organisation.id)).all()
        )
        self._ext: dict[type, set[str]] = {}
        #: (channel, kind) as a record gives them -> as stored
        self._kinds: dict[tuple[str, str], tuple[str, str]] = {}
        self._tags: dict[str, int] | None = None
        self._person_tags: set[tuple[PersonId, str]] = set()
        self._with_notes: set[PersonId] | None = None
        #: person id -> (birthday, anniversary) stored or set by this import, for those who have one
        self._dates: dict[PersonId, list[str | None]] | None = None
        self._reset()

    def _reset(self) -> None:
        self.new_roles: list[tuple[PersonId, str | None, str | None, datetime]] = []
        self.role_changes: list[tuple[PersonId, str | None, str | None, datetime]] = []
        self.new_conns: list[tuple[PersonId, str, date | None]] = []
        self.conn_dates: list[tuple[int, object]] = []
        self.new_tags: list[tuple[PersonId, str]] = []
        self.notes: list[tuple[PersonId, str]] = []
        #: (person, "birthday" or "anniversary", stored form)
        self.dates: list[tuple[PersonId, str, str]] = []
        #: rows in INTERACTION_COLUMNS order, with their participants
        self.new_interactions: list[tuple[tuple, list[PersonId]]] = []
        self.new_favours: list[tuple[tuple, PersonId, PersonId]] = []
        self.new_invitations: list[tuple[tuple, PersonId]] = []
        #: the user's schools, stored after the people (``kith.people.education.store_school``)
        self.schools: list[EducationRecord] = []

    # ------------------------------------------------------------------------------------ records

    def add(self, record: Record) -> None:
        """Take one record: count it as added, updated, unchanged or skipped (with the reason)."""
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
            elif isinstance(record, Notice):
                self.summary.notice(record.what, record.where)
            elif isinstance(record, OwnerRecord):
                self.owner(record)
            elif isinstance(record, EducationRecord):
                self.schools.append(record)
            else:
                raise TypeError(f"not an import record: {record!r}")
        except SkipRecord as skip:
            self.summary.skip(skip.reason, getattr(record, "where", ""))

    def person(self, rec: PersonRecord) -> None:
        people = self.people
        people.changed = False
        claimed = len(people.claimed)
        on = rec.connected_on if rec.platform == "linkedin" else None
        pid = people.resolve(rec.ref, rec.company, claim=True, connected_on=on)
        if pid is ME:
            raise SkipRecord("this is you")
        assert isinstance(pid, PersonId)
        created = people.just_created is not None
        #: the same person as an earlier row of this file (the claimed set did not grow)
        repeated = not created and len(people.claimed) == claimed
        changed = False
        seen = utc(rec.seen_at) if rec.seen_at else self.now
        company, title = clean(rec.company), clean(rec.title)
        if company or title:
            # one copy of each company and title, not one per person (a large import keeps them all)
            wanted = (sys.intern(name_key(company or "")), sys.intern(title or ""))
            current = people.role.get(pid)
            if current is None:
                self.new_roles.append((pid, company, title, seen))
                people.role[pid] = (*wanted, seen)
                changed = True
            elif current[:2] != wanted and (current[2] is None or seen >= current[2]):
                # an older export never moves someone back to an earlier job
                self.role_changes.append((pid, company, title, seen))
                people.role[pid] = (*wanted, seen)
                changed = True
        if rec.platform:
            connected = people.connected.setdefault(rec.platform, {})
            if pid not in connected:
                self.new_conns.append((pid, rec.platform, rec.connected_on))
                connected[pid] = rec.connected_on
                changed = True
            elif connected[pid] is None and rec.connected_on is not None:
                stored = people.undated.pop((pid, rec.platform), None)  # made by this import: no id yet
                if stored is not None:
                    self.conn_dates.append((stored, rec.connected_on))
                    connected[pid] = rec.connected_on
                    changed = True
        for label in rec.tags:
            label = tag_label(label)[:100]
            if label and (pid, label) not in self._person_tags_loaded():
                self._person_tags.add((pid, label))
                self.new_tags.append((pid, label))
                changed = True
        notes = safe_text(rec.notes, multiline=True).strip() if rec.notes else None
        if notes and not self._has_notes(pid):
            self.notes.append((pid, notes))
            self._with_notes.add(pid)  # type: ignore[union-attr]
            changed = True
        for at, (kind, value) in enumerate((("birthday", rec.birthday), ("anniversary", rec.anniversary))):
            # a date the person has already (typed by the user, or from an earlier import) is kept
            if value and self._stored_dates().setdefault(pid, [None, None])[at] is None:
                self._stored_dates()[pid][at] = value
                self.dates.append((pid, kind, value))
                changed = True
        if repeated:
            self.summary.count("people", "merged")
        elif not created:
            outcome = "updated" if changed or people.changed else "unchanged"
            self.summary.count("people", outcome)
            self.summary.matched(people.matched_by or "")

    def _person_tags_loaded(self) -> set[tuple[PersonId, str]]:
        if self._tags is None:
            self._tags = dict(self.session.execute(select(Tag.name, Tag.id)).all())
            names = {v: k for k, v in self._tags.items()}
            for person_id, tag_id in self.session.execute(select(PersonTag.person_id, PersonTag.tag_id)):
                self._person_tags.add((person_id, names[tag_id]))
        return self._person_tags

    def _has_notes(self, pid: PersonId) -> bool:
        """Whether the person has a note: an address book's note is added once, never again."""
        if self._with_notes is None:
            self._with_notes = set(self.session.scalars(select(Note.person_id).distinct()))
        return pid in self._with_notes

    def _stored_dates(self) -> dict[PersonId, list[str | None]]:
        if self._dates is None:
            self._dates = {
                pid: [birthday, anniversary]
                for pid, birthday, anniversary in self.session.execute(
                    select(Person.id, Person.birthday, Person.anniversary).where(
                        or_(Person.birthday.is_not(None), Person.anniversary.is_not(None))
                    )
                )
            }
        return self._dates

    def _seen(self, model: Any, ext: str) -> bool:
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
        known = self._kinds.get((rec.channel, rec.kind))  # a file uses a handful of channels and kinds
        if known is None:
            channel = (rec.channel or "").strip().lower()
            if channel not in CHANNELS:
                raise SkipRecord(f"unknown channel {rec.channel!r}")
            known = self._kinds[(rec.channel, rec.kind)] = (
                channel,
                (rec.kind or channel).strip().lower()[:40],
            )
        channel, kind = known
        if rec.direction not in DIRECTIONS:
            raise SkipRecord(f"unknown direction {rec.direction!r}")
        if rec.duration_s is not None and rec.duration_s < 0:
            raise SkipRecord("negative duration")
        when = utc(rec.occurred_at)
        summary = clean(rec.summary)
        ext = _external_id(rec.external_id) or digest(
            when.isoformat(),
            channel,
            kind,
            rec.direction,
            ",".join(sorted(self.people.ref_key(r) for r in rec.participants)),
            summary or "",
        )
        participants, left_out = self.people.participants(rec.participants)
        if not participants:
            raise SkipRecord(left_out[0] if left_out else "no one besides you took part")
        for reason in left_out:
            what = (
                "a hidden or deleted account left out of a conversation" if reason == PLACEHOLDER else reason
            )
            self.summary.notice(what, rec.where)
        if self._seen(Interaction, ext):
            self.summary.count("interactions", "unchanged")
            return
        row = (
            self.bulk.datetime(when),
            channel,
            kind,
            rec.duration_s,
            rec.direction,
            summary,
            self.source,
            ext,
            self._now,
        )
        self.new_interactions.append((row, participants))
        self.summary.count("interactions", "added")

    def favour(self, rec: FavourRecord) -> None:
        kind = (rec.kind or "").strip().lower()
        if kind not in FAVOUR_KINDS:
            raise SkipRecord(f"unknown favour kind {rec.kind!r}")
        if rec.direction not in ("given", "received"):
            raise SkipRecord(f"unknown favour direction {rec.direction!r}")
        pid = self.people.resolve(rec.person)
        if pid is ME:
            raise SkipRecord("a favour between you and yourself")
        when = utc(rec.occurred_at)
        note = clean(rec.note)
        ext = _external_id(rec.external_id) or digest(
            kind, rec.direction, self.people.ref_key(rec.person), when.isoformat(), note or ""
        )
        if self._seen(Favour, ext):
            self.summary.count("favours", "unchanged")
            return
        me = self.people.me()
        giver, receiver = (me, pid) if rec.direction == "given" else (pid, me)
        row = (kind, note, self.bulk.datetime(when), self.source, ext)
        self.new_favours.append((row, giver, receiver))  # type: ignore[arg-type]
        self.summary.count("favours", "added")

    def invitation(self, rec: InvitationRecord) -> None:
        if rec.direction not in ("incoming", "outgoing"):
            raise SkipRecord(f"unknown invitation direction {rec.direction!r}")
        pid = self.people.resolve(rec.person)
        if pid is ME:
            raise SkipRecord("an invitation to yourself")
        sent = utc(rec.sent_at) if rec.sent_at else None
        message = safe_text(rec.message or "", multiline=True).strip() or None
        ext = _external_id(rec.external_id) or digest(
            rec.platform,
            rec.direction,
            self.people.ref_key(rec.person),
            sent.isoformat() if sent else "",
            message or "",
        )
        if self._seen(Invitation, ext):
            self.summary.count("invitations", "unchanged")
            return
        status = "accepted" if pid in self.people.connected.get(rec.platform, ()) else "pending"
        row = (rec.direction, rec.platform, self.bulk.datetime(sent), message, status, self.source, ext)
        self.new_invitations.append((row, pid))  # type: ignore[arg-type]
        self.summary.count("invitations", "added")

    def owner(self, rec: OwnerRecord) -> None:
        """The file's owner is the user: name a user who has no name yet ("Me", or no user at all) after
        them; say so when kith knows the user by another name; give the user the profile URL the file
        shows, unless someone else holds it."""
        name = clean(rec.name)
        if not name:
            return
        me = self.session.get_one(Person, self.people.me())
        you = self.summary.you = {"profile_name": name, "known_as": me.name, "named": False, "linkedin": None}
        if name_key(me.name) == name_key("Me"):
            me.name, me.name_key = name, name_key(name)
            you.update(known_as=name, named=True)
        if rec.linkedin:
            key = ("linkedin", rec.linkedin)
            holder = self.people.ident.get(key)
            if holder is None:
                self.people._add_identity(me.id, key)
                you["linkedin"] = rec.linkedin
            elif real_id(holder) != me.id:
                self.summary.notice(
                    "your own profile URL belongs to someone else in kith (merge them into you: "
                    "kith merge me NAME)",
                    rec.where,
                )

    # ------------------------------------------------------------------------------------ writing

    def pending(self) -> int:
        return (
            len(self.people.new_people)
            + len(self.new_interactions)
            + len(self.new_favours)
            + len(self.new_invitations)
        )

    def flush(self) -> None:
        """Write every pending row in bulk: people first, so that the other rows can refer to them."""
        s, bulk = self.session, self.bulk
        self.people.flush_people()
        self._flush_roles()
        rows = [(real_id(p), pl, bulk.date(on), self.source) for p, pl, on in self.new_conns]
        bulk.insert(Connection, ("person_id", "platform", "connected_on", "source"), rows)
        for cid, on in self.conn_dates:
            s.execute(update(Connection).where(Connection.id == cid).values(connected_on=on))
        self._flush_tags()
        rows = [(real_id(pid), note, self._now, self.source) for pid, note in self.notes]
        bulk.insert(Note, ("person_id", "text", "written_at", "source"), rows)
        for pid, kind, value in self.dates:
            s.execute(update(Person).where(Person.id == real_id(pid)).values({kind: value}))
        if self.new_interactions:
            ids = bulk.insert_new(Interaction, INTERACTION_COLUMNS, [row for row, _ in self.new_interactions])
            links = [
                (iid, real_id(p), row[WHEN], row[CHANNEL])
                for iid, (row, participants) in zip(ids, self.new_interactions, strict=True)
                for p in participants
            ]
            bulk.insert(
                InteractionParticipant, ("interaction_id", "person_id", "occurred_at", "channel"), links
            )
        rows = [(*row, real_id(g), real_id(r)) for row, g, r in self.new_favours]
        bulk.insert(Favour, (*FAVOUR_COLUMNS, "giver_id", "receiver_id"), rows)
        rows = [(*row, real_id(p)) for row, p in self.new_invitations]
        bulk.insert(Invitation, (*INVITATION_COLUMNS, "person_id"), rows)
        self._flush_schools()
        self.people.flush_proposals()
        self._reset()

    def finish(self) -> None:
        """Write what is pending and complete the tables (indexes built after the rows)."""
        self.flush()
        self.bulk.finish()

    def _flush_roles(self) -> None:
        missing = {name_key(c): c for _, c, _, _ in self.new_roles + self.role_changes if c}
        missing = {k: c for k, c in missing.items() if k not in self.orgs}
        if missing:
            ids = self.bulk.insert_new(
                Organisation, ("name", "name_key"), [(c, k) for k, c in missing.items()]
            )
            self.orgs.update(zip(missing, ids, strict=True))
        rows = [
            (
                real_id(p),
                self.orgs[name_key(c)] if c else None,
                t,
                self.source,
                self.bulk.datetime(seen),
                self._now,
            )
            for p, c, t, seen in self.new_roles
        ]
        self.bulk.insert(
            Role, ("person_id", "organisation_id", "title", "source", "seen_at", "created_at"), rows
        )
        if self.role_changes:
            for pid, company, title, seen in self.role_changes:
                person = self.session.get_one(Person, real_id(pid))
                had_role = person.current_role() is not None
                if set_role(
                    self.session, person, company=company, title=title, seen_at=seen, source=self.source
                ):
                    self.summary.job_changes += int(had_role)

    def _flush_schools(self) -> None:
        """The user's schools, one per school: a re-import finds them stored and adds nothing."""
        if not self.schools:
            return
        me = self.session.get_one(Person, self.people.me())
        for rec in self.schools:
            school = School(clean(rec.school) or "", clean(rec.degree), rec.started, rec.ended)
            try:
                outcome = store_school(self.session, me, school, source=self.source)
            except BadInput as refused:
                self.summary.skip(f"a school kith cannot keep ({refused})", rec.where)
                continue
            self.summary.count("schools", outcome)

    def _flush_tags(self) -> None:
        if not self.new_tags:
            return
        assert self._tags is not None
        for _, label in self.new_tags:
            if label not in self._tags:
                self._tags[label] = self.session.scalars(
                    insert(Tag).values(name=label, kind="tag").returning(Tag.id)
                ).one()
        rows = [(real_id(p), self._tags[label]) for p, label in self.new_tags]
        self.bulk.insert(PersonTag, ("person_id", "tag_id"), rows)
