"""Mailbox headers in the charsets real mail uses: RFC 2047 words, raw Latin-1, cp1252 and UTF-8, the
charset a message declares; never a replacement character stored, and a cut-off mailbox refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import assert_user_error

from kith.importers.mbox import parse
from kith.importers.records import ImportOptions, InteractionRecord, Notice

ME = "me@example.com"


def message(headers: list[str], body: bytes = b"Hello.\n") -> bytes:
    """One message; header lines given as bytes-compatible text in their own encodings."""
    head = b"".join((h if isinstance(h, bytes) else h.encode("ascii")) + b"\n" for h in headers)
    return b"From sender@example.com Mon Mar  2 10:00:00 2026\n" + head + b"\n" + body + b"\n"


def basic(sender: bytes | str, subject: bytes | str = "Coffee?", *extra: bytes | str, n: int = 1) -> bytes:
    return message(
        [
            b"From: " + (sender if isinstance(sender, bytes) else sender.encode("ascii")),
            f"To: Me <{ME}>",
            b"Subject: " + (subject if isinstance(subject, bytes) else subject.encode("ascii")),
            "Date: Tue, 03 Mar 2026 10:00:00 +0000",
            f"Message-ID: <m{n}@example.com>",
            *extra,
        ]
    )


def records(tmp_path: Path, content: bytes) -> list:
    path = tmp_path / "mail.mbox"
    path.write_bytes(content)
    return list(parse(path, ImportOptions(me_emails=[ME])))


def interaction(tmp_path: Path, content: bytes) -> InteractionRecord:
    (found,) = [r for r in records(tmp_path, content) if isinstance(r, InteractionRecord)]
    return found


def test_raw_latin1_headers_read_as_cp1252(tmp_path):
    found = interaction(
        tmp_path, basic("Zoë Müller <zoe@example.com>".encode("latin-1"), "Café".encode("latin-1"))
    )
    assert found.participants[0].name == "Zoë Müller"
    assert found.summary == "Café"


def test_raw_cp1252_headers_keep_their_punctuation(tmp_path):
    subject = "Price: 5 € – “deal”".encode("cp1252")
    found = interaction(tmp_path, basic("Zoë O’Brien <zoe@example.com>".encode("cp1252"), subject))
    assert found.participants[0].name == "Zoë O’Brien"
    assert found.summary == "Price: 5 € – “deal”"


def test_raw_utf8_headers_win_over_a_declared_single_byte_charset(tmp_path):
    content = basic(
        "Zoë Müller <zoe@example.com>".encode(),
        "Grüße".encode(),
        'Content-Type: text/plain; charset="iso-8859-1"',
    )
    found = interaction(tmp_path, content)
    assert (found.participants[0].name, found.summary) == ("Zoë Müller", "Grüße")


def test_the_charset_a_message_declares_reads_its_raw_headers(tmp_path):
    # KOI8-R bytes are not UTF-8 and would be nonsense as cp1252; the (folded) Content-Type says what they are
    content = basic(
        "Иван Петров <ivan@example.com>".encode("koi8-r"),
        "Привет".encode("koi8-r"),
        "Content-Type: text/plain;",
        '\tcharset="KOI8-R"',
    )
    found = interaction(tmp_path, content)
    assert (found.participants[0].name, found.summary) == ("Иван Петров", "Привет")


def test_encoded_words_in_their_charsets(tmp_path):
    content = basic(
        "=?iso-8859-1?Q?Zo=EB_M=FCller?= <zoe@example.com>",
        "=?windows-1252?B?k0NhZumU?= =?utf-8?q?_und_Kuchen?=",
        n=1,
    ) + basic("=?utf-8?q?Zo=EB?= <zoe2@example.com>", "=?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=", n=2)
    first, second = [r for r in records(tmp_path, content) if isinstance(r, InteractionRecord)]
    assert first.participants[0].name == "Zoë Müller"
    assert first.summary == "“Café” und Kuchen"  # the space between two encoded words is not text
    assert second.participants[0].name == "Zoë"  # labelled UTF-8 but Latin-1: read as raw 8-bit text
    assert second.summary == "Grüße"  # RFC 2231 language suffix


def test_what_cannot_be_decoded_is_a_notice_never_a_replacement_character(kith, tmp_path):
    content = basic("=?utf-8?B?!!!not-base64?= <broken@example.com>", "=?utf-8?q?ok?=", n=1) + basic(
        "Sam Lee <sam@example.com>", "Caf\ufffd".encode(), n=2
    )
    found = records(tmp_path, content)
    notices = [r.what for r in found if isinstance(r, Notice)]
    assert notices == [
        "a name kith could not decode (the person is kept by address)",
        "a subject kith could not decode (left out)",
    ]
    first, second = [r for r in found if isinstance(r, InteractionRecord)]
    assert first.participants[0].name is None and first.participants[0].emails == ["broken@example.com"]
    assert second.summary is None

    kith("me", "--name", "Me", "--email", ME)
    path = tmp_path / "mail.mbox"
    summary = kith("import", "mbox", str(path), "--json").json()
    assert summary["added"] >= 2
    assert "\ufffd" not in kith("export", "json").stdout


def test_a_latin1_mailbox_stores_names_whole(kith, kith_home, tmp_path):
    path = tmp_path / "mail.mbox"
    path.write_bytes(basic("Zoë Müller <zoe@example.com>".encode("latin-1"), "Grüße".encode("latin-1")))
    kith("import", "mbox", str(path), "--me", ME)
    people = {p["name"] for p in kith("people", "--json").json()}
    assert "Zoë Müller" in people
    with sqlite3.connect(kith_home / "kith.db") as db:
        text = "\n".join(
            str(v)
            for table in ("person", "interaction")
            for row in db.execute(f"SELECT * FROM {table}")
            for v in row
        )
    assert "\ufffd" not in text and "Grüße" in text


def test_a_mailbox_cut_off_in_a_header_is_refused_and_nothing_stored(kith, tmp_path):
    whole = basic("Jane Doe <jane@example.com>", n=1) + basic("Sam Lee <sam@example.com>", n=2)
    cut = whole[: whole.rindex(b"Subject:") + 5]
    path = tmp_path / "mail.mbox"
    path.write_bytes(cut)
    before = kith("export", "json").stdout
    result = kith("import", "mbox", str(path), "--me", ME, expect=2)
    assert_user_error(result, "mail.mbox:", "cut off")
    assert kith("export", "json").stdout == before
