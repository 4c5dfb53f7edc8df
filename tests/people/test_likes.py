"""like / unlike: whom the user likes spending time with."""

from __future__ import annotations

from conftest import assert_user_error, shown


def _liked(kith, name):
    return shown(kith, name)["liked"]


def test_like_unlike_and_clear(kith):
    kith("add", "Jane Doe")
    assert _liked(kith, "Jane Doe") is None
    assert kith("like", "jane").stdout.strip() == "Noted: you like Jane Doe"
    assert _liked(kith, "Jane Doe") is True
    assert "do not enjoy time with Jane Doe" in kith("unlike", "Jane Doe").stdout
    assert _liked(kith, "Jane Doe") is False
    kith("unlike", "Jane Doe", "--clear")
    assert _liked(kith, "Jane Doe") is None
    people = kith("people", "--json").json()
    assert [p["liked"] for p in people] == [None]


def test_like_an_unknown_person_is_an_error(kith):
    assert_user_error(kith("like", "Nobody Known", expect=2), "nobody called")


def test_you_cannot_like_yourself(kith):
    kith("me", "--name", "Ada User")
    assert_user_error(kith("like", "me", expect=2), "name someone else")
    assert_user_error(kith("unlike", "me", "--clear", expect=2), "name someone else")
