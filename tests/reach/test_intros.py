# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Introductions (kith.reach.intros): asking leaves a promise to follow up; a made introduction leaves a
favour from who made it, their name as "met via", and two agenda items (thanks, first contact) that go
once you are in touch; refusals worded; the CLI, the API and the reach page's button agree."""

from __future__ import annotations

import html
import re

import pytest
from conftest import assert_user_error, run_cli, shown
from web_client import api, csrf_from, web  # noqa: F401


@pytest.fixture
def network(kith):
    """Ada knows Jane well; Jane says she knows Tom Lee, who is at Acme."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Initech")
    kith("add", "Tom Lee", "--company", "Acme", "--title", "CTO")
    for when in ("2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01"):
        kith("log", "coffee", "Jane Doe", "--when", when)
    kith("knows", "Jane Doe", "Tom Lee", "--how", "worked together")
    return kith


def agenda(kith) -> dict[str, dict]:
    return {item["id"]: item for item in kith("agenda", "--all", "--json").json()}


def test_asking_records_the_request_and_a_promise_to_follow_up_in_a_week(network):
    said = network("intro", "ask", "Jane Doe", "Tom Lee", "--note", "platform team").stdout
    assert said.strip() == (
        "Asked Jane Doe for an introduction to Tom Lee. You promised to follow up in 7 days: it is on your agenda."
    )
    [intro] = network("intros", "--json").json()
    assert intro["state"] == "asked" and intro["note"] == "platform team"
    assert (intro["via"]["name"], intro["target"]["name"]) == ("Jane Doe", "Tom Lee")
    assert intro["asked_at"] == "2026-06-15T12:00:00+00:00" and intro["made_at"] is None
    [promise] = network("commitments", "--json").json()
    assert promise["id"] == intro["commitment_id"]
    assert (promise["person"], promise["owed_by"]) == ("Jane Doe", "me")
    assert promise["text"] == "follow up on the introduction to Tom Lee"
    assert promise["due_at"] == "2026-06-22T12:00:00+00:00"
    assert f"commitment:{promise['id']}" in agenda(network)


def test_refusals_yourself_the_user_the_same_person_and_a_second_open_ask(network):
    assert_user_error(run_cli("intro", "ask", "Jane Doe", "Jane Doe"), "cannot introduce you to themselves")
    assert_user_error(run_cli("intro", "ask", "Jane Doe", "me"), "cannot introduce you to yourself")
    assert_user_error(run_cli("intro", "ask", "me", "Tom Lee"), "you cannot introduce yourself")
    network("intro", "ask", "Jane Doe", "Tom Lee")
    assert_user_error(run_cli("intro", "ask", "Jane Doe", "Tom Lee"), "you already asked jane doe")
    assert_user_error(run_cli("intro", "declined", "Tom Lee", "Jane Doe"), "no open request to tom lee")
    assert len(network("intros", "--json").json()) == 1


def test_a_made_introduction_gives_met_via_a_favour_keeps_the_promise_and_proposes_two_items(network):
    network("intro", "ask", "Jane Doe", "Tom Lee")
    said = network("intro", "made", "Jane Doe", "Tom Lee", "--when", "2026-06-14").stdout
    assert said.strip() == (
        "Jane Doe introduced you to Tom Lee: a favour from Jane Doe is in your ledger. "
        "Thank them, and make the first contact: kith log call 'Tom Lee'"
    )
    [intro] = network("intros", "--json").json()
    assert intro["state"] == "made" and intro["made_at"] == "2026-06-14T12:00:00+00:00"
    tom = shown(network, "Tom Lee")
    assert tom["met_via"]["name"] == "Jane Doe"
    favours = network("ledger", "Jane Doe", "--json").json()["favours"]
    assert [(f["id"], f["kind"], f["direction"], f["note"]) for f in favours] == [
        (intro["favour_id"], "intro", "received", "introduced you to Tom Lee")
    ]
    assert network("commitments", "--json").json() == []  # the follow-up was kept
    items = agenda(network)
    thanks, contact = items["intro-thanks:1"], items["intro-contact:1"]
    assert thanks["person"] == "Jane Doe"
    assert thanks["action"] == "Thank Jane Doe for introducing you to Tom Lee"
    assert contact["person"] == "Tom Lee"
    assert contact["action"] == "First contact with Tom Lee: Jane Doe introduced you on 2026-06-14"
    # each goes once you are in touch with that person after the introduction
    network("log", "message", "Jane Doe", "--note", "thank you!")
    items = agenda(network)
    assert "intro-thanks:1" not in items and "intro-contact:1" in items
    network("log", "call", "Tom Lee")
    assert "intro-contact:1" not in agenda(network)


def test_an_introduction_before_kith_keeps_met_via_already_said_and_can_be_marked_done(network):
    network("add", "Sam Lee")
    network("edit", "Tom Lee", "--met-via", "Sam Lee")
    network("intro", "made", "Jane Doe", "Tom Lee")  # never asked in kith
    assert shown(network, "Tom Lee")["met_via"]["name"] == "Sam Lee"
    assert_user_error(run_cli("intro", "made", "Jane Doe", "Tom Lee"), "introduced you to tom lee already")
    network("done", "intro-thanks:1")
    assert "intro-thanks:1" not in agenda(network)


def test_declined_and_withdrawn_end_the_request_and_keep_the_promise(network):
    network("add", "Sam Lee", "--company", "Acme")
    network("intro", "ask", "Jane Doe", "Tom Lee")
    network("intro", "ask", "Jane Doe", "Sam Lee")
    assert network("intro", "declined", "Jane Doe", "Tom Lee").stdout.strip() == (
        "The introduction to Tom Lee by Jane Doe: declined."
    )
    network("intro", "withdraw", "Jane Doe", "Sam Lee")
    assert {i["target"]["name"]: i["state"] for i in network("intros", "--json").json()} == {
        "Tom Lee": "declined",
        "Sam Lee": "withdrawn",
    }
    assert network("commitments", "--json").json() == []
    assert [i["state"] for i in network("intros", "--json", "--state", "declined").json()] == ["declined"]
    assert_user_error(run_cli("intros", "--state", "lost"), "unknown state 'lost'")
    network("intro", "ask", "Jane Doe", "Tom Lee")  # asked again after a decline
    assert len(network("intros", "--json", "--state", "asked").json()) == 1


def test_a_request_ended_keeps_when_it_ended_in_the_list_the_api_and_the_page(network, kith_on, api, web):
    kith_on("2026-06-01", "intro", "ask", "Jane Doe", "Tom Lee")
    network("intro", "declined", "Jane Doe", "Tom Lee", "--when", "2026-06-10")
    [intro] = network("intros", "--json").json()
    assert intro["state"] == "declined" and intro["ended_at"].startswith("2026-06-10")
    assert intro["made_at"] is None
    assert "(asked 2026-06-01, declined 2026-06-10)" in network("intros").stdout
    assert '<td data-label="Made or ended">2026-06-10</td>' in web.get("/intros").text
    # not before it was asked, not in the future
    kith_on("2026-06-05", "intro", "ask", "Jane Doe", "Tom Lee")
    assert_user_error(
        run_cli("intro", "withdraw", "Jane Doe", "Tom Lee", "--when", "2026-06-01"), "cannot end before that"
    )
    assert_user_error(run_cli("intro", "withdraw", "Jane Doe", "Tom Lee", "--when", "2026-07-01"), "future")
    ended = api.post(f"/api/intros/{intro['id'] + 1}/withdraw", json={"when": "2026-06-12"}).json()
    assert (ended["state"], ended["ended_at"][:10]) == ("withdrawn", "2026-06-12")
    network("intro", "ask", "Jane Doe", "Tom Lee")
    now = api.post(f"/api/intros/{intro['id'] + 2}/declined").json()["ended_at"]
    assert now.startswith("2026-06-15T12:00")  # the fixed clock's now


def test_an_introduction_is_never_made_before_it_was_asked(network, kith_on, api):
    """A time made before the time asked moves the ask back to it (it was asked no later); a correction
    that says both, the wrong way round, is refused."""
    kith_on("2026-06-10", "intro", "ask", "Jane Doe", "Tom Lee")
    network("intro", "made", "Jane Doe", "Tom Lee", "--when", "2026-06-08")
    [intro] = network("intros", "--json").json()
    assert (intro["asked_at"][:10], intro["made_at"][:10]) == ("2026-06-08", "2026-06-08")
    network("intro", "edit", "1", "--asked", "2026-06-05", "--made", "2026-06-07")
    network("intro", "edit", "1", "--made", "2026-06-01")  # before the ask: the ask moves with it
    [intro] = network("intros", "--json").json()
    assert (intro["asked_at"][:10], intro["made_at"][:10]) == ("2026-06-01", "2026-06-01")
    assert_user_error(
        run_cli("intro", "edit", "1", "--asked", "2026-06-03", "--made", "2026-06-02"),
        "cannot be made (2026-06-02) before it was asked (2026-06-03)",
    )
    assert_user_error(
        run_cli("intro", "edit", "1", "--asked", "2026-06-13"), "before it was asked (2026-06-13)"
    )
    assert api.patch("/api/intros/1", json={"asked": "2026-06-09"}).status_code in (400, 422)


def test_each_intro_command_is_undone_exactly(network):
    def tables():
        return network("export", "json").json()["tables"]

    before = tables()
    network("intro", "ask", "Jane Doe", "Tom Lee")
    assert network("undo").stdout.strip() == "Undid: ask Jane Doe for an introduction to Tom Lee"
    assert tables() == before
    network("intro", "ask", "Jane Doe", "Tom Lee")
    asked = tables()
    for command, label in (
        ("declined", "the introduction to Tom Lee by Jane Doe: declined"),
        ("withdraw", "the introduction to Tom Lee by Jane Doe: withdrawn"),
        ("made", "Jane Doe introduced you to Tom Lee"),
    ):
        network("intro", command, "Jane Doe", "Tom Lee")
        assert tables() != asked
        assert network("undo").stdout.strip() == f"Undid: {label}"
        assert tables() == asked


def test_the_api_lists_what_the_command_prints_and_records_each_ending(network, api):
    created = api.post("/api/intros", json={"via": "Jane Doe", "target": "Tom Lee", "note": "hello"})
    assert created.status_code == 201
    assert api.get("/api/intros").json() == network("intros", "--json").json()
    made = api.post(f"/api/intros/{created.json()['id']}/made", json={"when": "2026-06-13"}).json()
    assert made["state"] == "made" and made["made_at"] == "2026-06-13T12:00:00+00:00"
    assert (
        api.get("/api/intros", params={"state": "made"}).json()
        == network("intros", "--json", "--state", "made").json()
    )
    assert api.post("/api/intros", json={"via": "Jane Doe", "target": "Jane Doe"}).status_code == 400
    second = api.post("/api/intros", json={"via": "Tom Lee", "target": "Jane Doe"}).json()
    assert api.post(f"/api/intros/{second['id']}/withdraw").json()["state"] == "withdrawn"
    assert api.post("/api/intros/999/made").status_code == 404


def test_the_reach_card_asks_for_the_intro_and_the_list_says_so(network, web):
    page = web.get("/reach", params={"company": "Acme"}).text
    assert page.count(">Request the intro</button>") == 1
    jane = shown(network, "Jane Doe")["id"]
    tom = shown(network, "Tom Lee")["id"]
    assert f'name="via" value="#{jane}"' in page and f'name="target" value="#{tom}"' in page
    assert '<input name="note"' in page  # an optional note, as kith intro ask --note
    sent = web.post(
        "/intros",
        data={"csrf_token": csrf_from(page), "via": f"#{jane}", "target": f"#{tom}", "note": "data team"},
    )
    assert sent.status_code == 200 and sent.url.path == "/intros"
    assert "Asked Jane Doe for an introduction to Tom Lee" in sent.text
    [intro] = network("intros", "--json").json()
    assert (intro["via"]["id"], intro["target"]["id"], intro["state"]) == (jane, tom, "asked")
    assert intro["note"] == "data team"
    refused = web.post("/intros", data={"via": f"#{jane}", "target": f"#{tom}"})
    assert refused.status_code == 403  # no CSRF token
    assert '<a href="/intros"' in web.get("/").text


def test_the_intros_page_lists_them_and_its_buttons_record_what_happened(network, web):
    network("add", "Sam Lee", "--company", "Acme")
    network("intro", "ask", "Jane Doe", "Tom Lee", "--note", "<i>platform</i>")
    network("intro", "ask", "Jane Doe", "Sam Lee")
    page = web.get("/intros").text
    assert "&lt;i&gt;platform&lt;/i&gt;" in page
    assert page.count(">Made</button>") == 2
    token = csrf_from(page)
    made = web.post("/intros/1/made", data={"csrf_token": token})
    assert "The introduction to Tom Lee by Jane Doe: made." in made.text
    web.post("/intros/2/withdraw", data={"csrf_token": token})
    assert {i["target"]["name"]: i["state"] for i in network("intros", "--json").json()} == {
        "Tom Lee": "made",
        "Sam Lee": "withdrawn",
    }
    assert web.get("/intros").text.count(">Made</button>") == 0
    assert web.post("/intros/1/declined", data={"csrf_token": token}).status_code == 404  # not open


def test_a_path_says_the_introduction_already_asked_and_the_board_takes_the_next(network, web):
    network("add", "Sam Roe", "--company", "Acme")
    network("add", "Kim Kay")
    for when in ("2026-05-04", "2026-06-01"):
        network("log", "coffee", "Kim Kay", "--when", when)
    network("knows", "Kim Kay", "Sam Roe", "--how", "neighbours")
    network("job", "target", "add", "Acme")
    first = network("reach", "--company", "Acme", "--json").json()["paths"]
    assert [p["intro"] for p in first] == [None, None]
    assert network("job", "--json").json()["targets"][0]["best_path"]["people"][0]["name"] == "Jane Doe"
    network("intro", "ask", "Jane Doe", "Tom Lee")
    answer = network("reach", "--company", "Acme", "--json").json()
    jane = next(p for p in answer["paths"] if p["first"]["name"] == "Jane Doe")
    assert (jane["intro"]["state"], jane["intro"]["words"]) == (
        "asked",
        "You asked on 2026-06-15; not made yet",
    )
    assert (
        "Introduction: You asked on 2026-06-15; not made yet" in network("reach", "--company", "Acme").stdout
    )
    page = web.get("/reach", params={"company": "Acme"}).text
    assert page.count(">Request the intro</button>") == 1  # only the path not asked yet
    assert "Introduction: You asked on 2026-06-15; not made yet" in page
    # the board's best way in is the path not tried yet
    assert network("job", "--json").json()["targets"][0]["best_path"]["people"][0]["name"] == "Kim Kay"
    network("intro", "made", "Jane Doe", "Tom Lee")
    jane = next(
        p
        for p in network("reach", "--company", "Acme", "--json").json()["paths"]
        if p["first"]["name"] == "Jane Doe"
    )
    assert jane["intro"]["words"] == "You asked on 2026-06-15; made on 2026-06-15"
    assert jane["ask"] == "Jane Doe introduced you to Tom Lee: write to Tom Lee."
    assert "Jane Doe introduced you to Tom Lee: write to Tom Lee." in network("reach", "Tom Lee").stdout
    assert "Ask Jane Doe to introduce you" not in web.get("/reach", params={"company": "Acme"}).text
    # an introduction made is no way in to try: the board still offers the one not tried
    assert network("job", "--json").json()["targets"][0]["best_path"]["people"][0]["name"] == "Kim Kay"


def test_a_path_whose_introduction_was_declined_comes_after_the_ones_not_tried(network, kith_on, web):
    network("add", "Sam Roe", "--company", "Acme")
    network("add", "Kim Kay")
    for when in ("2026-05-04", "2026-06-01"):
        network("log", "coffee", "Kim Kay", "--when", when)
    network("knows", "Kim Kay", "Sam Roe", "--how", "neighbours")

    def paths() -> list[dict]:
        return network("reach", "--company", "Acme", "--json").json()["paths"]

    assert [p["first"]["name"] for p in paths()] == ["Jane Doe", "Kim Kay"]
    kith_on("2026-06-10", "intro", "ask", "Jane Doe", "Tom Lee")
    assert [p["first"]["name"] for p in paths()] == ["Jane Doe", "Kim Kay"]  # asked: still the best way in
    network("intro", "declined", "Jane Doe", "Tom Lee", "--when", "2026-06-12")
    kim, jane = paths()
    assert (kim["first"]["name"], kim["intro"]) == ("Kim Kay", None)
    assert jane["intro"]["words"] == "You asked on 2026-06-10; declined on 2026-06-12"
    page = web.get("/reach", params={"company": "Acme"}).text
    assert "declined on 2026-06-12" in page and page.index("Kim Kay") < page.index("declined on 2026-06-12")


def test_the_board_looks_past_the_best_paths_already_asked_for_one_not_tried(network):
    network("job", "target", "add", "Acme")
    for k, friend in enumerate(("Kim Kay", "Lou Lim", "Max Moe", "Ned Nye")):
        network("add", friend)
        network("add", f"Staff {k}", "--company", "Acme")
        for when in ("2026-05-04", "2026-06-01")[: 2 if k < 3 else 1]:  # the last friend is the weakest
            network("log", "coffee", friend, "--when", when)
        network("knows", friend, f"Staff {k}", "--how", "neighbours")
    order = [p["first"]["name"] for p in network("reach", "--company", "Acme", "--json").json()["paths"]]
    assert len(order) == 5 and order[-1] == "Ned Nye"
    for first in order[:4]:
        ask = next(
            p
            for p in network("reach", "--company", "Acme", "--json").json()["paths"]
            if p["first"]["name"] == first
        )
        network("intro", "ask", first, ask["people"][1]["name"])
    assert network("job", "--json").json()["targets"][0]["best_path"]["people"][0]["name"] == "Ned Nye"


def test_a_fresh_introduction_comes_before_an_overdue_promise_and_falls_back_after_a_week(
    network, monkeypatch
):
    network("promise", "add", "Jane Doe", "send the slides", "--due", "2026-06-01")  # 14 days overdue
    network("intro", "made", "Jane Doe", "Tom Lee", "--when", "2026-06-14")
    order = [i["id"] for i in network("agenda", "--all", "--json").json()]
    assert order.index("intro-contact:1") < order.index("intro-thanks:1") < order.index("commitment:1")
    items = agenda(network)
    assert "A fresh introduction cools in days" in items["intro-thanks:1"]["reason"]
    assert items["intro-thanks:1"]["priority"] > items["commitment:1"]["priority"]
    monkeypatch.setenv("KITH_NOW", "2026-06-22T12:00:00+00:00")  # 8 days after the introduction
    order = [i["id"] for i in network("agenda", "--all", "--json").json()]
    assert order.index("commitment:1") < order.index("intro-thanks:1")
    assert "fresh" not in agenda(network)["intro-thanks:1"]["reason"]


def test_following_up_an_introduction_asked_is_one_item_the_promise_not_also_a_job_step(network):
    network("job", "target", "add", "Acme")
    network("intro", "ask", "Jane Doe", "Tom Lee")
    [acme] = network("job", "--json").json()["targets"]
    assert acme["next_step"] == "Follow up with Jane Doe on the introduction to Tom Lee"
    items = agenda(network)
    follow_ups = [i for i in items.values() if "follow up" in i["action"].lower()]
    assert [(i["kind"], i["person"]) for i in follow_ups] == [("commitment", "Jane Doe")]
    assert not any(i["kind"] == "job-step" for i in items.values())
    network("promise", "kept", "1")  # the promise kept, the board's step is what is left of it
    step = agenda(network)["job-step:1"]
    assert (step["person"], step["action"]) == ("Jane Doe", "Follow up on the introduction to Tom Lee")


def test_on_a_three_hop_path_the_intro_asked_is_to_the_second_person(kith, web):
    """you → Carl → Dan → Tom: Carl is asked to introduce you to Dan (who can introduce you to Tom), so
    the card's request names Dan, and once asked, the path says so instead of offering it again."""
    kith("me", "--name", "Ada Lovelace")
    for name in ("Carl Coll", "Dan Dee", "Tom Lee"):
        kith("add", name)
    for when in ("2026-05-04", "2026-06-01", "2026-06-12"):
        kith("log", "coffee", "Carl Coll", "--when", when)
    kith("knows", "Carl Coll", "Dan Dee", "--how", "climbing partners")
    kith("knows", "Dan Dee", "Tom Lee")
    ids = {p["name"]: p["id"] for p in kith("people", "--json").json()}
    [path] = kith("reach", "Tom Lee", "--json").json()["paths"]
    assert [p["name"] for p in path["people"]] == ["Carl Coll", "Dan Dee", "Tom Lee"] and path[
        "intro"
    ] is None
    html = web.get("/reach", params={"q": "Tom Lee"}).text
    assert (
        f'name="via" value="#{ids["Carl Coll"]}"><input type="hidden" name="target" value="#{ids["Dan Dee"]}">'
        in html
    )
    # the request keeps its purpose: the note offered says whom Dan is to lead to
    assert _value(html, "note") == "to reach Tom Lee"
    token = csrf_from(html)
    asked = {"csrf_token": token, "via": f"#{ids['Carl Coll']}", "target": f"#{ids['Dan Dee']}"}
    web.post("/intros", data={**asked, "note": _value(html, "note")}, follow_redirects=False)
    assert kith("intros", "--json").json()[0]["note"] == "to reach Tom Lee"
    kith("undo")
    kith("intro", "ask", "Carl Coll", "Dan Dee")
    [path] = kith("reach", "Tom Lee", "--json").json()["paths"]
    assert path["intro"]["state"] == "asked"
    assert "Request the intro" not in web.get("/reach", params={"q": "Tom Lee"}).text


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input name="{name}"[^>]*value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else ""


def test_the_intros_page_asks_by_name_and_says_a_refusal_beside_its_form(network, web):
    network("add", "Tom Lee", "--company", "Globex", "--allow-duplicate")
    token = csrf_from(web.get("/intros").text)
    ask = {"csrf_token": token, "via": "Jane Doe", "target": "Tom Lee", "note": "the data team"}
    ambiguous = web.post("/intros", data=ask, follow_redirects=False)
    # the list again, not an error page: the error above the ask form, the fields as typed
    assert ambiguous.status_code == 422
    said = ambiguous.text.split('id="ask"', 1)[1]
    assert said.index('class="error form-error"') < said.index('action="/intros"')
    assert "&#39;Tom Lee&#39; could be 2 people" in said
    # the top of the page, where it opens, says a form was refused and leads to it
    top = ambiguous.text.split("<main>", 1)[1].split('id="ask"', 1)[0]
    assert 'Not saved: a form below was refused. <a href="#refused-ask">Go to it</a>' in top
    assert 'id="refused-ask"' in said
    assert (_value(said, "via"), _value(said, "target"), _value(said, "note")) == (
        "Jane Doe",
        "Tom Lee",
        "the data team",
    )
    assert network("intros", "--json").json() == []
    # one button per Tom Lee, each sending the same ask with that one
    chosen = re.findall(
        r'<form class="inline" method="post" action="/intros">((?:(?!</form>).)*)</form>', said
    )
    buttons = [b for b in chosen if 'class="suggestion"' in b]
    assert len(buttons) == 2
    sent = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', buttons[0]))
    assert sent["via"] == "Jane Doe" and sent["target"].startswith("#") and sent["note"] == "the data team"
    done = web.post("/intros", data=sent, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/intros?saved=")
    [intro] = network("intros", "--json").json()
    assert (intro["via"]["name"], intro["target"]["id"]) == ("Jane Doe", int(sent["target"][1:]))
    # an unknown name and an empty field are said the same way
    unknown = web.post("/intros", data={**ask, "via": "Nobody Atall"})
    assert unknown.status_code == 422 and "nobody called &#39;Nobody Atall&#39;" in unknown.text
    empty = web.post("/intros", data={**ask, "target": " "})
    assert empty.status_code == 422 and "say whom you ask and whom you want to meet" in empty.text
    # a second open ask is refused beside the form too
    again = web.post("/intros", data={**sent, "note": ""})
    assert again.status_code == 422 and 'class="error form-error"' in again.text
    assert len(network("intros", "--json").json()) == 1


def test_a_refused_ask_from_a_reach_card_is_said_on_that_card(network, web):
    page = web.get("/reach", params={"q": "Acme"}).text
    card = re.search(r'<form class="inline" method="post" action="/intros">.*?</form>', page, re.S).group(0)
    sent = {
        k: html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', card)
    }
    assert sent["back"] == "/reach?q=Acme&kind="
    asked = web.post("/intros", data={**sent, "note": "data team"}, follow_redirects=False)
    assert asked.status_code == 303
    # the same card sent again from a page opened before (another tab): the reach page, the reason on the card
    again = web.post("/intros", data={**sent, "note": "platform team"}, follow_redirects=False)
    assert again.status_code == 422
    text = again.text
    assert "<h1>Who can introduce me?</h1>" in text and "Go back to correct it" not in text
    (card,) = re.findall(r'<article class="figure reach-path">.*?</article>', text, re.S)
    assert 'class="error form-error"' in card
    assert "you already asked Jane Doe for an introduction to Tom Lee" in card
    assert len(network("intros", "--json").json()) == 1
