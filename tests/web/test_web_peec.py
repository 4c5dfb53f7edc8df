# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""PEEC statements in the web and the API: one read, corrected (same limits as a new one), deleted after
a confirmation page."""

from __future__ import annotations

from web_client import api, csrf_from, web  # noqa: F401

PARTS = {
    "profession": "I am a data engineer",
    "expertise": "I make slow pipelines fast",
    "environment": "small teams",
    "call_to_action": "introduce me to a head of data",
}


def test_api_reads_corrects_and_deletes_a_statement(api):
    created = api.post("/api/peec", json={"event": "PyData", **PARTS}).json()
    sid = created["id"]
    assert api.get(f"/api/peec/{sid}").json() == created
    changed = api.patch(f"/api/peec/{sid}", json={"expertise": "I make slow reports fast", "event": ""})
    assert changed.status_code == 200
    body = changed.json()
    assert (body["expertise"], body["event"], body["profession"]) == (
        "I make slow reports fast",
        None,
        PARTS["profession"],
    )
    too_long = api.patch(f"/api/peec/{sid}", json={"environment": " ".join(["w"] * 70)})
    assert too_long.status_code == 400 and "keep it to 75 words" in too_long.json()["detail"]
    assert api.patch(f"/api/peec/{sid}", json={}).status_code == 400
    assert api.get(f"/api/peec/{sid}").json()["expertise"] == "I make slow reports fast"

    deleted = api.delete(f"/api/peec/{sid}")
    assert deleted.status_code == 200 and deleted.json()["expertise"] == "I make slow reports fast"
    assert api.get("/api/peec").json()["statements"] == []
    assert api.delete(f"/api/peec/{sid}").status_code == 404
    assert api.patch("/api/peec/77", json={"expertise": "x"}).status_code == 404


def test_openapi_lists_the_rest_verbs(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert {"get", "patch", "delete"} <= set(paths["/api/peec/{statement_id}"])


def test_the_page_corrects_a_statement(web):
    page = web.get("/peec")
    web.post("/peec", data={"csrf_token": csrf_from(page.text), "event": "PyData", **PARTS})
    page = web.get("/peec")
    assert 'href="/peec/1/edit"' in page.text and 'href="/peec/1/delete"' in page.text
    form = web.get("/peec/1/edit")
    assert form.status_code == 200 and 'value="I make slow pipelines fast"' in form.text
    done = web.post(
        "/peec/1/edit",
        data={
            "csrf_token": csrf_from(form.text),
            "event": "PyData Berlin",
            **PARTS,
            "expertise": "I teach SQL",
        },
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Statement corrected." in done.text and "I teach SQL" in done.text
    assert web.get("/api/peec/1").json()["event"] == "PyData Berlin"
    refused = web.post("/peec/1/edit", data={"csrf_token": csrf_from(form.text), **PARTS, "expertise": ""})
    assert refused.status_code == 400 and "Expertise cannot be empty" in refused.text
    assert web.get("/api/peec/1").json()["expertise"] == "I teach SQL"


def test_the_page_deletes_a_statement_after_a_confirmation(web):
    page = web.get("/peec")
    web.post("/peec", data={"csrf_token": csrf_from(page.text), **PARTS})
    confirm = web.get("/peec/1/delete")
    assert confirm.status_code == 200 and "Delete PEEC statement #1?" in confirm.text
    assert len(web.get("/api/peec").json()["statements"]) == 1
    done = web.post("/peec/1/delete", data={"csrf_token": csrf_from(confirm.text)}, follow_redirects=True)
    assert done.status_code == 200 and "Statement deleted." in done.text
    assert web.get("/api/peec").json()["statements"] == []
    assert web.get("/peec/1/delete").status_code == 404
