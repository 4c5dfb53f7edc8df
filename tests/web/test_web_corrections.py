# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Correcting and deleting interactions, favours and promises through the JSON API and the pages'
forms; the CLI and the API give the same records on the same data."""

from __future__ import annotations

import re

import pytest
from web_client import api, csrf_from, jane, web  # noqa: F401

# ----------------------------------------------------------------------------------------- contracts


def test_the_cli_and_the_api_list_the_same_interactions(api, kith, jane):
    kith("log", "lunch", "Jane Doe", "Sam Lee", "--when", "2026-06-05", "--duration", "90", "--inbound")
    kith("log", "email", "Sam Lee", "--when", "2026-06-05", "--note", "the same minute as the lunch")
    kith("log", "like", "Jane Doe", "--when", "2026-06-12", "--mutual")
    kith("interaction", "edit", "1", "--summary", "coffee at the station")
    everyone = kith("interactions", "--json").json()
    assert len(everyone) == 4 and everyone == api.get("/api/interactions").json()
    hers = kith("interactions", "Jane Doe", "--json", "--limit", "0").json()
    assert [i["id"] for i in hers] == [4, 2, 1]
    assert hers == api.get("/api/interactions", params={"person": jane, "limit": 0}).json()
    assert hers[:1] == api.get("/api/interactions", params={"person": jane, "limit": 1}).json()
    assert kith("interaction", "show", "2", "--json").json() == api.get("/api/interactions/2").json()


def test_the_cli_and_the_api_show_the_same_promises_and_favours(api, kith, jane):
    kith("promise", "Jane Doe", "send the article", "--due", "2026-06-20")
    kith("promise", "Sam Lee", "lend me the book", "--by-them")
    kith("promise", "kept", "2")
    kith("favour", "give", "Jane Doe", "intro", "--note", "to Sam", "--when", "2026-06-02")
    assert kith("commitments", "--json").json() == api.get("/api/commitments").json()
    assert len(api.get("/api/commitments", params={"all": "true"}).json()) == 2
    assert (
        kith("commitments", "--all", "--json").json()
        == api.get("/api/commitments", params={"all": "true"}).json()
    )
    assert (
        kith("commitments", "Jane Doe", "--json").json()
        == api.get("/api/commitments", params={"person": jane}).json()
    )
    (favour,) = kith("ledger", "Jane Doe", "--json").json()["favours"]
    assert favour == api.get(f"/api/favours/{favour['id']}").json()


# ----------------------------------------------------------------------------------------------- API


def _person(api, person_id):
    return api.get(f"/api/people/{person_id}").json()["person"]


def test_api_corrects_an_interactions_time_kind_and_people(api, kith, jane):
    kith("log", "call", "Jane Doe", "--when", "2026-06-10")
    assert _person(api, jane)["last_interaction"] == "2026-06-10T12:00:00+00:00"
    response = api.patch(
        "/api/interactions/2", json={"when": "2026-05-20 09:30", "kind": "video", "with": ["Sam Lee"]}
    )
    assert response.status_code == 200
    record = response.json()
    assert (record["when"], record["kind"], record["channel"], record["people"]) == (
        "2026-05-20T09:30:00+00:00",
        "video",
        "video",
        ["Jane Doe", "Sam Lee"],
    )
    assert record == api.get("/api/interactions/2").json()
    jane_now = _person(api, jane)
    assert (jane_now["interaction_count"], jane_now["last_interaction"]) == (2, "2026-06-01T12:00:00+00:00")
    listed = {p["name"]: p for p in api.get("/api/people").json()["people"]}
    assert listed["Sam Lee"]["last_interaction"] == "2026-05-20T09:30:00+00:00"
    assert listed["Sam Lee"]["interaction_count"] == 1


def test_api_patch_changes_only_what_it_is_given(api, jane):
    api.patch("/api/interactions/1", json={"duration_minutes": 30, "summary": "catch-up"})
    record = api.patch(
        "/api/interactions/1", json={"notes": None, "without": [], "direction": "inbound"}
    ).json()
    assert (record["duration_s"], record["summary"], record["notes"], record["direction"]) == (
        30 * 60,
        "catch-up",
        None,
        "inbound",
    )
    assert api.patch("/api/interactions/1", json={"duration_minutes": None}).json()["duration_s"] is None


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"when": "tomorrow"}, 400, "in the future"),
        ({"kind": "teleport"}, 400, "unknown kind"),
        ({"without": ["Jane Doe"]}, 400, "at least one person besides you"),
        ({"with": ["Nobody Known"]}, 404, "nobody called"),
        ({"direction": "sideways"}, 400, "unknown direction"),
        ({}, 400, "nothing to change"),
        ({"note": "a typo for notes"}, 422, "note"),
        ({"duration_minutes": -5}, 422, "duration_minutes"),
    ],
)
def test_api_refuses_a_bad_correction_in_json(api, jane, body, status, fragment):
    before = api.get("/api/interactions/1").json()
    response = api.patch("/api/interactions/1", json=body)
    assert response.status_code == status
    assert response.json()["status"] == status and fragment in response.json()["detail"]
    assert api.get("/api/interactions/1").json() == before


def test_unknown_numbers_are_404_in_json(api, jane):
    for method, path in [
        ("GET", "/api/interactions/99"),
        ("PATCH", "/api/interactions/99"),
        ("DELETE", "/api/interactions/99"),
        ("GET", "/api/interactions/99999999999999999999"),
        ("PATCH", "/api/favours/99"),
        ("DELETE", "/api/favours/99"),
        ("PATCH", "/api/commitments/99"),
        ("DELETE", "/api/commitments/99"),
        ("POST", "/api/commitments/99/kept"),
        ("DELETE", "/api/commitments/99/kept"),
    ]:
        body = (
            {"notes": "x"}
            if "interactions" in path
            else {"note": "x"}
            if "favours" in path
            else {"text": "x"}
        )
        response = api.request(method, path, json=body if method == "PATCH" else None)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["status"] == 404 and "no " in response.json()["detail"]
    missing = api.get("/api/interactions", params={"person": 99})
    assert missing.json() == {"detail": "no person #99", "status": 404}


def test_api_deletes_an_interaction(api, kith, jane):
    kith("log", "call", "Jane Doe", "--when", "2026-06-10")
    deleted = api.delete("/api/interactions/2")
    assert deleted.status_code == 200 and deleted.json()["kind"] == "call"
    assert api.get("/api/interactions/2").status_code == 404
    assert _person(api, jane)["interaction_count"] == 1
    assert _person(api, jane)["last_interaction"] == "2026-06-01T12:00:00+00:00"


def test_corrections_need_the_csrf_token(web, kith, jane):
    kith("promise", "Jane Doe", "send the article")
    kith("favour", "give", "Jane Doe", "intro")
    for method, path in [
        ("PATCH", "/api/interactions/1"),
        ("DELETE", "/api/interactions/1"),
        ("PATCH", "/api/favours/1"),
        ("DELETE", "/api/favours/1"),
        ("PATCH", "/api/commitments/1"),
        ("DELETE", "/api/commitments/1"),
        ("POST", "/api/commitments/1/kept"),
    ]:
        body = {"notes": "x"} if "interactions" in path and method == "PATCH" else None
        assert web.request(method, path, json=body).status_code == 403, (method, path)
    assert web.get("/api/interactions/1").json()["notes"] == "her move to Berlin"
    assert web.get("/api/commitments").json()[0]["done_at"] is None
    assert web.get("/api/favours/1").status_code == 200


def test_api_corrects_and_deletes_favours(api, kith, jane):
    kith("favour", "give", "Jane Doe", "intro", "--when", "2026-06-02")
    kith("favour", "get", "Jane Doe", "advice", "--when", "2026-06-03")
    changed = api.patch("/api/favours/1", json={"direction": "get", "kind": "referral", "note": "to Acme"})
    assert changed.status_code == 200
    assert {k: changed.json()[k] for k in ("direction", "kind", "note")} == {
        "direction": "received",
        "kind": "referral",
        "note": "to Acme",
    }
    assert api.get(f"/api/people/{jane}").json()["ledger"]["balance"]["received"] == 2
    assert api.patch("/api/favours/1", json={"note": None}).json()["note"] is None
    bad = api.patch("/api/favours/1", json={"kind": "bribe"})
    assert bad.status_code == 400 and "unknown favour kind" in bad.json()["detail"]
    assert api.delete("/api/favours/2").json()["kind"] == "advice"
    assert [f["id"] for f in api.get(f"/api/people/{jane}").json()["ledger"]["favours"]] == [1]


def test_api_corrects_keeps_reopens_and_cancels_promises(api, kith, jane):
    kith("promise", "Jane Doe", "introduce me to Kim", "--by-them")
    changed = api.patch("/api/commitments/1", json={"text": "introduce me to Kim Park", "due": "2026-06-30"})
    assert changed.json()["text"] == "introduce me to Kim Park"
    assert changed.json()["due_at"] == "2026-06-30T12:00:00+00:00"
    assert api.post("/api/commitments/1/kept").json()["done_at"] == "2026-06-15T12:00:00+00:00"
    again = api.post("/api/commitments/1/kept")
    assert again.status_code == 409 and "kept already" in again.json()["detail"]
    assert api.get("/api/commitments").json() == []
    assert api.delete("/api/commitments/1/kept").json()["done_at"] is None
    assert api.delete("/api/commitments/1").json()["text"] == "introduce me to Kim Park"
    assert api.get("/api/commitments", params={"all": "true"}).json() == []
    assert api.patch("/api/commitments/1", json={"text": "x"}).status_code == 404


def test_openapi_lists_the_corrections(web):
    paths = web.get("/openapi.json").json()["paths"]
    assert set(paths["/api/interactions"]) == {"get", "post"}
    assert set(paths["/api/interactions/{interaction_id}"]) == {"get", "patch", "delete"}
    assert set(paths["/api/favours/{favour_id}"]) == {"get", "patch", "delete"}
    assert set(paths["/api/commitments"]) == {"get"}
    assert set(paths["/api/commitments/{commitment_id}"]) == {"get", "patch", "delete"}
    assert set(paths["/api/commitments/{commitment_id}/kept"]) == {"post", "delete"}


# --------------------------------------------------------------------------------------------- pages


def _follow(web, page_path, link):
    """The page a link on ``page_path`` points to (the first link matching ``link``), and its path."""
    found = re.search(link, web.get(page_path).text)
    assert found, f"no link {link} on {page_path}"
    target = found.group(1).replace("&amp;", "&")
    return web.get(target), target


def test_an_interaction_is_corrected_from_the_person_page(web, kith, jane):
    kith("edit", "Jane Doe", "--cadence", "14")
    kith("log", "call", "Jane Doe", "--when", "2026-06-10")

    def keep_in_touch():
        agenda = web.get("/api/agenda").json()
        return [i["due"][:10] for i in agenda["week"] + agenda["rest"] if i["kind"] == "keep-in-touch"]

    assert keep_in_touch() == []  # due 2026-06-24, 14 days after the call: not this week
    form, path = _follow(web, f"/people/{jane}", r'href="(/interactions/2/edit\?back=/people/\d+)"')
    assert form.status_code == 200
    assert '<option value="call" selected>' in form.text and 'value="2026-06-10 12:00Z"' in form.text
    response = web.post(
        "/interactions/2/edit",
        data={
            "csrf_token": csrf_from(form.text),
            "back": f"/people/{jane}",
            "kind": "lunch",
            "when": "2026-05-10 13:00",
            "shown_when": "2026-06-10 12:00Z",
            "keep": [str(jane)],
            "shown": [str(jane)],
            "add": "",
            "direction": "mutual",
            "duration_minutes": "75",
            "shown_minutes": "",
            "summary": "",
            "notes": "at the new place",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and str(response.url).endswith(f"/people/{jane}?saved=1")
    assert "Saved." in response.text and "at the new place" in response.text
    # the count stays and the last contact is the coffee of 2026-06-01 now
    assert '<dt>Interactions</dt><dd>2, last <time datetime="2026-06-01T12:00:00+00:00">' in response.text
    record = web.get("/api/interactions/2").json()
    assert (record["kind"], record["when"], record["direction"], record["duration_s"]) == (
        "lunch",
        "2026-05-10T13:00:00+00:00",
        "mutual",
        75 * 60,
    )
    assert keep_in_touch() == ["2026-06-15"]  # 14 days after the coffee, the latest contact left


def test_a_form_saved_unchanged_keeps_the_exact_time(web, kith, jane):
    kith("log", "email", "Jane Doe", "--when", "2026-06-03T08:15:42", "--duration", "1")
    form = web.get(f"/interactions/2/edit?back=/people/{jane}").text
    fields = dict(re.findall(r'<input type="hidden" name="(shown_\w+)" value="([^"]*)"', form))
    assert fields == {"shown_when": "2026-06-03 08:15Z", "shown_minutes": "1"}
    data = {
        "csrf_token": csrf_from(form),
        "kind": "email",
        "when": fields["shown_when"],
        "direction": "outbound",
        "duration_minutes": "1",
        "keep": [str(jane)],
        "shown": [str(jane)],
        "notes": "answered",
        **fields,
    }
    assert web.post("/interactions/2/edit", data=data, follow_redirects=False).status_code == 303
    record = web.get("/api/interactions/2").json()
    assert (record["when"], record["duration_s"], record["notes"]) == (
        "2026-06-03T08:15:42+00:00",
        60,
        "answered",
    )


def test_a_refused_form_shows_the_error_and_what_was_typed(web, kith, jane):
    form = web.get(f"/interactions/1/edit?back=/people/{jane}").text
    data = {
        "csrf_token": csrf_from(form),
        "back": f"/people/{jane}",
        "kind": "dinner",
        "when": "2026-06-01 12:00Z",
        "shown_when": "2026-06-01 12:00Z",
        "keep": [],  # Jane unticked: nobody left
        "shown": [str(jane)],
        "add": "",
        "direction": "outbound",
        "duration_minutes": "",
        "notes": "typed, not lost",
    }
    response = web.post("/interactions/1/edit", data=data)
    assert response.status_code == 400
    assert "at least one person besides you" in response.text and "typed, not lost" in response.text
    assert '<option value="dinner" selected>' in response.text
    data.update(keep=[str(jane)], add="Sam Lee", when="blursday")
    response = web.post("/interactions/1/edit", data=data)
    assert response.status_code == 400 and "cannot read the date" in response.text
    assert web.get("/api/interactions/1").json()["people"] == ["Jane Doe"]
    assert web.get("/api/interactions/1").json()["kind"] == "coffee"


def test_deleting_from_the_page_asks_first(web, kith, jane):
    kith("log", "call", "Jane Doe", "--when", "2026-06-10")
    confirm, _ = _follow(web, f"/people/{jane}", r'href="(/interactions/2/delete\?back=/people/\d+)"')
    assert (
        "Delete interaction #2?" in confirm.text
        and "call with Jane Doe on 2026-06-10 12:00 UTC" in confirm.text
    )
    assert _person(web, jane)["interaction_count"] == 2  # asking deleted nothing
    response = web.post(
        "/interactions/2/delete",
        data={"csrf_token": csrf_from(confirm.text), "back": f"/people/{jane}"},
        follow_redirects=True,
    )
    assert str(response.url).endswith(f"/people/{jane}?saved=deleted") and "Deleted." in response.text
    assert '<dt>Interactions</dt><dd>1, last <time datetime="2026-06-01T12:00:00+00:00">' in response.text
    assert _person(web, jane)["interaction_count"] == 1


def test_a_correction_from_the_cli_reaches_a_running_web_app(web, kith, jane):
    kith("edit", "Jane Doe", "--cadence", "30")

    def keep_in_touch():
        return [i["due"][:10] for i in web.get("/api/agenda").json()["week"] if i["kind"] == "keep-in-touch"]

    assert keep_in_touch() == []  # computed once and shared until the data changes
    kith("interaction", "edit", "1", "--when", "2026-04-01")  # changes no count and no highest id
    assert keep_in_touch() == ["2026-05-01"]


def test_a_favour_is_corrected_and_deleted_from_the_person_page(web, kith, jane):
    kith("favour", "give", "Jane Doe", "intro", "--when", "2026-06-02", "--note", "to Sam")
    form, _ = _follow(web, f"/people/{jane}", r'href="(/favours/1/edit\?back=/people/\d+)"')
    assert 'value="give" checked' in form.text and "<option selected>intro</option>" in form.text
    response = web.post(
        "/favours/1/edit",
        data={
            "csrf_token": csrf_from(form.text),
            "back": f"/people/{jane}",
            "direction": "get",
            "kind": "advice",
            "when": "2026-06-02 12:00Z",
            "shown_when": "2026-06-02 12:00Z",
            "note": "",
        },
        follow_redirects=True,
    )
    assert "Saved." in response.text and "you received advice" in response.text
    assert web.get("/api/favours/1").json()["note"] is None
    bad = web.post(
        "/favours/1/edit",
        data={"csrf_token": csrf_from(form.text), "direction": "get", "kind": "bribe", "when": "2026-06-01"},
    )
    assert bad.status_code == 400 and "unknown favour kind" in bad.text, re.findall(r'"error"[^<]*', bad.text)
    confirm, _ = _follow(web, f"/people/{jane}", r'href="(/favours/1/delete\?back=/people/\d+)"')
    assert "Jane Doe gave you advice on 2026-06-02" in confirm.text
    web.post("/favours/1/delete", data={"csrf_token": csrf_from(confirm.text), "back": f"/people/{jane}"})
    assert web.get(f"/api/people/{jane}").json()["ledger"]["favours"] == []


def test_promises_are_corrected_kept_reopened_and_cancelled_from_the_person_page(web, kith, jane):
    kith("promise", "Jane Doe", "send her slides", "--by-them", "--due", "2026-06-20")
    page = web.get(f"/people/{jane}").text
    token = csrf_from(page)
    assert 'action="/commitments/1/kept"' in page  # kept works for a promise made to you as well
    form, _ = _follow(web, f"/people/{jane}", r'href="(/commitments/1/edit\?back=/people/\d+)"')
    assert 'value="send her slides"' in form.text and 'value="2026-06-20 12:00Z"' in form.text
    response = web.post(
        "/commitments/1/edit",
        data={
            "csrf_token": token,
            "back": f"/people/{jane}",
            "text": "send her slides and notes",
            "due": "2026-06-25",
            "shown_due": "2026-06-20 12:00Z",
        },
        follow_redirects=True,
    )
    assert "Saved." in response.text and "send her slides and notes" in response.text
    assert web.get("/api/commitments/1").json()["due_at"] == "2026-06-25T12:00:00+00:00"
    web.post("/commitments/1/kept", data={"csrf_token": token, "back": f"/people/{jane}"})
    page = web.get(f"/people/{jane}").text
    assert "(done)" in page and 'action="/commitments/1/reopen"' in page
    web.post("/commitments/1/reopen", data={"csrf_token": token, "back": f"/people/{jane}"})
    assert web.get("/api/commitments/1").json()["done_at"] is None
    confirm, _ = _follow(web, f"/people/{jane}", r'href="(/commitments/1/cancel\?back=/people/\d+)"')
    assert "Jane Doe promised: send her slides and notes" in confirm.text
    # the way out of the page is not called "Cancel" beside the "Cancel the promise" button
    assert (
        ">Cancel the promise</button>" in confirm.text
        and f'<a href="/people/{jane}">Keep it</a>' in confirm.text
    )
    cancelled = web.post(
        "/commitments/1/cancel",
        data={"csrf_token": csrf_from(confirm.text), "back": f"/people/{jane}"},
        follow_redirects=True,
    )
    assert "Promise cancelled." in cancelled.text
    assert web.get("/api/commitments/1").status_code == 404
    assert "No promises either way." in web.get(f"/people/{jane}").text


def test_a_form_goes_back_only_to_a_person_page(web, kith, jane):
    kith("promise", "Jane Doe", "call back")
    token = csrf_from(web.get(f"/people/{jane}").text)
    response = web.post(
        "/commitments/1/kept",
        data={"csrf_token": token, "back": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == f"/people/{jane}?saved=1"
