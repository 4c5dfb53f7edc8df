"""Bulk writing for imports: the raw sqlite3 path and the portable SQLAlchemy Core path store the same rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from linkedin_export import connection, default_connections, export_files, write_zip
from sqlalchemy import text

from kith.errors import BadInput
from kith.importers import registry
from kith.importers.records import (
    FavourRecord,
    ImportOptions,
    InteractionRecord,
    InvitationRecord,
    PersonRecord,
    PersonRef,
)
from kith.importing import bulk
from kith.importing.bulk import Bulk
from kith.importing.run import run_import, store_records
from kith.importing.summary import ImportSummary
from kith.store.db import transaction
from kith.store.schema import Base

#: the raw path is SQLite's (the stdlib driver); on PostgreSQL every import takes the Core path
pytestmark = pytest.mark.sqlite_only

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
#: set from the wall clock outside the bulk path (the user's row, set_role, updates), never the same twice
WALL_CLOCK = {("person", "created_at"), ("person", "updated_at"), ("role", "created_at")}


def mixed_records():
    """Records of every kind, with tags, notes, dates, a non-UTC time and a possible duplicate."""
    jane = PersonRef(name="Jane Doe", emails=["jane@acme.example"])
    yield PersonRecord(
        ref=jane,
        company="Acme",
        title="CTO",
        tags=["Python", "climbing"],
        notes="met at PyCon",
        birthday="--04-12",
        platform="linkedin",
        connected_on=date(2024, 3, 12),
        seen_at=NOW,
    )
    yield PersonRecord(ref=PersonRef(name="Kim Park", emails=["kim@acme.example"]), company="Acme")
    yield PersonRecord(ref=PersonRef(name="Kim Park", emails=["kp@mail.example"]), company="Acme")
    yield PersonRecord(ref=PersonRef(name="Zoé Ñandú", phones=["+1 415 555 0100"]), tags=["python"])
    yield InteractionRecord(
        occurred_at=datetime(2026, 1, 2, 10, 30, 15, 250, tzinfo=timezone(timedelta(hours=2))),
        channel="in_person",
        kind="coffee",
        participants=[jane, PersonRef(name="Sam Lee", emails=["sam@initech.example"])],
        duration_s=3600,
        summary="  a   long   chat ",
    )
    yield InteractionRecord(
        occurred_at=datetime(2025, 5, 1, tzinfo=UTC), channel="email", kind="email", participants=[jane]
    )
    yield FavourRecord(person=jane, kind="intro", direction="given", occurred_at=NOW, note="to Sam")
    yield InvitationRecord(person=jane, direction="incoming", sent_at=datetime(2026, 1, 1, tzinfo=UTC))
    yield InvitationRecord(person=PersonRef(name="Pat Kim"), direction="outgoing", sent_at=None)


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, sorted, without the wall-clock columns."""
    out = {}
    with transaction() as session:
        for table in Base.metadata.sorted_tables:
            names = [c.name for c in table.columns if (table.name, c.name) not in WALL_CLOCK]
            rows = session.execute(text(f"SELECT {', '.join(names)} FROM {table.name}")).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def import_everything(kith, tmp_path):
    """A LinkedIn export, a newer one with a job change, the same again, and records of every kind."""
    may = write_zip(tmp_path / "may.zip", export_files(), when=(2026, 5, 1, 9, 0, 0))
    newer = default_connections()
    newer[0] = connection("Jane", "Doe", "jane-doe-1", "Globex", "VP Engineering", "12 Mar 2024")
    june = write_zip(tmp_path / "june.zip", export_files(connections=newer), when=(2026, 6, 10, 8, 0, 0))
    kith("import", "linkedin", str(may))
    kith("import", "linkedin", str(june))
    kith("import", "linkedin", str(june))
    summary = ImportSummary(format="test", path="-")
    with transaction() as session:
        store_records(
            session, mixed_records(), source="test", options=ImportOptions(now=NOW), now=NOW, summary=summary
        )
    with transaction() as session:
        stamps = session.execute(text("SELECT DISTINCT created_at FROM person WHERE is_me = 0")).scalars()
        assert list(stamps) == ["2026-06-15 12:00:00.000000"]  # the import's "now", stored as Core would
    return dump()


def test_raw_sqlite_and_core_paths_store_the_same_rows(kith, tmp_path, monkeypatch, move_home):
    raw = import_everything(kith, tmp_path)
    assert len(raw["interaction"]) == 5 and len(raw["duplicate_proposal"]) == 1
    assert raw["tag"] and raw["person_tag"] and raw["role"] and raw["life_event"]

    move_home(tmp_path / "core-home")
    monkeypatch.setattr(bulk, "raw_sqlite", lambda session: None)
    with transaction() as session:
        assert Bulk(session).raw is None  # the portable path, as on PostgreSQL
    core = import_everything(kith, tmp_path)

    assert core == raw


def test_raw_path_keeps_times_the_way_sqlalchemy_reads_them(kith):
    with transaction() as session:
        rows = Bulk(session)
        assert rows.raw is not None
        when = datetime(2026, 1, 2, 10, 30, 15, 250, tzinfo=timezone(timedelta(hours=-5)))
        assert rows.datetime(when) == "2026-01-02 15:30:15.000250"
        assert rows.datetime(datetime(999, 1, 1, tzinfo=UTC)) == "0999-01-01 00:00:00.000000"
        assert rows.date(date(2024, 3, 12)) == "2024-03-12"
        with pytest.raises(ValueError):
            rows.datetime(datetime(2026, 1, 1))


def test_an_import_gives_the_connection_its_page_cache_back(kith, tmp_path):
    archive = write_zip(tmp_path / "may.zip", export_files())
    run_import("linkedin", archive, now=NOW, progress=False)
    with pytest.raises(BadInput):
        run_import("linkedin", write_zip(tmp_path / "bad.zip", {"Connections.csv": "\x00junk"}), now=NOW)
    with transaction() as session:
        raw = bulk.raw_sqlite(session)
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == -2000  # SQLite's default, as before


def indexes() -> list[tuple]:
    with transaction() as session:
        rows = session.execute(text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"))
        return sorted(tuple(r) for r in rows)


@pytest.mark.parametrize("ending", ["imported", "failed at the last line", "dry run"])
def test_indexes_built_after_the_rows_are_there_whatever_the_ending(kith, tmp_path, monkeypatch, ending):
    before = indexes()
    assert any(name == "ix_interaction_occurred_at" for name, _, _ in before)

    def parse(path, options):
        yield from mixed_records()
        if ending == "failed at the last line":
            raise BadInput(f"{path.name}:99: broken at the end")

    monkeypatch.setitem(registry.REGISTRY, "fake", parse)
    (tmp_path / "file").write_text("x")
    if ending == "failed at the last line":
        with pytest.raises(BadInput):
            run_import("fake", tmp_path / "file", now=NOW, progress=False)
    else:
        summary = run_import("fake", tmp_path / "file", now=NOW, progress=False, dry_run=ending == "dry run")
        assert summary.counts["interactions"]["added"] == 2
    assert indexes() == before
    with transaction() as session:
        plan = session.execute(
            text("EXPLAIN QUERY PLAN SELECT id FROM interaction WHERE occurred_at > '2026-01-01'")
        ).all()
    assert "ix_interaction_occurred_at" in str(plan)
