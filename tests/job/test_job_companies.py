# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Which company a target is about: resolved as reach resolves one (the organisation's name as stored,
an exact or only match), candidates when several could be meant, a name close to a company kith knows
refused with it unless the user says it is another one, and a company where no one in kith works yet
added all the same, and said so."""

from __future__ import annotations

import html
import re

import pytest
from conftest import assert_user_error, run_cli
from web_client import api, csrf_from, web  # noqa: F401


@pytest.fixture
def companies(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Tom Lee", "--company", "Acme")
    kith("add", "Kim Park", "--company", "Globex Labs")
    kith("add", "Lu Chen", "--company", "Globex Research")
    return kith


def companies_targeted(kith) -> list[str]:
    return [t["company"] for t in kith("job", "--json").json()["targets"]]


def test_an_exact_or_only_match_is_the_organisation_s_name_as_stored(companies):
    said = companies("job", "target", "add", "ACME").stdout
    assert said.strip() == "Targeting Acme. Who can introduce you: kith reach --company Acme"
    companies("job", "target", "add", "labs")  # only Globex Labs holds it
    assert companies_targeted(companies) == ["Acme", "Globex Labs"]


def test_several_matches_are_listed_and_nothing_is_added(companies):
    assert_user_error(
        run_cli("job", "target", "add", "globex"), "'globex' could be Globex Labs, Globex Research; say which"
    )
    assert companies_targeted(companies) == []


def test_a_company_close_to_one_kith_knows_is_refused_with_it_unless_new(companies):
    for typed in ("Acne", "Acmee"):
        assert_user_error(
            run_cli("job", "target", "add", typed),
            f"no one in kith works at '{typed}'; did you mean Acme?",
            f"(to target '{typed}' anyway: --new)",
        )
    assert companies_targeted(companies) == []  # nothing added before the refusal
    said = companies("job", "target", "add", "Acne", "--new").stdout.splitlines()
    assert said[0] == "Targeting Acne. Who can introduce you: kith reach --company Acne"
    # a company nobody is at and nothing close to: targeted, and the board says nobody is there yet
    said = companies("job", "target", "add", "Hooli").stdout.splitlines()
    assert said[1] == "No one in kith works at Hooli yet"
    assert companies_targeted(companies) == ["Acne", "Hooli"]


def test_the_api_and_the_page_resolve_the_company_the_same_way(api, web, companies):
    added = api.post("/api/job/targets", json={"company": "acme"})
    assert added.status_code == 201 and (added.json()["company"], added.json()["notice"]) == ("Acme", None)
    refused = api.post("/api/job/targets", json={"company": "Globex"})
    assert refused.status_code == 409
    assert refused.json()["candidates"] == ["Globex Labs", "Globex Research"]
    close = api.post("/api/job/targets", json={"company": "Acne"})
    assert close.status_code == 409
    assert close.json()["detail"] == "no one in kith works at 'Acne'; did you mean Acme?"
    assert close.json()["suggestions"][0] == {"value": "Acme", "label": "Acme"}
    unknown = api.post("/api/job/targets", json={"company": "Acne", "new": True}).json()
    assert unknown["notice"] == "no one in kith works at Acne yet; did you mean Acme?"
    page = web.get("/job")
    done = web.post("/job/targets", data={"csrf_token": csrf_from(page.text), "company": "Hooli"})
    assert "Target added. No one in kith works at Hooli yet." in done.text
    assert companies_targeted(companies) == ["Acme", "Acne", "Hooli"]


def _typed(page: str, name: str) -> str:
    """The value a page's input ``name`` shows (the first one)."""
    found = re.search(rf'<input name="{name}"[^>]*value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else ""


def test_a_refused_target_is_said_beside_its_form_with_what_was_typed_and_a_button_per_company(
    web, companies
):
    page = web.get("/job").text
    refused = web.post(
        "/job/targets",
        data={"csrf_token": csrf_from(page), "company": "Globex", "role": "Data engineer"},
        follow_redirects=False,
    )
    # the board again, not an error page: the error above the form, the fields as typed
    assert refused.status_code == 422
    text = refused.text
    assert "<h1>Job search</h1>" in text and "Go back to correct it" not in text
    said = text.split('id="add-target"', 1)[1]
    assert said.index('class="error form-error"') < said.index('action="/job/targets"')
    assert "&#39;Globex&#39; could be 2 companies" in said and "Did you mean" in said
    assert _typed(said, "company") == "Globex" and _typed(said, "role") == "Data engineer"
    assert companies_targeted(companies) == []
    # each candidate is a button sending the same form with it in place of what was typed
    buttons = re.findall(r'<form class="inline" method="post" action="/job/targets">(.*?)</form>', said)
    chosen = [b for b in buttons if 'class="suggestion"' in b]
    assert [re.search(r">([^<]+)</button>", b).group(1) for b in chosen] == ["Globex Labs", "Globex Research"]
    assert 'name="role" value="Data engineer"' in chosen[0] and 'name="csrf_token"' in chosen[0]
    sent = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', chosen[1]))
    taken = web.post("/job/targets", data=sent, follow_redirects=False)
    assert taken.status_code == 303 and taken.headers["location"].startswith("/job?saved=target")
    assert companies_targeted(companies) == ["Globex Research"]


def test_an_empty_company_and_a_bad_step_are_refused_beside_their_forms(web, companies):
    companies("job", "target", "add", "Acme")
    token = csrf_from(web.get("/job").text)
    empty = web.post("/job/targets", data={"csrf_token": token, "company": "  "})
    assert empty.status_code == 422 and "say which company to target" in empty.text
    step = {"csrf_token": token, "company": "Acme", "kind": "referral", "via": "Tom Li", "when": "2026-06-01"}
    unknown = web.post("/job/steps", data=step)
    assert unknown.status_code == 422
    said = unknown.text.split('id="record-step"', 1)[1]
    assert "nobody called &#39;Tom Li&#39;" in said
    assert _typed(said, "via") == "Tom Li" and _typed(said, "when") == "2026-06-01"
    assert '<option value="referral" selected>' in said
    assert re.search(r'class="suggestion">Tom Lee \(Acme, #\d+\)</button>', said)
    late = web.post("/job/steps", data={**step, "via": "Tom Lee", "when": "next year"})
    assert (
        late.status_code == 422 and _typed(late.text.split('id="record-step"', 1)[1], "when") == "next year"
    )
    assert companies("job", "--json").json()["targets"][0]["referrals"] == []
    # the suggestion sends the step again, through Tom Lee
    button = re.search(
        r'<form class="inline" method="post" action="/job/steps">((?:(?!</form>).)*suggestion)', said
    )
    sent = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', button.group(1)))
    assert sent["via"].startswith("#") and sent["when"] == "2026-06-01" and sent["kind"] == "referral"
    assert web.post("/job/steps", data=sent, follow_redirects=False).status_code == 303
    (asked,) = companies("job", "--json").json()["targets"][0]["referrals"]
    assert asked["person"]["name"] == "Tom Lee"


def test_the_closest_company_is_offered_as_a_button_after_a_target_no_one_works_at(web, api, companies):
    assert api.post("/api/job/targets", json={"company": "Acne", "new": True}).json()["suggestions"] == [
        {"value": "Acme", "label": "Acme"}
    ]
    page = web.get("/job", params={"saved": "target", "added": "Acne"}).text
    assert 'name="company" value="Acme"><button type="submit" class="suggestion">Target Acme</button>' in page
    assert '<a href="/job/remove?company=Acne">Remove Acne…</a>' in page


def test_the_form_refuses_a_close_company_with_a_button_per_choice(web, companies):
    token = csrf_from(web.get("/job").text)
    refused = web.post("/job/targets", data={"csrf_token": token, "company": "Acne", "role": "CTO"})
    assert refused.status_code == 422
    said = refused.text.split('id="add-target"', 1)[1]
    assert "no one in kith works at &#39;Acne&#39;" in said
    assert companies_targeted(companies) == []
    buttons = re.findall(r'<form class="inline" method="post" action="/job/targets">(.*?)</form>', said)
    chosen = [b for b in buttons if 'class="suggestion"' in b]
    assert [re.search(r">([^<]+)</button>", b).group(1) for b in chosen] == ["Acme", "Acne (anyway)"]
    anyway = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', chosen[1]))
    assert anyway["new"] == "true" and anyway["role"] == "CTO"
    assert web.post("/job/targets", data=anyway, follow_redirects=False).status_code == 303
    assert companies_targeted(companies) == ["Acne"]
