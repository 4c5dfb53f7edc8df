# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Ties said not true (``kith knows A B --not``): listed (``kith knows --rejected``, the API, the person
page), never proposed until taken back, and taken back (``--restore``, a button, the API): the tie is
then what the evidence says again."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, run_cli, shown
from web_client import api, csrf_from, web  # noqa: F401


@pytest.fixture
def network(kith, kith_on):
    """Jane and Tom worked at Initech together (an inferred tie); Ada knows Jane well; Tom is at Acme."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Initech")
    kith_on("2024-02-05", "add", "Tom Lee", "--company", "Initech")
    kith("edit", "Tom Lee", "--company", "Acme")
    kith("add", "Sam Roe")
    for when in ("2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01"):
        kith("log", "coffee", "Jane Doe", "--when", when)
    kith("knows", "Sam Roe", "Tom Lee", "--how", "college")
    return kith


def chains(kith) -> list[list[str]]:
    answer = kith("reach", "Tom Lee", "--json").json()
    return [[p["name"] for p in path["people"]] for path in answer["paths"]]


def test_a_rejected_tie_is_listed_stays_out_until_restored_then_comes_back(network):
    assert ["Jane Doe", "Tom Lee"] in chains(network)
    network("knows", "Jane Doe", "Tom Lee", "--not")
    assert ["Jane Doe", "Tom Lee"] not in chains(network)
    listed = network("knows", "--rejected", "--json").json()
    assert [(r["first"]["name"], r["second"]["name"]) for r in listed] == [("Jane Doe", "Tom Lee")]
    assert network("knows", "--rejected", "Tom Lee", "--json").json()[0]["first"]["name"] == "Tom Lee"
    assert network("knows", "--rejected", "Sam Roe", "--json").json() == []
    text = network("knows", "--rejected").stdout
    assert "Jane Doe and Tom Lee do not know each other (said 2026-06-15)" in text
    assert [r["second"]["name"] for r in shown(network, "Tom Lee")["common_ground"]["not_true"]] == [
        "Jane Doe"
    ]
    said = network("knows", "Jane Doe", "Tom Lee", "--restore").stdout
    assert said.strip() == "Taken back: Jane Doe and Tom Lee may know each other again, as the evidence says"
    assert ["Jane Doe", "Tom Lee"] in chains(network)
    assert network("knows", "--rejected", "--json").json() == []
    assert network("undo").stdout.strip() == "Undid: take back: Jane Doe does not know Tom Lee"
    assert ["Jane Doe", "Tom Lee"] not in chains(network)


def test_restoring_what_was_not_rejected_and_mixed_options_are_refused(network):
    assert_user_error(run_cli("knows", "Jane Doe", "Tom Lee", "--restore"), "you have not said that")
    assert_user_error(run_cli("knows", "Sam Roe", "Tom Lee", "--restore"), "you have not said that")
    assert_user_error(run_cli("knows", "Jane Doe", "Tom Lee", "--restore", "--not"), "goes with nothing else")
    assert_user_error(run_cli("knows", "Jane Doe", "Tom Lee", "--rejected"), "at most one name")
    assert_user_error(run_cli("knows", "Jane Doe"), "say two people")
    assert_user_error(run_cli("knows", "Jane Doe", "me", "--how", "x"), "between two of your people")


def test_the_person_page_lists_them_with_a_restore_button_and_the_api_agrees(network, web, api):
    network("knows", "Jane Doe", "Tom Lee", "--not")
    tom = shown(network, "Tom Lee")["id"]
    jane = shown(network, "Jane Doe")["id"]
    page = web.get(f"/people/{tom}")
    assert "Ties you said are not true" in page.text and "Restore: Jane Doe may know Tom Lee" in page.text
    assert [r["second"]["id"] for r in api.get("/api/ties/rejected", params={"person": jane}).json()] == [tom]
    done = web.post(
        "/ties/restore", data={"csrf_token": csrf_from(page.text), "first_id": tom, "second_id": jane}
    )
    assert (
        str(done.url).endswith(f"/people/{tom}?saved=restored#who-knows")
        and "Ties you said are not true" not in done.text
    )
    assert "Restored: the tie is again what the evidence says." in done.text
    assert api.get("/api/ties/rejected").json() == []
    assert api.post("/api/ties", json={"first": jane, "second": tom, "knows": False}).status_code == 200
    restored = api.post("/api/ties/restore", json={"first": jane, "second": tom})
    assert restored.status_code == 200 and restored.json()["second"]["name"] == "Tom Lee"
    again = api.post("/api/ties/restore", json={"first": jane, "second": tom})
    assert again.status_code == 404 and "you have not said that" in again.json()["detail"]
