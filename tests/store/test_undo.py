"""kith undo: every change is reverted exactly (ids included), through the journal the database keeps."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, kith_database, run_cli, shown

from kith.store import undo

#: a vCard with a second "Max Mustermann" at Acme: importing it proposes a duplicate
DUPLICATE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Max Mustermann\r\nEMAIL:max@other.example\r\nORG:Acme\r\nEND:VCARD\r\n"
)


def data(kith) -> dict:
    """Every table of user data, rows and ids (what a backup holds)."""
    return kith("export", "json").json()["tables"]


def journal(kith_home) -> tuple[list, list]:
    with kith_database() as conn:
        steps = conn.exec_driver_sql("SELECT id, kind, label FROM undo_step ORDER BY id").fetchall()
        entries = conn.exec_driver_sql("SELECT table_name, op, statement FROM undo_entry").fetchall()
    return steps, entries


@pytest.fixture
def network(kith, tmp_path):
    """Ada, Jane (Acme, tagged, a coffee with a promise), Sam (a call, a pending invitation, introduced
    Jane), Initech a target company with an application, a request for help, and Max twice (a duplicate proposal from an import); the undo history starts after them."""
    kith("me", "--name", "Ada Lovelace", "--email", "ada@example.com")
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme", "--tag", "python")
    kith("add", "Sam Lee", "--email", "sam@x.example", "--company", "Initech")
    kith("add", "Max Mustermann", "--company", "Acme")
    kith("job", "target", "add", "Initech")
    kith("job", "apply", "Initech", "--when", "2026-06-09")
    kith("intro", "made", "Sam Lee", "Jane Doe", "--when", "2026-06-09")
    kith("knows", "Sam Lee", "#4", "--not")  # Sam and the first Max Mustermann
    kith("note", "Jane Doe", "met at PyCon", "--when", "2026-06-10")
    card = tmp_path / "more.vcf"
    card.write_text(DUPLICATE_CARD)
    kith("import", "vcard", str(card))
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-10", "--promise", "send the article")
    kith("log", "call", "Sam Lee", "--when", "2026-06-01", "--inbound")
    kith("invitations", "add", "Sam Lee", "--message", "we met at PyCon")
    kith("ask", "help moving house", "--to", "Jane Doe", "--to", "Sam Lee", "--when", "2026-06-01")
    kith("answered", "1", "Sam Lee", "--when", "2026-06-12")
    kith("favour", "get", "Sam Lee", "advice", "--when", "2026-06-02")
    kith("promise", "Sam Lee", "send the job post", "--by-them")
    kith("promise", "kept", "2")
    return kith


#: every command that changes data, and the label ``kith undo`` says it undid
UNDOABLE = [
    (("me", "--name", "Ada King", "--email", "ada@king.example"), "set who you are"),
    (
        ("add", "Max Power", "--email", "max@x.example", "--company", "Initech", "--tag", "go"),
        "add Max Power",
    ),
    (
        (
            "edit",
            "Jane Doe",
            "--name",
            "Jane Roe",
            "--company",
            "Initech",
            "--title",
            "VP",
            "--tag",
            "climate",
        )
        + ("--note", "moved to Berlin", "--closeness", "0.7", "--cadence", "20", "--met-via", "Sam Lee"),
        "edit Jane Doe",
    ),
    (("edit", "Jane Doe", "--untag", "python", "--remove-email", "jane@acme.example"), "edit Jane Doe"),
    (("edit", "Jane Doe", "--birthday", "1985-04-12", "--anniversary", "06-20"), "edit Jane Doe"),
    (("note", "Sam Lee", "likes jazz", "--when", "yesterday"), "add a note on Sam Lee"),
    (("note", "add", "Jane Doe", "wants an intro to a designer"), "add a note on Jane Doe"),
    (("note", "edit", "1", "--text", "met at EuroPython", "--when", "2026-06-11"), "edit note #1"),
    (("note", "delete", "1", "--yes"), "delete note #1"),
    (
        ("log", "lunch", "Jane Doe", "Sam Lee", "--promise", "send the deck"),
        "log lunch with Jane Doe and Sam Lee",
    ),
    (("merge", "Jane Doe", "Sam Lee"), "merge Sam Lee into Jane Doe"),
    (("favour", "give", "Jane Doe", "intro", "--note", "to Sam"), "favour give Jane Doe intro"),
    (("promise", "Sam Lee", "call back", "--by-them"), "promise from Sam Lee: call back"),
    (("done", "commitment:1"), "mark commitment:1 done"),
    (("snooze", "commitment:1", "--until", "2026-06-20"), "mark commitment:1 snoozed"),
    (("dismiss", "commitment:1"), "mark commitment:1 dismissed"),
    (("like", "Jane Doe"), "like Jane Doe"),
    (("knows", "Jane Doe", "Sam Lee", "--how", "old colleagues"), "say Jane Doe knows Sam Lee"),
    (("knows", "Jane Doe", "Sam Lee", "--not"), "say Jane Doe does not know Sam Lee"),
    (("archive", "Jane Doe"), "archive Jane Doe"),
    (("archive", "Jane Doe", "Sam Lee"), "archive Jane Doe and Sam Lee"),
    (("unlike", "Sam Lee"), "unlike Sam Lee"),
    (
        ("invitations", "add", "New Person", "--message", "hello"),
        "add New Person; record an invitation from New Person",
    ),
    (("invitations", "accept", "Sam Lee"), "accept the invitation from Sam Lee"),
    (
        ("invitations", "accept", "Sam Lee", "--log-meeting"),
        "log the meeting with Sam Lee and accept their invitation",
    ),
    (("invitations", "decline", "Sam Lee"), "decline the invitation from Sam Lee"),
    (("policy", "--conversations", "3", "--any"), "change the invitation policy"),
    (("ask", "an intro to a designer", "--to", "Jane Doe"), "ask for help: an intro to a designer"),
    (("answered", "1", "Jane Doe"), "Jane Doe came through on request #1"),
    (
        ("peec", "--event", "PyData", "--profession", "I build data tools", "--expertise", "fast pipelines")
        + ("--environment", "small teams", "--call-to-action", "introduce me to a head of data"),
        "write a PEEC statement",
    ),
    (("duplicates", "--dismiss", "1"), "dismiss duplicate proposal #1"),
    (("ask", "new", "an intro", "--to", "Jane Doe"), "ask for help: an intro"),
    (("ask", "edit", "1", "--text", "help moving a piano"), "edit request #1"),
    (("ask", "delete", "1", "--yes"), "delete request #1"),
    (("answered", "new", "1", "Jane Doe"), "Jane Doe came through on request #1"),
    (
        ("answered", "edit", "1", "Sam Lee", "--when", "2026-06-13"),
        "edit the answer of Sam Lee on request #1",
    ),
    (("answered", "delete", "1", "Sam Lee", "--yes"), "delete the answer of Sam Lee on request #1"),
    (("invitations", "edit", "Sam Lee", "--message", "hello again"), "edit the invitation from Sam Lee"),
    (("invitations", "delete", "Sam Lee", "--yes"), "delete the invitation from Sam Lee"),
    (
        ("interaction", "edit", "1", "--kind", "lunch", "--with", "Sam Lee", "--note", "at the canteen"),
        "correct interaction #1",
    ),
    (("interaction", "delete", "#2", "--yes"), "delete interaction #2"),
    (("favour", "get", "Jane Doe", "advice"), "favour get Jane Doe advice"),
    (("favour", "edit", "1", "--kind", "referral", "--give"), "correct favour #1"),
    (("favour", "delete", "1", "--yes"), "delete favour #1"),
    (("promise", "add", "Jane Doe", "book the room"), "promise to Jane Doe: book the room"),
    (("promise", "edit", "1", "--text", "send the slides", "--due", "2026-06-30"), "correct promise #1"),
    (("promise", "kept", "1"), "mark promise #1 kept"),
    (("promise", "reopen", "2"), "reopen promise #2"),
    (("promise", "cancel", "1", "--yes"), "cancel promise #1"),
    (
        ("intro", "ask", "Jane Doe", "Sam Lee", "--note", "at Initech"),
        "ask Jane Doe for an introduction to Sam Lee",
    ),
    (("intro", "made", "Jane Doe", "Sam Lee", "--when", "2026-06-14"), "Jane Doe introduced you to Sam Lee"),
    (("job", "target", "add", "Acme", "--role", "CTO"), "target Acme"),
    (("job", "target", "close", "Initech"), "close the target Initech"),
    (("job", "target", "remove", "Initech", "--yes"), "remove the target Initech"),
    (("job", "apply", "Initech", "--role", "Engineer"), "record an application at Initech"),
    (
        ("job", "referral", "Initech", "--via", "Sam Lee", "--received"),
        "record a referral received at Initech",
    ),
    (("job", "interview", "Initech", "--when", "2026-06-12"), "record an interview at Initech"),
    (("job", "offer", "Initech"), "record an offer at Initech"),
    (("job", "rejection", "Initech", "--note", "not this year"), "record a rejection at Initech"),
    (("job", "step", "edit", "1", "--step", "interview", "--note", "x"), "correct job step #1"),
    (("job", "step", "delete", "1", "--yes"), "delete job step #1"),
    (("job", "target", "edit", "Initech", "--role", "CTO"), "change the role at Initech"),
    (("intro", "edit", "1", "--note", "at PyCon", "--made", "2026-06-08"), "correct introduction #1"),
    (("intro", "delete", "1", "--yes"), "delete introduction #1"),
    (("knows", "Sam Lee", "#4", "--restore"), "take back: Sam Lee does not know Max Mustermann"),
    (
        ("agenda", "--set-size", "5", "--follow-up-days", "3"),
        "set the agenda's size to 5; follow up new connections after 3 days",
    ),
]


@pytest.mark.parametrize(("command", "label"), UNDOABLE, ids=[" ".join(c[0][:2]) for c in UNDOABLE])
def test_undo_reverts_each_kind_of_change_exactly(network, command, label):
    kith = network
    before = data(kith)
    kith(*command)
    assert data(kith) != before
    assert kith("undo").stdout.strip() == f"Undid: {label}"
    assert data(kith) == before


def test_every_command_is_undoable_read_only_or_said_not_to_be():
    """A new command that changes data must be added to UNDOABLE (and undo must work for it)."""
    from kith.cli import app

    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    commands |= {
        f"{g.name} {c.name}" for g in app.registered_groups for c in g.typer_instance.registered_commands
    }
    undoable = {c[0] for c, _ in UNDOABLE} | {" ".join(c[:2]) for c, _ in UNDOABLE}
    read_only = {
        "people",
        "prune",
        "show",
        "brief",
        "commitments",
        "ledger",
        "friends",
        "report",
        "export",
        "score",
        "edges",  # reads a log file, writes an edge list: the database is not touched
        "backtest",
        "explain",
        "interactions",
        "interaction show",
        "notes",
        "reach",
        "intros",
        "job report",
    }
    undoable.add("calibrate")  # test_undo_of_a_calibration_reset
    undoable.add("unarchive")  # tests/people/test_archive.py: unarchiving is undone
    undoable |= {"intro declined", "intro withdraw"}  # tests/reach/test_intros.py: undone exactly
    not_undoable = {"import", "forget", "restore", "demo", "serve", "undo"}
    # a team's accounts and tokens live in the team's tables, outside any member's kith and its journal
    not_undoable |= {
        f"team {c}"
        for c in (
            "init",
            "add-user",
            "users",
            "remove-user",
            "set-role",
            "reset-password",
            "token",
            "tokens",
            "revoke-token",
            # what members ask of each other and share live there too (accepting also notes a promise in
            # the member's kith, which undo takes back as any promise: the answer itself stays)
            "ask",
            "asks",
            "accept",
            "decline",
            "withdraw",
            "share",
            "unshare",
            "shared",
        )
    }
    unclassified = sorted(c for c in commands if c not in undoable | read_only | not_undoable)
    assert unclassified == []


def test_undo_twice_goes_back_two_changes(network):
    kith = network
    first = data(kith)
    kith("log", "coffee", "Sam Lee")
    second = data(kith)
    kith("favour", "get", "Sam Lee", "advice")
    assert kith("undo").stdout.strip() == "Undid: favour get Sam Lee advice"
    assert data(kith) == second
    assert kith("undo").stdout.strip() == "Undid: log coffee with Sam Lee"
    assert data(kith) == first


def test_undo_with_nothing_to_undo_says_so(kith):
    assert kith("undo").stdout.strip() == "Nothing to undo."
    assert kith("undo", "--json").json() == {"undone": None, "message": "Nothing to undo."}
    kith("add", "Jane Doe")
    kith("undo")
    assert kith("undo").stdout.strip() == "Nothing to undo."
    assert kith("people", "--json").json() == []


def test_a_failed_or_empty_change_leaves_nothing_to_undo(network, kith_home):
    kith = network
    steps, _ = journal(kith_home)
    assert_user_error(run_cli("add", "Jane Doe"), "already exists")
    kith("unlike", "Jane Doe", "--clear")  # she has no mark: nothing changes
    assert journal(kith_home)[0] == steps
    assert kith("undo").stdout.strip() == "Undid: mark promise #2 kept"


def test_undo_list_shows_recent_changes_newest_first(network):
    kith = network
    kith("like", "Jane Doe")
    kith("undo")
    lines = kith("undo", "--list").stdout.splitlines()
    assert "undone: like Jane Doe" in lines[0]
    assert "mark promise #2 kept" in lines[1] and "Sam Lee came through on request #1" in lines[4]
    assert "cannot be undone: the import of more.vcf (vcard)" in lines[-1]
    listed = kith("undo", "--list", "--json").json()
    assert [s["kind"] for s in listed[:2]] == ["undone", "change"]


def test_an_import_clears_the_history_and_cannot_be_undone(kith, tmp_path, kith_home):
    kith("add", "Jane Doe", "--company", "Acme")
    kith("log", "coffee", "Jane Doe")
    card = tmp_path / "more.vcf"
    card.write_text(DUPLICATE_CARD)
    kith("import", "vcard", str(card))
    assert journal(kith_home)[1] == []  # the import's rows were not journaled
    after_import = data(kith)
    said = kith("undo").stdout.strip()
    assert said.startswith("Nothing to undo since the import of more.vcf (vcard)")
    assert data(kith) == after_import
    kith("like", "Jane Doe")
    assert kith("undo").stdout.strip() == "Undid: like Jane Doe"
    assert kith("undo").stdout.startswith("Nothing to undo since the import")


def test_a_dry_run_import_keeps_the_history(kith, tmp_path):
    kith("add", "Jane Doe")
    card = tmp_path / "more.vcf"
    card.write_text(DUPLICATE_CARD)
    kith("import", "vcard", str(card), "--dry-run")
    assert kith("undo").stdout.strip() == "Undid: add Jane Doe"


def test_forget_cannot_be_undone_and_leaves_nothing_of_them_in_the_journal(network, kith_home):
    kith = network
    kith("edit", "Jane Doe", "--note", "secret plans", "--company", "Initech")
    kith("favour", "give", "Jane Doe", "intro")
    kith("merge", "#4", "#5")  # Max and his duplicate from the import
    kith("like", "Jane Doe")
    kith("forget", "Jane Doe", "--yes")
    steps, entries = journal(kith_home)
    assert entries == []
    assert [kind for _, kind, _ in steps] == ["barrier"]
    with kith_database() as conn:
        journal_text = " ".join(
            str(v) for row in conn.exec_driver_sql("SELECT * FROM undo_step") for v in row
        )
    assert "Jane" not in journal_text and "secret" not in journal_text
    assert kith("undo").stdout.startswith("Nothing to undo since forgetting a person")
    assert [p["name"] for p in kith("people", "--json").json()] == ["Max Mustermann", "Sam Lee"]


def test_undo_of_a_log_restores_counts_last_contact_and_strength(network):
    kith = network
    before = {p["name"]: p for p in kith("people", "--json").json()}
    kith("log", "dinner", "Sam Lee", "--when", "2026-06-14", "--duration", "120")
    during = {p["name"]: p for p in kith("people", "--json").json()}
    assert during["Sam Lee"]["interaction_count"] == before["Sam Lee"]["interaction_count"] + 1
    kith("undo")
    assert {p["name"]: p for p in kith("people", "--json").json()} == before


def test_undo_of_a_merge_restores_both_people_with_their_rows_and_ids(network):
    kith = network
    jane = shown(kith, "Jane Doe")
    sam = shown(kith, "Sam Lee")
    kith("log", "lunch", "Jane Doe", "Sam Lee")  # a shared interaction: the merge drops one participant row
    before = data(kith)
    kith("merge", "Jane Doe", "Sam Lee")
    assert kith("undo").stdout.strip() == "Undid: merge Sam Lee into Jane Doe"
    assert data(kith) == before
    assert shown(kith, "#" + str(sam["id"]))["identities"] == sam["identities"]
    assert shown(kith, "#" + str(jane["id"]))["interaction_count"] == 2


def test_a_change_that_a_later_unjournaled_write_contradicts_is_refused(network, kith_home):
    kith = network
    kith("edit", "Jane Doe", "--remove-email", "jane@acme.example")
    with kith_database() as conn:  # written outside kith: not journaled
        conn.exec_driver_sql(
            "INSERT INTO identity (person_id, kind, value) VALUES (3, 'email', 'jane@acme.example')"
        )
    before = data(kith)
    assert_user_error(run_cli("undo"), "cannot undo 'edit jane doe'")
    assert data(kith) == before


def test_the_history_keeps_the_last_fifty_steps(kith, kith_home):
    kith("add", "Jane Doe")
    for n in range(undo.HISTORY + 5):
        kith("edit", "Jane Doe", "--cadence", str(n + 1))
    steps, _ = journal(kith_home)
    assert len(steps) == undo.HISTORY
    assert steps[0][2] == "edit Jane Doe"
    with kith_database() as conn:
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM undo_entry WHERE step_id NOT IN (SELECT id FROM undo_step)"
        ).fetchone()[0]
    assert orphans == 0


def test_undo_help_has_an_example(kith):
    text = kith("undo", "--help").stdout
    assert "Example: kith log coffee" in text and "--list" in text and "import" in text


def test_undo_of_a_calibration_reset_brings_the_calibrated_values_back(kith, kith_home):
    kith("me", "--name", "Ada Lovelace")
    with kith_database() as conn:
        conn.exec_driver_sql(
            "INSERT INTO setting (key, value) VALUES ('strength.params', "
            '\'{"half_life_days": 60, "channel_weights": [1, 0.6, 0.4, 0.2, 0.1, 0.02]}\')'
        )
    calibrated = kith("calibrate", "--show", "--json").json()
    kith("calibrate", "--reset")
    assert kith("calibrate", "--show", "--json").json() != calibrated
    assert kith("undo").stdout.strip() == "Undid: reset the strength calibration"
    assert kith("calibrate", "--show", "--json").json() == calibrated


def test_a_restored_home_starts_its_history_at_the_restore(kith, tmp_path, move_home):
    kith("add", "Jane Doe")
    kith("export", "json", "--out", str(tmp_path / "backup.json"))
    move_home(tmp_path / "restored")
    kith("restore", str(tmp_path / "backup.json"))
    assert kith("undo").stdout.startswith("Nothing to undo since restoring backup.json")
    kith("edit", "Jane Doe", "--note", "restored")
    assert kith("undo").stdout.strip() == "Undid: edit Jane Doe"
    assert shown(kith, "Jane Doe")["notes"] == []


def test_the_undo_history_names_people_as_kith_knows_them_not_as_typed(network):
    kith = network
    kith("log", "call", "sam")
    assert kith("undo", "--list").stdout.splitlines()[0].endswith("log call with Sam Lee")
    assert kith("undo").stdout.strip() == "Undid: log call with Sam Lee"
