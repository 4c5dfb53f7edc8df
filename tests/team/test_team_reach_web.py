# pytest fixtures imported from another test module are named as test parameters:
# ruff: noqa: F811
"""Team reach on a team server: /reach's "Through your team" cards, asking a colleague from them, and
/team/asks where the colleague answers; the API says the same."""

from __future__ import annotations

from conftest import TEAM_ADMIN as ADMIN
from test_team_reach import BOB, CAROL, firm  # noqa: F401  (fixture)
from test_team_web import HTML, logged_in
from web_client import csrf_from


def test_the_reach_page_and_the_api_name_the_colleagues_and_a_colleague_answers(firm):
    ada = logged_in(ADMIN)
    api = ada.get("/api/reach", params={"company": "Acme"}).json()["team"]
    assert [c["email"] for c in api["colleagues"]] == [BOB, CAROL]
    page = ada.get("/reach", params={"q": "Acme"}, headers=HTML)
    assert page.status_code == 200
    assert "Through your team" in page.text and api["colleagues"][0]["reason"] in page.text
    assert f"Ask {BOB} for the intro" in page.text and "secret plan" not in page.text
    tom = api["colleagues"][0]["knows"][0]["id"]
    token = csrf_from(page.text)
    asked = ada.post(
        "/team/asks",
        data={"colleague": BOB, "person_id": str(tom), "note": "their data platform", "csrf_token": token},
        headers=HTML,
    )
    assert asked.status_code == 303 and asked.headers["location"].startswith("/team/asks?saved=")
    [mine] = ada.get("/api/team/asks").json()["from_me"]
    assert (mine["to"], mine["person"], mine["state"]) == (BOB, "Tom Lee", "asked")

    bob = logged_in(BOB)
    listing = bob.get("/team/asks", headers=HTML)
    assert (
        f"{ADMIN}</strong> asks you to introduce them to <strong>Tom Lee</strong>: their data platform"
        in listing.text
    )
    # Enter in the box answers nothing (the form's default button is disabled), and an answer must be one
    form = listing.text[listing.text.index(f'action="/team/asks/{mine["id"]}"') :]
    first_button = form[form.index("<button") : form.index(">", form.index("<button")) + 1]
    assert "disabled" in first_button, first_button
    for unsaid in ({"note": "sorry, I barely know him"}, {"action": "bogus", "note": "x"}):
        refused = bob.post(
            f"/team/asks/{mine['id']}", data={**unsaid, "csrf_token": csrf_from(listing.text)}, headers=HTML
        )
        assert refused.status_code in (400, 422), refused.text[:300]
    assert ada.get("/api/team/asks").json()["from_me"][0]["state"] == "asked"
    answered = bob.post(
        f"/team/asks/{mine['id']}",
        data={"action": "accept", "note": "writing today", "csrf_token": csrf_from(listing.text)},
        headers=HTML,
    )
    assert answered.status_code == 303
    assert ada.get("/api/team/asks").json()["from_me"][0]["state"] == "accepted"
    # the asker's reach page says the answer instead of telling her to ask again
    again = ada.get("/reach", params={"q": "Acme"}, headers=HTML).text
    bobs = again[again.index(f"<h3>{BOB}</h3>") : again.index("</article>", again.index(f"<h3>{BOB}</h3>"))]
    assert f"You asked {BOB} on " in bobs and ": accepted: they will introduce you" in bobs
    assert f"Ask {BOB} to introduce you" not in bobs and "for the intro</button>" not in bobs
    said = bob.get(answered.headers["location"], headers=HTML).text
    assert f"Request {mine['id']} accepted." in said and "asked on " in said
    assert "Request 999" not in bob.get("/team/asks?saved=999", headers=HTML).text
    # Carol can neither see nor answer it: another member's request is a 404
    carol = logged_in(CAROL)
    assert carol.get("/api/team/asks").json() == {"to_me": [], "from_me": []}
    token = carol.get("/api/csrf").json()["token"]
    refused = carol.post(f"/api/team/asks/{mine['id']}/decline", headers={"X-CSRF-Token": token})
    assert refused.status_code == 404
