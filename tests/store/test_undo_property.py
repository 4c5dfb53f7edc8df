"""Random sequences of actions, corrections and undos: undo restores the data exactly, and after every action every
derived value (interaction counts, last contact, strength, circles, the agenda) equals a full recompute
from the rows."""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import delete, select, text

from kith.agenda import build_agenda, mark_item
from kith.commitments import add_commitment, cancel_commitment
from kith.errors import KithError
from kith.exporters.backup import export
from kith.favours import delete_favour
from kith.interactions import delete_interaction, edit_interaction, log_interaction
from kith.ledger import record_favour
from kith.people.core import PersonFields, add_person, apply_fields, set_me
from kith.people.listing import contact_stats
from kith.people.merge import merge_people
from kith.settings import Settings
from kith.store import db, undo
from kith.store.schema import (
    Commitment,
    Favour,
    Interaction,
    PastTieCache,
    Person,
    StrengthCache,
    TieCache,
)
from kith.strength.service import recompute, ties

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
NAMES = ("Ann Ash", "Ben Birch", "Cat Cedar", "Dan Dale", "Eve Elm")
KINDS = ("coffee", "lunch", "call", "video", "email", "message", "like")


class UndoMachine(RuleBasedStateMachine):
    """A kith home driven through the core actions, each in its own transaction as a command runs."""

    template: Path  # a migrated empty database, copied for each run

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="kith-undo-"))
        shutil.copy(self.template, self.folder / "kith.db")
        self.settings = Settings(home=self.folder, database_url=f"sqlite:///{self.folder / 'kith.db'}")
        with self.session() as session:  # three people with some history, as the start
            set_me(session, name="Ada Lovelace")
            people = [add_person(session, PersonFields(name=name), now=NOW) for name in NAMES[:3]]
            for days, group in ((3, people[:1]), (40, people[1:]), (200, people[1:2]), (9, people[2:])):
                log_interaction(session, kind="coffee", people=group, when=NOW - timedelta(days=days))
            undo.clear(session, "the test's start")
        #: the data before each change that can still be undone, newest last
        self.before: list[dict] = []

    def teardown(self) -> None:
        engine = db._engines.pop(self.settings.database_url, None)
        if engine is not None:
            engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    @contextmanager
    def session(self):
        with db.transaction(self.settings) as session:
            yield session

    def data(self) -> dict:
        with self.session() as session:
            return json.loads(export(session))["tables"]

    def people(self) -> list[int]:
        with self.session() as session:
            return list(session.scalars(select(Person.id).where(Person.is_me.is_(False)).order_by(Person.id)))

    def act(self, action) -> None:
        """Run ``action(session)`` as a command would; remember the data before it if it made a step."""
        before = self.data()
        with self.session() as session:
            last = undo.last_change(session)
        try:
            with self.session() as session:
                action(session)
        except KithError:
            pass  # refused (a duplicate name, an item done already...): nothing was written
        with self.session() as session:
            now = undo.last_change(session)
        if now is not None and (last is None or now.id != last.id):
            self.before.append(before)
        else:
            assert self.data() == before

    # ------------------------------------------------------------------------------------------ actions

    @rule(name=st.sampled_from(NAMES), company=st.sampled_from(("Acme", "Initech", None)))
    def add(self, name, company):
        self.act(lambda s: add_person(s, PersonFields(name=name, company=company, tags=["x"]), now=NOW))

    @precondition(lambda self: self.people())
    @rule(data=st.data(), kind=st.sampled_from(KINDS), days=st.integers(0, 400), hours=st.integers(0, 23))
    def log(self, data, kind, days, hours):
        chosen = data.draw(st.lists(st.sampled_from(self.people()), min_size=1, max_size=3, unique=True))
        direction = data.draw(st.sampled_from(("outbound", "inbound", "mutual")))
        when = NOW - timedelta(days=days, hours=hours)

        def action(session):
            people = [session.get(Person, pid) for pid in chosen]
            log_interaction(session, kind=kind, people=people, when=when, direction=direction)

        self.act(action)

    @precondition(lambda self: self.people())
    @rule(data=st.data(), company=st.sampled_from(("Acme", "Initech", "Hooli")), tag=st.sampled_from("abc"))
    def edit(self, data, company, tag):
        pid = data.draw(st.sampled_from(self.people()))
        closeness = data.draw(st.none() | st.floats(0, 1))
        fields = PersonFields(company=company, tags=[tag], untags=["x"], closeness=closeness)
        self.act(lambda s: apply_fields(s, s.get(Person, pid), fields, now=NOW))

    @precondition(lambda self: len(self.people()) >= 2)
    @rule(data=st.data())
    def merge(self, data):
        keep, other = data.draw(st.lists(st.sampled_from(self.people()), min_size=2, max_size=2, unique=True))
        self.act(lambda s: merge_people(s, s.get(Person, keep), s.get(Person, other)))

    @precondition(lambda self: self.people())
    @rule(data=st.data(), direction=st.sampled_from(("give", "get")), days=st.integers(0, 300))
    def favour(self, data, direction, days):
        pid = data.draw(st.sampled_from(self.people()))
        when = NOW - timedelta(days=days)
        self.act(lambda s: record_favour(s, s.get(Person, pid), direction, "advice", when=when))

    @precondition(lambda self: self.people())
    @rule(data=st.data(), due_days=st.integers(-10, 5))
    def promise(self, data, due_days):
        pid = data.draw(st.sampled_from(self.people()))
        due = NOW + timedelta(days=due_days)
        self.act(lambda s: add_commitment(s, s.get(Person, pid), "send the article", now=NOW, due=due))

    @rule(data=st.data())
    def done(self, data):
        with self.session() as session:
            open_ids = list(session.scalars(select(Commitment.id).where(Commitment.done_at.is_(None))))
        if open_ids:
            cid = data.draw(st.sampled_from(open_ids))
            self.act(lambda s: mark_item(s, f"commitment:{cid}", "done", now=NOW))

    def _ids(self, model) -> list[int]:
        with self.session() as session:
            return list(session.scalars(select(model.id).order_by(model.id)))

    @rule(data=st.data(), kind=st.sampled_from(KINDS), days=st.integers(0, 400))
    def correct_interaction(self, data, kind, days):
        ids, people = self._ids(Interaction), self.people()
        if not ids or not people:
            return
        iid = data.draw(st.sampled_from(ids))
        added = data.draw(st.lists(st.sampled_from(people), max_size=2, unique=True))
        removed = data.draw(st.lists(st.sampled_from(people), max_size=1, unique=True))

        def action(session):
            edit_interaction(
                session,
                iid,
                now=NOW,
                kind=kind,
                when=NOW - timedelta(days=days),
                add=[session.get(Person, pid) for pid in added],
                remove=[session.get(Person, pid) for pid in removed],
            )

        self.act(action)

    @rule(data=st.data())
    def delete_one(self, data):
        """Delete an interaction, a favour or a promise, as the corrections do."""
        which = data.draw(st.sampled_from(((Interaction, delete_interaction), (Favour, delete_favour))))
        ids = self._ids(which[0])
        if ids:
            ref = data.draw(st.sampled_from(ids))
            self.act(lambda s: which[1](s, ref))
        open_ids = self._ids(Commitment)
        if open_ids and data.draw(st.booleans()):
            cid = data.draw(st.sampled_from(open_ids))
            self.act(lambda s: cancel_commitment(s, cid, now=NOW))

    @rule()
    def undo(self):
        with self.session() as session:
            step = undo.undo_last(session)
        if not self.before:
            assert step is None
            return
        assert step is not None
        assert self.data() == self.before.pop()

    # ---------------------------------------------------------------------------------------- invariant

    @invariant()
    def derived_values_equal_a_full_recompute(self):
        with self.session() as session:
            stats = contact_stats(session)
            from_rows = {
                pid: (count, datetime.fromisoformat(last).replace(tzinfo=UTC))
                for pid, count, last in session.execute(
                    text(
                        "SELECT p.person_id, count(*), max(i.occurred_at) FROM interaction_participant p"
                        " JOIN interaction i ON i.id = p.interaction_id GROUP BY p.person_id"
                    )
                )
            }
            cached = ties(session, NOW)  # whatever the last action left in the caches
            agenda = [item.record() for item in build_agenda(session, NOW).items]
        assert stats == from_rows
        # from scratch: the caches emptied and rebuilt from the rows (then rolled back, as if never done)
        with db.transaction(self.settings) as session:
            for table in (StrengthCache, TieCache, PastTieCache):
                session.execute(delete(table))
            fresh_agenda = [item.record() for item in build_agenda(session, NOW).items]
            recompute(session)
            fresh = ties(session, NOW)
            session.rollback()
        assert agenda == fresh_agenda
        assert cached.keys() == fresh.keys()
        for pid, tie in fresh.items():
            assert math.isclose(cached[pid].strength, tie.strength, rel_tol=1e-9, abs_tol=1e-12), pid
            assert (cached[pid].circle, cached[pid].last_contact) == (tie.circle, tie.last_contact), pid


def test_random_actions_and_undos_keep_every_derived_value_equal_to_a_recompute(tmp_path, monkeypatch):
    template = tmp_path / "template.db"
    db.open_engine(Settings(home=tmp_path, database_url=f"sqlite:///{template}"))
    db.dispose_engines()
    monkeypatch.setattr(UndoMachine, "template", template, raising=False)
    run_state_machine_as_test(
        UndoMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
