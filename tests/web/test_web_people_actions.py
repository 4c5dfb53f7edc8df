# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""What the CLI does to people, done from the web and the API: adding, liking, editing every field,
merging (also from the duplicates kith proposes) and forgetting, each asking first on a page."""

from __future__ import annotations

from conftest import import_person
from web_client import api, csrf_from, jane, web  # noqa: F401


def _person(client, person_id: int) -> dict:
    return client.get(f"/api/people/{person_id}").json()["person"]


def _names(client) -> list[str]:
    return [p["name"] for p in client.get("/api/people").json()["people"]]


def _propose_a_duplicate_of_jane() -> None:
    """An import brings another Jane Doe at Acme: proposed as a duplicate, never merged."""
    import_person("Jane Doe", linkedin="https://www.linkedin.com/in/jane-doe", company="Acme")


# ------------------------------------------------------------------------------------------- adding


def test_the_people_page_adds_a_person(web, jane):
    page = web.get("/people")
    assert 'action="/people"' in page.text
    token = csrf_from(page.text)
    added = web.post(
        "/people",
        data={
            "csrf_token": token,
            "name": "Kim Park",
            "email": "kim@example.com",
            "phone": "+44 20 7946 0001",
            "company": "Globex",
            "title": "Designer",
            "tags": "design, climate",
        },
        follow_redirects=True,
    )
    assert added.status_code == 200 and "Added." in added.text and "<h1>Kim Park" in added.text
    kim = web.get("/api/people", params={"q": "kim"}).json()["people"][0]
    assert (kim["emails"], kim["phone"], kim["company"], kim["title"], kim["tags"]) == (
        ["kim@example.com"],
        "+442079460001",
        "Globex",
        "Designer",
        ["climate", "design"],
    )
    again = web.post("/people", data={"csrf_token": token, "name": "kim park"})
    assert again.status_code == 409 and "already exists" in again.text
    web.post("/people", data={"csrf_token": token, "name": "Kim Park", "allow_duplicate": "on"})
    assert _names(web).count("Kim Park") == 2


def test_the_api_adds_a_namesake_only_when_allowed(api, jane):
    assert api.post("/api/people", json={"name": "Jane Doe"}).status_code == 409
    allowed = api.post("/api/people", params={"allow_duplicate": "true"}, json={"name": "Jane Doe"})
    assert allowed.status_code == 201 and _names(api).count("Jane Doe") == 2


# ------------------------------------------------------------------------------------------- liking


def test_the_api_likes_unlikes_and_clears(api, jane):
    liked = api.put(f"/api/people/{jane}/like", json={"liked": True})
    assert liked.status_code == 200 and liked.json()["person"]["liked"] is True
    assert api.put(f"/api/people/{jane}/like", json={"liked": False}).json()["person"]["liked"] is False
    cleared = api.delete(f"/api/people/{jane}/like")
    assert cleared.status_code == 200 and _person(api, jane)["liked"] is None
    assert api.put(f"/api/people/{jane}/like", json={}).status_code == 422
    assert api.put("/api/people/999/like", json={"liked": True}).status_code == 404
    paths = api.get("/openapi.json").json()["paths"]
    assert {"put", "delete"} <= set(paths["/api/people/{person_id}/like"])


def test_the_person_page_likes_and_unsays(web, jane):
    page = web.get(f"/people/{jane}")
    assert 'name="liked" value="like"' in page.text and 'value="unsaid">Unsay' not in page.text
    token = csrf_from(page.text)
    liked = web.post(
        f"/people/{jane}/like", data={"csrf_token": token, "liked": "like"}, follow_redirects=True
    )
    assert (
        "you like spending time with them" in liked.text
        and 'value="unsaid" class="secondary">Unsay' in liked.text
    )
    assert _person(web, jane)["liked"] is True
    web.post(f"/people/{jane}/like", data={"csrf_token": token, "liked": "dislike"})
    assert _person(web, jane)["liked"] is False
    web.post(f"/people/{jane}/like", data={"csrf_token": token, "liked": "unsaid"})
    assert _person(web, jane)["liked"] is None
    assert web.post(f"/people/{jane}/like", data={"csrf_token": token, "liked": "maybe"}).status_code == 400


# ------------------------------------------------------------------------------------------- editing


def test_the_edit_form_sets_phone_closeness_liking_cadence_and_removes_an_email(web, jane, kith):
    kith("edit", "Jane Doe", "--email", "jd@home.example", "--cadence", "30")
    page = web.get(f"/people/{jane}")
    for field in (
        'name="phone"',
        'name="closeness"',
        'name="liked"',
        'name="remove_email"',
        'name="cadence_days"',
    ):
        assert field in page.text, field
    token = csrf_from(page.text)
    shown = {"csrf_token": token, "name": "Jane Doe", "company": "Acme", "title": "", "cadence_days": "30"}
    web.post(
        f"/people/{jane}/edit",
        data={
            **shown,
            "phone": "+44 20 7946 0000",
            "closeness": "0.8",
            "liked": "like",
            "remove_email": ["jd@home.example"],
            "birthday": "1985-06-19",
        },
    )
    person = _person(web, jane)
    assert (person["phone"], person["closeness"], person["liked"], person["emails"]) == (
        "+442079460000",
        0.8,
        True,
        ["jane@acme.example"],
    )
    assert person["birthday"]["date"] == "1985-06-19"
    # the form sent again as shown changes nothing; an emptied cadence goes back to the circle's
    page = web.get(f"/people/{jane}")
    assert 'value="0.8"' in page.text and 'value="like" selected' in page.text
    web.post(
        f"/people/{jane}/edit",
        data={**shown, "closeness": "0.8", "liked": "like", "birthday": "1985-06-19", "cadence_days": ""},
    )
    after = web.get(f"/api/people/{jane}").json()["person"]
    assert (after["closeness"], after["liked"], after["birthday"]["date"], after["cadence_days"]) == (
        0.8,
        True,
        "1985-06-19",
        None,
    )
    bad = web.post(f"/people/{jane}/edit", data={**shown, "closeness": "1.5"})
    assert bad.status_code == 400 and "closeness must be between 0 and 1" in bad.text
    assert web.post(f"/people/{jane}/edit", data={**shown, "closeness": "lots"}).status_code == 400


def test_emptying_the_closeness_field_takes_the_mark_back(web, jane, kith):
    kith("edit", "Jane Doe", "--closeness", "0.8")
    page = web.get(f"/people/{jane}")
    assert 'value="0.8"' in page.text
    shown = {"csrf_token": csrf_from(page.text), "name": "Jane Doe", "company": "Acme", "title": ""}
    web.post(f"/people/{jane}/edit", data={**shown, "closeness": ""})
    assert _person(web, jane)["closeness"] is None  # it stayed 0.8, and the page said "Saved."


def test_patch_takes_every_field_kith_edit_takes(api, jane):
    api.patch(f"/api/people/{jane}", json={"emails": ["jd@home.example"]})
    changed = api.patch(
        f"/api/people/{jane}",
        json={
            "phone": "+44 20 7946 0000",
            "closeness": 0.3,
            "cadence_days": 45,
            "note": "likes jazz",
            "remove_emails": ["jane@acme.example"],
            "untags": ["python"],
        },
    )
    assert changed.status_code == 200
    person = changed.json()["person"]
    assert (person["phone"], person["closeness"], person["cadence_days"]) == ("+442079460000", 0.3, 45)
    assert [n["text"] for n in person["notes"]] == ["likes jazz"]
    assert (person["emails"], person["tags"]) == (["jd@home.example"], [])
    # a second note is added, newest first; the first stays
    again = api.patch(f"/api/people/{jane}", json={"note": "moving to Berlin"}).json()["person"]
    assert [n["text"] for n in again["notes"]] == ["moving to Berlin", "likes jazz"]
    empty = api.patch(f"/api/people/{jane}", json={"note": ""})
    assert empty.status_code == 400 and "a note cannot be empty" in empty.json()["detail"]
    missing = api.patch(f"/api/people/{jane}", json={"remove_emails": ["nobody@x.example"]})
    assert missing.status_code == 404 and "has no email" in missing.json()["detail"]


# ------------------------------------------------------------------------------------------- forgetting


def test_the_api_forgets_a_person(api, jane):
    forgotten = api.delete(f"/api/people/{jane}")
    assert forgotten.status_code == 200
    assert forgotten.json() == {
        "id": jane,
        "name": "Jane Doe",
        "removed": {"interactions": 1, "favours": 0, "commitments": 0},
    }
    assert _names(api) == ["Sam Lee"]
    assert api.delete(f"/api/people/{jane}").status_code == 404
    paths = api.get("/openapi.json").json()["paths"]
    assert "delete" in paths["/api/people/{person_id}"]


def test_the_person_page_forgets_after_a_confirmation(web, jane):
    page = web.get(f"/people/{jane}")
    assert f'href="/people/{jane}/forget"' in page.text
    confirm = web.get(f"/people/{jane}/forget")
    assert confirm.status_code == 200 and "Forget Jane Doe (Acme, jane@acme.example" in confirm.text
    assert "Jane Doe" in _names(web)  # asking forgot nobody
    done = web.post(
        f"/people/{jane}/forget", data={"csrf_token": csrf_from(confirm.text)}, follow_redirects=True
    )
    assert done.status_code == 200 and "Forgot Jane Doe." in done.text
    assert _names(web) == ["Sam Lee"]


def test_forgetting_without_the_token_is_refused(web, jane):
    assert web.post(f"/people/{jane}/forget").status_code == 403
    assert "Jane Doe" in _names(web)


# ------------------------------------------------------------------------------------------- merging


def test_the_api_merges_the_other_into_this_person(api, jane, kith):
    kith("add", "J. Doe", "--email", "jd@home.example", "--tag", "climate")
    other = api.get("/api/people", params={"q": "home"}).json()["people"][0]["id"]
    merged = api.post(f"/api/people/{jane}/merge", json={"other_id": other})
    assert merged.status_code == 200
    person = merged.json()["person"]
    assert (person["id"], person["name"]) == (jane, "Jane Doe")
    assert person["emails"] == ["jane@acme.example", "jd@home.example"] and "climate" in person["tags"]
    assert api.get(f"/api/people/{other}").status_code == 404
    itself = api.post(f"/api/people/{jane}/merge", json={"other_id": jane})
    assert itself.status_code == 400 and "themselves" in itself.json()["detail"]
    assert api.post(f"/api/people/{jane}/merge", json={"other_id": 999}).status_code == 404


def test_the_person_page_merges_into_someone_chosen_after_a_confirmation(web, jane, kith):
    kith("add", "J. Doe", "--email", "jd@home.example")
    other = web.get("/api/people", params={"q": "home"}).json()["people"][0]["id"]
    assert f'href="/people/{other}/merge"' in web.get(f"/people/{other}").text
    choose = web.get(f"/people/{other}/merge")
    assert choose.status_code == 200 and 'name="into"' in choose.text
    confirm = web.get(f"/people/{other}/merge", params={"into": "jane@acme.example"})
    assert confirm.status_code == 200
    assert "Merge J. Doe (jd@home.example" in confirm.text and "into Jane Doe (Acme" in confirm.text
    assert f'href="/people/{jane}/merge?into=%23{other}"' in confirm.text  # the other way round
    assert len(_names(web)) == 3  # asking merged nothing
    done = web.post(
        f"/people/{other}/merge",
        data={"csrf_token": csrf_from(confirm.text), "into": str(jane)},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Merged:" in done.text and "<h1>Jane Doe" in done.text
    assert _person(web, jane)["emails"] == ["jane@acme.example", "jd@home.example"]
    assert _names(web) == ["Jane Doe", "Sam Lee"]
    assert web.get(f"/people/{jane}/merge", params={"into": f"#{jane}"}).status_code == 400


def test_duplicates_are_listed_merged_or_dismissed_on_their_page(web, jane, kith):
    _propose_a_duplicate_of_jane()
    cli = kith("duplicates", "--json").json()
    assert web.get("/api/duplicates").json() == cli  # one read model
    (proposal,) = cli
    assert "1 possible duplicate to review" in web.get("/people").text
    page = web.get("/duplicates")
    assert page.status_code == 200 and proposal["reason"] in page.text
    a, b = proposal["a"]["id"], proposal["b"]["id"]
    assert f'href="/people/{b}/merge?into=%23{a}"' in page.text
    confirm = web.get(f"/people/{b}/merge", params={"into": f"#{a}"})
    # two people of one name are told apart by their numbers, never "Merge Jane Doe into Jane Doe"
    assert f"<h1>Merge Jane Doe (#{b}) into Jane Doe (#{a})</h1>" in confirm.text
    assert f">Merge into Jane Doe (#{a})</button>" in confirm.text
    merged = web.post(
        f"/people/{b}/merge",
        data={"csrf_token": csrf_from(confirm.text), "into": str(a)},
        follow_redirects=True,
    )
    assert f"Undo merge Jane Doe (#{b}) into Jane Doe (#{a})" in merged.text
    assert web.get("/api/duplicates").json() == []
    assert _person(web, a)["linkedin"] == "https://www.linkedin.com/in/jane-doe"
    assert web.get(f"/api/people/{b}").status_code == 404


def test_a_proposal_is_dismissed_from_the_page_and_the_api(web, api, jane, kith):
    _propose_a_duplicate_of_jane()
    (proposal,) = web.get("/api/duplicates").json()
    page = web.get("/duplicates")
    done = web.post(
        f"/duplicates/{proposal['id']}/dismiss",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Dismissed: they stay two people." in done.text
    assert web.get("/api/duplicates").json() == []
    assert web.get("/api/duplicates", params={"all": "true"}).json()[0]["dismissed"] is True
    dismissed = api.post(f"/api/duplicates/{proposal['id']}/dismiss")
    assert dismissed.status_code == 200 and dismissed.json()["dismissed"] is True
    assert api.post("/api/duplicates/99/dismiss").status_code == 404


def test_the_edit_form_adds_a_profile_removes_a_tag_and_sets_the_introducer(web, jane, kith):
    page = web.get(f"/people/{jane}")
    for field in ('name="linkedin"', 'name="untag" value="python"', 'name="met_via"'):
        assert field in page.text, field
    shown = {"csrf_token": csrf_from(page.text), "name": "Jane Doe", "company": "Acme"}
    web.post(
        f"/people/{jane}/edit",
        data={
            **shown,
            "linkedin": "https://www.linkedin.com/in/jane-doe/",
            "untag": ["python"],
            "met_via": "Sam Lee",
        },
    )
    person = _person(web, jane)
    assert (person["linkedin"], person["tags"], person["met_via"]["name"]) == (
        "https://www.linkedin.com/in/jane-doe",
        [],
        "Sam Lee",
    )
    # sent again as shown: the introducer stays, nothing is added twice
    web.post(f"/people/{jane}/edit", data={**shown, "met_via": "Sam Lee"})
    assert _person(web, jane)["met_via"]["name"] == "Sam Lee"
    unknown = web.post(f"/people/{jane}/edit", data={**shown, "met_via": "Nobody Known"})
    assert unknown.status_code == 404
