# pytest fixtures imported from another test module are named as test parameters:
# ruff: noqa: F811
"""Sharing a note or an interaction with the team, and unsharing it: the team sees that one item, as it
is now in its owner's kith, and nothing else."""

from __future__ import annotations

from conftest import TEAM_ADMIN as ADMIN
from conftest import assert_user_error
from test_team_reach import BOB, CAROL, firm  # noqa: F401  (fixture)
from test_team_web import HTML, logged_in
from web_client import csrf_from


def carols_email(kith, monkeypatch) -> int:
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    [found] = kith("interactions", "Thomas Lee", "--json").json()
    return found["id"]


def shared(kith, monkeypatch, member=ADMIN) -> list[dict]:
    monkeypatch.setenv("KITH_MEMBER", member)
    return kith("team", "shared", "--json").json()


def test_one_shared_interaction_is_seen_by_the_team_as_it_is_now(firm, monkeypatch):
    interaction = carols_email(firm, monkeypatch)
    assert shared(firm, monkeypatch) == []
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    out = firm("team", "share", "interaction", str(interaction)).stdout
    assert (
        out.strip() == f"Shared with the team: interaction {interaction} (email: secret plan for the merger)"
    )
    again = firm("team", "share", "interaction", str(interaction)).stdout  # sharing again changes nothing
    assert again == out
    [item] = shared(firm, monkeypatch)
    assert (item["from"], item["yours"], item["kind"]) == (CAROL, False, "interaction")
    assert item["text"] == "email: secret plan for the merger"
    assert [p["name"] for p in item["people"]] == ["Thomas Lee"]
    assert item["when"].startswith("2026-03-01")
    # her edit shows at once: the team reads it from her kith, never a copy
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    firm("interaction", "edit", str(interaction), "--note", "he is hiring a data lead")
    assert shared(firm, monkeypatch)[0]["text"] == "email: he is hiring a data lead"
    assert (
        "- 2026-03-01 " + CAROL + ", about Thomas Lee: email: he is hiring a data lead"
        in firm("team", "shared").stdout
    )
    # nothing else of hers is shared: her other email is not
    assert len(shared(firm, monkeypatch, BOB)) == 1
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    assert firm("team", "unshare", "interaction", str(interaction)).stdout.strip() == (
        f"No longer shared: interaction {interaction}"
    )
    assert shared(firm, monkeypatch) == []
    assert_user_error(firm("team", "unshare", "interaction", str(interaction), expect=2), "not shared")


def test_a_deleted_item_is_shared_no_more_and_another_members_ids_are_not_yours(firm, monkeypatch):
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    firm("note", "Liz Ng", "leads the platform team at Acme Labs")
    [note] = firm("notes", "Liz Ng", "--json").json()
    firm("team", "share", "note", str(note["id"]))
    [item] = shared(firm, monkeypatch, BOB)
    assert (item["kind"], item["text"], item["people"][0]["name"]) == (
        "note",
        "leads the platform team at Acme Labs",
        "Liz Ng",
    )
    # Bob cannot unshare it, nor share an item by an id of Carol's
    monkeypatch.setenv("KITH_MEMBER", BOB)
    assert_user_error(firm("team", "unshare", "note", str(note["id"]), expect=2), "not shared")
    assert_user_error(firm("team", "share", "note", "999", expect=2), "no note 999 in your kith")
    assert_user_error(firm("team", "share", "favour", "1", expect=2), "a note or an interaction")
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    firm("note", "delete", str(note["id"]), "--yes")
    assert shared(firm, monkeypatch, BOB) == []


def test_share_from_the_person_page_and_read_it_on_the_team_page(firm, monkeypatch):
    interaction = carols_email(firm, monkeypatch)
    [thomas] = firm("people", "--search", "Thomas", "--json").json()
    carol = logged_in(CAROL)
    page = carol.get(f"/people/{thomas['id']}", headers=HTML)
    assert f'aria-label="share interaction #{interaction} with the team"' in page.text
    done = carol.post(
        "/team/shared",
        data={
            "kind": "interaction",
            "item_id": str(interaction),
            "back": f"/people/{thomas['id']}",
            "csrf_token": csrf_from(page.text),
        },
        headers=HTML,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/people/{thomas['id']}?saved=shared"
    assert (
        "Shared with the team: your colleagues read it"
        in carol.get(done.headers["location"], headers=HTML).text
    )
    bob = logged_in(BOB)
    listing = bob.get("/team/shared", headers=HTML)
    assert "secret plan for the merger" in listing.text and CAROL in listing.text
    assert bob.get("/api/team/shared").json()[0]["text"] == "email: secret plan for the merger"
    token = bob.get("/api/csrf").json()["token"]
    refused = bob.delete(f"/api/team/shared/interaction/{interaction}", headers={"X-CSRF-Token": token})
    assert refused.status_code == 404
    token = carol.get("/api/csrf").json()["token"]
    assert (
        carol.delete(
            f"/api/team/shared/interaction/{interaction}", headers={"X-CSRF-Token": token}
        ).status_code
        == 204
    )
    assert bob.get("/api/team/shared").json() == []


def test_the_person_page_marks_what_is_shared_and_unshares_it_there(firm, monkeypatch):
    interaction = carols_email(firm, monkeypatch)
    firm("note", "Thomas Lee", "asked me about the data lead role")
    [note] = firm("notes", "Thomas Lee", "--json").json()
    # a change of her own before the share: the last one her undo journal holds
    firm("edit", "Thomas Lee", "--title", "CTO")
    [thomas] = firm("people", "--search", "Thomas", "--json").json()
    carol = logged_in(CAROL)
    person = f"/people/{thomas['id']}"
    page = carol.get(person, headers=HTML).text
    assert "shared with the team</span>" not in page
    assert "What you keep here is yours alone until you share it." in page
    done = carol.post(
        "/team/shared",
        data={"kind": "note", "item_id": str(note["id"]), "back": person, "csrf_token": csrf_from(page)},
        headers=HTML,
    )
    page = carol.get(done.headers["location"], headers=HTML).text
    # the note says it is shared and offers to unshare; the interaction still offers to share
    assert f'aria-label="unshare note #{note["id"]}: the team no longer sees it"' in page
    assert page.count("shared with the team</span>") == 1
    assert f'aria-label="share interaction #{interaction} with the team"' in page
    # sharing is no change to her kith: no Undo is offered after it (it would undo her edit instead)
    assert ">Undo " not in page
    # the edit page says colleagues read what she saves
    edit_page = carol.get(f"/notes/{note['id']}/edit?back={person}", headers=HTML).text
    assert "Your shared note on" in edit_page and "your colleagues read what you save here" in edit_page
    other = carol.get(f"/interactions/{interaction}/edit?back={person}", headers=HTML).text
    assert "your colleagues read what you save here" not in other
    # deleting it says the team stops reading it; an item not shared says nothing of the team
    goes = "Your colleagues read it now (it is shared with the team); deleted, it is shared no more."
    assert goes in carol.get(f"/notes/{note['id']}/delete?back={person}", headers=HTML).text
    assert goes not in carol.get(f"/interactions/{interaction}/delete?back={person}", headers=HTML).text
    undone = carol.post(
        "/team/shared",
        data={
            "kind": "note",
            "item_id": str(note["id"]),
            "back": person,
            "unshare": "1",
            "csrf_token": csrf_from(page),
        },
        headers=HTML,
    )
    assert undone.headers["location"] == f"{person}?saved=unshared"
    page = carol.get(undone.headers["location"], headers=HTML).text
    assert "Unshared: your colleagues no longer see it." in page and "shared with the team</span>" not in page
    assert ">Undo " not in page
    assert shared(firm, monkeypatch, BOB) == []


def test_numbers_beyond_the_database_s_ids_are_no_record_and_never_a_crash(firm):
    beyond = 2**31  # PostgreSQL's ids are 32-bit
    carol = logged_in(CAROL)
    token = {"X-CSRF-Token": carol.get("/api/csrf").json()["token"]}
    for method, path in (
        ("POST", f"/api/team/asks/{beyond}/accept"),
        ("DELETE", f"/api/team/shared/note/{beyond}"),
        ("GET", f"/people/{beyond}"),
    ):
        assert carol.request(method, path, headers=token).status_code == 404, path
    for body in ({"kind": "note", "id": beyond}, {"kind": "note", "id": 10**20}):
        answer = carol.post("/api/team/shared", json=body, headers=token)
        assert answer.status_code in (400, 404, 422), answer.text
    answer = carol.post("/api/team/asks", json={"colleague": BOB, "person": beyond}, headers=token)
    assert answer.status_code in (400, 404, 422), answer.text
    page = carol.get("/team/shared", headers=HTML)
    answer = carol.post(
        "/team/shared",
        data={"kind": "note", "item_id": str(beyond), "csrf_token": csrf_from(page.text)},
        headers=HTML,
    )
    assert answer.status_code in (400, 404, 422), answer.text[:300]
