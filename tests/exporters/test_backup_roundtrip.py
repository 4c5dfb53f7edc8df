"""The JSON backup: export -> restore into an empty home -> export gives the same file, for random data."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import assert_user_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from older_backups import LATER_COLUMNS, older_backup

from kith.exporters.backup import export, read_backup, restore
from kith.friends import answered, ask
from kith.interactions import log_interaction
from kith.ledger import record_favour
from kith.people.core import PersonFields, add_person, tag
from kith.people.merge import merge_people
from kith.people.roles import set_role
from kith.settings import Settings
from kith.store.db import dispose_engines, transaction
from kith.store.schema import AgendaMark, Commitment, Invitation, LifeEvent, Setting

START = datetime(2020, 1, 1, tzinfo=UTC)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip()
)
moment = st.integers(0, 6 * 365 * 24 * 3600).map(lambda s: START + timedelta(seconds=s))

person_st = st.fixed_dictionaries(
    {
        "name": text,
        "email": st.booleans(),
        "company": st.none() | text,
        "title": st.none() | text,
        "tags": st.lists(st.sampled_from(["climbing", "ai", "alumni", "=cmd", "Jazz"]), max_size=3),
        "note": st.none() | text,
        "birthday": st.none() | st.sampled_from(["1985-04-12", "04-12", "2000-02-29", "--12-31"]),
        "anniversary": st.none() | st.sampled_from(["2010-06-20", "06-20"]),
        "closeness": st.none() | st.floats(0, 1),
        "new_role": st.none() | text,
        "met_via": st.none() | st.integers(0, 50),
    }
)
interaction_st = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["coffee", "lunch", "video", "call", "email", "dm", "like", "conference"]),
        "who": st.lists(st.integers(0, 50), min_size=1, max_size=3),
        "when": moment,
        "direction": st.sampled_from(["outbound", "inbound", "mutual"]),
        "duration": st.none() | st.integers(0, 20_000),
        "notes": st.none() | text,
        "promise": st.none() | text,
    }
)
favour_st = st.tuples(
    st.integers(0, 50),
    st.sampled_from(["give", "get"]),
    st.sampled_from(["intro", "advice", "referral", "endorsement"]),
    moment,
    st.none() | text,
)
data_st = st.fixed_dictionaries(
    {
        "people": st.lists(person_st, min_size=1, max_size=6),
        "interactions": st.lists(interaction_st, max_size=8),
        "favours": st.lists(favour_st, max_size=4),
        "extras": st.booleans(),
        "merge": st.booleans(),
    }
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A migrated, empty database file to copy (migrating once keeps the property test fast)."""
    folder = tmp_path_factory.mktemp("template")
    home_settings = Settings(home=folder, database_url=f"sqlite:///{folder / 'kith.db'}")
    with transaction(home_settings):
        pass
    dispose_engines()
    return folder / "kith.db"


def _home(template: Path, root: Path, name: str) -> Settings:
    folder = root / name
    folder.mkdir()
    shutil.copy(template, folder / "kith.db")
    return Settings(home=folder, database_url=f"sqlite:///{folder / 'kith.db'}")


def _fill(session, data: dict) -> None:
    """Create the generated data through kith's core functions (as commands would)."""
    people = []
    for i, p in enumerate(data["people"]):
        fields = PersonFields(
            name=p["name"],
            emails=[f"person{i}@example.com"] if p["email"] else [],
            company=p["company"],
            title=p["title"],
            note=p["note"],
            closeness=p["closeness"],
            birthday=p["birthday"],
            anniversary=p["anniversary"],
        )
        person = add_person(session, fields, now=START, allow_duplicate=True)
        for t in p["tags"]:
            tag(session, person, t)
        if p["new_role"]:
            set_role(session, person, company=p["new_role"], title=None, seen_at=START + timedelta(days=400))
        people.append(person)
    for p, person in zip(data["people"], people, strict=True):
        if p["met_via"] is not None:  # may point at someone added later (a higher id)
            person.met_via_id = people[p["met_via"] % len(people)].id
    session.flush()
    for it in data["interactions"]:
        log_interaction(
            session,
            kind=it["kind"],
            people=[people[w % len(people)] for w in it["who"]],
            when=it["when"],
            direction=it["direction"],
            duration_s=it["duration"],
            notes=it["notes"],
            promise=it["promise"],
        )
    for who, direction, kind, when, note in data["favours"]:
        record_favour(session, people[who % len(people)], direction, kind, when=when, note=note)
    if data["extras"]:
        request = ask(session, "help moving house", people[:2], when=START)
        answered(session, request, people[0], when=START + timedelta(hours=3))
        session.add(Setting(key="policy", value=json.dumps({"accept": ["met_in_person"]})))
        session.add(AgendaMark(item_key="keep-in-touch:1", state="snoozed", until=START, marked_at=START))
        session.add(Invitation(person_id=people[0].id, direction="incoming", sent_at=None, message="hi"))
        session.add(
            LifeEvent(person_id=people[-1].id, kind="job_change", occurred_at=START, summary="a -> b")
        )
        session.add(Commitment(person_id=people[0].id, owed_by="them", text="send deck", due_at=None))
        session.flush()
    if data["merge"] and len(people) > 1:
        merge_people(session, people[0], people[1])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=data_st)
def test_export_restore_export_is_identical(template, data):
    with tempfile.TemporaryDirectory() as root:
        first, second = _home(template, Path(root), "a"), _home(template, Path(root), "b")
        with transaction(first) as session:
            _fill(session, data)
        with transaction(first) as session:
            backup = export(session)
        path = Path(root) / "backup.json"
        path.write_text(backup, encoding="utf-8")
        with transaction(second) as session:
            counts = restore(session, read_backup(path), str(path))
        with transaction(second) as session:
            again = export(session)
        dispose_engines()
    assert again == backup
    assert counts["person"] >= len(data["people"]) - (1 if data["merge"] else 0)
    assert counts.get("interaction", 0) == len(data["interactions"])


def _sample(kith) -> None:
    kith("add", "Jane Doe", "--email", "jane@example.com", "--company", "Acme", "--tag", "climbing")
    kith("add", "Bob Roe", "--email", "bob@example.org", "--met-via", "Jane Doe")
    kith("log", "coffee", "Jane Doe", "Bob Roe", "--when", "2026-06-01", "--promise", "send the article")


def test_restore_through_the_cli_rebuilds_everything(kith, tmp_path, move_home):
    _sample(kith)
    backup = tmp_path / "backup.json"
    kith("export", "json", "--out", str(backup))
    before = kith("people", "--json").json()
    move_home(tmp_path / "restored")
    result = kith("restore", str(backup))
    assert f": {len(before)} people, 1 interaction, " in result.stdout  # as kith people counts them
    assert kith("people", "--json").json() == before
    assert kith("export", "json").stdout == backup.read_text(encoding="utf-8")


#: the columns participant rows gained after a schema, which a backup from then lacks
@pytest.mark.parametrize("schema", sorted(LATER_COLUMNS))
def test_a_backup_from_before_participant_copies_restores_the_same_home(kith, tmp_path, schema, move_home):
    _sample(kith)
    kith("log", "call", "Bob Roe", "--when", "2026-06-03T09:15+02:00")
    current = kith("export", "json").stdout
    old = tmp_path / "old.json"
    old.write_text(older_backup(current, schema), encoding="utf-8")
    assert old.read_text(encoding="utf-8") != current
    move_home(tmp_path / "restored")
    kith("restore", str(old))
    assert kith("export", "json").stdout == current  # the times and channels taken from the interactions


def test_a_backup_from_before_dated_notes_restores_its_notes_as_dated_notes(kith, tmp_path, move_home):
    """Schema 0011 kept one notes field on each person: restored, it is their first dated note, dated by
    their last update (as the migration does it)."""
    _sample(kith)
    kith("edit", "Jane Doe", "--birthday", "1985-04-12")
    current = json.loads(kith("export", "json").stdout)
    assert [t for t in current["tables"] if t == "note"] == ["note"]
    old = json.loads(json.dumps(current))
    old["schema"] = "0011"
    person = old["tables"]["person"]
    for column in ("birthday", "anniversary"):
        at = person["columns"].index(column)
        del person["columns"][at]
        for row in person["rows"]:
            del row[at]
    person["columns"].append("notes")
    updated = person["columns"].index("updated_at")
    for row in person["rows"]:
        row.append("met at PyCon\nask about Berlin" if row[1] == "Jane Doe" else None)
    jane_updated = next(row[updated] for row in person["rows"] if row[1] == "Jane Doe")
    del old["tables"]["note"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    move_home(tmp_path / "restored")
    kith("restore", str(path))
    (note,) = kith("notes", "Jane Doe", "--json").json()
    assert (note["text"], note["when"]) == ("met at PyCon\nask about Berlin", jane_updated)
    assert kith("notes", "Bob Roe", "--json").json() == []
    assert kith("show", "Jane Doe", "--json").json()["person"]["birthday"] is None


def test_restore_refuses_a_home_with_data(kith, tmp_path):
    _sample(kith)
    backup = tmp_path / "backup.json"
    kith("export", "json", "--out", str(backup))
    result = kith("restore", str(backup), expect=2)
    assert_user_error(result, "empty kith home")
    assert len(kith("people", "--json").json()) == 2


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "not a kith backup"),
        (b"\x00\x01\x02garbage" * 100, "not a kith backup"),
        (b'{"format": "kith-backup", "version": 1, "tables": {', "broken json"),
        (b'{"format": "kith-backup", "version": 99, "tables": {}}', "newer than this kith"),
        (
            b'{"format": "kith-backup", "version": 1, "tables": {"spaceship": {"columns": [], "rows": []}}}',
            "spaceship",
        ),
        (b"[1, 2, 3]", "not a kith backup"),
    ],
)
def test_bad_backups_are_refused_in_one_line(kith, tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert_user_error(kith("restore", str(path), expect=2), fragment)


def test_a_bad_row_late_in_the_backup_writes_nothing(kith, tmp_path, move_home):
    _sample(kith)
    backup = tmp_path / "backup.json"
    kith("export", "json", "--out", str(backup))
    data = json.loads(backup.read_text(encoding="utf-8"))
    rows = data["tables"]["interaction_participant"]["rows"]
    rows.append([rows[0][0], 999, rows[0][2]])  # a participant who does not exist
    backup.write_text(json.dumps(data), encoding="utf-8")
    move_home(tmp_path / "restored")
    assert_user_error(kith("restore", str(backup), expect=2), "interaction_participant")
    assert kith("people", "--json").json() == []


def test_a_value_of_the_wrong_type_is_named(kith, tmp_path, move_home):
    _sample(kith)
    backup = tmp_path / "backup.json"
    kith("export", "json", "--out", str(backup))
    data = json.loads(backup.read_text(encoding="utf-8"))
    columns = data["tables"]["person"]["columns"]
    data["tables"]["person"]["rows"][1][columns.index("is_me")] = "yes"
    backup.write_text(json.dumps(data), encoding="utf-8")
    move_home(tmp_path / "restored")
    assert_user_error(kith("restore", str(backup), expect=2), "'person', row 2", "is_me")
    assert kith("people", "--json").json() == []


def test_restore_counts_people_as_kith_people_does_and_names_what_is_in_the_way(kith, tmp_path, move_home):
    from conftest import assert_user_error, run_cli

    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    kith("log", "coffee", "Jane Doe")
    kith("export", "json", "--out", str(tmp_path / "backup.json"))
    move_home(tmp_path / "restored")
    said = kith("restore", str(tmp_path / "backup.json")).stdout
    assert said.startswith(f"Restored {tmp_path / 'backup.json'}: 1 person, 1 interaction, 0 favours,")
    assert len(kith("people", "--json").json()) == 1
    refused = run_cli("restore", str(tmp_path / "backup.json"))
    assert_user_error(refused, "has data (", "1 interaction")
    assert "1 interaction_participant" not in refused.stderr
