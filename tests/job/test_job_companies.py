# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Which company a target is about: resolved as reach resolves one (the organisation's name as stored,
an exact or only match), candidates when several could be meant, and a company where no one in kith
works yet added all the same, said so, with the closest name kith knows."""

from __future__ import annotations

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


def test_a_company_where_nobody_works_yet_is_added_and_said_so_with_the_closest_name(companies):
    said = companies("job", "target", "add", "Acne").stdout.splitlines()
    assert said == [
        "Targeting Acne. Who can introduce you: kith reach --company Acne",
        "No one in kith works at Acne yet; did you mean Acme?",
    ]
    said = companies("job", "target", "add", "Hooli").stdout.splitlines()
    assert said[1] == "No one in kith works at Hooli yet"
    assert companies_targeted(companies) == ["Acne", "Hooli"]


def test_the_api_and_the_page_resolve_the_company_the_same_way(api, web, companies):
    added = api.post("/api/job/targets", json={"company": "acme"})
    assert added.status_code == 201 and (added.json()["company"], added.json()["notice"]) == ("Acme", None)
    refused = api.post("/api/job/targets", json={"company": "Globex"})
    assert refused.status_code == 409
    assert refused.json()["candidates"] == ["Globex Labs", "Globex Research"]
    unknown = api.post("/api/job/targets", json={"company": "Acne"}).json()
    assert unknown["notice"] == "no one in kith works at Acne yet; did you mean Acme?"
    page = web.get("/job")
    done = web.post("/job/targets", data={"csrf_token": csrf_from(page.text), "company": "Hooli"})
    assert "Target added. No one in kith works at Hooli yet." in done.text
    assert companies_targeted(companies) == ["Acme", "Acne", "Hooli"]
