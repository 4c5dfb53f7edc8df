"""kith forget leaves nothing behind: no row, cache, orphan organisation or tag, help request, and no
byte of the person in kith.db, kith.db-wal or kith.db-shm (README, "forget")."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from conftest import shown
from web_client import client

from kith.store.db import dispose_engines

NAME = "Zoë Quillfeather-Xanthe"
#: every value of hers, as typed; each must be gone from the files, in any case
VALUES = {
    "name": NAME,
    "name key": "zoe quillfeather-xanthe",
    "old name": "Zoë Quillfeather-Xanthe-Vrede",
    "email": "zoe.quillfeather@xanthe-unique.example",
    "second email": "zq.second@xanthe-unique.example",
    "phone": "+442079460123",
    "linkedin": "linkedin.com/in/zoe-quillfeather-xanthe",
    "company": "Quillfeather Xanthe Widgets",
    "old company": "Vrede Xanthe Holdings",
    "title": "Chief Xanthe Officer",
    "tag": "xanthe-unique-tag",
    "notes": "secret-xanthe-note-7781",
    "older notes": "earlier-xanthe-note-5521",
    "how met": "xanthe-how-met-at-the-fair",
    "interaction note": "solo-xanthe-coffee-note",
    "promise": "xanthe-promise-text",
    "favour": "xanthe-favour-note",
    "invitation": "xanthe-invitation-message",
    "help request": "xanthe-help-request-text",
}


def fill(kith) -> None:
    """A home with others in it, and her with everything a person can have, edited over time (so stale
    copies of her rows are left in the database's free space)."""
    kith("me", "--name", "Ada Lovelace", "--email", "ada@example.com")
    for i in range(40):
        kith(
            "add",
            f"Other Person{i}",
            "--email",
            f"other{i}@example.com",
            "--company",
            f"Firm {i % 7}",
            "--tag",
            "python",
        )
    kith("add", "Sam Lee", "--email", "sam@initech.example", "--company", "Initech")
    kith(
        "add",
        VALUES["old name"],
        "--email",
        VALUES["email"],
        "--company",
        VALUES["old company"],
        "--note",
        VALUES["older notes"],
    )
    who = VALUES["email"]
    kith("edit", who, "--name", NAME, "--email", VALUES["second email"], "--phone", "+44 20 7946 0123")
    kith("edit", who, "--company", VALUES["company"], "--title", VALUES["title"], "--tag", VALUES["tag"])
    kith("edit", who, "--linkedin", "https://www.linkedin.com/in/" + VALUES["linkedin"].rsplit("/", 1)[1])
    kith("edit", who, "--note", VALUES["notes"], "--how-met", VALUES["how met"], "--cadence", "30")
    kith("edit", "Sam Lee", "--met-via", who)
    kith("like", who)
    for day in range(1, 9):
        kith("log", "coffee", who, "--when", f"2026-05-0{day}", "--note", VALUES["interaction note"])
        kith("log", "call", "Sam Lee", "--when", f"2026-05-0{day}")
    kith("log", "coffee", who, "--when", "2026-06-01", "--promise", VALUES["promise"])
    kith("log", "lunch", who, "Sam Lee", "--when", "2026-06-02", "--note", "team lunch")
    kith("favour", "give", who, "intro", "--note", VALUES["favour"])
    kith("invitations", "add", who, "--message", VALUES["invitation"], "--when", "2026-06-03")
    kith("ask", VALUES["help request"], "--to", who)
    kith("ask", "help with the move", "--to", who, "--to", "Sam Lee")
    kith("people", "--json")  # scores everyone: the strength cache holds her pairs
    kith("agenda", "--all")  # the agenda's past sums too


def files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.glob("kith.db*"))}


def found_in(data: dict[str, bytes]) -> list[str]:
    """Which of her values appear in which file, compared case-insensitively."""
    hits = []
    for name, content in data.items():
        lowered = content.lower()
        for what, value in VALUES.items():
            if value.lower().encode() in lowered:
                hits.append(f"{what} in {name}")
    return hits


def test_forget_leaves_no_byte_of_them_in_the_database_files(kith, kith_home):
    fill(kith)
    assert "name in kith.db" in found_in(files(kith_home)) or "name in kith.db-wal" in found_in(
        files(kith_home)
    )
    her = shown(kith, NAME)["id"]
    out = kith("forget", NAME, "--yes").stdout
    assert "Forgot" in out and "1 help requests" in out
    data = files(kith_home)
    assert set(data) <= {"kith.db", "kith.db-wal", "kith.db-shm"}
    assert found_in(data) == []
    assert len(data.get("kith.db-wal", b"")) == 0  # the log is emptied, not just marked reusable

    with sqlite3.connect(kith_home / "kith.db") as db:
        # nothing refers to her id anywhere: every column that names a person
        for table, column in [
            *(
                (t, fk[3])
                for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                for fk in db.execute(f"PRAGMA foreign_key_list({t})")
                if fk[2] == "person"
            ),
            ("tie_cache", "a_id"),
            ("past_tie_cache", "a_id"),
        ]:
            assert (
                db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (her,)).fetchone()[0] == 0
            ), (table, column)
        assert (
            db.execute("SELECT count(*) FROM agenda_mark WHERE item_key LIKE ?", (f"%:{her}",)).fetchone()[0]
            == 0
        )
        # her organisations and tag went with her; everyone else's stay
        orgs = {n for (n,) in db.execute("SELECT name FROM organisation")}
        assert orgs == {f"Firm {i}" for i in range(7)} | {"Initech"}
        assert {n for (n,) in db.execute("SELECT name FROM tag")} == {"python"}
        assert [t for (t,) in db.execute("SELECT text FROM help_request")] == ["help with the move"]
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    sam = shown(kith, "Sam Lee")
    assert sam["met_via"] is None and sam["interaction_count"] == 9  # the shared lunch stays
    assert len(kith("people", "--json").json()) == 41


def test_the_one_exception_is_what_you_wrote_on_shared_records(kith, kith_home):
    """A group interaction's note that names her stays with the others who were there (README)."""
    kith("add", NAME, "--email", VALUES["email"])
    kith("add", "Sam Lee")
    kith("log", "lunch", NAME, "Sam Lee", "--note", "lunch with Zoë Quillfeather-Xanthe and Sam")
    kith("forget", NAME, "--yes")
    timeline = shown(kith, "Sam Lee")["timeline"]
    assert timeline[0]["people"] == ["Sam Lee"]
    assert found_in(files(kith_home)) == ["name in kith.db"]


def test_a_forget_that_fails_changes_nothing(kith, kith_home, monkeypatch):
    fill(kith)
    before = kith("export", "json").stdout
    from kith.people import merge

    def broken(session, table, *args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(merge, "_delete_agenda_marks", broken)
    result = kith("forget", NAME, "--yes", expect=1)
    assert "internal error" in result.stderr
    assert kith("export", "json").stdout == before


def test_the_web_forgets_them_at_once_even_where_it_showed_a_stale_figure(kith):
    """The pages' shared figures (search, the dashboard's agenda) never show someone forgotten since."""
    fill(kith)
    web = client(background=True)
    assert NAME in web.get("/people", params={"q": "xanthe"}).text
    deadline = time.monotonic() + 120
    while (
        "Quillfeather" not in web.get("/").text
    ):  # the dashboard's agenda, built in the background, names her
        assert time.monotonic() < deadline, "the dashboard never showed its agenda"
        time.sleep(0.2)
    kith("forget", NAME, "--yes")
    for path in ("/", "/people?q=xanthe", "/agenda", "/report", "/ledger", "/invitations"):
        page = web.get(path)
        assert page.status_code == 200 and "Quillfeather" not in page.text, path
    assert web.get("/api/people", params={"q": "xanthe"}).json()["total"] == 0


@pytest.mark.parametrize("erase", [True, False])
def test_on_a_sqlite_that_does_not_zero_deleted_rows_the_vacuum_is_what_erases_them(
    kith, kith_home, monkeypatch, erase
):
    """Debian's SQLite zeroes deleted rows (secure_delete is built in); most others (macOS, Windows,
    python.org) do not, and an edited row leaves its old copy in free space. With secure_delete off
    throughout, the forgotten bytes are still in the file unless kith vacuums it."""
    from sqlalchemy import Engine, event

    from kith.store import erase as erasing

    def insecure(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    event.listen(Engine, "connect", insecure)
    try:
        if not erase:
            monkeypatch.setattr(erasing, "erase_freed_space", lambda engine: None)
        kith("me", "--name", "Ada Lovelace")
        for i in range(30):
            kith("add", f"Other Person{i}", "--note", "n" * 80)
        kith("add", NAME, "--email", VALUES["email"], "--note", "x" * 300 + VALUES["notes"])
        kith("edit", VALUES["email"], "--note", VALUES["older notes"])  # the row moves: its old copy stays
        kith("forget", NAME, "--yes")
        dispose_engines()
        left = found_in(files(kith_home))
    finally:
        event.remove(Engine, "connect", insecure)
    assert (left == []) is erase, left
