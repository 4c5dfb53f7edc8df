# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""An ask kith has doubts about is recorded all the same and said so (kith.reach.intros.ask_notes), and
the list of introductions: the latest asked first, its dates labelled, an unknown state refused alike
in the command, the API and the page."""

from __future__ import annotations

from conftest import assert_user_error, run_cli
from test_intros import network  # noqa: F401  (fixture)
from web_client import api, csrf_from, web  # noqa: F401


def test_an_ask_for_someone_the_user_knows_or_through_no_known_tie_is_recorded_with_a_note(network, api):
    network("add", "Kim Park")
    said = network("intro", "ask", "Jane Doe", "Tom Lee").stdout
    assert "note:" not in said  # Jane knows Tom; Ada does not know Tom
    said = network("intro", "ask", "Kim Park", "Jane Doe").stdout.splitlines()
    assert said[1:] == [
        "note: you know Jane Doe yourself (meaningful): you could write to them directly",
        "note: kith knows of no tie between Kim Park and Jane Doe",
    ]
    answer = api.post("/api/intros", json={"via": "Kim Park", "target": "Tom Lee"})
    assert answer.status_code == 201
    assert answer.json()["notes"] == ["kith knows of no tie between Kim Park and Tom Lee"]
    assert len(network("intros", "--json").json()) == 3


def test_the_page_says_the_note_in_its_notice(network, web):
    network("add", "Kim Park")
    token = csrf_from(web.get("/intros").text)
    sent = web.post("/intros", data={"csrf_token": token, "via": "Kim Park", "target": "Tom Lee"})
    assert sent.status_code == 200
    assert "Note: kith knows of no tie between Kim Park and Tom Lee." in sent.text


def test_the_latest_asked_comes_first_with_its_dates_labelled(network, web):
    network("add", "Kim Park")
    network("intro", "ask", "Jane Doe", "Tom Lee")
    network("intro", "edit", "1", "--asked", "2026-06-10")
    network("intro", "made", "Jane Doe", "Tom Lee")  # made today, asked five days ago
    network("intro", "ask", "Kim Park", "Jane Doe")
    network("intro", "edit", "2", "--asked", "2026-06-12")  # asked later, not made
    network("intro", "made", "Kim Park", "Tom Lee", "--when", "2026-06-14")  # made, never asked in kith
    listed = network("intros", "--json").json()
    assert [i["id"] for i in listed] == [3, 2, 1]
    lines = network("intros").stdout.splitlines()
    assert lines == [
        "#3 made      Kim Park → Tom Lee  (made 2026-06-14)",
        "#2 asked     Kim Park → Jane Doe  (asked 2026-06-12)",
        "#1 made      Jane Doe → Tom Lee  (asked 2026-06-10, made 2026-06-15)",
    ]
    page = web.get("/intros").text
    assert "<th>Via</th><th>To meet</th><th>State</th><th>Asked</th><th>Made or ended</th>" in page
    assert page.index("/intros/3/edit") < page.index("/intros/2/edit") < page.index("/intros/1/edit")


def test_an_unknown_state_is_refused_alike_everywhere(network, api, web):
    network("intro", "ask", "Jane Doe", "Tom Lee")
    words = "unknown state 'nope'; use one of: asked, made, declined, withdrawn"
    assert_user_error(run_cli("intros", "--state", "nope"), words)
    assert api.get("/api/intros", params={"state": "nope"}).json()["detail"] == words
    page = web.get("/intros", params={"state": "nope"})
    assert page.status_code == 422 and "unknown state &#39;nope&#39;; use one of: asked" in page.text
    made = web.get("/intros", params={"state": "made"}).text
    assert "/intros/1/edit" not in made
    assert "/intros/1/edit" in web.get("/intros", params={"state": "asked"}).text


def test_the_page_offers_only_close_names_for_one_it_cannot_place(network, web, api):
    token = csrf_from(web.get("/intros").text)
    far = web.post("/intros", data={"csrf_token": token, "via": "Jane Doe", "target": "Nobdy"})
    assert far.status_code == 422 and "nobody called &#39;Nobdy&#39;" in far.text
    assert 'class="suggestion"' not in far.text
    near = web.post("/intros", data={"csrf_token": token, "via": "Jane Doe", "target": "Tomm Le"})
    assert near.status_code == 422 and 'class="suggestion">Tom Lee' in near.text
    yourself = api.post("/api/intros", json={"via": "Ada Lovelace", "target": "Tom Lee"})
    assert yourself.status_code == 400
    assert yourself.json()["detail"] == "'Ada Lovelace' is you (kith me): name someone else"
