"""Mailboxes as Thunderbird and local mail systems write them (tests/importers/fixtures/mbox/)."""

from __future__ import annotations

from pathlib import Path

from conftest import shown

FIXTURES = Path(__file__).parent / "fixtures" / "mbox"


def test_a_blank_line_before_the_first_message_is_not_a_refusal(kith):
    summary = kith(
        "import", "mbox", str(FIXTURES / "thunderbird.mbox"), "--me", "ada@example.com", "--json"
    ).json()
    assert summary["by_kind"]["interactions"]["added"] == 2 and summary["skipped"] == []
    names = {p["name"] for p in kith("people", "--json").json()}
    assert names == {"Mei Chen", "Lars Berg"}
    directions = sorted(i["direction"] for i in shown(kith, "Mei Chen")["timeline"])
    assert directions == ["inbound", "outbound"]


def test_me_at_a_dotless_domain_is_the_user(kith):
    summary = kith(
        "import", "mbox", str(FIXTURES / "localhost.mbox"), "--me", "me@localhost", "--json"
    ).json()
    assert summary["by_kind"]["interactions"]["added"] == 2
    timeline = shown(kith, "ops@lab.example")["timeline"]
    assert sorted(i["direction"] for i in timeline) == ["inbound", "outbound"]
    assert "Me" not in {p["name"] for p in kith("people", "--json").json()}


def test_me_that_is_not_an_address_says_so(kith):
    from conftest import assert_user_error

    result = kith("import", "mbox", str(FIXTURES / "localhost.mbox"), "--me", "me@", expect=2)
    assert_user_error(result, "--me 'me@' is not an email address")
