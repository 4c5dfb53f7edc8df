# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""A problem is said in each edge's own words: the command line adds the command that fixes it, the web
and the API never name a command."""

from __future__ import annotations

from conftest import assert_user_error
from web_client import api, csrf_from, jane, web  # noqa: F401  (fixtures)


def test_an_unknown_name_offers_kith_add_on_the_command_line_only(kith, api, web):
    kith("me", "--name", "Ada Lovelace")
    for n in range(12):
        kith("add", f"Sam Lee{n}")
    said = kith("log", "coffee", "Nobody Hereatall", expect=2)
    assert_user_error(
        said, "nobody called 'Nobody Hereatall'", "(add them with: kith add 'Nobody Hereatall')"
    )
    token = api.get("/api/csrf").json()["token"]
    answer = api.post(
        "/api/interactions",
        json={"kind": "coffee", "names": ["Nobody Hereatall"]},
        headers={"X-CSRF-Token": token},
    )
    assert answer.status_code == 404
    assert answer.json()["detail"].startswith("nobody called 'Nobody Hereatall'")
    assert "kith" not in answer.json()["detail"]
    # many people of one name: the command line says how to list them all, the API only how many more
    many = kith("log", "coffee", "Sam", expect=2).stderr
    assert "kith people --search 'Sam' lists them" in many
    answer = api.post(
        "/api/interactions", json={"kind": "coffee", "names": ["Sam"]}, headers={"X-CSRF-Token": token}
    )
    assert (
        answer.status_code == 409
        and "more" in answer.json()["detail"]
        and "kith" not in answer.json()["detail"]
    )


def test_a_page_for_a_record_that_is_not_there_names_no_command(web, jane, kith):
    for path in ("/notes/999/edit", "/interactions/999/edit", "/favours/999/edit", "/commitments/999/edit"):
        answer = web.get(path)
        said = answer.text.split('role="alert">', 1)[1].split("</p>", 1)[0]
        assert answer.status_code == 404 and said.startswith("no ") and "kith" not in said, (path, said)
        assert "Go back, or" in answer.text and "correct it" not in answer.text  # nothing was typed
    # the command line still says where the numbers are
    assert (
        "(kith notes NAME lists them with their numbers)"
        in kith("note", "edit", "999", "--text", "x", expect=2).stderr
    )
