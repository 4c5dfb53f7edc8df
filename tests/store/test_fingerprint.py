"""The data's fingerprint (``kith.store.fingerprint``): what the web's shared figures and a team's
directory are kept fresh by. Every change to what it covers must change it; reading it also gives a
reading request the user's id."""

from __future__ import annotations

from conftest import kith_database
from sqlalchemy import event, text

from kith.people.core import me_id
from kith.settings import get_settings
from kith.store.db import transaction
from kith.store.fingerprint import fingerprint


def now_print() -> tuple:
    with transaction(get_settings(), write=False) as session:
        return fingerprint(session)


def test_a_setting_changed_in_place_or_added_changes_the_fingerprint(kith):
    kith("add", "Jane Doe")
    first = now_print()
    assert now_print() == first
    kith("agenda", "--set-size", "5")
    added = now_print()
    assert added != first
    kith("agenda", "--set-size", "6")  # the same key, a value of the same length
    assert now_print() != added
    with kith_database() as conn:  # a value changed behind kith's back, as another program might
        conn.execute(text("UPDATE setting SET value = '7' WHERE key = 'agenda.size'"))
    assert now_print() not in (first, added)


def test_who_the_user_is_is_in_the_fingerprint_and_a_reading_request_gets_their_id_with_it(kith):
    kith("add", "Jane Doe")
    before = now_print()
    kith("me", "--name", "Ada Lovelace")
    assert now_print() != before
    sent: list[str] = []
    with transaction(get_settings(), write=False) as session:
        fingerprint(session)
        event.listen(session.connection(), "before_cursor_execute", lambda *args: sent.append(args[2]))
        me = me_id(session)
    assert sent == []  # no statement of its own
    with transaction(get_settings(), write=False) as session:
        assert me is not None and me == me_id(session)
