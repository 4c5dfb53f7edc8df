"""Numbers are never given twice: after the highest-numbered job step, introduction, note, interaction
or favour is deleted (or its making undone), the next one gets a new number, so an undo, an old web form
or a number the user noted cannot reach the wrong record. An import after a delete gives new numbers
too. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, run_cli
from sqlalchemy import select

from kith.store.db import transaction
from kith.store.schema import Favour, Interaction, Note


def ids(model) -> list[int]:
    with transaction(write=False) as session:
        return list(session.scalars(select(model.id).order_by(model.id)))


@pytest.fixture
def searching(kith):
    kith("me", "--name", "Ada Lovelace", "--email", "ada@example.com")
    kith("add", "Tom Lee", "--company", "Acme", "--email", "tom@acme.example")
    kith("add", "Jane Doe", "--email", "jane@example.com")
    kith("knows", "Jane Doe", "Tom Lee")
    kith("job", "target", "add", "Acme")
    kith("job", "apply", "Acme", "--when", "2026-06-10")  # #1
    kith("job", "referral", "Acme", "--via", "Tom Lee", "--when", "2026-06-11")  # #2
    return kith


def step_numbers(kith) -> list[int]:
    [acme] = kith("job", "--json").json()["targets"]
    kinds = ("applications", "referrals_asked", "referrals", "interviews", "offers", "rejections")
    return sorted(s["id"] for kind in kinds for s in acme[kind])


def test_a_deleted_job_step_number_is_not_given_again(searching):
    searching("job", "step", "delete", "2", "--yes")
    searching("job", "interview", "Acme", "--when", "2026-06-12")
    assert step_numbers(searching) == [1, 3]
    assert_user_error(run_cli("job", "step", "edit", "2", "--note", "x"), "no job step #2")


def test_an_undone_job_step_number_is_not_given_again(searching):
    searching("job", "interview", "Acme", "--when", "2026-06-12")  # #3
    searching("undo")
    searching("job", "offer", "Acme", "--when", "2026-06-13")
    assert step_numbers(searching) == [1, 2, 4]


def test_a_deleted_introduction_number_is_not_given_again(searching):
    searching("intro", "ask", "Jane Doe", "Tom Lee")
    searching("intro", "delete", "1", "--yes")
    searching("intro", "ask", "Jane Doe", "Tom Lee")
    assert [i["id"] for i in searching("intros", "--json").json()] == [2]


def test_deleted_notes_interactions_and_favours_leave_their_numbers_unused(searching):
    searching("note", "Tom Lee", "first")
    searching("note", "Tom Lee", "second")
    [_, last] = ids(Note)
    searching("note", "delete", str(last), "--yes")
    searching("note", "Tom Lee", "third")
    assert ids(Note) == [last - 1, last + 1]
    searching("log", "coffee", "Tom Lee", "--when", "2026-06-01")
    [coffee] = ids(Interaction)
    searching("interaction", "delete", str(coffee), "--yes")
    searching("log", "call", "Tom Lee", "--when", "2026-06-02")
    assert ids(Interaction) == [coffee + 1]
    searching("favour", "give", "Tom Lee", "advice", "--when", "2026-06-03")
    [advice] = ids(Favour)
    searching("favour", "delete", str(advice), "--yes")
    searching("favour", "give", "Tom Lee", "intro", "--when", "2026-06-04")
    assert ids(Favour) == [advice + 1]


def test_an_import_after_a_delete_gives_new_numbers(searching, tmp_path):
    searching("log", "coffee", "Tom Lee", "--when", "2026-06-01")
    [coffee] = ids(Interaction)
    searching("interaction", "delete", str(coffee), "--yes")
    log = tmp_path / "log.csv"
    log.write_text(
        "time,source,target,channel,duration_s,directed\n2026-06-05T10:00:00,ada@example.com,tom@acme.example,call,,\n"
    )
    searching("import", "interactions", str(log), "--me", "ada@example.com")
    assert ids(Interaction) == [coffee + 1]
