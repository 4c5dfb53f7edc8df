# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Invitations in the web and the API: recorded (a new name adds the person), corrected, deleted after a
confirmation page, accepted; the same read model as kith invitations --json."""

from __future__ import annotations

from web_client import api, csrf_from, jane, web  # noqa: F401


def _invitations(client) -> dict:
    return {i["person"]: i for i in client.get("/api/invitations").json()["invitations"]}


def test_api_corrects_and_deletes_a_pending_invitation(api, jane):
    api.post("/api/invitations", json={"name": "Jane Doe", "message": "great coffee", "when": "2026-06-01"})
    changed = api.patch(f"/api/invitations/{jane}", json={"message": "we met at PyCon", "when": "2026-06-03"})
    assert changed.status_code == 200
    (item,) = changed.json()["invitations"]
    assert (item["message"], item["sent_at"][:10]) == ("we met at PyCon", "2026-06-03")
    cleared = api.patch(f"/api/invitations/{jane}", json={"message": ""}).json()["invitations"][0]
    assert cleared["message"] is None and cleared["sent_at"][:10] == "2026-06-03"
    assert api.patch(f"/api/invitations/{jane}", json={}).status_code == 400

    deleted = api.delete(f"/api/invitations/{jane}")
    assert deleted.status_code == 200
    assert (deleted.json()["person"], deleted.json()["status"]) == ("Jane Doe", "pending")
    assert _invitations(api) == {}
    assert api.get(f"/api/people/{jane}").status_code == 200  # she stays
    gone = api.delete(f"/api/invitations/{jane}")
    assert gone.status_code == 404 and gone.json()["detail"] == "no pending invitation from Jane Doe"
    assert api.patch("/api/invitations/999", json={"message": "x"}).json() == {
        "detail": "no person #999",
        "status": 404,
    }


def test_api_invitation_from_a_new_name_adds_the_person(api, jane):
    added = api.post("/api/invitations", json={"name": "Zed Stranger"})
    assert added.status_code == 201
    assert "Zed Stranger" in _invitations(api)
    assert [p["name"] for p in api.get("/api/people", params={"q": "zed"}).json()["people"]] == [
        "Zed Stranger"
    ]


def test_several_platforms_are_told_apart(api, jane):
    api.post("/api/invitations", json={"name": "Jane Doe"})
    api.post("/api/invitations", json={"name": "Jane Doe", "platform": "xing"})
    ambiguous = api.delete(f"/api/invitations/{jane}")
    assert ambiguous.status_code == 400 and "linkedin and xing" in ambiguous.json()["detail"]
    assert api.delete(f"/api/invitations/{jane}", params={"platform": "xing"}).json()["platform"] == "xing"
    accepted = api.post(f"/api/invitations/{jane}/accept", params={"platform": "linkedin"})
    assert accepted.json()["invitations"] == []


def test_the_page_corrects_an_invitation(web, jane, kith):
    kith("invitations", "add", "Jane Doe", "--message", "great coffee", "--when", "2026-06-01T09:05")
    page = web.get("/invitations")
    assert f'href="/invitations/{jane}/edit?platform=linkedin"' in page.text
    form = web.get(f"/invitations/{jane}/edit", params={"platform": "linkedin"})
    assert form.status_code == 200 and "great coffee" in form.text and 'value="2026-06-01"' in form.text
    token = csrf_from(form.text)
    done = web.post(
        f"/invitations/{jane}/edit",
        data={
            "csrf_token": token,
            "platform": "linkedin",
            "message": "we met at <b>PyCon</b>",
            "when": "2026-06-01",
        },
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Invitation updated." in done.text
    assert "we met at &lt;b&gt;PyCon&lt;/b&gt;" in done.text
    item = _invitations(web)["Jane Doe"]
    # the date left as shown keeps its time; the message changed
    assert (item["message"], item["sent_at"]) == ("we met at <b>PyCon</b>", "2026-06-01T09:05:00+00:00")
    web.post(
        f"/invitations/{jane}/edit",
        data={"csrf_token": token, "platform": "linkedin", "message": item["message"], "when": "2026-06-04"},
    )
    assert _invitations(web)["Jane Doe"]["sent_at"][:10] == "2026-06-04"


def test_the_page_deletes_an_invitation_after_a_confirmation(web, jane, kith):
    kith("invitations", "add", "Jane Doe")
    confirm = web.get(f"/invitations/{jane}/delete", params={"platform": "linkedin"})
    assert confirm.status_code == 200
    assert "Delete the invitation from Jane Doe on linkedin?" in confirm.text
    assert "Jane Doe" in _invitations(web)  # asking changed nothing
    done = web.post(
        f"/invitations/{jane}/delete",
        data={"csrf_token": csrf_from(confirm.text), "platform": "linkedin"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Invitation deleted." in done.text
    assert _invitations(web) == {}


def test_the_page_records_an_invitation_from_a_new_name(web, jane):
    page = web.get("/invitations")
    done = web.post(
        "/invitations",
        data={"csrf_token": csrf_from(page.text), "name": "Zed Stranger", "when": "2026-06-10"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Invitation recorded." in done.text
    assert _invitations(web)["Zed Stranger"]["sent_at"][:10] == "2026-06-10"


def test_the_page_logs_the_meeting_a_message_mentions_and_accepts(web, jane, kith):
    # the jane fixture's Sam has not been met; Jane's coffee is logged already
    kith("invitations", "add", "Sam Lee", "--message", "Great meeting you at PyCon!", "--when", "2026-06-10")
    kith("invitations", "add", "Jane Doe", "--message", "we met at the coffee place")  # met: logged already
    page = web.get("/invitations").text
    assert page.count("Log the meeting and accept") == 1
    assert "<strong>not yet</strong>" in page and "<strong>accept</strong>" in page
    sam = _invitations(web)["Sam Lee"]
    done = web.post(
        f"/invitations/{sam['person_id']}/accept",
        data={"csrf_token": csrf_from(page), "platform": "linkedin", "log_meeting": "1", "when": ""},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert "Logged the meeting and accepted the invitation." in done.text
    assert "Undo log the meeting with Sam Lee and accept their invitation" in done.text
    assert set(_invitations(web)) == {"Jane Doe"}
    timeline = web.get(f"/api/people/{sam['person_id']}").json()["timeline"]
    assert [(i["kind"], i["when"][:10]) for i in timeline] == [("meeting", "2026-06-10")]


def test_the_api_accepts_with_the_meeting_logged_in_one_step(api, jane, kith):
    kith("invitations", "add", "Sam Lee", "--message", "We met at the meetup", "--when", "2026-06-10")
    sam = _invitations(api)["Sam Lee"]
    assert sam["offer_log_meeting"] is True
    refused = api.post(f"/api/invitations/{sam['person_id']}/decline", json={"log_meeting": True})
    assert refused.status_code == 400 and refused.json()["detail"] == "log_meeting goes with accept"
    accepted = api.post(
        f"/api/invitations/{sam['person_id']}/accept",
        json={"log_meeting": True, "when": "2026-06-09", "kind": "coffee"},
    )
    assert accepted.status_code == 200 and accepted.json()["invitations"] == []
    timeline = api.get(f"/api/people/{sam['person_id']}").json()["timeline"]
    assert [(i["kind"], i["when"][:10]) for i in timeline] == [("coffee", "2026-06-09")]
    agenda = api.get("/api/agenda").json()
    (follow,) = [i for i in agenda["week"] + agenda["rest"] if i["person"] == "Sam Lee"]
    assert follow["kind"] == "follow-up" and follow["log_kind"] == "email"
    undone = api.post("/api/undo").json()["undone"]
    assert undone["label"] == "log the meeting with Sam Lee and accept their invitation"
    assert "Sam Lee" in _invitations(api)
    schema = api.get("/openapi.json").json()["components"]["schemas"]
    assert "log_meeting" in schema["Decision"]["properties"]


def test_accepting_or_declining_on_the_page_says_so_and_offers_to_undo(web, jane, kith):
    kith("invitations", "add", "Jane Doe")
    kith("invitations", "add", "Sam Lee")
    page = web.get("/invitations")
    token = csrf_from(page.text)
    accepted = web.post(
        f"/invitations/{jane}/accept",
        data={"csrf_token": token, "platform": "linkedin"},
        follow_redirects=True,
    )
    assert (
        "Invitation accepted. Next: write to them within a couple of days" in accepted.text
    )  # the page said nothing
    assert 'action="/undo"' in accepted.text
    sam = _invitations(web)["Sam Lee"]["person_id"]
    declined = web.post(
        f"/invitations/{sam}/decline",
        data={"csrf_token": token, "platform": "linkedin"},
        follow_redirects=True,
    )
    assert "Invitation declined." in declined.text and _invitations(web) == {}
