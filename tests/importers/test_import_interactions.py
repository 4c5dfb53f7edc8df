"""kith import interactions: the interaction log format of PRODUCT.md."""

from __future__ import annotations

from conftest import assert_user_error, run_cli, shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kith.store.db import transaction
from kith.store.schema import Interaction, Person

HEADER = "time,source,target,channel,duration_s,directed\n"


def write(tmp_path, body: str, header: str = HEADER, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(header + body)
    return path


def timeline(kith, name):
    return shown(kith, name, "--limit", "0")["timeline"]


def count(model) -> int:
    with transaction() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_rows_become_interactions_with_direction_channel_and_duration(kith, tmp_path):
    log = write(
        tmp_path,
        "2026-01-02T10:00:00,me@example.com,alice@example.com,in_person,3600,true\n"
        "1767350000,bob,me@example.com,call,,\n"
        "2026-01-05T10:00:00+02:00,me@example.com,+1 415 555 0100,video,90.4,false\n"
        "2026-01-06T10:00:00Z,alice@example.com,me@example.com,,,\n",
    )
    kith("import", "interactions", str(log), "--me", "me@example.com")
    alice = timeline(kith, "alice@example.com")
    assert [(i["when"], i["channel"], i["direction"]) for i in alice] == [
        ("2026-01-06T10:00:00+00:00", "in_person", "inbound"),
        ("2026-01-02T10:00:00+00:00", "in_person", "outbound"),
    ]
    assert alice[1]["duration_s"] == 3600
    bob = timeline(kith, "bob")
    assert [(i["when"], i["channel"], i["direction"]) for i in bob] == [
        ("2026-01-02T10:33:20+00:00", "call", "inbound")
    ]
    phone = timeline(kith, "+14155550100")
    assert [(i["when"], i["channel"], i["direction"], i["duration_s"]) for i in phone] == [
        ("2026-01-05T08:00:00+00:00", "video", "mutual", 90)
    ]


def test_stored_user_is_used_and_keys_are_case_insensitive(kith, tmp_path):
    kith("me", "--name", "Ada", "--email", "ada@example.com")
    log = write(
        tmp_path, "2026-01-02T10:00:00,ADA@example.com,u17,message,,\n2026-01-03T10:00:00,U17,Ada,email,,\n"
    )
    result = kith("import", "interactions", str(log))
    assert "added 2" in result.stdout
    assert [i["direction"] for i in timeline(kith, "u17")] == ["inbound", "outbound"]
    assert count(Person) == 2  # the user and u17


def test_rows_not_involving_the_user_and_odd_rows_are_skipped_and_counted(kith, tmp_path):
    log = write(
        tmp_path,
        "2026-01-02T10:00:00,me,alice,email,,\n"
        "2026-01-03T10:00:00,bob,carol,email,,\n"
        "not a time,me,alice,email,,\n"
        "2026-01-04T10:00:00,me,alice,carrier-pigeon,,\n"
        "2026-01-04T10:00:00,me,,email,,\n"
        "2026-01-04T10:00:00,me,alice,email,-5,\n"
        "2026-01-04T10:00:00,me,alice,email,,maybe\n"
        "2026-01-04T10:00:00,me,me,email,,\n",
    )
    summary = kith("import", "interactions", str(log), "--me", "me", "--json").json()
    assert summary["by_kind"]["interactions"]["added"] == 1
    assert {s["reason"]: (s["count"], s["first"]) for s in summary["skipped"]} == {
        "does not involve you": (1, "log.csv:3"),
        "unreadable time": (1, "log.csv:4"),
        "unknown channel": (1, "log.csv:5"),
        "missing source or target": (1, "log.csv:6"),
        "unreadable duration": (1, "log.csv:7"),
        "unreadable directed value": (1, "log.csv:8"),
        "source and target are both you": (1, "log.csv:9"),
    }


def test_extra_columns_are_ignored_and_columns_found_by_name(kith, tmp_path):
    log = write(tmp_path, "x,alice,2026-01-02T10:00:00,me,call\n", header="note,target,time,source,channel\n")
    kith("import", "interactions", str(log), "--me", "me")
    assert [i["channel"] for i in timeline(kith, "alice")] == ["call"]


def test_importing_twice_adds_nothing(kith, tmp_path):
    log = write(tmp_path, "2026-01-02T10:00:00,me,alice,email,,\n2026-01-02T11:00:00,alice,me,email,,\n")
    kith("import", "interactions", str(log), "--me", "me")
    again = kith("import", "interactions", str(log), "--me", "me", "--json").json()
    assert (again["added"], again["unchanged"]) == (0, 2)
    assert count(Interaction) == 2 and count(Person) == 1


def test_without_knowing_the_user_it_asks_for_me(kith, tmp_path):
    log = write(tmp_path, "2026-01-02T10:00:00,me,alice,email,,\n")
    assert_user_error(kith("import", "interactions", str(log), expect=2), "log.csv", "--me")


def test_missing_required_column_is_an_error(kith, tmp_path):
    log = write(tmp_path, "2026-01-02T10:00:00,me,email\n", header="time,source,channel\n")
    assert_user_error(kith("import", "interactions", str(log), "--me", "me", expect=2), "log.csv", "target")


def test_bad_bytes_late_in_the_file_write_nothing(kith, tmp_path):
    path = tmp_path / "log.csv"
    good = "".join(f"2026-01-02T10:{m:02d}:00,me,p{m},email,,\n" for m in range(50))
    path.write_bytes((HEADER + good).encode() + b"2026-01-02T11:00:00,me,caf\xe9,email,,\n")
    result = kith("import", "interactions", str(path), "--me", "me", expect=2)
    assert_user_error(result, "log.csv:52", "UTF-8")
    assert count(Interaction) == 0 and count(Person) == 0


def test_hostile_files_are_refused_with_one_line(kith, tmp_path):
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes((HEADER + "2026-01-02T10:00:00,me,alice,email,,\n").encode("utf-16"))
    assert_user_error(
        kith("import", "interactions", str(utf16), "--me", "me", expect=2), "utf16.csv:1", "UTF-16"
    )

    nul = tmp_path / "nul.csv"
    nul.write_bytes(HEADER.encode() + b"2026-01-02T10:00:00,me,al\x00ice,email,,\n")
    assert_user_error(kith("import", "interactions", str(nul), "--me", "me", expect=2), "nul.csv:2")

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert_user_error(
        kith("import", "interactions", str(empty), "--me", "me", expect=2), "empty.csv", "empty"
    )

    one_line = tmp_path / "one_line.csv"
    with open(one_line, "wb") as out:
        out.write(b"time,source,target\n" + b"9" * (3 << 20))
    assert_user_error(
        kith("import", "interactions", str(one_line), "--me", "me", expect=2), "one_line.csv:2", "line longer"
    )
    assert count(Interaction) == 0


def test_dry_run_writes_nothing(kith, tmp_path):
    log = write(tmp_path, "2026-01-02T10:00:00,me,alice,email,,\n")
    result = kith("import", "interactions", str(log), "--me", "me", "--dry-run")
    assert "Would import" in result.stdout and "added 1" in result.stdout
    assert count(Interaction) == 0 and count(Person) == 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=2000), junk=st.binary(min_size=1, max_size=40))
def test_a_damaged_file_never_half_imports(tmp_path, cut, junk):
    body = "".join(f"2026-01-02T10:{m:02d}:00,me,p{m},email,,\n" for m in range(60)).encode()
    data = (HEADER.encode() + body)[:cut] + junk + body[cut:]
    path = tmp_path / "damaged.csv"
    path.write_bytes(data)
    before = count(Interaction)
    result = run_cli("import", "interactions", str(path), "--me", "me")
    if result.exit_code == 0:
        assert count(Interaction) >= before
    else:
        assert_user_error(result, "damaged.csv")
        assert count(Interaction) == before
