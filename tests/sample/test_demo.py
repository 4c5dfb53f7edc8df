"""``kith demo``: the seeded sample network, its LinkedIn export files, and the command around them."""

from __future__ import annotations

import json
import socket
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from conftest import NOW, assert_user_error
from sqlalchemy import func, select

import kith.sample.demo
from kith.importers.linkedin import parse as parse_linkedin
from kith.importers.records import ImportOptions, InvitationRecord, PersonRecord
from kith.policy import invitation_advice
from kith.sample import make_network, write_export
from kith.sample.demo import build_sample, demo_settings, summary
from kith.store.db import transaction
from kith.store.schema import Commitment, Interaction, Invitation, LifeEvent, Person

AS_OF = datetime(2026, 6, 15, tzinfo=UTC)


@pytest.fixture
def small_demo(monkeypatch):
    """``kith demo`` builds a network of 120 connections (the real one has 1,500)."""
    monkeypatch.setattr(kith.sample.demo, "DEMO_CONNECTIONS", 120)


def test_the_generator_is_deterministic_byte_for_byte(tmp_path):
    first = [write_export(make_network(7, AS_OF, 200), tmp_path / "a", second=s) for s in (False, True)]
    again = [write_export(make_network(7, AS_OF, 200), tmp_path / "b", second=s) for s in (False, True)]
    other = [write_export(make_network(8, AS_OF, 200), tmp_path / "c", second=s) for s in (False, True)]
    for one, two, three in zip(first, again, other, strict=True):
        assert one.name == two.name and one.read_bytes() == two.read_bytes()
        assert one.read_bytes() != three.read_bytes()


def test_the_full_sample_has_the_shape_of_a_real_network():
    net = make_network(kith.sample.demo.DEMO_SEED, AS_OF, 1500)
    connected = [c for c in net.contacts if c.connected_on is not None]
    assert 1500 <= len(connected) <= 1560
    contacted = {k for e in net.events for k in e.people} | {m.contact for m in net.messages}
    # most connections were never contacted; a handful are very close
    assert len(contacted & {c.key for c in connected}) < 0.3 * len(connected)
    per_person = Counter(k for e in net.events for k in e.people)
    assert 3 <= sum(1 for n in per_person.values() if n >= 25) <= 15
    kinds = Counter(e.kind for e in net.events)
    for kind in ("coffee", "lunch", "call", "video", "email", "like"):
        assert kinds[kind] > 10, kind
    assert Counter(f.given for f in net.favours).keys() == {True, False}
    assert sum(1 for c in connected if c.new_company) > 20
    assert all(e.when < AS_OF for e in net.events)
    assert all(c.email.endswith(".example") for c in net.contacts)


def test_the_export_is_in_linkedins_format(tmp_path):
    net = make_network(3, AS_OF, 80)
    path = write_export(net, tmp_path, second=True)
    assert path.name.startswith("Basic_LinkedInDataExport_") and path.suffix == ".zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        connections = archive.read("Connections.csv").decode()
    assert {"Connections.csv", "messages.csv", "Invitations.csv", "Profile.csv"} <= names
    assert connections.startswith("Notes:\n")
    header = next(line for line in connections.splitlines() if line.startswith("First Name"))
    assert header == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    # and kith's LinkedIn importer reads every part of it
    records = list(parse_linkedin(path, ImportOptions(now=AS_OF)))
    people = [r for r in records if isinstance(r, PersonRecord)]
    assert len(people) == sum(1 for c in net.contacts if c.connected_on is not None)
    assert all(p.connected_on is not None and p.ref.linkedin for p in people)
    assert any(isinstance(r, InvitationRecord) and r.direction == "incoming" for r in records)
    kinds = Counter(type(r).__name__ for r in records)
    assert kinds["InteractionRecord"] > 0 and kinds["FavourRecord"] > 0 and kinds["Skipped"] == 0


def test_a_built_sample_holds_relationships_not_only_connections(tmp_path):
    settings = demo_settings(tmp_path / "sample")
    settings.home.mkdir()
    build_sample(settings, as_of=AS_OF, connections=150)
    figures = summary(settings, AS_OF)
    assert figures["connections"] >= 150
    assert 0 < figures["in_touch"] < figures["connections"] / 2
    assert figures["favours_given"] > 0 and figures["favours_received"] > 0
    assert figures["open_commitments"] > 0
    assert figures["pending_invitations"] >= 3
    assert figures["job_changes"] > 0
    with transaction(settings) as session:
        kinds = set(session.scalars(select(Interaction.kind)))
        assert {"coffee", "call", "email", "like", "message"} <= kinds
        # job changes come from the second export, dated by it
        changed = session.scalars(select(LifeEvent).where(LifeEvent.kind == "job_change")).all()
        assert {e.occurred_at.date() for e in changed} == {(AS_OF - timedelta(days=3)).date()}
        assert session.scalar(select(func.count()).select_from(Commitment).where(Commitment.due_at > AS_OF))
        pending = session.scalars(select(Invitation).where(Invitation.status == "pending")).all()
        assert all(not i.person.connections for i in pending if i.direction == "incoming")
        # some of those waiting were met in person (accept under the default policy), the others not yet;
        # one says you met at an event you did not log: kith offers to log it and accept
        advice = invitation_advice(session, AS_OF)
        assert {item["advice"] for item in advice} == {"accept", "not yet"}
        assert any(item["offer_log_meeting"] for item in advice if item["advice"] == "not yet")
        assert session.scalar(select(Person.name).where(Person.is_me.is_(True))) == "Robin Example"


@pytest.mark.sqlite_only  # the demo is a folder of its own (SQLite)
def test_kith_demo_builds_once_then_reuses_and_leaves_the_users_folder_alone(
    kith, kith_home, tmp_path, small_demo, monkeypatch
):
    built = kith("demo", "--no-serve")
    exports = sorted((tmp_path / "demo" / "exports").glob("*.zip"))
    first = [p.read_bytes() for p in exports]
    assert len(first) == 2
    assert "Built the sample network" in built.stdout
    assert "connections" in built.stdout and "Most in touch:" in built.stdout
    # the summary's headline is the one kith report gives on the sample
    monkeypatch.setenv("KITH_HOME", str(tmp_path / "demo"))
    report_headline = kith("report", "--json").json()["headline"]
    monkeypatch.setenv("KITH_HOME", str(kith_home))
    assert built.stdout.splitlines()[1].startswith(report_headline + "; ")
    again = kith("demo", "--no-serve")
    assert "Reusing the sample network" in again.stdout
    assert not (kith_home / "kith.db").exists()
    # the user's own (empty) store still knows nobody
    assert kith("people", "--json").json() == []
    rebuilt = kith("demo", "--no-serve", "--rebuild")
    assert "Built the sample network" in rebuilt.stdout
    # the same day gives the same export files, byte for byte
    assert [p.read_bytes() for p in sorted((tmp_path / "demo" / "exports").glob("*.zip"))] == first


def test_a_stale_sample_is_rebuilt_with_current_dates(kith, monkeypatch, tmp_path, small_demo):
    kith("demo", "--no-serve")
    assert json.loads((tmp_path / "demo" / "demo-version.json").read_text())["as_of"].startswith("2026-06-15")
    monkeypatch.setenv("KITH_NOW", (datetime.fromisoformat(NOW) + timedelta(days=8)).isoformat())
    assert "Built the sample network" in kith("demo", "--no-serve").stdout
    assert json.loads((tmp_path / "demo" / "demo-version.json").read_text())["as_of"].startswith("2026-06-23")


def test_kith_demo_refuses_to_replace_a_folder_that_is_not_a_sample(kith, tmp_path, monkeypatch, kith_home):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine")
    monkeypatch.setenv("KITH_DEMO_HOME", str(precious))
    assert_user_error(kith("demo", "--no-serve", expect=2), "not empty")
    assert (precious / "notes.txt").read_text() == "mine"
    monkeypatch.setenv("KITH_DEMO_HOME", str(kith_home))
    assert_user_error(kith("demo", "--no-serve", expect=2), "KITH_HOME")


def test_kith_demo_serves_the_sample_not_the_users_data(kith, monkeypatch, tmp_path, small_demo):
    from kith.web import server as web_server

    served = {}

    def fake_serve(settings, host, port, **_):
        import os

        served.update(home=settings.home, host=host, port=port, env=os.environ["KITH_HOME"])

    monkeypatch.setattr(web_server, "serve", fake_serve)
    with socket.socket() as probe:  # a port free now (the demo checks it is free before serving)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = kith("demo", "--port", str(port))
    assert f"http://127.0.0.1:{port}/" in result.stdout
    assert served == {
        "home": tmp_path / "demo",
        "host": "127.0.0.1",
        "port": port,
        "env": str(tmp_path / "demo"),
    }


def test_kith_demo_says_when_the_port_is_taken(kith, small_demo):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_user_error(kith("demo", "--port", str(port), expect=2), f"port {port}")


def test_everyone_in_the_sample_is_one_person_in_kith(tmp_path):
    settings = demo_settings(tmp_path / "sample")
    settings.home.mkdir()
    build_sample(settings, as_of=AS_OF, connections=150)
    with transaction(settings) as session:
        names = Counter(session.scalars(select(Person.name)))
    assert [name for name, n in names.items() if n > 1] == []


def test_the_demo_suggests_commands_as_the_user_ran_kith(kith, monkeypatch, small_demo):
    monkeypatch.setenv("UV_RUN_RECURSION_DEPTH", "1")  # started with `uv run kith demo`, as the README says
    out = kith("demo", "--no-serve").stdout
    assert "uv run kith people" in out and "(or simply: uv run kith demo)" in out
    monkeypatch.delenv("UV_RUN_RECURSION_DEPTH")
    out = kith("demo", "--no-serve").stdout
    assert " kith people" in out and "uv run" not in out


@pytest.mark.sqlite_only  # the demo is a folder of its own (SQLite)
def test_the_demo_shows_a_focused_week(kith, monkeypatch, tmp_path, small_demo):
    built = kith("demo", "--no-serve").stdout
    monkeypatch.setenv("KITH_HOME", str(tmp_path / "demo"))
    week = kith("agenda", "--json").json()
    live = sum(item["in_person_or_call"] for item in week)
    assert f"This week's agenda: 7 suggestions, {live} of them in person or by phone (kith agenda)" in built
    listed = kith("agenda", "--all", "--json").json()
    assert len(week) == 7 and listed[:7] == week
    # the whole list is a few weeks of work, not hundreds of items
    assert len(listed) <= 4 * 7
    # the week is meeting, calling and following up, not what a like could do; the congratulations to
    # people never contacted are one item, on the list however full it is
    assert sum(item["in_person_or_call"] for item in week) >= 2
    assert not [i for i in week if i["kind"] in ("job-change", "new-roles") and not i["in_person_or_call"]]
    (group,) = [item for item in listed if item["kind"] == "new-roles"]
    assert (
        len(group["people"]) >= 2 and group["person"] == f"{len(group['people'])} connections with a new role"
    )
    assert not [
        i for i in listed if i["kind"] == "job-change" and i["person"] in {p["name"] for p in group["people"]}
    ]
    # follow up after you meet; answer what waits for an answer
    follow = [
        i for i in listed if i["kind"] == "follow-up" and i["reason"].startswith("You met for the first time")
    ]
    assert len(follow) >= 2 and all(i["log_kind"] == "email" for i in follow)
    assert any("send what you promised" in i["reason"] for i in follow)
    assert any(i["kind"] == "reply" for i in listed)
    text = kith("agenda").stdout
    assert text.startswith(f"This week (7 of {len(listed)}):")
    assert f"This week's agenda: {live} of 7 suggestions in person or by phone" in kith("report").stdout
    assert "--log-meeting" in kith("invitations").stdout
