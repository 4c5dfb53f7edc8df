"""The store: migrations applied on open (on SQLite and PostgreSQL alike), SQLite settings, schema
revisions."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from kith.errors import StoreError
from kith.settings import Settings
from kith.store import db
from kith.store.schema import Base


def _settings(tmp_path, database: str | None = None) -> Settings:
    return Settings(home=tmp_path, database_url=database or f"sqlite:///{tmp_path / 'kith.db'}")


def test_opening_an_empty_database_applies_every_migration(tmp_path, database):
    engine = db.open_engine(_settings(tmp_path, database))
    assert db.stored_revision(engine) == db.HEAD_REVISION
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_head_revision_constant_matches_alembic_head():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())
    assert script.get_current_head() == db.HEAD_REVISION


def test_migrated_schema_matches_the_models(tmp_path, database):
    """Autogenerate finds nothing to do: the migrations build exactly the schema the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = db.open_engine(_settings(tmp_path, database))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert _but_deferrable_keys(diff) == []


def _but_deferrable_keys(diff: list) -> list:
    """The differences left once each foreign key that differs from the model only in being deferrable
    (as the undo journal makes the journaled tables' keys on PostgreSQL: ``kith.store.undo_postgresql``)
    is taken out, its removal and its addition both."""

    def key(constraint) -> tuple:
        return (
            constraint.parent.name,
            tuple(c.name for c in constraint.columns),
            constraint.referred_table.name,
            tuple(e.column.name for e in constraint.elements),
            (constraint.ondelete or "").upper(),
        )

    deferrable = {key(c[1]) for c in diff if c[0] == "remove_fk" and c[1].deferrable}
    model = {key(c[1]) for c in diff if c[0] == "add_fk" and not c[1].deferrable}
    both = deferrable & model
    return [c for c in diff if not (c[0] in ("add_fk", "remove_fk") and key(c[1]) in both)]


def test_every_revision_upgrades_from_the_one_before(database):
    """Upgrade step by step from an empty database through each revision to head, keeping data."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    engine = db.make_engine(database)
    db.upgrade(engine, revisions[0])
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (name, name_key, is_me, created_at, updated_at)"
                " VALUES ('A B', 'a b', :no, '2026-01-01', '2026-01-01')"
            ),
            {"no": False},
        )
    for revision in revisions[1:]:
        db.upgrade(engine, revision)
        assert db.stored_revision(engine) == revision
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM person")).scalar() == "A B"


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = db.open_engine(_settings(tmp_path))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_a_database_from_a_newer_kith_is_refused(tmp_path, database):
    settings = _settings(tmp_path, database)
    with db.open_engine(settings).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose_engines()
    with pytest.raises(StoreError, match="newer than this kith"):
        db.open_engine(settings)


def test_a_failed_transaction_writes_nothing(tmp_path, database):
    from kith.store.schema import Person

    settings = _settings(tmp_path, database)
    with pytest.raises(RuntimeError), db.transaction(settings) as session:
        session.add(Person(name="Half Written", name_key="half written"))
        session.flush()
        raise RuntimeError("boom")
    with db.transaction(settings) as session:
        assert session.query(Person).count() == 0


@pytest.mark.sqlite_only
def test_kith_home_defaults_to_the_platform_data_folder(monkeypatch):
    from kith.settings import default_home, get_settings

    monkeypatch.delenv("KITH_HOME")
    settings = get_settings()
    assert settings.home == default_home()
    assert settings.database_url.endswith("kith.db")


def test_kith_database_url_selects_another_database(monkeypatch, tmp_path):
    from kith.settings import get_settings

    monkeypatch.setenv("KITH_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    assert get_settings().database_url.endswith("other.db")


@pytest.mark.sqlite_only
def test_unwritable_home_is_a_clear_error(monkeypatch, tmp_path, kith):
    from conftest import assert_user_error

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KITH_HOME", str(blocker / "home"))
    assert_user_error(kith("people", expect=2), "cannot create the data folder")


def _participant_times() -> tuple[int, int]:
    """(participant rows, those whose time or channel is not their interaction's, as stored)."""
    with db.transaction() as session:
        return session.execute(
            text(
                "SELECT count(*), coalesce(sum(CASE WHEN p.occurred_at <> i.occurred_at"
                " OR p.channel <> i.channel THEN 1 ELSE 0 END), 0)"
                " FROM interaction_participant p JOIN interaction i ON i.id = p.interaction_id"
            )
        ).one()


def test_every_writer_gives_participant_rows_their_interactions_time(kith, tmp_path, monkeypatch, move_home):
    """Logging, importing (either bulk path), merging and restoring (also an older backup) copy the time
    and the channel."""
    from older_backups import older_backup

    from kith.importing import bulk

    kith("add", "Jane Doe", "--email", "jane@acme.example")
    kith("add", "J. Doe", "--email", "jd@home.example")
    kith("log", "lunch", "Jane Doe", "J. Doe", "--when", "2026-06-01T12:30+02:00")
    kith("log", "call", "J. Doe", "--when", "2026-06-05")
    header = "time,source,target,channel,duration_s,directed\n"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(
        header + "2026-01-02T10:00:00+02:00,me@example.com,jane@acme.example,in_person,3600,true\n"
    )
    second.write_text(header + "2026-01-03T10:00:00Z,jd@home.example,me@example.com,call,,\n")
    kith("import", "interactions", str(first), "--me", "me@example.com")  # the raw sqlite3 path
    with monkeypatch.context() as patch:
        patch.setattr(bulk, "raw_sqlite", lambda session: None)  # the Core path, as on PostgreSQL
        kith("import", "interactions", str(second), "--me", "me@example.com")
    assert _participant_times() == (5, 0)
    kith("merge", "Jane Doe", "J. Doe")
    assert _participant_times() == (4, 0)  # the shared lunch counted once
    backup = tmp_path / "old.json"
    backup.write_text(older_backup(kith("export", "json").stdout), encoding="utf-8")
    move_home(tmp_path / "restored")
    kith("restore", str(backup))
    assert _participant_times() == (4, 0)


def test_prebuilt_statements_see_the_sessions_pending_changes(tmp_path, database):
    """``db.rows`` runs on the session's connection but flushes first, as ``Session.execute`` would."""
    from sqlalchemy import bindparam, select

    from kith.store.schema import Person

    by_name = select(Person.id, Person.name).where(Person.name_key == bindparam("key"))
    with db.transaction(_settings(tmp_path, database)) as session:
        session.add(Person(name="Jane Doe", name_key="jane doe"))
        assert [row.name for row in db.rows(session, by_name, {"key": "jane doe"})] == ["Jane Doe"]
        session.get(Person, 1).name = "Jane Roe"
        assert db.rows(session, select(Person.name)).scalar() == "Jane Roe"


def test_every_stored_setting_is_declared_in_the_registry(kith):
    """The settings registry owns every key: what the commands store is declared there, with help, and
    an undeclared key is refused."""
    from sqlalchemy import select

    from kith.store import settings as stored_settings
    from kith.store.db import transaction
    from kith.store.schema import Setting

    kith("me", "--name", "Ada Lovelace", "--region", "GB")
    kith("policy", "--conversations", "3")
    kith("agenda", "--set-size", "5")
    kith("agenda", "--follow-up-days", "4")
    declared = {s.name for s in stored_settings.SETTINGS}
    with transaction() as session:
        stored = set(session.scalars(select(Setting.key)))
        assert stored == {"me.phone_region", "invitation_policy", "agenda.size", "agenda.follow_up_days"}
        assert stored <= declared
        assert stored_settings.read(session, "agenda.size") == 5
        assert stored_settings.read(session, "agenda.cadences") == {}  # the default
        with pytest.raises(KeyError, match="not a kith setting"):
            stored_settings.write(session, "agenda.colour", "red")
    assert all(s.help for s in stored_settings.SETTINGS)
