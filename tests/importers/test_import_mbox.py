"""kith import mbox: email interactions from headers only, bulk mail skipped, streaming, hostile files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from conftest import assert_user_error, shown
from hypothesis import given
from hypothesis import strategies as st

from kith.importers import mbox
from kith.importers.mbox import parse
from kith.importers.records import ImportOptions, InteractionRecord, Skipped

ME = "me@example.com"


def message(headers: dict[str, str], body: str = "Hello.\n", envelope: str = "someone@example.com") -> str:
    head = "".join(f"{k}: {v}\n" for k, v in headers.items())
    return f"From {envelope} Mon Mar  2 10:00:00 2026\n{head}\n{body}\n"


def base(**extra: str) -> dict[str, str]:
    headers = {
        "From": "Jane Doe <jane@example.com>",
        "To": f"Me <{ME}>",
        "Subject": "Coffee?",
        "Date": "Tue, 03 Mar 2026 10:00:00 +0000",
        "Message-ID": "<m1@example.com>",
    }
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    return headers


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "mail.mbox"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def read(tmp_path: Path, content: str, **options) -> list:
    return list(parse(write(tmp_path, content), ImportOptions(me_emails=[ME], **options)))


def test_direction_participants_and_ids_from_headers(tmp_path):
    sent = base(
        From=f"Me <{ME}>",
        To='"Doe, Jane" <Jane@Example.com>, bob@example.org',
        Cc=f"{ME}, =?utf-8?q?Ren=C3=A9e_Roe?= <renee@example.net>",
        Subject="=?utf-8?q?Caf=C3=A9_next_week?=",
        Date="Mon, 02 Mar 2026 10:00:00 +0100",
        Message_ID="<m2@example.com>",
    )
    body = "Dear Jane,\nFrom: not-a-header@example.com\nFrom the top\n"
    records = read(tmp_path, message(base()) + message(sent, body=body))
    received, outgoing = records
    assert (received.direction, received.channel, received.kind) == ("inbound", "email", "email")
    assert [(p.name, p.emails) for p in received.participants] == [("Jane Doe", ["jane@example.com"])]
    assert received.external_id == "m1@example.com" and received.summary == "Coffee?"
    assert outgoing.direction == "outbound" and outgoing.summary == "Café next week"
    assert outgoing.occurred_at.isoformat() == "2026-03-02T09:00:00+00:00"
    assert [(p.name, p.emails[0]) for p in outgoing.participants] == [
        ("Doe, Jane", "jane@example.com"),
        (None, "bob@example.org"),
        ("Renée Roe", "renee@example.net"),
    ]


def test_bulk_crowded_and_odd_messages_are_skipped_and_counted(tmp_path):
    crowd = ", ".join(f"p{i}@example.com" for i in range(21))
    content = "".join(
        message(h)
        for h in (
            base(List_Unsubscribe="<mailto:unsubscribe@example.com>"),
            base(Precedence="bulk"),
            base(From="Shop <no-reply@shop.example>"),
            base(From="Alerts <noreply@alerts.example>"),
            base(To=crowd),
            base(From=ME, To=ME),
            base(Date="not a date"),
            base(To=", ".join(f"p{i}@example.com" for i in range(19)) + f", {ME}"),
        )
    )
    records = read(tmp_path, content)
    assert [r.reason for r in records if isinstance(r, Skipped)] == [
        "bulk mail (mailing list)",
        "bulk mail (Precedence)",
        "bulk mail (no-reply sender)",
        "bulk mail (no-reply sender)",
        "more than 20 recipients",
        "message with nobody but you",
        "message without a readable date",
    ]
    (kept,) = [r for r in records if isinstance(r, InteractionRecord)]
    assert len(kept.participants) == 20  # the sender and 19 other recipients; 20 recipients is allowed


def test_bodies_are_never_parsed_and_long_lines_are_fine(tmp_path):
    huge_body = "x" * (3 << 20) + "\n" + "From: fake@example.com\nTo: me@example.com\n"
    without_id = base()
    del without_id["Message-ID"]
    seen: list[int] = []
    path = write(tmp_path, message(base(), body=huge_body) + message(without_id))
    records = list(parse(path, ImportOptions(me_emails=[ME], progress=seen.append)))
    assert [type(r) for r in records] == [InteractionRecord, InteractionRecord]
    assert records[1].external_id.startswith("sha1:")
    assert sum(seen) == path.stat().st_size  # progress covers every byte, read once


def test_import_mbox_is_idempotent_and_finds_known_people(kith, tmp_path):
    kith("add", "Jane Doe", "--email", "jane@example.com")
    path = write(
        tmp_path,
        message(base()) + message(base(Message_ID="<m3@example.com>", From=ME, To="jane@example.com")),
    )
    summary = kith("import", "mbox", str(path), "--me", ME, "--json").json()
    assert summary["by_kind"]["interactions"]["added"] == 2
    assert (
        kith("import", "mbox", str(path), "--me", ME, "--json").json()["by_kind"]["interactions"]["added"]
        == 0
    )
    jane = shown(kith, "Jane Doe")
    assert sorted(i["direction"] for i in jane["timeline"]) == ["inbound", "outbound"]
    assert len(kith("people", "--json").json()) == 1


@pytest.mark.parametrize(
    "content, fragments",
    [
        ("Name,Email\nJane,jane@example.com\n", ["mail.mbox:1", "not an mbox"]),
        (b"\x00\x01\x02" * 1000, ["mail.mbox:1", "not an mbox"]),
        (b"", ["mail.mbox:1", "empty"]),
        (b"A" * (5 << 20), ["mail.mbox:1", "not an mbox"]),
        (message(base()), ["--me"]),
    ],
)
def test_hostile_files_fail_in_one_line_and_write_nothing(kith, tmp_path, content, fragments):
    path = write(tmp_path, content)
    assert_user_error(kith("import", "mbox", str(path), expect=2), *fragments)
    assert kith("people", "--json").json() == []


def test_memory_stays_flat_on_a_large_mailbox(tmp_path):
    import tracemalloc

    body = ("lorem ipsum dolor sit amet " * 3 + "\n") * 250_000  # about 20 MB of body
    path = write(tmp_path, message(base(), body=body) + message(base(Message_ID="<m9@example.com>")) * 50)
    tracemalloc.start()
    try:
        records = list(parse(path, ImportOptions(me_emails=[ME])))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(records) == 51
    assert peak < 8 << 20, f"peak {peak / 1e6:.1f} MB for a {path.stat().st_size / 1e6:.0f} MB mailbox"


def test_skipped_messages_name_their_line(tmp_path):
    first = message(base())
    records = read(tmp_path, first + message(base(Precedence="junk")))
    assert isinstance(records[1], Skipped)
    assert records[1].where.endswith(f":{first.count(chr(10)) + 1}")


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
    st.sampled_from(["", "weekday", "unknown zone", "odd day"]),
)
def test_usual_date_headers_read_the_same_as_the_standard_library(when, minutes, variant):
    raw = format_datetime(when.replace(tzinfo=timezone(timedelta(minutes=minutes))))
    if variant == "weekday":
        raw = raw[5:]  # the weekday is optional
    elif variant == "unknown zone":
        raw = raw[:-5] + "-0000"
    elif variant == "odd day":
        raw = "31" + raw[7:]  # 31 Feb and the like are not dates
    try:
        expected = parsedate_to_datetime(raw)
        expected = (expected if expected.tzinfo else expected.replace(tzinfo=UTC)).astimezone(UTC)
    except ValueError:
        expected = None
    assert mbox._date(raw) == expected
    assert mbox._date("Tue, 1 Mar 2022 10:15:00 GMT") == datetime(2022, 3, 1, 10, 15, tzinfo=UTC)
