"""The undo journal in the database: its triggers, cascades, and what a later migration must do."""

from __future__ import annotations

import pytest
from conftest import shown
from sqlalchemy import delete, select, update

from kith.exporters.backup import export
from kith.store import undo, undo_postgresql
from kith.store.db import open_engine, transaction
from kith.store.schema import Note, Person, Tag, user_tables


def undo_last() -> str | None:
    with transaction() as session:
        step = undo.undo_last(session)
    return step.label if step is not None else None


def tables(session) -> dict:
    import json

    return json.loads(export(session))["tables"]


@pytest.fixture
def network(kith):
    """Ada; Jane with an email, a role, a tag, a connection, an invitation, a promise, a favour, a
    request for help, a coffee alone and a lunch with Sam; Sam introduced by Jane."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme", "--tag", "python")
    kith("add", "Sam Lee", "--met-via", "Jane Doe")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-10", "--promise", "send the article")
    kith("log", "lunch", "Jane Doe", "Sam Lee", "--when", "2026-06-12")
    kith("favour", "give", "Jane Doe", "intro")
    kith("invitations", "add", "Jane Doe")
    kith("invitations", "accept", "Jane Doe")
    kith("ask", "help moving", "--to", "Jane Doe")
    kith("done", "commitment:1")
    with transaction() as session:
        return session.scalar(select(Person.id).where(Person.name == "Jane Doe"))


def journal_triggers(conn) -> dict[str, str]:
    """Each trigger by name, with what it runs: its SQL on SQLite, its function's body on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        return dict(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all())
    return dict(
        conn.exec_driver_sql(
            "SELECT t.tgname, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"
        ).all()
    )


def expected_triggers(conn, table: str) -> dict[str, str]:
    """The journal triggers ``undo.install_triggers`` makes for ``table`` as its columns are now."""
    if conn.dialect.name == "sqlite":
        return {sql.split('"')[1]: sql for sql in undo.trigger_sql(table, *undo._columns(conn, table))}
    function, *triggers = undo_postgresql.trigger_sql(table, *undo._columns(conn, table), open_kind=undo.OPEN)
    return {sql.split('"')[1]: function.split("$kith$")[1] for sql in triggers}


def test_every_table_of_user_data_has_its_journal_triggers_and_no_other_table_has():
    """A migration that recreates a table (Alembic's batch mode) or adds a column must call
    ``undo.install_triggers`` again: this fails until it does."""
    with open_engine().connect() as conn:
        found = journal_triggers(conn)
        expected = {}
        for table in undo.journaled(conn):
            expected.update(expected_triggers(conn, table))
    assert {t.name for t in user_tables()} == set(undo.journaled(open_engine().connect()))
    assert found == expected
    assert len(found) == 3 * len(user_tables())
    assert not any("cache" in name or "undo_step" in name for name in found)


def test_nothing_is_journaled_outside_a_step(network):
    count = "SELECT count(*) FROM undo_entry"
    with transaction() as session:
        before = session.connection().exec_driver_sql(count).scalar()
        session.execute(update(Person).values(how_met="bulk"))
        assert session.connection().exec_driver_sql(count).scalar() == before


def test_a_delete_cascades_through_the_child_tables_triggers_and_undo_puts_every_row_back(network):
    jane = network
    with transaction() as session:
        before = tables(session)
    with transaction() as session, undo.recording(session, "delete Jane with one statement"):
        session.execute(delete(Person).where(Person.id == jane))
    with transaction() as session:
        journaled = {
            tuple(row)
            for row in session.connection().exec_driver_sql("SELECT DISTINCT table_name, op FROM undo_entry")
        }
        gone = tables(session)
    # ON DELETE CASCADE fired each child table's delete trigger; SET NULL (Sam's introducer) the update one
    assert journaled >= {
        ("person", "D"),
        ("identity", "D"),
        ("role", "D"),
        ("person_tag", "D"),
        ("connection", "D"),
        ("interaction_participant", "D"),
        ("commitment", "D"),
        ("favour", "D"),
        ("invitation", "D"),
        ("help_request_recipient", "D"),
        ("person", "U"),
    }
    assert gone != before
    assert undo_last() == "delete Jane with one statement"
    with transaction() as session:
        assert tables(session) == before


def test_values_come_back_exactly(kith):
    kith("add", "Jane Doe", "--note", "it's a 'quoted' 100% note; DROP TABLE person; -- \u00e9\u4e2d %s")
    with transaction() as session:
        jane = session.scalar(select(Person).where(Person.name == "Jane Doe"))
        jane.closeness = 1 / 3
    with transaction() as session:
        before = tables(session)
    kith("edit", "Jane Doe", "--closeness", "0.5", "--note", "plain")
    assert undo_last() == "edit Jane Doe"
    with transaction() as session:
        assert tables(session) == before
        assert session.scalar(select(Person.closeness).where(Person.name == "Jane Doe")) == 1 / 3
    with transaction() as session, undo.recording(session, "delete the notes"):  # re-inserted as literals
        session.execute(delete(Note))
    assert undo_last() == "delete the notes"
    with transaction() as session:
        assert tables(session) == before


def test_triggers_installed_again_journal_a_column_a_later_migration_adds(kith):
    kith("add", "Jane Doe", "--tag", "python")
    with open_engine().begin() as conn:  # what a later migration would do
        conn.exec_driver_sql("ALTER TABLE tag ADD COLUMN colour VARCHAR(20)")
        conn.exec_driver_sql("UPDATE tag SET colour = 'green'")
        undo.install_triggers(conn)
    kith("edit", "Jane Doe", "--untag", "python")
    with transaction() as session, undo.recording(session, "drop the tags"):
        session.execute(delete(Tag))
    assert undo_last() == "drop the tags"
    assert undo_last() == "edit Jane Doe"
    with open_engine().connect() as conn:
        assert conn.exec_driver_sql("SELECT name, colour FROM tag").all() == [("python", "green")]
    assert shown(kith, "Jane Doe")["tags"] == ["python"]


def trigger_count() -> int:
    with open_engine().connect() as conn:
        return len(journal_triggers(conn))


def test_an_import_writes_without_the_triggers_and_puts_them_back(kith, tmp_path):
    """Each trigger would run for every row an import writes; the import takes them away meanwhile."""
    from conftest import assert_user_error, run_cli

    journaled = trigger_count()
    card = tmp_path / "people.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@x.example\r\nEND:VCARD\r\n")
    kith("import", "vcard", str(card), "--dry-run")
    assert trigger_count() == journaled
    kith("import", "vcard", str(card))
    assert trigger_count() == journaled
    broken = tmp_path / "log.csv"
    broken.write_text("time,source\n2026-01-01,a\n")
    assert_user_error(run_cli("import", "interactions", str(broken)))
    assert trigger_count() == journaled
    kith("edit", "Jane Doe", "--note", "after the import")
    assert undo_last() == "edit Jane Doe"
