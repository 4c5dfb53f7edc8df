# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Notes and birthdays on the web: the person page shows them, its forms add, correct and delete notes
and set or clear the dates; the API lists, adds, corrects and deletes notes and takes the dates in a
PATCH; the CLI and the API give the same notes."""

from __future__ import annotations

import re

from web_client import api, csrf_from, jane, web  # noqa: F401


def _follow(web, page_path, link):
    found = re.search(link, web.get(page_path).text)
    assert found, f"no link {link} on {page_path}"
    return web.get(found.group(1).replace("&amp;", "&"))


def test_the_cli_and_the_api_list_the_same_notes(api, kith, jane):
    kith("note", "Jane Doe", "moving to Berlin", "--when", "2026-06-01")
    kith("note", "Jane Doe", "asked for a designer")
    listed = kith("notes", "Jane Doe", "--json").json()
    assert [n["text"] for n in listed] == ["asked for a designer", "moving to Berlin"]
    assert api.get(f"/api/people/{jane}/notes").json() == listed
    assert api.get(f"/api/people/{jane}").json()["person"]["notes"] == listed
    assert api.get("/api/notes/1").json() == listed[1]


def test_the_api_adds_corrects_and_deletes_a_note(api, jane):
    added = api.post(f"/api/people/{jane}/notes", json={"text": "likes jazz", "when": "2026-06-10"})
    assert added.status_code == 201
    note = added.json()
    assert (note["text"], note["when"], note["person"]) == (
        "likes jazz",
        "2026-06-10T12:00:00+00:00",
        "Jane Doe",
    )
    changed = api.patch(f"/api/notes/{note['id']}", json={"text": "likes jazz and blues"}).json()
    assert (changed["text"], changed["when"]) == ("likes jazz and blues", "2026-06-10T12:00:00+00:00")
    assert api.delete(f"/api/notes/{note['id']}").json()["text"] == "likes jazz and blues"
    assert api.get(f"/api/people/{jane}/notes").json() == []
    assert api.get(f"/api/notes/{note['id']}").status_code == 404
    empty = api.post(f"/api/people/{jane}/notes", json={"text": " "})
    assert empty.status_code == 400 and "a note cannot be empty" in empty.json()["detail"]
    future = api.post(f"/api/people/{jane}/notes", json={"text": "x", "when": "2026-07-01"})
    assert future.status_code == 400 and "in the future" in future.json()["detail"]
    assert api.get("/api/people/999/notes").status_code == 404
    assert api.patch("/api/notes/1", json={"txt": "typo"}).status_code == 422


def test_patch_sets_and_clears_a_birthday_and_an_anniversary(api, jane):
    person = api.patch(f"/api/people/{jane}", json={"birthday": "1985-06-19", "anniversary": "09-01"})
    record = person.json()["person"]
    assert (record["birthday"]["date"], record["birthday"]["years"]) == ("1985-06-19", 41)
    assert record["anniversary"]["date"] == "--09-01"
    cleared = api.patch(f"/api/people/{jane}", json={"birthday": ""}).json()["person"]
    assert cleared["birthday"] is None and cleared["anniversary"]["date"] == "--09-01"
    bad = api.patch(f"/api/people/{jane}", json={"birthday": "1985-02-29"})
    assert bad.status_code == 400 and "1985 has no 29 February" in bad.json()["detail"]


def test_the_person_page_shows_notes_and_dates_and_adds_a_note(web, kith, jane):
    kith(
        "edit",
        "Jane Doe",
        "--birthday",
        "1985-06-19",
        "--note",
        "first <b>met</b> at PyCon\nask about Berlin",
    )
    page = web.get(f"/people/{jane}")
    assert "<dt>Birthday</dt><dd>19 June 1985; next on Friday (19 June), 41 years</dd>" in page.text
    assert "first &lt;b&gt;met&lt;/b&gt; at PyCon\nask about Berlin" in page.text  # text, never markup
    assert 'aria-label="edit note #1"' in page.text and 'aria-label="delete note #1"' in page.text
    assert f'action="/people/{jane}/notes"' in page.text
    response = web.post(
        f"/people/{jane}/notes",
        data={
            "csrf_token": csrf_from(page.text),
            "text": "wants an intro to a designer",
            "when": "yesterday",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Saved." in response.text
    notes = web.get(f"/api/people/{jane}/notes").json()
    assert [(n["text"], n["when"][:10]) for n in notes] == [
        ("first <b>met</b> at PyCon\nask about Berlin", "2026-06-15"),
        ("wants an intro to a designer", "2026-06-14"),
    ]
    assert "Undo add a note on Jane Doe</button>" in response.text


def test_a_note_is_corrected_and_deleted_from_the_person_page(web, kith, jane):
    kith("note", "Jane Doe", "moving to Berlin in May", "--when", "2026-06-01")
    form = _follow(web, f"/people/{jane}", r'href="(/notes/1/edit\?back=/people/\d+)"')
    assert "moving to Berlin in May</textarea>" in form.text and 'value="2026-06-01 12:00Z"' in form.text
    token = csrf_from(form.text)
    fields = {"csrf_token": token, "back": f"/people/{jane}", "shown_when": "2026-06-01 12:00Z"}
    saved = web.post(
        "/notes/1/edit",
        data={**fields, "text": "moving to Berlin in June", "when": "2026-06-01 12:00Z"},
        follow_redirects=True,
    )
    assert "Saved." in saved.text and "moving to Berlin in June" in saved.text
    assert web.get("/api/notes/1").json()["when"] == "2026-06-01T12:00:00+00:00"  # the date left as shown
    bad = web.post("/notes/1/edit", data={**fields, "text": "", "when": "2026-06-01 12:00Z"})
    assert bad.status_code == 400 and "a note cannot be empty" in bad.text
    assert web.get("/api/notes/1").json()["text"] == "moving to Berlin in June"
    confirm = _follow(web, f"/people/{jane}", r'href="(/notes/1/delete\?back=/people/\d+)"')
    assert "Your note on Jane Doe of 2026-06-01: moving to Berlin in June" in confirm.text
    web.post("/notes/1/delete", data={"csrf_token": csrf_from(confirm.text), "back": f"/people/{jane}"})
    assert web.get(f"/api/people/{jane}/notes").json() == []
    assert "No notes yet." in web.get(f"/people/{jane}").text


def test_the_edit_form_sets_and_clears_the_dates(web, jane):
    page = web.get(f"/people/{jane}")
    assert 'name="birthday"' in page.text and 'name="anniversary"' in page.text
    assert '<textarea name="note"' not in page.text  # notes are added one by one, never replaced
    shown = {"csrf_token": csrf_from(page.text), "name": "Jane Doe", "company": "Acme", "title": ""}
    web.post(f"/people/{jane}/edit", data={**shown, "birthday": "06-19", "anniversary": "2010-09-01"})
    page = web.get(f"/people/{jane}")
    assert 'name="birthday" value="--06-19"' in page.text
    assert "<dt>Anniversary</dt><dd>1 September 2010;" in page.text
    web.post(f"/people/{jane}/edit", data={**shown, "birthday": "--06-19", "anniversary": ""})
    record = web.get(f"/api/people/{jane}").json()["person"]
    assert record["birthday"]["date"] == "--06-19" and record["anniversary"] is None
    bad = web.post(f"/people/{jane}/edit", data={**shown, "birthday": "sometime in June"})
    assert bad.status_code == 400 and "is not a date" in bad.text


def test_the_brief_page_shows_the_birthday_and_latest_notes(web, kith, jane):
    kith("edit", "Jane Doe", "--birthday", "06-19", "--note", "ask about the Berlin office")
    page = web.get(f"/people/{jane}/brief").text
    assert "<dt>Birthday</dt><dd>19 June; next on Friday (19 June)</dd>" in page
    assert "ask about the Berlin office" in page
    assert "wish them a happy birthday: it is on Friday (19 June)" in page


def test_openapi_lists_the_notes_endpoints(web):
    paths = web.get("/openapi.json").json()["paths"]
    assert set(paths["/api/people/{person_id}/notes"]) == {"get", "post"}
    assert set(paths["/api/notes/{note_id}"]) == {"get", "patch", "delete"}
