# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Schools a person went to (kith.people.education): kith edit --school and --remove-school, the edit
form and PATCH /api/people/{id}; saying a school again corrects it; undo takes it back."""

from __future__ import annotations

from conftest import assert_user_error
from web_client import api, csrf_from, jane, web  # noqa: F401  (fixtures)


def schools(kith, name="Jane Doe"):
    return kith("show", name, "--json").json()["person"]["education"]


def test_a_school_with_its_degree_and_years(jane, kith):
    said = kith("edit", "Jane Doe", "--school", "MIT", "--degree", "BSc Physics", "--school-from", "2008")
    assert said.stdout.strip().startswith("Updated Jane Doe (#")
    kith("edit", "Jane Doe", "--school", "mit", "--school-to", "2012")  # the same school: corrected
    assert schools(kith) == [
        {
            "school": "MIT",
            "degree": "BSc Physics",
            "from": 2008,
            "to": 2012,
            "years": "2008–2012",
            "source": "manual",
        }
    ]
    kith("edit", "Jane Doe", "--school", "Imperial College", "--school-from", "2013", "--school-to", "2013")
    assert [(s["school"], s["years"]) for s in schools(kith)] == [
        ("MIT", "2008–2012"),
        ("Imperial College", "in 2013"),
    ]
    kith("edit", "Jane Doe", "--remove-school", "imperial college")
    assert [s["school"] for s in schools(kith)] == ["MIT"]


def test_undo_takes_a_school_back(jane, kith):
    kith("edit", "Jane Doe", "--school", "MIT")
    assert kith("undo").stdout.strip() == "Undid: add school MIT to Jane Doe"
    assert schools(kith) == []
    kith("edit", "Jane Doe", "--school", "MIT")
    kith("edit", "Jane Doe", "--remove-school", "mit")
    assert kith("undo").stdout.strip() == "Undid: remove school mit from Jane Doe"
    kith("edit", "Jane Doe", "--school", "A Uni", "--company", "Acme")  # more than a school: an edit
    assert kith("undo").stdout.strip() == "Undid: edit Jane Doe"


def test_bad_schools_are_one_line_errors(jane, kith):
    assert_user_error(kith("edit", "Jane Doe", "--remove-school", "MIT", expect=2), "has no school 'MIT'")
    assert_user_error(kith("edit", "Jane Doe", "--degree", "BSc", expect=2), "--school")
    assert_user_error(kith("edit", "Jane Doe", "--school", "MIT", "--school-from", "20", expect=2), "a year")
    assert_user_error(
        kith("edit", "Jane Doe", "--school", "MIT", "--school-from", "2012", "--school-to", "2008", expect=2),
        "the first year comes after the last",
    )
    assert schools(kith) == []


def test_several_schools_in_one_edit_are_refused_and_several_removed(jane, kith):
    refused = kith("edit", "Jane Doe", "--school", "A Uni", "--school", "B Uni", expect=2)
    assert_user_error(refused, "give one --school per edit (got 2: A Uni, B Uni)")
    assert schools(kith) == []  # nothing half-kept
    kith("edit", "Jane Doe", "--school", "A Uni")
    kith("edit", "Jane Doe", "--school", "B Uni")
    kith("edit", "Jane Doe", "--school", "C Uni")
    kith("edit", "Jane Doe", "--remove-school", "A Uni", "--remove-school", "C Uni")
    assert [s["school"] for s in schools(kith)] == ["B Uni"]


def test_the_edit_form_adds_and_removes_a_school(jane, kith, web):
    page = web.get(f"/people/{jane}")
    for field in ('name="school"', 'name="degree"', 'name="school_from"', 'name="school_to"'):
        assert field in page.text, field
    shown = {"csrf_token": csrf_from(page.text), "name": "Jane Doe", "company": "Acme", "title": ""}
    done = web.post(
        f"/people/{jane}/edit",
        data={**shown, "school": "ETH Zürich", "degree": "MSc", "school_from": "2010", "school_to": "2012"},
    )
    assert done.status_code == 200 and "Saved." in done.text
    assert [(s["school"], s["degree"], s["years"]) for s in schools(kith)] == [
        ("ETH Zürich", "MSc", "2010–2012")
    ]
    page = web.get(f"/people/{jane}")
    assert '<input type="checkbox" name="remove_school" value="ETH Zürich">' in page.text
    bad = web.post(f"/people/{jane}/edit", data={**shown, "school": "MIT", "school_from": "soon"})
    assert bad.status_code == 400 and "From is a year" in bad.text
    web.post(f"/people/{jane}/edit", data={**shown, "remove_school": ["ETH Zürich"]})
    assert schools(kith) == []


def test_the_api_patch_sets_a_school(jane, kith, api):
    answer = api.patch(f"/api/people/{jane}", json={"school": "MIT", "school_from": 2008, "school_to": 2012})
    assert answer.status_code == 200
    assert answer.json()["person"]["education"][0]["years"] == "2008–2012"
    assert api.patch(f"/api/people/{jane}", json={"remove_schools": ["Nowhere"]}).status_code == 404
    assert answer.json() == kith("show", "Jane Doe", "--json").json()


def test_your_own_page_adds_and_removes_your_schools(jane, kith, web):
    me = kith("show", "me", "--json").json()["person"]["id"]
    page = web.get(f"/people/{me}").text
    assert "<h2>Your schools</h2>" in page and "<h2>Edit</h2>" not in page
    token = csrf_from(page)
    added = web.post(
        f"/people/{me}/schools",
        data={"csrf_token": token, "school": "MIT", "school_from": "2004", "school_to": "2008"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    web.post(f"/people/{me}/schools", data={"csrf_token": token, "school": "Imperial College"})
    assert [(s["school"], s["years"]) for s in schools(kith, "me")] == [
        ("MIT", "2004–2008"),
        ("Imperial College", ""),
    ]
    assert kith("undo").stdout.strip() == "Undid: add school Imperial College to Ada Lovelace"
    web.post(f"/people/{me}/schools", data={"csrf_token": token, "remove_school": "MIT"})
    assert schools(kith, "me") == []
    refused = web.post(f"/people/{me}/schools", data={"csrf_token": token})
    assert refused.status_code == 400 and "name a school to add, or tick one to remove" in refused.text
