# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The real-friends test in the web and the API: asking, who came through (asked or not), corrections and
deletions, the report on its page (in the navigation) and as JSON."""

from __future__ import annotations

from web_client import api, csrf_from, jane, web  # noqa: F401


def test_api_asks_records_answers_and_reports(api, jane):
    api.post("/api/people", json={"name": "Maria Costa"})
    created = api.post(
        "/api/help-requests",
        json={"text": "help moving  house", "names": ["Jane Doe", "Sam Lee"], "when": "2026-06-01"},
    )
    assert created.status_code == 201
    request = created.json()
    rid = request["id"]
    assert (request["text"], request["unanswered"]) == ("help moving house", ["Jane Doe", "Sam Lee"])

    answered = api.post(f"/api/help-requests/{rid}/answers", json={"name": "Jane Doe", "when": "2026-06-02"})
    assert answered.status_code == 201 and answered.json()["asked"] is True
    unasked = api.post(f"/api/help-requests/{rid}/answers", json={"name": "Maria Costa"}).json()
    assert (unasked["person"]["name"], unasked["asked"]) == ("Maria Costa", False)

    report = api.get("/api/friends").json()
    by_name = {p["name"]: p for p in report["people"]}
    assert (by_name["Maria Costa"]["asked"], by_name["Maria Costa"]["unasked"]) == (0, 1)
    assert (by_name["Jane Doe"]["asked"], by_name["Jane Doe"]["answered"]) == (1, 1)
    assert report["requests"][0]["unasked"] == ["Maria Costa"]
    assert api.get(f"/api/help-requests/{rid}").json() == report["requests"][0]


def test_api_corrects_and_deletes_requests_and_answers(api, jane):
    rid = api.post(
        "/api/help-requests", json={"text": "help", "names": ["Jane Doe"], "when": "2026-06-01"}
    ).json()["id"]
    api.post(f"/api/help-requests/{rid}/answers", json={"name": "Jane Doe", "when": "2026-06-03"})
    edited = api.patch(f"/api/help-requests/{rid}", json={"text": "help moving house", "when": "2026-06-02"})
    assert edited.status_code == 200
    assert (edited.json()["text"], edited.json()["asked_at"][:10]) == ("help moving house", "2026-06-02")
    late = api.patch(f"/api/help-requests/{rid}", json={"when": "2026-06-05"})
    assert late.status_code == 400 and "got an answer on 2026-06-03" in late.json()["detail"]

    moved = api.patch(f"/api/help-requests/{rid}/answers/{jane}", json={"when": "2026-06-04"})
    assert moved.status_code == 200 and moved.json()["answered_at"][:10] == "2026-06-04"
    early = api.patch(f"/api/help-requests/{rid}/answers/{jane}", json={"when": "2026-05-01"})
    assert early.status_code == 400 and "cannot come before" in early.json()["detail"]

    taken = api.delete(f"/api/help-requests/{rid}/answers/{jane}")
    assert taken.status_code == 200 and taken.json()["answered_at"] is None
    again = api.delete(f"/api/help-requests/{rid}/answers/{jane}")
    assert again.status_code == 404 and "has not come through" in again.json()["detail"]
    assert api.get(f"/api/help-requests/{rid}").json()["unanswered"] == ["Jane Doe"]

    deleted = api.delete(f"/api/help-requests/{rid}")
    assert deleted.status_code == 200 and deleted.json()["text"] == "help moving house"
    assert api.get("/api/friends").json()["requests"] == []
    assert api.get(f"/api/help-requests/{rid}").status_code == 404


def test_api_refusals_are_json(api, jane):
    nobody = api.post("/api/help-requests", json={"text": "help", "names": ["Nobody Known"]})
    assert nobody.status_code == 404 and "nobody called" in nobody.json()["detail"]
    empty = api.post("/api/help-requests", json={"text": "  ", "names": ["Jane Doe"]})
    assert empty.json() == {"detail": "say what you asked for, e.g. 'help moving house'", "status": 400}
    assert api.post("/api/help-requests/9/answers", json={"name": "Jane Doe"}).status_code == 404
    assert api.get("/api/friends").json()["requests"] == []


def test_openapi_has_the_help_request_verbs(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert {"patch", "delete"} <= set(paths["/api/help-requests/{request_id}"])
    assert {"patch", "delete"} <= set(paths["/api/help-requests/{request_id}/answers/{person_id}"])
    assert "get" in paths["/api/friends"]


def test_the_friends_page_asks_and_records_who_came_through(web, jane):
    home = web.get("/")
    assert 'href="/friends"' in home.text[home.text.index("<nav") : home.text.index("</nav>")]
    page = web.get("/friends")
    assert page.status_code == 200 and "No requests for help yet." in page.text
    token = csrf_from(page.text)
    asked = web.post(
        "/friends/requests",
        data={
            "csrf_token": token,
            "text": "help moving house",
            "names": "Jane Doe, Sam Lee",
            "when": "2026-06-01",
        },
        follow_redirects=True,
    )
    assert asked.status_code == 200 and "Request recorded." in asked.text
    web.post(
        "/friends/requests/1/answers", data={"csrf_token": token, "name": "Jane Doe", "when": "2026-06-02"}
    )
    web.post("/people", data={"csrf_token": token, "name": "Maria Costa"})
    unasked = web.post(
        "/friends/requests/1/answers",
        data={"csrf_token": token, "name": "Maria Costa"},
        follow_redirects=True,
    )
    assert "they came through without being asked" in unasked.text
    text = web.get("/friends").text
    assert "Maria Costa</a>:\n        came through" in text and "without being asked" in text
    assert "Sam Lee</a>: asked 1 time" in text  # never came through
    assert web.get("/api/friends").json()["requests"][0]["answered"] == ["Jane Doe"]


def test_the_friends_page_corrects_and_deletes(web, jane, kith):
    kith("ask", "help moving", "--to", "Jane Doe", "--when", "2026-06-01")
    kith("answered", "1", "Jane Doe", "--when", "2026-06-03T18:00")
    form = web.get("/friends/requests/1/edit")
    assert form.status_code == 200 and 'value="help moving"' in form.text
    token = csrf_from(form.text)
    web.post(
        "/friends/requests/1/edit",
        data={"csrf_token": token, "text": "help moving house", "when": "2026-06-01"},
    )
    request = web.get("/api/help-requests/1").json()
    assert request["text"] == "help moving house" and request["asked_at"].startswith("2026-06-01")

    answer_form = web.get(f"/friends/requests/1/answers/{jane}/edit")
    assert answer_form.status_code == 200 and 'value="2026-06-03"' in answer_form.text
    web.post(f"/friends/requests/1/answers/{jane}/edit", data={"csrf_token": token, "when": "2026-06-04"})
    assert web.get("/api/help-requests/1").json()["people"][0]["answered_at"][:10] == "2026-06-04"

    confirm = web.get(f"/friends/requests/1/answers/{jane}/delete")
    assert "Take back that Jane Doe came through on #1" in confirm.text and "stays asked" in confirm.text
    assert web.get("/api/help-requests/1").json()["answered"] == ["Jane Doe"]  # asking changed nothing
    web.post(f"/friends/requests/1/answers/{jane}/delete", data={"csrf_token": token})
    assert web.get("/api/help-requests/1").json()["unanswered"] == ["Jane Doe"]
    assert web.get(f"/friends/requests/1/answers/{jane}/edit").status_code == 404

    confirm = web.get("/friends/requests/1/delete")
    assert confirm.status_code == 200 and "Delete request #1: help moving house?" in confirm.text
    done = web.post("/friends/requests/1/delete", data={"csrf_token": token}, follow_redirects=True)
    assert "Deleted." in done.text and web.get("/api/friends").json()["requests"] == []
