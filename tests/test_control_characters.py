"""Terminal escape injection: control characters in names, companies and notes are dropped when stored,
and never printed raw by the CLI, even for text stored before."""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import text

from kith.store.db import transaction
from kith.text import one_line, safe_text

#: clears the screen, sets the window title, moves the cursor up, C1 CSI, a bidi override, DEL, BEL
HOSTILE = ("\x1b[2J", "\x1b]0;pwned\x07", "\x1b[1A", "\x9b31m", "\u202e", "\x7f", "\x07")


def assert_clean(output: str) -> None:
    for sequence in HOSTILE:
        assert sequence not in output, (sequence, output)
    assert "\x1b" not in output and "\x9b" not in output and "\u202e" not in output


def test_safe_text_drops_controls_and_keeps_what_is_text():
    assert safe_text("Jane\x1b[2JDoe") == "Jane[2JDoe"
    assert safe_text("Ev\x1b]0;pwned\x07il\x7f\x9b") == "Ev]0;pwnedil"
    assert safe_text("abc\u202edef\u2066x\u2069") == "abcdefx"
    assert safe_text("José Díaz 李雷 👩\u200d💻 \u200f") == "José Díaz 李雷 👩\u200d💻 \u200f"
    assert safe_text("a\tb\r\nc") == "a b  c"
    assert safe_text("one\ttab\r\ntwo\x1b[1A\rthree\n", multiline=True) == "one\ttab\ntwo[1A\nthree\n"
    assert one_line("  Jane \x1b[31m\n Doe ") == "Jane [31m Doe"


def test_cli_add_and_log_store_and_print_no_escape_sequences(kith):
    kith(
        "add",
        "Jane\x1b[2J Doe\x9b31m",
        "--company",
        "Ev\x1b]0;pwned\x07il Corp",
        "--title",
        "\u202eCTO",
        "--note",
        "met at\x1b[1A PyCon\nsecond line",
        "--tag",
        "py\x07thon",
    )
    kith("log", "coffee", "jane", "--note", "talked\x1b[2J shop", "--promise", "send\x1b[1A it")
    listing = kith("people").stdout
    shown = kith("show", "jane").stdout
    as_json = kith("people", "--json").stdout
    backup = kith("export", "json").stdout
    for output in (listing, shown, as_json, backup):
        assert_clean(output)
    jane = kith("people", "--json").json()[0]
    assert (jane["name"], jane["company"], jane["title"]) == ("Jane[2J Doe31m", "Ev]0;pwnedil Corp", "CTO")
    assert jane["tags"] == ["python"]
    assert "met at[1A PyCon\n" + " " * 21 + "second line" in shown  # a note keeps its lines


def test_importer_files_with_escape_sequences_are_stored_without_them(kith, tmp_path):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            [
                "First Name",
                "Last Name",
                "Organization Name",
                "Organization Title",
                "Notes",
                "E-mail 1 - Value",
            ],
            [
                "Eve\x1b[2J",
                "Hacker\u202e",
                "Evil\x1b]0;pwned\x07 Inc",
                "Boss\x9b31m",
                "hi\x1b[1A",
                "eve@x.example",
            ],
        ]
    )
    google = tmp_path / "google.csv"
    google.write_text(buffer.getvalue(), encoding="utf-8")
    kith("import", "google", str(google))

    connections = io.StringIO()
    csv.writer(connections).writerows(
        [
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
            [
                "Mal\x1b[31m",
                "Lory",
                "https://www.linkedin.com/in/mal",
                "",
                "Bad\x1b[2JCo",
                "CEO\x07",
                "1 Jan 2024",
            ],
        ]
    )
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Connections.csv", connections.getvalue())
    kith("import", "linkedin", str(archive))

    log = tmp_path / "log.csv"
    log.write_text("time,source,target,channel\n2026-06-01T10:00:00,me@x.example,Trudy\x1b[2J Doe,call\n")
    kith("import", "interactions", str(log), "--me", "me@x.example")

    mbox = tmp_path / "mail.mbox"
    mbox.write_text(
        "From someone@example.com Mon Mar  2 10:00:00 2026\n"
        "From: Oscar\x1b[2J Wild <oscar@example.com>\nTo: Me <me@x.example>\nSubject: hi\n"
        "Date: Tue, 03 Mar 2026 10:00:00 +0000\nMessage-ID: <m1@example.com>\n\nHello.\n\n"
    )
    kith("import", "mbox", str(mbox), "--me", "me@x.example")

    people = {p["name"]: p for p in kith("people", "--json").json()}
    assert {"Eve[2J Hacker", "Mal[31m Lory", "Trudy[2J Doe", "Oscar[2J Wild"} <= set(people), people
    assert people["Eve[2J Hacker"]["company"] == "Evil]0;pwned Inc"
    assert people["Mal[31m Lory"]["company"] == "Bad[2JCo"
    for output in (kith("people").stdout, kith("show", "eve").stdout, kith("export", "json").stdout):
        assert_clean(output)


def test_text_stored_before_is_never_printed_raw(kith):
    kith("add", "Jane Doe", "--company", "Acme")
    with transaction() as session:  # as an older kith, or another program, may have stored it
        values = {"name": "Jane\x1b[2J\x9bDoe\u202e", "note": "a\x1b[1Ab", "org": "Ac\x1b]0;x\x07me"}
        session.execute(text("UPDATE person SET name = :name WHERE id = 1"), values)
        session.execute(
            text(
                "INSERT INTO note (person_id, written_at, text, source) VALUES (1, '2026-06-01 12:00:00.000000', :note, 'manual')"
            ),
            values,
        )
        session.execute(text("UPDATE organisation SET name = :org"), values)
    for output in (
        kith("people").stdout,
        kith("show", "#1").stdout,
        kith("people", "--json").stdout,
        kith("show", "#1", "--json").stdout,
    ):
        assert_clean(output)
    assert "Jane[2JDoe" in kith("show", "#1").stdout
    shown = kith("show", "#1", "--json").json()["person"]
    assert shown["name"] == "Jane\x1b[2J\x9bDoe\u202e"  # JSON escapes them: the data itself is intact
