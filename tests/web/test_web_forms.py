# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""A refused form's error (kith.web.forms.FormError): the suggestions replace the field that held what
was refused, and the reason is said once, without the list the buttons already show."""

from __future__ import annotations

from web_client import api  # noqa: F401  (fixture)

from kith.errors import AmbiguousCompany, AmbiguousPerson, BadInput, UnknownPerson
from kith.web.forms import FormError, typed_values


def test_each_suggestion_is_the_same_form_with_it_in_the_refused_field():
    values = {"via": "Tom Li", "when": "2026-06-01", "kind": "referral"}
    error = FormError.of(
        "step", UnknownPerson("Tom Li", ["Tom Lee (Acme, #2)"], ids=[2]), values, "/job/steps"
    )
    assert error.retries == [
        {"label": "Tom Lee (Acme, #2)", "fields": {"via": "#2", "when": "2026-06-01", "kind": "referral"}}
    ]
    assert error.message == "nobody called 'Tom Li'"  # the closest are the buttons
    assert error.values == values and error.action == "/job/steps" and error.method == "post"


def test_the_reason_is_said_whole_when_nothing_can_be_offered():
    nobody = FormError.of("ask", UnknownPerson("Zed"), {"via": "Zed"}, "/intros")
    assert nobody.retries == [] and nobody.message == "nobody called 'Zed'"
    empty = FormError.of("target", BadInput("say which company to target"), {"company": " "}, "/job/targets")
    assert empty.retries == [] and empty.message == "say which company to target"


def test_many_candidates_are_counted_and_the_closest_offered():
    many = AmbiguousPerson("Ruth", ["Ruth A (#1)", "Ruth B (#2)"], more=5, ids=[1, 2])
    error = FormError.of("tie", many, {"second": "Ruth", "how": ""}, "/ties")
    assert (
        error.message
        == "'Ruth' could be 7 people: the closest 2 are offered, or say which with an email or #id"
    )
    assert [r["fields"]["second"] for r in error.retries] == ["#1", "#2"]
    company = FormError.of(
        "target",
        AmbiguousCompany("globex", ["Globex Labs", "Globex Research"]),
        {"company": "globex"},
        "/job/targets",
    )
    assert company.message == "'globex' could be 2 companies"
    assert [r["fields"]["company"] for r in company.retries] == ["Globex Labs", "Globex Research"]


def test_the_fields_are_kept_as_text():
    assert typed_values(
        {"request": object(), "session": object(), "first_id": 3, "knows": False, "how": None}
    ) == {
        "first_id": "3",
        "knows": "false",
        "how": "",
    }


def test_the_api_answers_a_name_it_cannot_place_with_its_suggestions(kith, api):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Initech")
    kith("add", "Tom Lee", "--company", "Acme")
    refused = api.post("/api/intros", json={"via": "Jane Doe", "target": "Tom Li"})
    assert refused.status_code == 404
    body = refused.json()
    assert body["detail"].startswith("nobody called 'Tom Li'")
    tom = kith("show", "Tom Lee", "--json").json()["person"]["id"]
    assert {"value": f"#{tom}", "label": f"Tom Lee (Acme, #{tom})"} in body["suggestions"]
    schema = api.get("/openapi.json").json()["components"]["schemas"]["Error"]
    assert "suggestions" in schema["properties"]
